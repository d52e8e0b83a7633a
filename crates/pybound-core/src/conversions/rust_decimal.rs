//! `rust_decimal::Decimal` ↔ `decimal.Decimal` (feature `rust_decimal`).
//!
//! Exact both ways through the decimal text. Extraction takes a `Decimal`, an `int` (directly
//! when it fits in 64 bits), or anything whose `str()` is a decimal number (a `float` by its
//! shortest repr, a numeric `str`), as PyO3 does. NaN and infinities are a `ValueError`, as is
//! a value beyond rust_decimal's 96-bit mantissa (about 28 significant digits); digits past
//! its scale of 28 are rounded, as rust_decimal's own parser does.
//!
//! ```
//! use pybound::prelude::*;
//! use rust_decimal::Decimal;
//!
//! Python::attach(|py| {
//!     let price = Decimal::new(12_345, 2);
//!     let obj = price.into_pyobject(py).unwrap();
//!     assert_eq!(obj.repr().unwrap(), "Decimal('123.45')");
//!     assert_eq!(obj.extract::<Decimal>().unwrap(), price);
//!     let nan = py.eval(c"__import__('decimal').Decimal('NaN')", None, None).unwrap();
//!     assert!(nan.extract::<Decimal>().is_err());
//! });
//! ```

use std::str::FromStr;

use rust_decimal::Decimal;

use super::decimal_support::{finite_decimal_text, new_decimal, unrepresentable};
use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyInt};

const TARGET: &str = "rust_decimal::Decimal";

impl<'py> IntoPyObject<'py> for Decimal {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        new_decimal(py, &self.to_string())
    }
}

impl<'py> IntoPyObject<'py> for &Decimal {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        (*self).into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Decimal {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_exact_instance_of::<PyInt>() {
            if let Ok(small) = obj.extract::<i64>() {
                return Ok(Decimal::from(small));
            }
        }
        let text = finite_decimal_text(obj, TARGET)?;
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|e| unrepresentable(&text, TARGET, e))
    }
}
