//! `num_bigint::BigInt` / `BigUint` ↔ `int` (feature `num-bigint`).
//!
//! Both directions are linear in the number's size: an int that fits in 64 bits converts
//! directly; a bigger one goes through its little-endian byte form in one bulk copy each way
//! (CPython's `_PyLong_AsByteArray` / `PyLong_AsNativeBytes` and their inverses, and
//! num-bigint's byte constructors), never digit-by-digit arithmetic. Extraction accepts any
//! object with `__index__`; a negative int into `BigUint` is an `OverflowError`, as for `u64`.
//!
//! ```
//! use num_bigint::BigInt;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let big: BigInt = py.eval(c"-(10 ** 40) - 7", None, None).unwrap().extract().unwrap();
//!     assert_eq!(big.to_string(), "-10000000000000000000000000000000000000007");
//!     let doubled: BigInt = &big * 2;
//!     let back = doubled.into_pyobject(py).unwrap();
//!     assert_eq!(back.str().unwrap(), "-20000000000000000000000000000000000000014");
//! });
//! ```

use num_bigint::{BigInt, BigUint};

use crate::conversion::ints::{index, int_from_le_bytes, int_to_le_bytes, try_fits_i64};
use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyOverflowError;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyInt};

impl<'a, 'py> FromPyObject<'a, 'py> for BigInt {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let int = index(obj)?;
        if let Some(small) = try_fits_i64(int.as_borrowed().to_any())? {
            return Ok(BigInt::from(small));
        }
        Ok(BigInt::from_signed_bytes_le(&int_to_le_bytes(&int, true)?))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for BigUint {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let int = index(obj)?;
        if let Some(small) = try_fits_i64(int.as_borrowed().to_any())? {
            return u64::try_from(small)
                .map(BigUint::from)
                .map_err(|_| PyOverflowError::new_err("can't convert negative int to unsigned"));
        }
        Ok(BigUint::from_bytes_le(&int_to_le_bytes(&int, false)?))
    }
}

impl<'py> IntoPyObject<'py> for &BigInt {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyInt>> {
        match i64::try_from(self) {
            Ok(small) => Ok(small.into_pyobject(py)?),
            Err(_) => int_from_le_bytes(py, &self.to_signed_bytes_le(), true),
        }
    }
}

impl<'py> IntoPyObject<'py> for &BigUint {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyInt>> {
        match u64::try_from(self) {
            Ok(small) => Ok(small.into_pyobject(py)?),
            Err(_) => int_from_le_bytes(py, &self.to_bytes_le(), false),
        }
    }
}

macro_rules! by_value {
    ($($ty:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $ty {
            type Target = PyInt;
            type Output = Bound<'py, PyInt>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyInt>> {
                (&self).into_pyobject(py)
            }
        }
    )*};
}

by_value!(BigInt, BigUint);
