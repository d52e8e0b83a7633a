//! `either::Either<L, R>` ↔ `L | R` (feature `either`): going to Python, whichever side holds
//! the value; extracting, `L` if the object converts to it, else `R`. When neither does, the
//! `TypeError` gives both reasons.
//!
//! ```
//! use either::Either;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let v: Either<i64, String> = py.eval(c"'seven'", None, None).unwrap().extract().unwrap();
//!     assert_eq!(v, Either::Right("seven".to_owned()));
//!     let err = py.eval(c"1.5", None, None).unwrap().extract::<Either<i64, String>>().unwrap_err();
//!     assert!(err.to_string().contains("neither"), "{err}");
//! });
//! ```

use either::Either;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyTypeError;
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::PyAny;

impl<'py, L, R> IntoPyObject<'py> for Either<L, R>
where
    L: IntoPyObject<'py>,
    R: IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Either::Left(l) => Ok(l
                .into_pyobject(py)
                .map_err(Into::into)?
                .into_any()
                .into_bound()),
            Either::Right(r) => Ok(r
                .into_pyobject(py)
                .map_err(Into::into)?
                .into_any()
                .into_bound()),
        }
    }
}

impl<'a, 'py, L, R> IntoPyObject<'py> for &'a Either<L, R>
where
    &'a L: IntoPyObject<'py>,
    &'a R: IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.as_ref().into_pyobject(py)
    }
}

impl<'a, 'py, L, R> FromPyObject<'a, 'py> for Either<L, R>
where
    L: FromPyObject<'a, 'py>,
    R: FromPyObject<'a, 'py>,
{
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let left = match L::extract(obj) {
            Ok(l) => return Ok(Either::Left(l)),
            Err(e) => e.into(),
        };
        let right = match R::extract(obj) {
            Ok(r) => return Ok(Either::Right(r)),
            Err(e) => e.into(),
        };
        let py = obj.py();
        Err(PyTypeError::new_err(format!(
            "failed to convert the value to 'Union[{}, {}]': neither converts ({}; {})",
            std::any::type_name::<L>(),
            std::any::type_name::<R>(),
            reason(py, &left),
            reason(py, &right),
        )))
    }
}

/// An error's message for another error's text.
fn reason(py: Python<'_>, err: &PyErr) -> String {
    err.value(py)
        .str()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "<unprintable error>".to_owned())
}
