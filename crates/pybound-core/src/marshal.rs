//! Python's `marshal` format (the one `.pyc` files use): [`dumps`] and [`loads`] as the
//! `marshal` module has them. Only for Python's own core types, and not a stable format across
//! Python versions: for data exchange, use `pickle` or JSON.
//!
//! ```
//! use pybound::prelude::*;
//! Python::attach(|py| {
//!     let value = py.eval(c"{'a': [1, 2.5, b'x'], 'b': None}", None, None).unwrap();
//!     let data = pybound::marshal::dumps(&value, pybound::marshal::VERSION).unwrap();
//!     let back = pybound::marshal::loads(py, data.as_bytes()).unwrap();
//!     assert!(back.eq(&value).unwrap());
//!     assert!(pybound::marshal::loads(py, b"\x00garbage").is_err());
//! });
//! ```

use std::os::raw::c_int;

use crate::err::PyResult;
use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;
use crate::types::{PyAny, PyBytes};

/// The current version of the format (`marshal.version`).
pub const VERSION: i32 = 4;

/// `marshal.dumps(object, version)`: `ValueError` for an object of a type marshal does not
/// support.
pub fn dumps<'py>(object: &Bound<'py, PyAny>, version: i32) -> PyResult<Bound<'py, PyBytes>> {
    // SAFETY: attached; returns a new bytes object or NULL with an exception set.
    unsafe {
        Ok(Bound::<PyAny>::from_owned_ptr_or_err(
            object.py(),
            ffi::PyMarshal_WriteObjectToString(object.as_ptr(), version as c_int),
        )?
        .cast_into_unchecked())
    }
}

/// `marshal.loads(data)`: `EOFError` / `ValueError` / `TypeError` for bad data.
pub fn loads<'py, B: AsRef<[u8]> + ?Sized>(
    py: Python<'py>,
    data: &B,
) -> PyResult<Bound<'py, PyAny>> {
    let data = data.as_ref();
    // SAFETY: attached; reads `len` bytes; returns a new reference or NULL with an exception.
    unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyMarshal_ReadObjectFromString(
                data.as_ptr().cast(),
                data.len() as ffi::Py_ssize_t,
            ),
        )
    }
}
