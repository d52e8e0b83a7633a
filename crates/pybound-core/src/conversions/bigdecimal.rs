//! `bigdecimal::BigDecimal` ↔ `decimal.Decimal` (feature `bigdecimal`): arbitrary precision,
//! exact both ways through the decimal text (exponents included). Extraction takes a
//! `Decimal`, an `int`, or anything whose `str()` is a decimal number; NaN and infinities are a
//! `ValueError`.
//!
//! ```
//! use bigdecimal::BigDecimal;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let obj = py.eval(c"__import__('decimal').Decimal('-1.000000000000000000000000000000001E+40')", None, None).unwrap();
//!     let value: BigDecimal = obj.extract().unwrap();
//!     assert_eq!(value.to_string(), "-10000000000000000000000000000000010000000");
//!     assert!(value.into_pyobject(py).unwrap().eq(&obj).unwrap());
//! });
//! ```

use std::str::FromStr;

use bigdecimal::BigDecimal;

use super::decimal_support::{finite_decimal_text, new_decimal, unrepresentable};
use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::PyAny;

const TARGET: &str = "bigdecimal::BigDecimal";

impl<'py> IntoPyObject<'py> for &BigDecimal {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Scientific notation keeps the text short for large exponents; Decimal reads both.
        new_decimal(py, &self.to_scientific_notation())
    }
}

impl<'py> IntoPyObject<'py> for BigDecimal {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        (&self).into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for BigDecimal {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let text = finite_decimal_text(obj, TARGET)?;
        BigDecimal::from_str(&text).map_err(|e| unrepresentable(&text, TARGET, e))
    }
}
