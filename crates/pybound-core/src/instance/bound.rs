use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

use crate::conversion::FromPyObject;
use crate::err::{CastError, CastIntoError, PyErr, PyResult};
use crate::ffi;
use crate::instance::{Borrowed, Py};
use crate::python::Python;
use crate::type_object::{DerefToPyAny, PyTypeCheck, PyTypeInfo};
use crate::types::PyAny;

/// An owned strong reference to a Python object of type `T`, usable while the thread is
/// attached (`'py`).
///
/// Cloning increfs; dropping decrefs at once (there is no pool that holds temporaries until the
/// attach scope ends, so a loop that makes millions of objects keeps memory flat). `Bound` is
/// `!Send` and cannot outlive its attach scope; convert it with [`unbind`](Bound::unbind) into a
/// [`Py<T>`] to store or send it.
///
/// Every `Bound<'py, T>` derefs to `Bound<'py, PyAny>`, which carries the generic object methods
/// (`getattr`, `call1`, `extract`, …); the methods specific to `T` are inherent on
/// `Bound<'py, T>`.
///
/// ```
/// use pybound::prelude::*;
///
/// Python::attach(|py| -> PyResult<()> {
///     let list = PyList::new(py, [3, 1, 2])?;   // Bound<'_, PyList>
///     list.sort()?;                               // a PyList method
///     let s = list.str()?;                        // a PyAny method, through Deref
///     assert_eq!(s.to_str()?, "[1, 2, 3]");
///     let stored: Py<PyList> = list.unbind();     // keep it beyond this scope
///     assert_eq!(stored.bind(py).len(), 3);
///     Ok(())
/// })
/// .unwrap();
/// ```
#[repr(transparent)]
pub struct Bound<'py, T>(Python<'py>, ManuallyDrop<Py<T>>);

impl<'py, T> Bound<'py, T> {
    #[inline]
    pub(crate) fn from_py(py: Python<'py>, obj: Py<T>) -> Self {
        Bound(py, ManuallyDrop::new(obj))
    }

