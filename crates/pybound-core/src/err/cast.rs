use std::borrow::Cow;

use crate::err::PyErr;
use crate::exceptions::PyTypeError;
use crate::instance::{Borrowed, Bound};
use crate::type_object::type_name_of;
use crate::types::PyAny;

/// A failed [`Bound::cast`](crate::Bound::cast): the object was not of the requested type.
/// Converts into `TypeError: 'int' object is not an instance of 'str'`.
pub struct CastError<'a, 'py> {
    from: Borrowed<'a, 'py, PyAny>,
    to: Cow<'static, str>,
}

impl<'a, 'py> CastError<'a, 'py> {
    /// An error for casting `from` to the type named `to`.
    pub fn new(from: Borrowed<'a, 'py, PyAny>, to: impl Into<Cow<'static, str>>) -> Self {
        CastError {
            from,
            to: to.into(),
        }
    }
}

/// A failed [`Bound::cast_into`](crate::Bound::cast_into); gives the object back.
pub struct CastIntoError<'py> {
    from: Bound<'py, PyAny>,
    to: Cow<'static, str>,
}

impl<'py> CastIntoError<'py> {
    /// An error for casting `from` to the type named `to`.
    pub fn new(from: Bound<'py, PyAny>, to: impl Into<Cow<'static, str>>) -> Self {
        CastIntoError {
            from,
            to: to.into(),
        }
    }

    /// The object that failed the check.
    pub fn into_inner(self) -> Bound<'py, PyAny> {
        self.from
    }
}

fn message(from: Borrowed<'_, '_, PyAny>, to: &str) -> String {
    format!(
        "'{}' object is not an instance of '{}'",
        type_name_of(from),
        to
    )
}

impl std::fmt::Display for CastError<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&message(self.from, &self.to))
    }
}

impl std::fmt::Debug for CastError<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CastError({self})")
    }
}

impl std::fmt::Display for CastIntoError<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&message(self.from.as_borrowed(), &self.to))
    }
}

impl std::fmt::Debug for CastIntoError<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CastIntoError({self})")
    }
}

impl From<CastError<'_, '_>> for PyErr {
    fn from(e: CastError<'_, '_>) -> PyErr {
        PyTypeError::new_err(message(e.from, &e.to))
    }
}

impl From<CastIntoError<'_>> for PyErr {
    fn from(e: CastIntoError<'_>) -> PyErr {
        PyTypeError::new_err(message(e.from.as_borrowed(), &e.to))
    }
}
