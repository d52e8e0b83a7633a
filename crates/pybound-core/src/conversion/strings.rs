//! Text and bytes: `str` ↔ `String`/`&str`/`Cow<str>`/`char`, `bytes` ↔ `&[u8]`/`Cow<[u8]>`,
//! and `bool` (here because it is the other "exact type only" conversion).

use std::borrow::Cow;
use std::convert::Infallible;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyValueError;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyBool, PyByteArray, PyBytes, PyString};

/// Borrows the string's UTF-8 buffer (cached inside the `str` object): no copy. A string with
/// lone surrogates cannot be UTF-8 and gives `UnicodeEncodeError`.
impl<'a, 'py> FromPyObject<'a, 'py> for &'a str {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        obj.cast::<PyString>()?.to_str_borrowed()
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for String {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        obj.cast::<PyString>()?.with_utf8(str::to_owned)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Cow<'a, str> {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        obj.cast::<PyString>()?.to_cow_borrowed()
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for char {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        obj.cast::<PyString>()?.with_utf8(|s| {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(PyValueError::new_err(format!(
                    "expected a string of length 1, got one of length {}",
                    s.chars().count()
                ))),
            }
        })?
    }
}

/// `True` / `False`, and numpy's `numpy.bool_` (as in PyO3); anything else is a `TypeError`
/// (truthiness is not a conversion).
impl<'a, 'py> FromPyObject<'a, 'py> for bool {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match obj.cast::<PyBool>() {
            Ok(b) => Ok(b.is_true()),
            Err(err) => numpy_bool(obj).unwrap_or_else(|| Err(err.into())),
        }
    }
}

/// `numpy.bool_` (named `numpy.bool` since numpy 2), recognised by its type's name and module
/// so that numpy need not be imported: its truth value. `None` for any other type.
#[cold]
#[inline(never)]
fn numpy_bool(obj: Borrowed<'_, '_, PyAny>) -> Option<PyResult<bool>> {
    let ty = obj.get_type();
    let module = ty.module().ok()?;
    let name = ty.name().ok()?;
    let (module, name) = (module.to_str().ok()?, name.to_str().ok()?);
    if module != "numpy" || !(name == "bool_" || name == "bool") {
        return None;
    }
    Some(obj.is_truthy())
}

/// Borrows the contents of a `bytes` object: no copy. (`bytearray` is mutable, so it cannot be
/// borrowed safely; extract `Vec<u8>`, `Cow<[u8]>` or [`PyBackedBytes`](crate::PyBackedBytes)
/// for it.)
impl<'a, 'py> FromPyObject<'a, 'py> for &'a [u8] {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<PyBytes>()?.as_bytes_borrowed())
    }
}

/// Borrows `bytes`, copies `bytearray`.
impl<'a, 'py> FromPyObject<'a, 'py> for Cow<'a, [u8]> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(Cow::Borrowed(bytes.as_bytes_borrowed()));
        }
        Ok(Cow::Owned(obj.cast::<PyByteArray>()?.to_vec()))
    }
}

macro_rules! str_into_py {
    ($($t:ty => |$s:ident| $text:expr),* $(,)?) => {$(
        impl<'py> IntoPyObject<'py> for $t {
            type Target = PyString;
            type Output = Bound<'py, PyString>;
            type Error = Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
                let $s = self;
                Ok(PyString::new(py, $text))
            }
        }
    )*};
}

str_into_py!(
    &str => |s| s,
    &&str => |s| s,
    String => |s| &s,
    &String => |s| s,
    Cow<'_, str> => |s| &s,
    &Cow<'_, str> => |s| s,
    char => |c| c.encode_utf8(&mut [0; 4]),
    &char => |c| c.encode_utf8(&mut [0; 4]),
);

impl<'py> IntoPyObject<'py> for Cow<'_, [u8]> {
    type Target = PyBytes;
    type Output = Bound<'py, PyBytes>;
    type Error = Infallible;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
        Ok(PyBytes::new(py, &self))
    }
}

impl<'py> IntoPyObject<'py> for bool {
    type Target = PyBool;
    type Output = Borrowed<'static, 'py, PyBool>;
    type Error = Infallible;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
        Ok(PyBool::new(py, self))
    }
}

impl<'py> IntoPyObject<'py> for &bool {
    type Target = PyBool;
    type Output = Borrowed<'static, 'py, PyBool>;
    type Error = Infallible;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
        Ok(PyBool::new(py, *self))
    }
}