    /// The token of the attach scope this reference belongs to.
    #[inline]
    pub fn py(&self) -> Python<'py> {
        self.0
    }

    /// The raw pointer, still owned by `self`.
    #[inline]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.1.as_ptr()
    }

    /// Give up ownership and return the raw owned pointer.
    #[inline]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        ManuallyDrop::new(self).as_ptr()
    }

    /// Detach from the attach scope: a `Send + Sync` [`Py<T>`]. No refcount change.
    #[inline]
    pub fn unbind(self) -> Py<T> {
        let this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so the reference moves into the `Py`.
        unsafe { std::ptr::read(&*this.1) }
    }

    /// A [`Borrowed`] view of this reference (no refcount change).
    #[inline]
    pub fn as_borrowed<'a>(&'a self) -> Borrowed<'a, 'py, T> {
        // SAFETY: `self` keeps the object alive for `'a`.
        unsafe { Borrowed::from_non_null(self.0, NonNull::new_unchecked(self.as_ptr())) }
    }

    /// The underlying `Py<T>` by reference.
    #[inline]
    pub fn as_unbound(&self) -> &Py<T> {
        &self.1
    }

    /// Borrow as an untyped `Bound<PyAny>`.
    #[inline]
    pub fn as_any(&self) -> &Bound<'py, PyAny> {
        // SAFETY: `Bound<T>` has the same layout for every `T`, and every object is a `PyAny`.
        unsafe { &*(self as *const Self).cast::<Bound<'py, PyAny>>() }
    }

    /// Forget the type.
    #[inline]
    pub fn into_any(self) -> Bound<'py, PyAny> {
        // SAFETY: every object is a `PyAny`.
        unsafe { self.cast_into_unchecked() }
    }

    /// Change the static type without checking.
    ///
    /// # Safety
    /// The object must be a `U`.
    #[inline]
    pub unsafe fn cast_into_unchecked<U>(self) -> Bound<'py, U> {
        let py = self.0;
        Bound(
            py,
            ManuallyDrop::new(unsafe {
                Py::from_non_null(NonNull::new_unchecked(self.into_ptr()))
            }),
        )
    }

    /// Change the static type of a reference without checking.
    ///
    /// # Safety
    /// The object must be a `U`.
    #[inline]
    pub unsafe fn cast_unchecked<U>(&self) -> &Bound<'py, U> {
        // SAFETY: same layout for every type parameter; the caller vouches for the type.
        unsafe { &*(self as *const Self).cast::<Bound<'py, U>>() }
    }

    /// Check that the object is a `U` (or subclass) and view it as one.
    ///
    /// The error converts into a `TypeError` like
    /// `'int' object is not an instance of 'str'`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let obj = PyList::empty(py).into_any();
    ///     assert!(obj.cast::<PyList>().is_ok());
    ///     let err = PyErr::from(obj.cast::<PyDict>().unwrap_err());
    ///     assert_eq!(err.to_string(), "TypeError: 'list' object is not an instance of 'dict'");
    /// });
    /// ```
    #[inline]
    pub fn cast<U: PyTypeCheck>(&self) -> Result<&Bound<'py, U>, CastError<'_, 'py>> {
        if U::type_check(self.as_any()) {
            // SAFETY: checked above.
            Ok(unsafe { self.cast_unchecked() })
        } else {
            Err(CastError::new(self.as_any().as_borrowed(), U::NAME))
        }
    }

    /// Like [`cast`](Bound::cast) but consuming; the error gives the object back.
    #[inline]
    pub fn cast_into<U: PyTypeCheck>(self) -> Result<Bound<'py, U>, CastIntoError<'py>> {
        if U::type_check(self.as_any()) {
            // SAFETY: checked above.
            Ok(unsafe { self.cast_into_unchecked() })
        } else {
            Err(CastIntoError::new(self.into_any(), U::NAME))
        }
    }

    /// Like [`cast`](Bound::cast) but the type must match exactly (no subclasses).
    #[inline]
    pub fn cast_exact<U: PyTypeInfo>(&self) -> Result<&Bound<'py, U>, CastError<'_, 'py>> {
        if U::is_exact_type_of(self.as_any()) {
            // SAFETY: checked above.
            Ok(unsafe { self.cast_unchecked() })
        } else {
            Err(CastError::new(self.as_any().as_borrowed(), U::NAME))
        }
    }

    /// Like [`cast_exact`](Bound::cast_exact) but consuming; the error gives the object back.
    #[inline]
    pub fn cast_into_exact<U: PyTypeInfo>(self) -> Result<Bound<'py, U>, CastIntoError<'py>> {
        if U::is_exact_type_of(self.as_any()) {
            // SAFETY: checked above.
            Ok(unsafe { self.cast_into_unchecked() })
        } else {
            Err(CastIntoError::new(self.into_any(), U::NAME))
        }
    }

    /// Another [`Py`] to the same object (incref).
    #[inline]
    pub fn clone_ref_unbound(&self) -> Py<T> {
        self.clone().unbind()
    }
}

