//! Constructing a class through vectorcall: `Counter(1)` without the argument tuple.
//!
//! A call of a type object goes through `type.__call__`, which packs the arguments into a
//! tuple (and a dict), calls `tp_new`, then `tp_init`. CPython calls a type's `tp_vectorcall`
//! instead when it has one (never inherited by subclasses), as Cython's classes do: `#[new]`
//! generates a second wrapper taking the vectorcall frame, and a class whose `__init__` is
//! `object`'s (no `__init__` of its own, no native base's) gets it. Should Python code assign
//! `__init__` or `__new__` on the class later, the wrapper sees the changed slots and takes the
//! generic path.

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::python::Python;

/// The `nargs` of a vectorcall's `nargsf` (without `PY_VECTORCALL_ARGUMENTS_OFFSET`, the top
/// bit).
#[inline]
pub fn vectorcall_nargs(nargsf: usize) -> ffi::Py_ssize_t {
    (nargsf & (usize::MAX >> 1)) as ffi::Py_ssize_t
}

/// Whether the vectorcall constructor of `ty` may build the instance itself: `ty`'s `tp_new`
/// is still `new` (its `#[new]` wrapper) and its `tp_init` still `object`'s.
///
/// # Safety
/// `ty` is a live type object.
#[inline]
pub unsafe fn direct_new_allowed(ty: *mut ffi::PyTypeObject, new: ffi::newfunc) -> bool {
    #[cfg(not(Py_LIMITED_API))]
    // SAFETY: per the caller; `PyBaseObject_Type` is static.
    unsafe {
        let object_init = (*std::ptr::addr_of!(ffi::PyBaseObject_Type)).tp_init;
        let init_is_objects = match ((*ty).tp_init, object_init) {
            (Some(a), Some(b)) => std::ptr::fn_addr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        (*ty).tp_new.is_some_and(|f| std::ptr::fn_addr_eq(f, new)) && init_is_objects
    }
    #[cfg(Py_LIMITED_API)]
    {
        let _ = (ty, new);
        false
    }
}

/// `type.__call__(ty, *args, **kwargs)` for a vectorcall frame: the generic construction, when
/// [`direct_new_allowed`] says no.
///
/// # Safety
/// Attached; `ty` a type object and the frame as CPython passes a vectorcall.
pub unsafe fn new_through_type_call(
    py: Python<'_>,
    ty: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: usize,
    kwnames: *mut ffi::PyObject,
) -> PyResult<*mut ffi::PyObject> {
    let nargs = vectorcall_nargs(nargsf);
    // SAFETY: per the caller; the tuple and dict take new references to the frame's items.
    unsafe {
        let tuple = crate::types::PyTuple::new(
            py,
            (0..nargs as usize).map(|i| crate::instance::Borrowed::from_ptr(py, *args.add(i))),
        )?;
        let kwargs = crate::types::PyDict::new(py);
        if !kwnames.is_null() {
            let names = crate::instance::Borrowed::from_ptr(py, kwnames)
                .cast_unchecked::<crate::types::PyTuple>();
            for (i, name) in names.iter().enumerate() {
                let value = crate::instance::Borrowed::from_ptr(py, *args.add(nargs as usize + i));
                kwargs.set_item(name, value)?;
            }
        }
        // `type.__call__` itself: `PyObject_Call` would come back here through vectorcall.
        #[cfg(not(Py_LIMITED_API))]
        let obj = match (*ffi::Py_TYPE(ty)).tp_call {
            Some(call) => call(ty, tuple.as_ptr(), kwargs.as_ptr()),
            None => ffi::PyObject_Call(ty, tuple.as_ptr(), kwargs.as_ptr()),
        };
        // (Never installed with the stable ABI: no vectorcall to come back through.)
        #[cfg(Py_LIMITED_API)]
        let obj = ffi::PyObject_Call(ty, tuple.as_ptr(), kwargs.as_ptr());
        if obj.is_null() {
            Err(PyErr::fetch(py))
        } else {
            Ok(obj)
        }
    }
}

/// Give `ty` its vectorcall constructor, where the class allows it (see the module docs).
///
/// # Safety
/// `ty` is a class type object just created, `f` its `#[new]`'s vectorcall wrapper.
pub(crate) unsafe fn install(ty: *mut ffi::PyTypeObject, f: ffi::vectorcallfunc) {
    #[cfg(not(Py_LIMITED_API))]
    // SAFETY: per the caller: nothing has called the type yet.
    unsafe {
        (*ty).tp_vectorcall = Some(f);
    }
    #[cfg(Py_LIMITED_API)]
    let _ = (ty, f);
}
