//! `anyhow::Error` → `PyErr` (feature `anyhow`): a `#[pyfunction]` may return
//! `anyhow::Result<T>`.
//!
//! An error that is a `PyErr` with no context added comes back out as that exception,
//! unchanged. Any other becomes a `RuntimeError` whose message is the whole chain on one line,
//! outermost first (anyhow's `{:#}` form: `context: cause: root cause`). PyO3 uses the `{:?}`
//! form, which also carries a Rust stack backtrace whenever `RUST_BACKTRACE` is set; that
//! belongs in a log, not in a Python exception's message.
//!
//! ```
//! use anyhow::Context;
//! use pybound::prelude::*;
//!
//! fn parse(text: &str) -> anyhow::Result<u16> {
//!     text.parse::<u16>().with_context(|| format!("reading port {text:?}"))
//! }
//!
//! Python::attach(|py| {
//!     let err = PyErr::from(parse("99999").unwrap_err());
//!     assert!(err.is_instance_of::<pybound::exceptions::PyRuntimeError>(py));
//!     let message = err.value(py).str().unwrap().to_string();
//!     assert_eq!(message, "reading port \"99999\": number too large to fit in target type");
//!     // A Python exception passes through as itself.
//!     let original = pybound::exceptions::PyKeyError::new_err("k");
//!     let back = PyErr::from(anyhow::Error::from(original));
//!     assert!(back.is_instance_of::<pybound::exceptions::PyKeyError>(py));
//! });
//! ```

use crate::err::PyErr;
use crate::exceptions::PyRuntimeError;

impl From<anyhow::Error> for PyErr {
    fn from(error: anyhow::Error) -> Self {
        if error.source().is_none() {
            match error.downcast::<PyErr>() {
                Ok(err) => return err,
                Err(error) => return PyRuntimeError::new_err(format!("{error:#}")),
            }
        }
        PyRuntimeError::new_err(format!("{error:#}"))
    }
}