impl<'py> Bound<'py, PyAny> {
    /// View a borrowed pointer stored at `ptr` as a `&Bound` (no refcount change).
    ///
    /// # Safety
    /// `*ptr` must be a valid, non-null object pointer that stays alive for `'a`.
    #[inline]
    pub unsafe fn ref_from_ptr<'a>(_py: Python<'py>, ptr: &'a *mut ffi::PyObject) -> &'a Self {
        // SAFETY: `Bound` is `repr(transparent)` over a non-null object pointer; the caller
        // guarantees non-null and liveness. No `Bound` is dropped through this reference.
        unsafe { &*(ptr as *const *mut ffi::PyObject).cast::<Bound<'py, PyAny>>() }
    }

    /// Take ownership of a new (strong) reference. Panics with the pending Python error if
    /// `ptr` is null; use [`from_owned_ptr_or_err`](Bound::from_owned_ptr_or_err) to get it as
    /// a `PyErr` instead.
    ///
    /// # Safety
    /// `ptr` must be null or an owned reference.
    #[inline]
    pub unsafe fn from_owned_ptr(py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        match NonNull::new(ptr) {
            // SAFETY: forwarded to the caller.
            Some(nn) => Bound(py, ManuallyDrop::new(unsafe { Py::from_non_null(nn) })),
            None => crate::err::panic_after_error(py),
        }
    }

    /// Take ownership of a new reference, or fetch the raised exception if `ptr` is null.
    ///
    /// # Safety
    /// `ptr` must be null (with an exception set) or an owned reference to an object.
    #[inline]
    pub unsafe fn from_owned_ptr_or_err(
        py: Python<'py>,
        ptr: *mut ffi::PyObject,
    ) -> PyResult<Self> {
        match NonNull::new(ptr) {
            // SAFETY: forwarded to the caller.
            Some(nn) => Ok(Bound(
                py,
                ManuallyDrop::new(unsafe { Py::from_non_null(nn) }),
            )),
            None => Err(PyErr::fetch(py)),
        }
    }

    /// Take ownership of a new reference, or `None` if `ptr` is null.
    ///
    /// # Safety
    /// `ptr` must be null or an owned reference to an object.
    #[inline]
    pub unsafe fn from_owned_ptr_or_opt(py: Python<'py>, ptr: *mut ffi::PyObject) -> Option<Self> {
        // SAFETY: forwarded to the caller.
        NonNull::new(ptr).map(|nn| Bound(py, ManuallyDrop::new(unsafe { Py::from_non_null(nn) })))
    }

    /// Make a new strong reference from a borrowed one (incref). Panics with the pending Python
    /// error if `ptr` is null.
    ///
    /// # Safety
    /// `ptr` must be null or a valid pointer to an object.
    #[inline]
    pub unsafe fn from_borrowed_ptr(py: Python<'py>, ptr: *mut ffi::PyObject) -> Self {
        if ptr.is_null() {
            crate::err::panic_after_error(py)
        }
        // SAFETY: non-null and valid per the caller; the incref makes the new reference owned.
        unsafe {
            ffi::Py_INCREF(ptr);
            Self::from_owned_ptr(py, ptr)
        }
    }

    /// Make a new strong reference from a borrowed one, or fetch the raised exception if `ptr`
    /// is null.
    ///
    /// # Safety
    /// `ptr` must be null (with an exception set) or a valid pointer to an object.
    #[inline]
    pub unsafe fn from_borrowed_ptr_or_err(
        py: Python<'py>,
        ptr: *mut ffi::PyObject,
    ) -> PyResult<Self> {
        if ptr.is_null() {
            return Err(PyErr::fetch(py));
        }
        // SAFETY: as `from_borrowed_ptr`.
        Ok(unsafe { Self::from_borrowed_ptr(py, ptr) })
    }

    /// Make a new strong reference from a borrowed one, or `None` if `ptr` is null.
    ///
    /// # Safety
    /// `ptr` must be null or a valid pointer to an object.
    #[inline]
    pub unsafe fn from_borrowed_ptr_or_opt(
        py: Python<'py>,
        ptr: *mut ffi::PyObject,
    ) -> Option<Self> {
        // SAFETY: as `from_borrowed_ptr`, for a non-null pointer.
        (!ptr.is_null()).then(|| unsafe { Self::from_borrowed_ptr(py, ptr) })
    }

    /// Convert to a Rust value with its [`FromPyObject`] implementation.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let obj = 7i32.into_pyobject(py).unwrap().into_any();
    ///     let n: u8 = obj.extract().unwrap();
    ///     assert_eq!(n, 7);
    ///     assert!(obj.extract::<String>().is_err());
    /// });
    /// ```
    #[inline]
    pub fn extract<'a, D>(&'a self) -> Result<D, D::Error>
    where
        D: FromPyObject<'a, 'py>,
    {
        D::extract(self.as_borrowed())
    }
}

impl<T> Clone for Bound<'_, T> {
    /// Another strong reference to the same object (incref).
    #[inline]
    fn clone(&self) -> Self {
        // SAFETY: attached (we hold a `Python` token) and the pointer is valid.
        unsafe { ffi::Py_INCREF(self.as_ptr()) };
        // SAFETY: the incref above made the reference owned.
        Bound(
            self.0,
            ManuallyDrop::new(unsafe { Py::from_non_null(NonNull::new_unchecked(self.as_ptr())) }),
        )
    }
}

