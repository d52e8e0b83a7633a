//! `eyre::Report` → `PyErr` (feature `eyre`): a `#[pyfunction]` may return
//! `eyre::Result<T>`. As for `anyhow`: a `PyErr` with no context added comes back out
//! unchanged; any other report becomes a `RuntimeError` carrying the whole chain on one line
//! (the report's `{:#}` form, without the backtrace PyO3's `{:?}` form can carry).
//!
//! ```
//! use eyre::WrapErr;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let report = "x".parse::<i32>().wrap_err("reading the count").unwrap_err();
//!     let err = PyErr::from(report);
//!     let message = err.value(py).str().unwrap().to_string();
//!     assert_eq!(message, "reading the count: invalid digit found in string");
//!     let original = pybound::exceptions::PyKeyError::new_err("k");
//!     let back = PyErr::from(eyre::Report::new(original));
//!     assert!(back.is_instance_of::<pybound::exceptions::PyKeyError>(py));
//! });
//! ```

use crate::err::PyErr;
use crate::exceptions::PyRuntimeError;

impl From<eyre::Report> for PyErr {
    fn from(report: eyre::Report) -> Self {
        if report.source().is_none() {
            match report.downcast::<PyErr>() {
                Ok(err) => return err,
                Err(report) => return PyRuntimeError::new_err(format!("{report:#}")),
            }
        }
        PyRuntimeError::new_err(format!("{report:#}"))
    }
}
