//! `Option<T>` ↔ `None` or `T`.

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::PyErr;
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::PyAny;

impl<'a, 'py, T: FromPyObject<'a, 'py>> FromPyObject<'a, 'py> for Option<T> {
    type Error = T::Error;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> Result<Self, T::Error> {
        if obj.is_none() {
            Ok(None)
        } else {
            T::extract(obj).map(Some)
        }
    }
}

impl<'py, T: IntoPyObject<'py>> IntoPyObject<'py> for Option<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, PyErr> {
        match self {
            Some(v) => Ok(v
                .into_pyobject(py)
                .map_err(Into::into)?
                .into_any()
                .into_bound()),
            None => Ok(crate::types::PyNone::get(py).to_owned().into_any()),
        }
    }
}

impl<'a, 'py, T> IntoPyObject<'py> for &'a Option<T>
where
    &'a T: IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, PyErr> {
        self.as_ref().into_pyobject(py)
    }
}

/// `()` is `None`, as a Rust function returning nothing returns `None` in Python.
impl<'py> IntoPyObject<'py> for () {
    type Target = PyAny;
    type Output = Borrowed<'static, 'py, PyAny>;
    type Error = std::convert::Infallible;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(crate::types::PyNone::get(py).to_any())
    }
}
