//! `NonZero*` ↔ `int` (zero refused), `Cell<T>` as its value, `CString` / `&CStr` → `str` (and
//! `CString` from `str`), `IpAddr` / `Ipv4Addr` / `Ipv6Addr` ↔ `ipaddress.IPv4Address` /
//! `IPv6Address`.

use std::ffi::{CStr, CString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::num::{
    NonZeroI128, NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroIsize, NonZeroU128,
    NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU8, NonZeroUsize,
};

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyValueError};
use crate::instance::{Borrowed, Bound, Py};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyInt, PyString};

macro_rules! nonzero {
    ($($nz:ty => $int:ty),* $(,)?) => {$(
        impl<'py> IntoPyObject<'py> for $nz {
            type Target = PyInt;
            type Output = Bound<'py, PyInt>;
            type Error = std::convert::Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
                self.get().into_pyobject(py)
            }
        }

        impl<'py> IntoPyObject<'py> for &$nz {
            type Target = PyInt;
            type Output = Bound<'py, PyInt>;
            type Error = std::convert::Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
                self.get().into_pyobject(py)
            }
        }

        /// An `int` that is not zero (`ValueError` for zero; `OverflowError` out of range).
        impl<'a, 'py> FromPyObject<'a, 'py> for $nz {
            type Error = PyErr;
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                let value: $int = obj.extract()?;
                <$nz>::new(value).ok_or_else(|| PyValueError::new_err("invalid zero value"))
            }
        }
    )*};
}

nonzero!(
    NonZeroI8 => i8, NonZeroI16 => i16, NonZeroI32 => i32, NonZeroI64 => i64,
    NonZeroI128 => i128, NonZeroIsize => isize,
    NonZeroU8 => u8, NonZeroU16 => u16, NonZeroU32 => u32, NonZeroU64 => u64,
    NonZeroU128 => u128, NonZeroUsize => usize,
);

/// A C string as `str`, decoded as UTF-8 (`UnicodeDecodeError` for invalid bytes).
fn c_str_to_py<'py>(py: Python<'py>, s: &CStr) -> PyResult<Bound<'py, PyString>> {
    let bytes = s.to_bytes();
    // SAFETY: attached; decodes `len` bytes; returns a new str or NULL with the error set.
    unsafe {
        Ok(Bound::from_owned_ptr_or_err(
            py,
            crate::ffi::PyUnicode_FromStringAndSize(
                bytes.as_ptr().cast(),
                bytes.len() as crate::ffi::Py_ssize_t,
            ),
        )?
        .cast_into_unchecked())
    }
}

macro_rules! c_str_into_py {
    ($($t:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $t {
            type Target = PyString;
            type Output = Bound<'py, PyString>;
            type Error = PyErr;
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
                c_str_to_py(py, self.as_ref())
            }
        }
    )*};
}

c_str_into_py!(&CStr, CString, &CString, std::borrow::Cow<'_, CStr>);

/// A `str` without NUL characters as a `CString`.
impl<'a, 'py> FromPyObject<'a, 'py> for CString {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let text: &str = obj.extract()?;
        CString::new(text).map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// `ipaddress.IPv4Address` / `IPv6Address`, imported once.
fn ip_class<'py>(py: Python<'py>, v6: bool) -> PyResult<&'py Bound<'py, PyAny>> {
    static V4: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    static V6: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let (cell, name) = if v6 {
        (&V6, "IPv6Address")
    } else {
        (&V4, "IPv4Address")
    };
    let class = cell.get_or_try_init(py, || {
        py.import("ipaddress")?.getattr(name).map(Bound::unbind)
    })?;
    Ok(class.bind(py))
}

impl<'py> IntoPyObject<'py> for Ipv4Addr {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        ip_class(py, false)?.call1((u32::from(self),))
    }
}

impl<'py> IntoPyObject<'py> for Ipv6Addr {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        ip_class(py, true)?.call1((u128::from(self),))
    }
}

impl<'py> IntoPyObject<'py> for IpAddr {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self {
            IpAddr::V4(a) => a.into_pyobject(py),
            IpAddr::V6(a) => a.into_pyobject(py),
        }
    }
}

macro_rules! ip_ref_into_py {
    ($($t:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for &$t {
            type Target = PyAny;
            type Output = Bound<'py, PyAny>;
            type Error = PyErr;
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
                (*self).into_pyobject(py)
            }
        }
    )*};
}

ip_ref_into_py!(Ipv4Addr, Ipv6Addr, IpAddr);

/// The address's packed bytes (`ipaddress` objects have `packed`), or its text (`"10.0.0.1"`).
fn ip_from_py(obj: Borrowed<'_, '_, PyAny>) -> PyResult<IpAddr> {
    if let Ok(packed) = obj.getattr(crate::intern!(obj.py(), "packed")) {
        let bytes: Vec<u8> = packed.extract()?;
        return match bytes.len() {
            4 => Ok(IpAddr::V4(Ipv4Addr::from(
                <[u8; 4]>::try_from(bytes).expect("4 bytes"),
            ))),
            16 => Ok(IpAddr::V6(Ipv6Addr::from(
                <[u8; 16]>::try_from(bytes).expect("16 bytes"),
            ))),
            n => Err(PyValueError::new_err(format!(
                "packed address of {n} bytes"
            ))),
        };
    }
    let text: &str = obj
        .extract()
        .map_err(|_| PyTypeError::new_err("expected an ipaddress address or a str"))?;
    text.parse()
        .map_err(|e: std::net::AddrParseError| PyValueError::new_err(e.to_string()))
}

impl<'a, 'py> FromPyObject<'a, 'py> for IpAddr {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        ip_from_py(obj)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Ipv4Addr {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match ip_from_py(obj)? {
            IpAddr::V4(a) => Ok(a),
            IpAddr::V6(_) => Err(PyValueError::new_err("expected an IPv4 address")),
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Ipv6Addr {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        match ip_from_py(obj)? {
            IpAddr::V6(a) => Ok(a),
            IpAddr::V4(_) => Err(PyValueError::new_err("expected an IPv6 address")),
        }
    }
}

/// A `Cell`'s value (copied out), as PyO3 converts it.
impl<'py, T: Copy + IntoPyObject<'py>> IntoPyObject<'py> for std::cell::Cell<T> {
    type Target = T::Target;
    type Output = T::Output;
    type Error = T::Error;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.get().into_pyobject(py)
    }
}

/// A `Cell`'s value (copied out).
impl<'py, T: Copy + IntoPyObject<'py>> IntoPyObject<'py> for &std::cell::Cell<T> {
    type Target = T::Target;
    type Output = T::Output;
    type Error = T::Error;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.get().into_pyobject(py)
    }
}

/// A new `Cell` holding the extracted value.
impl<'a, 'py, T: FromPyObject<'a, 'py>> FromPyObject<'a, 'py> for std::cell::Cell<T> {
    type Error = T::Error;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        T::extract(obj).map(std::cell::Cell::new)
    }
}
