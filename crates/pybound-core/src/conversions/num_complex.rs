//! `num_complex::Complex<f32 | f64>` ↔ `complex` (feature `num-complex`). Extraction takes
//! anything `complex()` accepts: a `complex`, an object with `__complex__`, a `float` or an
//! `int` (imaginary part zero).
//!
//! ```
//! use num_complex::Complex;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let z: Complex<f64> = py.eval(c"3+4j", None, None).unwrap().extract().unwrap();
//!     assert_eq!(z.norm(), 5.0);
//!     assert_eq!((z * 2.0).into_pyobject(py).unwrap().str().unwrap(), "(6+8j)");
//! });
//! ```

use num_complex::Complex;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyComplex};

/// `PyComplex_AsCComplex`: a complex, an object with `__complex__`, or a real number (through
/// `__float__` / `__index__`, imaginary part 0).
fn as_c_complex(obj: Borrowed<'_, '_, PyAny>) -> PyResult<(f64, f64)> {
    #[cfg(not(Py_LIMITED_API))]
    {
        // SAFETY: attached; a real part of -1.0 with an exception set means failure.
        let value = unsafe { ffi::PyComplex_AsCComplex(obj.as_ptr()) };
        if value.real == -1.0 {
            if let Some(err) = PyErr::take(obj.py()) {
                return Err(err);
            }
        }
        Ok((value.real, value.imag))
    }
    // The stable ABI has no `PyComplex_AsCComplex`: the same steps, in Python's terms.
    #[cfg(Py_LIMITED_API)]
    {
        let py = obj.py();
        let complex = if obj.is_instance_of::<PyComplex>() {
            obj.to_owned()
        } else if obj.hasattr(crate::intern!(py, "__complex__"))? {
            obj.call_method0(crate::intern!(py, "__complex__"))?
        } else {
            return Ok((obj.extract::<f64>()?, 0.0));
        };
        let complex = complex.cast_into::<PyComplex>()?;
        // SAFETY: attached; `complex` is a complex, whose parts these read.
        unsafe {
            Ok((
                ffi::PyComplex_RealAsDouble(complex.as_ptr()),
                ffi::PyComplex_ImagAsDouble(complex.as_ptr()),
            ))
        }
    }
}

macro_rules! complex_conversion {
    ($($float:ty),*) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for Complex<$float> {
            type Error = PyErr;
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                let (re, im) = as_c_complex(obj)?;
                Ok(Complex::new(re as $float, im as $float))
            }
        }

        complex_conversion!(@into Complex<$float>, &Complex<$float>);
    )*};
    (@into $($ty:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $ty {
            type Target = PyComplex;
            type Output = Bound<'py, PyComplex>;
            type Error = std::convert::Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Bound<'py, PyComplex>, Self::Error> {
                Ok(PyComplex::from_doubles(py, f64::from(self.re), f64::from(self.im)))
            }
        }
    )*};
}

complex_conversion!(f32, f64);
