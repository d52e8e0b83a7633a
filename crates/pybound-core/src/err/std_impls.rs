//! `From` conversions from Rust's standard errors into Python exceptions.

use std::io;

use crate::err::PyErr;
use crate::exceptions::*;

impl From<std::convert::Infallible> for PyErr {
    fn from(e: std::convert::Infallible) -> PyErr {
        match e {}
    }
}

/// I/O errors become the matching `OSError` subclass (`FileNotFoundError`, `PermissionError`,
/// `TimeoutError`, …). When the error carries an OS error code, the exception gets
/// `(errno, message)` arguments, so `e.errno` is set as for errors raised by Python itself.
/// An `io::Error` wrapping a `PyErr` (`io::Error::other(py_err)`, or the conversion below) is
/// that Python exception again, unchanged, as in PyO3.
impl From<io::Error> for PyErr {
    fn from(err: io::Error) -> PyErr {
        use io::ErrorKind as K;
        if err.get_ref().is_some_and(|inner| inner.is::<PyErr>()) {
            let inner = err.into_inner().expect("checked above");
            return *inner.downcast::<PyErr>().expect("checked above");
        }
        let message = err.to_string();
        macro_rules! raise {
            ($ty:ty) => {
                match err.raw_os_error() {
                    Some(errno) => PyErr::new::<$ty, _>((errno, message)),
                    None => PyErr::new::<$ty, _>(message),
                }
            };
        }
        match err.kind() {
            K::NotFound => raise!(PyFileNotFoundError),
            K::PermissionDenied => raise!(PyPermissionError),
            K::ConnectionRefused => raise!(PyConnectionRefusedError),
            K::ConnectionReset => raise!(PyConnectionResetError),
            K::ConnectionAborted => raise!(PyConnectionAbortedError),
            K::BrokenPipe => raise!(PyBrokenPipeError),
            K::AlreadyExists => raise!(PyFileExistsError),
            K::WouldBlock => raise!(PyBlockingIOError),
            K::TimedOut => raise!(PyTimeoutError),
            K::Interrupted => raise!(PyInterruptedError),
            K::IsADirectory => raise!(PyIsADirectoryError),
            K::NotADirectory => raise!(PyNotADirectoryError),
            K::OutOfMemory => PyMemoryError::new_err(message),
            _ => raise!(PyOSError),
        }
    }
}

/// A Python exception as an I/O error (for `Read` / `Write` implementations that call Python):
/// its kind follows the exception's type (`FileNotFoundError` → `NotFound`, `TimeoutError` →
/// `TimedOut`, …, anything else `Other`), and it wraps the exception, which converting back
/// into a `PyErr` returns unchanged.
impl From<PyErr> for io::Error {
    fn from(err: PyErr) -> io::Error {
        use io::ErrorKind as K;
        let kind = crate::Python::attach(|py| {
            let is = |ty: crate::Bound<'_, crate::types::PyType>| {
                err.get_type(py).is_subclass(&ty).unwrap_or(false)
            };
            macro_rules! first_match {
                ($($exc:ty => $kind:expr),* $(,)?) => {
                    $(if is(py.get_type::<$exc>()) { return $kind; })*
                };
            }
            first_match!(
                PyFileNotFoundError => K::NotFound,
                PyPermissionError => K::PermissionDenied,
                PyConnectionRefusedError => K::ConnectionRefused,
                PyConnectionResetError => K::ConnectionReset,
                PyConnectionAbortedError => K::ConnectionAborted,
                PyBrokenPipeError => K::BrokenPipe,
                PyFileExistsError => K::AlreadyExists,
                PyBlockingIOError => K::WouldBlock,
                PyTimeoutError => K::TimedOut,
                PyInterruptedError => K::Interrupted,
                PyIsADirectoryError => K::IsADirectory,
                PyNotADirectoryError => K::NotADirectory,
                PyMemoryError => K::OutOfMemory,
            );
            K::Other
        });
        io::Error::new(kind, err)
    }
}

macro_rules! from_error_as {
    ($($err:ty => $exc:ty),* $(,)?) => {$(
        impl From<$err> for PyErr {
            fn from(err: $err) -> PyErr {
                <$exc>::new_err(err.to_string())
            }
        }
    )*};
}

from_error_as! {
    std::num::ParseIntError => PyValueError,
    std::num::ParseFloatError => PyValueError,
    std::str::ParseBoolError => PyValueError,
    std::char::ParseCharError => PyValueError,
    std::num::TryFromIntError => PyOverflowError,
    std::string::FromUtf16Error => PyValueError,
    std::ffi::NulError => PyValueError,
    std::ffi::IntoStringError => PyValueError,
    std::char::CharTryFromError => PyValueError,
    std::array::TryFromSliceError => PyValueError,
    std::fmt::Error => PyValueError,
}

/// `UnicodeDecodeError('utf-8', bytes, start, end, reason)`: CPython's constructor needs all five.
fn utf8_decode_error(bytes: Vec<u8>, err: std::str::Utf8Error) -> PyErr {
    let start = err.valid_up_to();
    let end = start
        + err
            .error_len()
            .unwrap_or(bytes.len().saturating_sub(start).max(1));
    let reason = match err.error_len() {
        Some(_) => "invalid utf-8",
        None => "unexpected end of data",
    };
    let bytes: std::borrow::Cow<'static, [u8]> = bytes.into(); // converts to `bytes`, not a list
    PyErr::new::<PyUnicodeDecodeError, _>(("utf-8", bytes, start, end, reason))
}

/// The offending bytes are not kept by `Utf8Error`, so the exception's `object` is empty; the
/// positions and reason are right.
impl From<std::str::Utf8Error> for PyErr {
    fn from(err: std::str::Utf8Error) -> PyErr {
        utf8_decode_error(Vec::new(), err)
    }
}

impl From<std::string::FromUtf8Error> for PyErr {
    fn from(err: std::string::FromUtf8Error) -> PyErr {
        let e = err.utf8_error();
        utf8_decode_error(err.into_bytes(), e)
    }
}
