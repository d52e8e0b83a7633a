//! The memory layout of a `#[pyclass]` instance: the Python object header, the borrow flag, the
//! optional fields the class asked for (owning thread, `__dict__`, weak-reference list; see
//! [`OptionalField`]) and the Rust value.

use std::cell::UnsafeCell;
use std::mem::ManuallyDrop;

use crate::class::borrow::BorrowFlag;
use crate::class::{OptionalField, PyClass};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;
use crate::type_object::PyTypeInfo;

/// A `#[pyclass]` instance as laid out in memory.
#[repr(C)]
pub struct PyClassObject<T: PyClass> {
    ob_base: T::BaseHeader,
    /// Whether the value is borrowed, shared or exclusively.
    pub(crate) borrow: BorrowFlag,
    /// For `unsendable` classes, the creating thread's token (no field otherwise).
    pub(crate) owner: T::ThreadField,
    /// The instance `__dict__` (classes with `dict`; NULL until first used).
    pub(crate) dict: T::DictField,
    /// The weak reference list (classes with `weakref`).
    pub(crate) weaklist: T::WeaklistField,
    pub(crate) contents: UnsafeCell<ManuallyDrop<T>>,
}

impl<T: PyClass> PyClassObject<T> {
    /// Write this class's own fields into a freshly allocated object: an unborrowed flag, the
    /// owning thread (for `unsendable`), empty dict and weak-list fields, and the value.
    ///
    /// # Safety
    /// `obj` is a freshly allocated instance of `T` (or a subtype) whose fields are unset.
    #[inline]
    unsafe fn write_own_part(obj: *mut ffi::PyObject, value: T) {
        // SAFETY: per the caller; each field is written once, without reading it.
        unsafe {
            let cell = obj.cast::<PyClassObject<T>>();
            std::ptr::addr_of_mut!((*cell).borrow).write(BorrowFlag::new());
            let owner = if T::UNSENDABLE {
                super::borrow::thread_token()
            } else {
                0
            };
            std::ptr::addr_of_mut!((*cell).owner).write(OptionalField::new(owner));
            std::ptr::addr_of_mut!((*cell).dict).write(OptionalField::new(std::ptr::null_mut()));
            std::ptr::addr_of_mut!((*cell).weaklist)
                .write(OptionalField::new(std::ptr::null_mut()));
            std::ptr::addr_of_mut!((*cell).contents)
                .write(UnsafeCell::new(ManuallyDrop::new(value)));
        }
    }

    /// Drop this class's part of `obj` (its dict and value), then its base classes' parts.
    ///
    /// # Safety
    /// `obj` is an instance of `T` being deallocated; called once.
    #[inline]
    pub unsafe fn drop_in_place(py: Python<'_>, obj: *mut ffi::PyObject) {
        // SAFETY: per the caller. An exception may be propagating while objects are freed:
        // it is set aside while the value is dropped (which may run Python code, warn or
        // panic), and anything raised meanwhile is reported as unraisable. A panic in `Drop`
        // must not unwind into CPython: it is caught and reported the same way.
        unsafe {
            // A value without drop glue, dict or owner check runs no code here: nothing to
            // guard (a constant condition, so such classes compile none of what follows).
            if const { !std::mem::needs_drop::<T>() && !T::HAS_DICT && !T::UNSENDABLE } {
                T::drop_base(obj);
                return;
            }
            let saved = crate::err::SavedException::take();
            let cell = obj.cast::<PyClassObject<T>>();
            if let Some(dict) = (*cell).dict.replace(std::ptr::null_mut()) {
                ffi::Py_XDECREF(dict);
            }
            if super::borrow::on_owner_thread(&*cell) {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    ManuallyDrop::drop(&mut *(*cell).contents.get());
                }));
                if let Err(payload) = result {
                    crate::exceptions::PanicException::from_panic_payload(payload).restore(py);
                }
            } else {
                // The value may not be touched on this thread, not even to drop it: leak it,
                // and say so (a warning turned into an error is reported as unraisable).
                ffi::PyErr_WarnEx(
                    ffi::PyExc_RuntimeWarning,
                    c"an unsendable #[pyclass] value was released on another thread and is leaked"
                        .as_ptr(),
                    1,
                );
            }
            saved.restore();
            T::drop_base(obj);
        }
    }

    /// Initialise this class's part of a new object of a subclass (for `extends = T`).
    ///
    /// # Safety
    /// `obj` is a freshly allocated, zeroed instance of a subtype of `T`.
    pub unsafe fn init_in_place(obj: *mut ffi::PyObject, value: T)
    where
        T: PyClass<BaseValue = ()>,
    {
        // SAFETY: per the caller.
        unsafe { Self::write_own_part(obj, value) }
    }

    /// Initialise this class's part and its bases' (for `extends = T` when `T` extends another
    /// `#[pyclass]`): the bases first, as a constructor chain would.
    ///
    /// # Safety
    /// As [`init_in_place`](Self::init_in_place).
    pub unsafe fn init_in_place_with_base(obj: *mut ffi::PyObject, value: T, base: T::BaseValue) {
        // SAFETY: per the caller.
        unsafe {
            T::init_base(obj, base);
            Self::write_own_part(obj, value);
        }
    }

    /// Offset of the `__dict__` field, for `__dictoffset__`.
    pub const DICT_OFFSET: usize = std::mem::offset_of!(PyClassObject<T>, dict);
    /// Offset of the weak reference list, for `__weaklistoffset__`.
    pub const WEAKLIST_OFFSET: usize = std::mem::offset_of!(PyClassObject<T>, weaklist);
}

