use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

use crate::err::PyErr;
use crate::ffi;
use crate::instance::{Bound, Py};
use crate::python::Python;
use crate::types::PyAny;

/// A borrowed reference to a Python object: no refcount change when made, copied or dropped.
///
/// It is valid for `'a` (the owner it borrows from lives that long) and usable while attached
/// (`'py`). It derefs to [`Bound`], so every method of `Bound<'py, T>` is available; call
/// [`to_owned`](Borrowed::to_owned) for an owned reference.
///
/// [`FromPyObject`](crate::FromPyObject) receives its input as a `Borrowed`, and iterating a
/// tuple with [`PyTuple::iter_borrowed`](crate::types::PyTuple) yields them: no incref/decref
/// pair per element.
///
/// ```
/// use pybound::prelude::*;
/// Python::attach(|py| {
///     let t = PyTuple::new(py, [10, 20]).unwrap();
///     let first: Borrowed<'_, '_, PyAny> = t.get_borrowed_item(0).unwrap();
///     assert_eq!(first.extract::<i32>().unwrap(), 10);
/// });
/// ```
#[repr(transparent)]
pub struct Borrowed<'a, 'py, T>(
    NonNull<ffi::PyObject>,
    PhantomData<(&'a Py<T>, Python<'py>)>,
);

impl<'a, 'py, T> Borrowed<'a, 'py, T> {
    /// # Safety
    /// `ptr` must point to a `T` alive for `'a`.
    #[inline]
    pub(crate) unsafe fn from_non_null(_py: Python<'py>, ptr: NonNull<ffi::PyObject>) -> Self {
        Borrowed(ptr, PhantomData)
    }

    /// The raw pointer (not owned).
    #[inline]
    pub fn as_ptr(self) -> *mut ffi::PyObject {
        self.0.as_ptr()
    }

    /// An owned reference to the same object (incref).
    #[inline]
    pub fn to_owned(self) -> Bound<'py, T> {
        (*self).clone()
    }

    /// Forget the type.
    #[inline]
    pub fn to_any(self) -> Borrowed<'a, 'py, PyAny> {
        Borrowed(self.0, PhantomData)
    }

    /// Change the static type without checking.
    ///
    /// # Safety
    /// The object must be a `U`.
    #[inline]
    pub unsafe fn cast_unchecked<U>(self) -> Borrowed<'a, 'py, U> {
        Borrowed(self.0, PhantomData)
    }

    /// The token.
    #[inline]
    pub fn py(self) -> Python<'py> {
        // SAFETY: a `Borrowed<'_, 'py, _>` only exists while attached for `'py`.
        unsafe { Python::assume_attached() }
    }
}

impl<'a, 'py> Borrowed<'a, 'py, PyAny> {
    /// Borrow a raw pointer; panics with the pending Python error if it is null.
    ///
    /// # Safety
    /// `ptr` must be null or point to an object that stays alive for `'a`.
    #[inline]
    pub unsafe fn from_ptr(py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        match NonNull::new(ptr) {
            // SAFETY: forwarded to the caller.
            Some(nn) => unsafe { Self::from_non_null(py, nn) },
            None => crate::err::panic_after_error(py),
        }
    }

    /// Borrow a raw pointer, or fetch the raised exception if it is null.
    ///
    /// # Safety
    /// As [`from_ptr`](Borrowed::from_ptr).
    #[inline]
    pub unsafe fn from_ptr_or_err(py: Python<'py>, ptr: *mut ffi::PyObject) -> Result<Self, PyErr> {
        match NonNull::new(ptr) {
            // SAFETY: forwarded to the caller.
            Some(nn) => Ok(unsafe { Self::from_non_null(py, nn) }),
            None => Err(PyErr::fetch(py)),
        }
    }

    /// Borrow a raw pointer, or `None` if it is null.
    ///
    /// # Safety
    /// As [`from_ptr`](Borrowed::from_ptr).
    #[inline]
    pub unsafe fn from_ptr_or_opt(py: Python<'py>, ptr: *mut ffi::PyObject) -> Option<Self> {
        // SAFETY: forwarded to the caller.
        NonNull::new(ptr).map(|nn| unsafe { Self::from_non_null(py, nn) })
    }

    /// Check the type and view as a `U`, keeping the borrow.
    #[inline]
    pub fn cast<U: crate::type_object::PyTypeCheck>(
        self,
    ) -> Result<Borrowed<'a, 'py, U>, crate::err::CastError<'a, 'py>> {
        if U::type_check(&self) {
            // SAFETY: checked above.
            Ok(unsafe { self.cast_unchecked() })
        } else {
            Err(crate::err::CastError::new(self, U::NAME))
        }
    }

    /// Extract a value that may borrow from the object for `'a`.
    #[inline]
    pub fn extract<D: crate::FromPyObject<'a, 'py>>(self) -> Result<D, D::Error> {
        D::extract(self)
    }
}

impl<T> Clone for Borrowed<'_, '_, T> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Borrowed<'_, '_, T> {}

impl<'py, T> Deref for Borrowed<'_, 'py, T> {
    type Target = Bound<'py, T>;
    #[inline]
    fn deref(&self) -> &Bound<'py, T> {
        // SAFETY: `Bound<'py, T>` is `repr(transparent)` over a `NonNull<PyObject>` (the token is
        // zero-sized), so a reference to our pointer field is a valid `&Bound`. The `Bound` is
        // never dropped through this reference, so no decref happens.
        unsafe { &*(&self.0 as *const NonNull<ffi::PyObject>).cast::<Bound<'py, T>>() }
    }
}

impl<'a, 'py, T> From<&'a Bound<'py, T>> for Borrowed<'a, 'py, T> {
    #[inline]
    fn from(b: &'a Bound<'py, T>) -> Self {
        b.as_borrowed()
    }
}

impl<T> std::fmt::Debug for Borrowed<'_, '_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl<T> std::fmt::Display for Borrowed<'_, '_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&**self, f)
    }
}
