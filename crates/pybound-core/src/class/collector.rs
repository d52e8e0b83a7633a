//! Cycle collection for `#[pyclass]` values: `__traverse__` reports the Python references a
//! value holds, `__clear__` drops them so a cycle can be freed.

use std::ffi::c_void;
use std::marker::PhantomData;
use std::os::raw::c_int;

use crate::class::{OptionalField, PyClass, PyClassObject};
use crate::err::PyResult;
use crate::ffi;
use crate::instance::Py;
use crate::python::Python;

/// The visitor `__traverse__` receives: call it on each `Py` the value holds.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::class::{PyTraverseError, PyVisit};
///
/// #[pyclass]
/// struct Node {
///     next: Option<Py<PyAny>>,
/// }
///
/// #[pymethods]
/// impl Node {
///     fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
///         visit.call(&self.next)
///     }
///
///     fn __clear__(&mut self) {
///         self.next = None;
///     }
/// }
/// # fn main() {}
/// ```
pub struct PyVisit<'a> {
    visit: ffi::visitproc,
    arg: *mut c_void,
    _lifetime: PhantomData<&'a ()>,
}

/// A visit returned non-zero: stop traversing and report it to the collector.
#[derive(Debug)]
pub struct PyTraverseError(c_int);

/// What [`PyVisit::call`] accepts: a `Py<T>` or an optional one.
pub trait VisitTarget {
    /// The pointer to visit, if any.
    fn visit_ptr(&self) -> Option<*mut ffi::PyObject>;
}

impl<T> VisitTarget for Py<T> {
    fn visit_ptr(&self) -> Option<*mut ffi::PyObject> {
        Some(self.as_ptr())
    }
}

impl<T> VisitTarget for Option<Py<T>> {
    fn visit_ptr(&self) -> Option<*mut ffi::PyObject> {
        self.as_ref().map(Py::as_ptr)
    }
}

impl<T: VisitTarget> VisitTarget for &T {
    fn visit_ptr(&self) -> Option<*mut ffi::PyObject> {
        (**self).visit_ptr()
    }
}

impl PyVisit<'_> {
    /// Report one reference (or none, for an empty `Option`).
    pub fn call<V: VisitTarget>(&self, target: V) -> Result<(), PyTraverseError> {
        match target.visit_ptr() {
            None => Ok(()),
            // SAFETY: the collector's visit function with its argument, on a live object.
            Some(ptr) => match unsafe { (self.visit)(ptr, self.arg) } {
                0 => Ok(()),
                r => Err(PyTraverseError(r)),
            },
        }
    }
}

#[inline]
fn visit_dict<T: PyClass>(
    obj: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: `obj` is an instance of T; `dict` is absent, NULL or an owned dict.
    match unsafe { (*obj.cast::<PyClassObject<T>>()).dict.get() } {
        Some(dict) if !dict.is_null() => {
            // SAFETY: a live object and the collector's callback.
            unsafe { visit(dict, arg) }
        }
        _ => 0,
    }
}

/// `tp_traverse` for a class with `__traverse__`. It runs inside the collector, so it must not
/// run Python code or take borrows that could fail loudly: a value that is mutably borrowed
/// right now (the collector ran inside one of its `&mut self` methods) is skipped.
///
/// # Safety
/// Called by CPython's collector on an instance of `T`.
pub unsafe fn traverse<T: PyClass>(
    obj: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
    f: fn(&T, PyVisit<'_>) -> Result<(), PyTraverseError>,
) -> c_int {
    // SAFETY: per the caller.
    let cell = unsafe { &*obj.cast::<PyClassObject<T>>() };
    let r = visit_dict::<T>(obj, visit, arg);
    if r != 0 {
        return r;
    }
    if cell.borrow.is_borrowed_mut() || !super::borrow::on_owner_thread(cell) {
        return 0;
    }
    // SAFETY: not mutably borrowed, and no Rust code runs concurrently (the collector holds
    // the interpreter); reading through a shared reference is sound.
    let value: &T = unsafe { &*cell.contents.get() };
    let visitor = PyVisit {
        visit,
        arg,
        _lifetime: PhantomData,
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(value, visitor))) {
        Ok(Ok(())) => 0,
        Ok(Err(PyTraverseError(r))) => r,
        // A panic cannot unwind into the collector; the value is treated as holding nothing.
        Err(_) => 0,
    }
}

/// `tp_clear` for a class with `__clear__`: runs it with an exclusive borrow, then clears the
/// instance dict.
///
/// # Safety
/// Called by CPython's collector on an instance of `T`.
pub unsafe fn clear<T: PyClass<Frozen = super::frozen::No>>(
    obj: *mut ffi::PyObject,
    f: fn(&mut T),
) -> c_int {
    // SAFETY: per the caller; runs as a call boundary.
    unsafe {
        crate::callback::trampoline::trampoline_with(|py: Python<'_>| -> PyResult<c_int> {
            let bound = crate::Bound::ref_from_ptr(py, &obj).cast_unchecked::<T>();
            f(&mut *bound.try_borrow_mut()?);
            dict_only_clear::<T>(obj);
            Ok(0)
        })
    }
}

/// `tp_traverse` of classes with a `__dict__` and no `__traverse__` (through
/// `PerClass::dict_only_traverse`).
#[inline]
pub(crate) unsafe fn dict_only_traverse<T: PyClass>(
    obj: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    visit_dict::<T>(obj, visit, arg)
}

/// `tp_clear` of classes with a `__dict__` and no `__clear__` (through
/// `PerClass::dict_only_clear`).
#[inline]
pub(crate) unsafe fn dict_only_clear<T: PyClass>(obj: *mut ffi::PyObject) -> c_int {
    // SAFETY: an instance of T; the dict pointer, if the field exists, is NULL or owned.
    unsafe {
        if let Some(dict) = (*obj.cast::<PyClassObject<T>>())
            .dict
            .replace(std::ptr::null_mut())
        {
            ffi::Py_XDECREF(dict);
        }
    }
    0
}
