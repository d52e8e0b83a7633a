//! How Rust marker types map to Python type objects, and the type checks `cast` uses.

use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyType};

/// A Rust marker type that stands for one Python type object.
///
/// # Safety
/// `type_object_raw` must return a valid type object, and `is_type_of` must return `true` only
/// for instances of it (or subclasses): `cast` relies on it to view objects as `Self`.
pub unsafe trait PyTypeInfo: Sized {
    /// The type's `__name__`, used in error messages.
    const NAME: &'static str;
    /// The type's module, if it is not a builtin.
    const MODULE: Option<&'static str>;

    /// The type object (a borrowed pointer that lives as long as the interpreter).
    fn type_object_raw(py: Python<'_>) -> *mut ffi::PyTypeObject;

    /// The type object as a bound reference.
    #[inline]
    fn type_object(py: Python<'_>) -> Bound<'_, PyType> {
        // SAFETY: the type object is valid for the interpreter's life; we take a new reference.
        unsafe {
            Bound::from_borrowed_ptr(py, Self::type_object_raw(py).cast()).cast_into_unchecked()
        }
    }

    /// Whether `obj` is an instance of this type or a subclass.
    #[inline]
    fn is_type_of(obj: &Bound<'_, PyAny>) -> bool {
        // SAFETY: attached (through `obj`); both pointers are valid.
        unsafe { ffi::PyObject_TypeCheck(obj.as_ptr(), Self::type_object_raw(obj.py())) != 0 }
    }

    /// Whether `obj`'s type is exactly this type.
    #[inline]
    fn is_exact_type_of(obj: &Bound<'_, PyAny>) -> bool {
        // SAFETY: attached; `Py_TYPE` reads the object header.
        unsafe { ffi::Py_TYPE(obj.as_ptr()) == Self::type_object_raw(obj.py()) }
    }
}

/// Anything `cast` can check for: every [`PyTypeInfo`] type, plus the abstract protocols
/// ([`PySequence`](crate::types::PySequence), [`PyMapping`](crate::types::PyMapping),
/// [`PyIterator`](crate::types::PyIterator)) whose check is not a single type object.
pub trait PyTypeCheck {
    /// The name used in `'x' object is not an instance of 'NAME'` errors.
    const NAME: &'static str;
    /// Whether `obj` may be viewed as `Self`.
    fn type_check(obj: &Bound<'_, PyAny>) -> bool;
}

impl<T: PyTypeInfo> PyTypeCheck for T {
    const NAME: &'static str = T::NAME;
    #[inline]
    fn type_check(obj: &Bound<'_, PyAny>) -> bool {
        T::is_type_of(obj)
    }
}

/// Marker: `Bound<'py, Self>` derefs to `Bound<'py, PyAny>`. Implemented by every native type
/// and by `#[pyclass]` types.
pub trait DerefToPyAny {}

/// The name of an object's type, for error messages (`type(obj).__name__`).
pub(crate) fn type_name_of(obj: Borrowed<'_, '_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "<unknown>".to_owned())
}