impl<T: PyClass> PyClassObject<T> {
    /// The object behind a pointer known to be a `T` instance.
    ///
    /// # Safety
    /// `obj` must point to an instance of `T`'s type (or a subclass).
    #[inline]
    pub(crate) unsafe fn from_ptr<'a>(obj: *mut ffi::PyObject) -> &'a PyClassObject<T> {
        // SAFETY: per the caller, the object was allocated with this layout.
        unsafe { &*obj.cast::<PyClassObject<T>>() }
    }

    /// Allocate an instance of `subtype` (T's type or a Python subclass) holding `value`.
    ///
    /// # Safety
    /// `subtype` must be `T`'s type object or a subtype of it.
    pub unsafe fn create<V: super::NewValue<T>>(
        py: Python<'_>,
        subtype: *mut ffi::PyTypeObject,
        value: V,
    ) -> PyResult<*mut ffi::PyObject> {
        // SAFETY: forwarded; no constructor arguments for the base.
        unsafe {
            Self::create_with_args(
                py,
                subtype,
                value,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        }
    }

    /// Like [`create`](Self::create), passing the constructor's positional arguments to a
    /// native base's `tp_new` (an exception base keeps them as `args`).
    ///
    /// # Safety
    /// As `create`; `args` NULL or a tuple, `kwargs` NULL or a dict.
    #[inline]
    pub unsafe fn create_with_args<V: super::NewValue<T>>(
        py: Python<'_>,
        subtype: *mut ffi::PyTypeObject,
        value: V,
        args: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
    ) -> PyResult<*mut ffi::PyObject> {
        let (value, base_value) = value.split();
        // SAFETY: attached. Either the native base's tp_new or tp_alloc of the heap type returns
        // an object of `subtype`'s basicsize with the base part initialised (or NULL with an
        // exception); we initialise our fields before anyone else sees it.
        unsafe {
            let obj = if T::NATIVE_BASE_NEW {
                let base = T::native_base_type_object(py);
                let empty;
                let args = if args.is_null() {
                    empty = crate::types::PyTuple::empty(py);
                    empty.as_ptr()
                } else {
                    args
                };
                // Only the positional arguments: the keywords were the Rust constructor's, and
                // some bases refuse any (OSError's tp_new).
                let _ = kwargs;
                match type_slot::<ffi::newfunc>(base, ffi::Py_tp_new) {
                    Some(new) => new(subtype, args, std::ptr::null_mut()),
                    None => ffi::PyType_GenericAlloc(subtype, 0),
                }
            } else {
                // (The field itself with the full API: `PyType_GetSlot` is a call.)
                #[cfg(not(Py_LIMITED_API))]
                let alloc = (*subtype).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc);
                #[cfg(Py_LIMITED_API)]
                let alloc: ffi::allocfunc = {
                    let alloc = ffi::PyType_GetSlot(subtype, ffi::Py_tp_alloc);
                    if alloc.is_null() {
                        ffi::PyType_GenericAlloc
                    } else {
                        std::mem::transmute::<*mut std::ffi::c_void, ffi::allocfunc>(alloc)
                    }
                };
                alloc(subtype, 0)
            };
            if obj.is_null() {
                return Err(PyErr::fetch(py));
            }
            T::init_base(obj, base_value);
            Self::write_own_part(obj, value);
            Ok(obj)
        }
    }
}

