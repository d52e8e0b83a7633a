//! `num_bigint::BigInt` / `BigUint` ↔ `int` (feature `num-bigint`).
//!
//! Both directions are linear in the number's size: an int that fits in 64 bits converts
//! directly; a bigger one is copied in bulk between CPython's digits and num-bigint's 32-bit
//! limbs (`_PyLong_AsByteArray` / `PyLong_AsNativeBytes` and their inverses write and read the
//! limbs' memory), never digit-by-digit arithmetic, and without num-bigint's byte-at-a-time
//! `to_bytes_le` / `from_bytes_le`. Extraction accepts any
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

use num_bigint::Sign;

use crate::conversion::ints::{index, int_from_le_limbs, int_to_le_limbs, try_fits_i64};
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
        let mut limbs = int_to_le_limbs(&int, true)?;
        // The top limb's high bit is the sign: a negative value's magnitude is its two's
        // complement.
        let negative = limbs.last().is_some_and(|top| top >> 31 == 1);
        if negative {
            twos_complement(&mut limbs);
        }
        let sign = if negative { Sign::Minus } else { Sign::Plus };
        Ok(BigInt::from_biguint(sign, BigUint::new(limbs)))
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
        Ok(BigUint::new(int_to_le_limbs(&int, false)?))
    }
}

impl<'py> IntoPyObject<'py> for &BigInt {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyInt>> {
        if let Ok(small) = i64::try_from(self) {
            return Ok(small.into_pyobject(py)?);
        }
        let mut limbs: Vec<u32> = self.magnitude().iter_u32_digits().collect();
        if self.sign() == Sign::Minus {
            // One more limb, so the two's complement's top bit is the sign.
            limbs.push(0);
            twos_complement(&mut limbs);
            int_from_le_limbs(py, limbs, true)
        } else {
            int_from_le_limbs(py, limbs, false)
        }
    }
}

impl<'py> IntoPyObject<'py> for &BigUint {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyInt>> {
        if let Ok(small) = u64::try_from(self) {
            return Ok(small.into_pyobject(py)?);
        }
        int_from_le_limbs(py, self.iter_u32_digits().collect(), false)
    }
}

/// Negate little-endian limbs in place (two's complement: invert, add one).
fn twos_complement(limbs: &mut [u32]) {
    let mut carry = true;
    for limb in limbs {
        let (sum, overflow) = (!*limb).overflowing_add(u32::from(carry));
        *limb = sum;
        carry = overflow;
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
