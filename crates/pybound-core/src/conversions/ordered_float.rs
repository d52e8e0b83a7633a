//! `ordered_float::OrderedFloat` and `NotNan` ↔ `float` (feature `ordered-float`), for `f32`
//! and `f64`. A NaN into `NotNan` is a `ValueError`.
//!
//! ```
//! use ordered_float::{NotNan, OrderedFloat};
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let x: OrderedFloat<f64> = py.eval(c"2.5", None, None).unwrap().extract().unwrap();
//!     assert_eq!(x, OrderedFloat(2.5));
//!     assert!(py.eval(c"float('nan')", None, None).unwrap().extract::<NotNan<f64>>().is_err());
//! });
//! ```

use ordered_float::{NotNan, OrderedFloat};

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyValueError;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyFloat};

macro_rules! float_wrappers {
    ($($float:ty),*) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for OrderedFloat<$float> {
            type Error = PyErr;
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                <$float>::extract(obj).map(OrderedFloat)
            }
        }

        impl<'a, 'py> FromPyObject<'a, 'py> for NotNan<$float> {
            type Error = PyErr;
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                NotNan::new(<$float>::extract(obj)?)
                    .map_err(|_| PyValueError::new_err("expected a float that is not NaN"))
            }
        }

        float_wrappers!(@into OrderedFloat<$float>, &OrderedFloat<$float>, NotNan<$float>, &NotNan<$float>);
    )*};
    (@into $($ty:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $ty {
            type Target = PyFloat;
            type Output = Bound<'py, PyFloat>;
            type Error = std::convert::Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Bound<'py, PyFloat>, Self::Error> {
                Ok(PyFloat::new(py, f64::from(self.into_inner())))
            }
        }
    )*};
}

float_wrappers!(f32, f64);
