//! `bytes::Bytes` ↔ `bytes` (feature `bytes`). Extracting borrows the Python object's memory
//! without a copy (a `bytearray` is copied once, as its contents can change); the `Bytes` keeps
//! the object alive, and may be sent to other threads. Going to Python copies once.
//!
//! ```
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let obj = py.eval(c"b'hello'", None, None).unwrap();
//!     let data: bytes::Bytes = obj.extract().unwrap();
//!     assert_eq!(&data[..], b"hello");
//!     assert_eq!(data.slice(1..3).into_pyobject(py).unwrap().as_bytes(), b"el");
//! });
//! ```

use bytes::{Bytes, BytesMut};

use crate::conversion::{FromPyObject, IntoPyObject, PyBackedBytes};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyBytes};

impl<'a, 'py> FromPyObject<'a, 'py> for Bytes {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Bytes::from_owner(obj.extract::<PyBackedBytes>()?))
    }
}

macro_rules! to_bytes_object {
    ($($ty:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $ty {
            type Target = PyBytes;
            type Output = Bound<'py, PyBytes>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
                Ok(PyBytes::new(py, &self))
            }
        }
    )*};
}

to_bytes_object!(Bytes, &Bytes, BytesMut, &BytesMut);
