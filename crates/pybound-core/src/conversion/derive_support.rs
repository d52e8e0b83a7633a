//! Runtime helpers for `#[derive(FromPyObject)]`: errors that say which field or variant failed.

use crate::conversion::FromPyObjectOwned;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyTypeError;
use crate::instance::Bound;
use crate::python::Python;
use crate::types::PyAny;

/// `TypeError("<context>: <original>")` with the original as `__cause__`.
#[cold]
pub fn field_error(py: Python<'_>, context: &str, err: PyErr) -> PyErr {
    let new = PyTypeError::new_err(format!("{context}: {err}"));
    new.set_cause(py, Some(err));
    new
}

/// Extract one field's value, naming the field on failure.
#[inline]
pub fn field_extract<'py, T: FromPyObjectOwned<'py>>(
    obj: &Bound<'py, PyAny>,
    context: &str,
) -> PyResult<T> {
    obj.extract::<T>()
        .map_err(|e| field_error(obj.py(), context, e.into()))
}

/// Extract a derived field's value with its `from_py_with` function, naming the field in the
/// error as [`field_extract`] does.
pub fn field_extract_with<'py, T, F>(obj: &Bound<'py, PyAny>, context: &str, f: F) -> PyResult<T>
where
    F: FnOnce(&Bound<'py, PyAny>) -> PyResult<T>,
{
    f(obj).map_err(|e| field_error(obj.py(), context, e))
}

/// The error after every variant failed: one line per variant with its reason.
#[cold]
pub fn enum_error(_py: Python<'_>, label: &str, failures: Vec<(&'static str, PyErr)>) -> PyErr {
    let mut msg = String::from(label);
    for (variant, err) in failures {
        msg.push_str(&format!("\n- variant {variant}: {err}"));
    }
    PyTypeError::new_err(msg)
}