impl<T> Drop for Bound<'_, T> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: attached (the `'py` token), and `self` owns one reference.
        unsafe { ffi::Py_DECREF(self.as_ptr()) };
    }
}

impl<'py, T: DerefToPyAny> Deref for Bound<'py, T> {
    type Target = Bound<'py, PyAny>;
    #[inline]
    fn deref(&self) -> &Bound<'py, PyAny> {
        self.as_any()
    }
}

impl<'py, T> AsRef<Bound<'py, PyAny>> for Bound<'py, T> {
    #[inline]
    fn as_ref(&self) -> &Bound<'py, PyAny> {
        self.as_any()
    }
}

impl<T> std::fmt::Debug for Bound<'_, T> {
    /// `repr(obj)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.as_any().repr() {
            Ok(s) => f.write_str(&s.to_string_lossy()),
            Err(_) => write!(f, "<unrepresentable object at {:p}>", self.as_ptr()),
        }
    }
}

impl<T> std::fmt::Display for Bound<'_, T> {
    /// `str(obj)`; if `__str__` raises, the error is reported as unraisable and a placeholder
    /// with the type name is written.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.as_any().str() {
            Ok(s) => f.write_str(&s.to_string_lossy()),
            Err(err) => {
                err.write_unraisable(self.py(), Some(self.as_any()));
                let name = self.as_any().get_type().name().map(|n| n.to_string());
                write!(f, "<unprintable {} object>", name.as_deref().unwrap_or("?"))
            }
        }
    }
}

/// The common interface of [`Bound`] and [`Borrowed`], used as the output of
/// [`IntoPyObject`](crate::IntoPyObject) conversions: a conversion may hand back a borrowed
/// reference (for `None`, `True`, or `&Bound` inputs) without any refcount traffic.
pub trait BoundObject<'py, T>: Sized + sealed::Sealed {
    /// The untyped form.
    type Any: BoundObject<'py, PyAny>;
    /// A borrowed view.
    fn as_borrowed(&self) -> Borrowed<'_, 'py, T>;
    /// An owned `Bound` (increfs when `self` is borrowed).
    fn into_bound(self) -> Bound<'py, T>;
    /// Forget the type.
    fn into_any(self) -> Self::Any;
    /// An owned raw pointer (increfs when `self` is borrowed).
    fn into_ptr(self) -> *mut ffi::PyObject;
    /// The raw pointer.
    fn as_ptr(&self) -> *mut ffi::PyObject;
    /// An owned `Py<T>`.
    fn unbind(self) -> Py<T>;
}

mod sealed {
    pub trait Sealed {}
    impl<T> Sealed for super::Bound<'_, T> {}
    impl<T> Sealed for super::Borrowed<'_, '_, T> {}
}

impl<'py, T> BoundObject<'py, T> for Bound<'py, T> {
    type Any = Bound<'py, PyAny>;
    #[inline]
    fn as_borrowed(&self) -> Borrowed<'_, 'py, T> {
        Bound::as_borrowed(self)
    }
    #[inline]
    fn into_bound(self) -> Bound<'py, T> {
        self
    }
    #[inline]
    fn into_any(self) -> Bound<'py, PyAny> {
        Bound::into_any(self)
    }
    #[inline]
    fn into_ptr(self) -> *mut ffi::PyObject {
        Bound::into_ptr(self)
    }
    #[inline]
    fn as_ptr(&self) -> *mut ffi::PyObject {
        Bound::as_ptr(self)
    }
    #[inline]
    fn unbind(self) -> Py<T> {
        Bound::unbind(self)
    }
}

impl<'a, 'py, T> BoundObject<'py, T> for Borrowed<'a, 'py, T> {
    type Any = Borrowed<'a, 'py, PyAny>;
    #[inline]
    fn as_borrowed(&self) -> Borrowed<'_, 'py, T> {
        *self
    }
    #[inline]
    fn into_bound(self) -> Bound<'py, T> {
        self.to_owned()
    }
    #[inline]
    fn into_any(self) -> Borrowed<'a, 'py, PyAny> {
        self.to_any()
    }
    #[inline]
    fn into_ptr(self) -> *mut ffi::PyObject {
        self.to_owned().into_ptr()
    }
    #[inline]
    fn as_ptr(&self) -> *mut ffi::PyObject {
        Borrowed::as_ptr(*self)
    }
    #[inline]
    fn unbind(self) -> Py<T> {
        self.to_owned().unbind()
    }
}
