//! `num_rational::Ratio<T>` ↔ `fractions.Fraction` (feature `num-rational`), for the integer
//! types and, with `num-bigint`, `BigInt`. Extraction reads `numerator` and `denominator`, so
//! it takes a `Fraction`, an `int`, or any `numbers.Rational`; a zero denominator is a
//! `ZeroDivisionError` rather than num-rational's panic.
//!
//! ```
//! use num_rational::Ratio;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let r: Ratio<i64> = py.eval(c"__import__('fractions').Fraction(6, -4)", None, None).unwrap().extract().unwrap();
//!     assert_eq!(r, Ratio::new(-3, 2));
//!     assert_eq!((r * 2).into_pyobject(py).unwrap().str().unwrap(), "-3");
//! });
//! ```

use num_rational::Ratio;

use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyZeroDivisionError;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyType};
use crate::Py;

fn fraction_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static FRACTION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    FRACTION.import(py, "fractions", "Fraction")
}

/// `(numerator, denominator)` of a rational number object.
fn parts<'py, T: FromPyObjectOwned<'py>>(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<(T, T)> {
    let py = obj.py();
    let numer = obj.getattr(crate::intern!(py, "numerator"))?;
    let denom = obj.getattr(crate::intern!(py, "denominator"))?;
    Ok((
        numer.extract().map_err(Into::into)?,
        denom.extract().map_err(Into::into)?,
    ))
}

macro_rules! rational_conversion {
    ($($int:ty),*) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for Ratio<$int> {
            type Error = PyErr;
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                let (numer, denom): ($int, $int) = parts(obj)?;
                if denom == <$int>::from(false) {
                    return Err(PyZeroDivisionError::new_err("Fraction with a zero denominator"));
                }
                Ok(Ratio::new(numer, denom))
            }
        }

        impl<'py> IntoPyObject<'py> for &Ratio<$int> {
            type Target = PyAny;
            type Output = Bound<'py, PyAny>;
            type Error = PyErr;
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                fraction_class(py)?.call1((self.numer(), self.denom()))
            }
        }

        impl<'py> IntoPyObject<'py> for Ratio<$int> {
            type Target = PyAny;
            type Output = Bound<'py, PyAny>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                (&self).into_pyobject(py)
            }
        }
    )*};
}

rational_conversion!(i8, i16, i32, i64, i128, isize);
#[cfg(feature = "num-bigint")]
rational_conversion!(num_bigint::BigInt);
