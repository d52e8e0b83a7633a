//! What the `rust_decimal` and `bigdecimal` conversions share: the `decimal.Decimal` class and
//! the text of a value headed for a Rust decimal type.

use crate::err::{PyErr, PyResult};
use crate::exceptions::PyValueError;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyString, PyType};
use crate::Py;

/// `decimal.Decimal`, looked up once.
pub(crate) fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

/// `decimal.Decimal(text)`.
pub(crate) fn new_decimal<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    decimal_class(py)?.call1((PyString::new(py, text),))
}

/// The text of `obj` as a decimal number (`str(obj)`: a `Decimal`, an `int`, a `float`, a
/// numeric `str`), refusing NaN and infinities with a `ValueError` that names `target`.
pub(crate) fn finite_decimal_text(obj: Borrowed<'_, '_, PyAny>, target: &str) -> PyResult<String> {
    let text = obj.str()?.to_str()?.to_owned();
    let lower = text.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(PyValueError::new_err(format!(
            "cannot convert {text} to {target}: only finite numbers can be"
        )));
    }
    Ok(text)
}

/// The `ValueError` for text the Rust type cannot hold.
pub(crate) fn unrepresentable(text: &str, target: &str, why: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("cannot convert {text} to {target}: {why}"))
}
