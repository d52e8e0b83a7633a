//! `f32`/`f64` ↔ `float`. Extraction accepts anything with `__float__` (or `__index__`).

use std::convert::Infallible;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyFloat};

impl<'a, 'py> FromPyObject<'a, 'py> for f64 {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        // SAFETY: attached. Exact floats are read directly; otherwise PyFloat_AsDouble returns
        // -1.0 with an exception set on failure.
        unsafe {
            if ffi::PyFloat_CheckExact(obj.as_ptr()) != 0 {
                return Ok(crate::abi::float_value(obj.as_ptr()));
            }
            let v = ffi::PyFloat_AsDouble(obj.as_ptr());
            if v == -1.0 && PyErr::occurred(obj.py()) {
                return Err(PyErr::fetch(obj.py()));
            }
            Ok(v)
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for f32 {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        f64::extract(obj).map(|v| v as f32)
    }
}

macro_rules! float_into_py {
    ($($t:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $t {
            type Target = PyFloat;
            type Output = Bound<'py, PyFloat>;
            type Error = Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
                Ok(PyFloat::new(py, self as f64))
            }
        }
        impl<'py> IntoPyObject<'py> for &$t {
            type Target = PyFloat;
            type Output = Bound<'py, PyFloat>;
            type Error = Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
                Ok(PyFloat::new(py, *self as f64))
            }
        }
    )*};
}

float_into_py!(f32, f64);
