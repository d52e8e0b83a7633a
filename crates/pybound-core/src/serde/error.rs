//! The error of [`to_python`](super::to_python) and [`from_python`](super::from_python): a
//! Python exception or a serde message, with the path to the value that failed.

use std::fmt;

use crate::err::PyErr;
use crate::exceptions::{PyTypeError, PyValueError};
use crate::python::Python;

/// What went wrong, and where: the path (`records[3].name`) is built as the error travels out
/// of the nested values. Converts into the `PyErr` raised to Python.
pub struct PythonizeError {
    kind: Kind,
    /// Path segments, innermost first (pushed on the way out).
    path: Vec<Segment>,
}

enum Kind {
    /// Raised by Python while converting.
    Python(PyErr),
    /// serde's own message: a value of the wrong type or shape (`TypeError`).
    Type(String),
    /// Any other message from a `Serialize` / `Deserialize` impl (`ValueError`).
    Value(String),
}

enum Segment {
    Index(usize),
    Key(String),
}

impl PythonizeError {
    pub(crate) fn type_error(message: impl fmt::Display) -> Self {
        Self::new(Kind::Type(message.to_string()))
    }

    fn new(kind: Kind) -> Self {
        PythonizeError {
            kind,
            path: Vec::new(),
        }
    }

    /// Note that the error happened at sequence position `index`.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// Note that the error happened under map key / field `key`.
    pub(crate) fn at_key(mut self, key: impl fmt::Display) -> Self {
        self.path.push(Segment::Key(key.to_string()));
        self
    }

    /// The path as written in Python-ish notation: `a.b[2].c` (empty at the top).
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
            }
        }
        out
    }

    fn message(&self, py: Python<'_>) -> String {
        match &self.kind {
            Kind::Python(err) => err
                .value(py)
                .str()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Kind::Type(m) | Kind::Value(m) => m.clone(),
        }
    }
}

impl From<crate::err::CastError<'_, '_>> for PythonizeError {
    fn from(err: crate::err::CastError<'_, '_>) -> Self {
        Self::new(Kind::Python(err.into()))
    }
}

impl From<PyErr> for PythonizeError {
    fn from(err: PyErr) -> Self {
        Self::new(Kind::Python(err))
    }
}

impl From<PythonizeError> for PyErr {
    fn from(error: PythonizeError) -> PyErr {
        Python::attach(|py| {
            let path = error.path();
            let message = error.message(py);
            let text = if path.is_empty() {
                message
            } else {
                format!("{path}: {message}")
            };
            match error.kind {
                Kind::Type(_) => PyTypeError::new_err(text),
                Kind::Value(_) => PyValueError::new_err(text),
                Kind::Python(original) if path.is_empty() => original,
                Kind::Python(original) => {
                    // The same exception type with the path in its message, caused by the
                    // original; a type whose constructor does not take one message falls back
                    // to ValueError.
                    let made = original
                        .get_type(py)
                        .call1((text.clone(),))
                        .ok()
                        .filter(|e| e.is_instance_of::<crate::exceptions::PyBaseException>())
                        .map(PyErr::from_value)
                        .unwrap_or_else(|| PyValueError::new_err(text));
                    made.set_cause(py, Some(original));
                    made
                }
            }
        })
    }
}

impl fmt::Display for PythonizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = Python::attach(|py| self.message(py));
        let path = self.path();
        if path.is_empty() {
            f.write_str(&message)
        } else {
            write!(f, "{path}: {message}")
        }
    }
}

impl fmt::Debug for PythonizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PythonizeError({self})")
    }
}

impl std::error::Error for PythonizeError {}

impl ::serde::ser::Error for PythonizeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(Kind::Value(msg.to_string()))
    }
}

impl ::serde::de::Error for PythonizeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(Kind::Value(msg.to_string()))
    }

    fn invalid_type(unexp: ::serde::de::Unexpected<'_>, exp: &dyn ::serde::de::Expected) -> Self {
        Self::type_error(format_args!("invalid type: {unexp}, expected {exp}"))
    }
}
