//! `std::time::Duration` ↔ `datetime.timedelta` (microsecond resolution: nanoseconds below a
//! microsecond are dropped going to Python).

use std::time::Duration;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyOverflowError, PyValueError};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::PyAny;
use crate::Py;

fn timedelta_type(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static TIMEDELTA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    TIMEDELTA
        .get_or_try_init(py, || {
            py.import("datetime")?
                .getattr("timedelta")
                .map(Bound::unbind)
        })
        .map(|t| t.bind(py))
}

impl<'a, 'py> FromPyObject<'a, 'py> for Duration {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        if !obj.is_instance(timedelta_type(py)?)? {
            return Err(crate::err::CastError::new(obj, "timedelta").into());
        }
        let days: i64 = obj.getattr(crate::intern!(py, "days"))?.extract()?;
        let seconds: u64 = obj.getattr(crate::intern!(py, "seconds"))?.extract()?;
        let micros: u32 = obj.getattr(crate::intern!(py, "microseconds"))?.extract()?;
        if days < 0 {
            return Err(PyValueError::new_err(
                "negative timedelta cannot be converted to Duration",
            ));
        }
        let secs = (days as u64) * 86_400 + seconds;
        Ok(Duration::new(secs, micros * 1_000))
    }
}

impl<'py> IntoPyObject<'py> for Duration {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let days = self.as_secs() / 86_400;
        if days > 999_999_999 {
            return Err(PyOverflowError::new_err("Duration too large for timedelta"));
        }
        let seconds = self.as_secs() % 86_400;
        let micros = self.subsec_micros();
        timedelta_type(py)?.call1((days, seconds, micros))
    }
}

impl<'py> IntoPyObject<'py> for &Duration {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        (*self).into_pyobject(py)
    }
}