/// `tp_dealloc` of every `#[pyclass]`: drop the Rust value, free the object, release the type
/// (instances of heap types own a reference to their type). CPython calls it through
/// `PerClass::tp_dealloc`, its one caller, which inlines it (see `PerClass`).
///
/// # Safety
/// Called by CPython with an instance of `T` whose refcount reached zero.
#[inline]
pub(crate) unsafe fn tp_dealloc<T: PyClass>(obj: *mut ffi::PyObject) {
    // SAFETY: see above; a panic in `Drop` must not unwind into CPython, so it is caught and
    // reported as unraisable.
    unsafe {
        let py = Python::assume_attached();
        // abi3 builds count call scopes to know they are attached: a `Py<T>` field dropped
        // here then decrefs at once rather than going to the deferred queue.
        #[cfg(Py_LIMITED_API)]
        let _scope = crate::attach::CallScope::enter();
        let ty = ffi::Py_TYPE(obj);
        if ffi::PyType_HasFeature(ty, ffi::Py_TPFLAGS_HAVE_GC) != 0 {
            ffi::PyObject_GC_UnTrack(obj.cast());
        }
        // Keep the type alive until the end: a native base's dealloc may be the last user.
        ffi::Py_INCREF(ty.cast());
        // Weak references may be declared by this class or a base class.
        if T::lazy_type_object().has_weaklist(py, ty) {
            ffi::PyObject_ClearWeakRefs(obj);
        }
        PyClassObject::<T>::drop_in_place(py, obj);
        if T::NATIVE_BASE_NEW {
            // The native base releases its own fields and frees the memory.
            let base = T::native_base_type_object(py);
            if let Some(dealloc) = type_slot::<ffi::destructor>(base, ffi::Py_tp_dealloc) {
                // A GC base's dealloc untracks the object itself, and before 3.11 it does so
                // without checking (untracking twice writes through NULL links): track it
                // again first, as CPython's own subclass dealloc does. Nothing can run a
                // collection between here and that untrack.
                if ffi::PyType_HasFeature(base, ffi::Py_TPFLAGS_HAVE_GC) != 0 {
                    ffi::PyObject_GC_Track(obj.cast());
                }
                dealloc(obj);
                ffi::Py_DECREF(ty.cast()); // the reference taken above
                ffi::Py_DECREF(ty.cast()); // the instance's reference to its heap type
                return;
            }
        }
        // (The field itself with the full API: `PyType_GetSlot` is a call.)
        #[cfg(not(Py_LIMITED_API))]
        let free = (*ty).tp_free;
        #[cfg(Py_LIMITED_API)]
        let free = {
            let free = ffi::PyType_GetSlot(ty, ffi::Py_tp_free);
            (!free.is_null())
                .then(|| std::mem::transmute::<*mut std::ffi::c_void, ffi::freefunc>(free))
        };
        match free {
            Some(free) => free(obj.cast()),
            None => ffi::PyObject_Free(obj.cast()),
        }
        ffi::Py_DECREF(ty.cast()); // the reference taken above
        ffi::Py_DECREF(ty.cast()); // the instance's reference to its heap type
    }
}

impl<'py, T: PyClass> Bound<'py, T>
where
    T: PyTypeInfo,
{
    /// A new Python object holding `value` (or, for a class extending another `#[pyclass]`, a
    /// [`PyClassInitializer`](crate::class::PyClassInitializer) with its bases' values).
    ///
    /// ```
    /// use pybound::prelude::*;
    ///
    /// #[pyclass]
    /// struct Counter {
    ///     #[pybound(get)]
    ///     n: u32,
    /// }
    ///
    /// fn main() {
    ///     Python::attach(|py| {
    ///         let c = Bound::new(py, Counter { n: 3 }).unwrap();
    ///         assert_eq!(c.getattr("n").unwrap().extract::<u32>().unwrap(), 3);
    ///         assert_eq!(c.borrow().n, 3);
    ///     });
    /// }
    /// ```
    pub fn new(
        py: Python<'py>,
        value: impl Into<super::PyClassInitializer<T>>,
    ) -> PyResult<Bound<'py, T>> {
        let init: super::PyClassInitializer<T> = value.into();
        // SAFETY: T's own type object; `create` returns a new reference to a T instance.
        unsafe {
            let obj = PyClassObject::create(py, T::type_object_raw(py), init)?;
            Ok(Bound::from_owned_ptr(py, obj).cast_into_unchecked())
        }
    }
}

impl<T: PyClass + PyTypeInfo> crate::Py<T> {
    /// A new Python object holding `value`, detached. See [`Bound::new`].
    pub fn new(
        py: Python<'_>,
        value: impl Into<super::PyClassInitializer<T>>,
    ) -> PyResult<crate::Py<T>> {
        Bound::new(py, value).map(Bound::unbind)
    }
}

/// A slot of a type object, as a function pointer of type `F` (`None` if unset): the field
/// itself with the full API, `PyType_GetSlot` with the stable ABI (which reads static types'
/// slots from 3.10; abi3 builds reach this only for heap types, as they have no native bases).
///
/// # Safety
/// Attached; `ty` a live type object; `F` the slot's function pointer type.
#[inline(always)]
unsafe fn type_slot<F: Copy>(ty: *mut ffi::PyTypeObject, slot: std::os::raw::c_int) -> Option<F> {
    // SAFETY: per the caller.
    unsafe {
        #[cfg(not(Py_LIMITED_API))]
        let ptr: *mut std::ffi::c_void = match slot {
            ffi::Py_tp_new => (*ty).tp_new.map_or(std::ptr::null_mut(), |f| f as *mut _),
            ffi::Py_tp_dealloc => (*ty)
                .tp_dealloc
                .map_or(std::ptr::null_mut(), |f| f as *mut _),
            _ => ffi::PyType_GetSlot(ty, slot),
        };
        #[cfg(Py_LIMITED_API)]
        let ptr = ffi::PyType_GetSlot(ty, slot);
        if ptr.is_null() {
            None
        } else {
            Some(std::mem::transmute_copy::<*mut std::ffi::c_void, F>(&ptr))
        }
    }
}
