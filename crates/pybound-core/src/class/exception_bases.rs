//! The built-in types a `#[pyclass]` can extend: the exception types (custom exceptions with
//! Rust fields), the containers `dict`, `list` and `set`, and the `datetime` types. Kept here, with the rest of the class runtime, so that the
//! exception types themselves do not depend on it.

use crate::class::PyClassBaseType;
use crate::exceptions::*;
use crate::ffi;
use crate::types::{PyDict, PyList, PySet};

/// `impl PyClassBaseType` for native exception types: instances start with CPython's
/// `PyBaseExceptionObject`, which the base type's own `tp_new` initialises.
macro_rules! native_exception_bases {
    ($header:ty => $($name:ident,)*) => {$(
        impl PyClassBaseType for $name {
            type Header = $header;
            type Value = ();
            const NATIVE: bool = true;
            unsafe fn init_part(_obj: *mut ffi::PyObject, _value: ()) {}
            unsafe fn drop_part(_obj: *mut ffi::PyObject) {}
        }
    )*};
}

// Each exception's instance struct, as CPython declares it: a subclass's fields must come after
// all of the base's (`tp_basicsize`), so exceptions with fields of their own (OSError's errno,
// SyntaxError's position, …) have their own header.
native_exception_bases!(ffi::PyBaseExceptionObject =>
    PyBaseException,
    PyException,
    PyStopAsyncIteration,
    PyGeneratorExit,
    PyArithmeticError,
    PyLookupError,
    PyAssertionError,
    PyBufferError,
    PyEOFError,
    PyFloatingPointError,
    PyIndexError,
    PyKeyError,
    PyKeyboardInterrupt,
    PyMemoryError,
    PyOverflowError,
    PyRuntimeError,
    PyRecursionError,
    PyNotImplementedError,
    PyReferenceError,
    PySystemError,
    PyTypeError,
    PyUnicodeError,
    PyValueError,
    PyZeroDivisionError,
    PyWarning,
    PyUserWarning,
    PyDeprecationWarning,
    PyPendingDeprecationWarning,
    PySyntaxWarning,
    PyRuntimeWarning,
    PyFutureWarning,
    PyImportWarning,
    PyUnicodeWarning,
    PyBytesWarning,
    PyResourceWarning,
);

native_exception_bases!(ffi::PyStopIterationObject => PyStopIteration,);
native_exception_bases!(ffi::PySystemExitObject => PySystemExit,);
native_exception_bases!(ffi::PyImportErrorObject => PyImportError, PyModuleNotFoundError,);
native_exception_bases!(ffi::PySyntaxErrorObject => PySyntaxError, PyIndentationError, PyTabError,);
native_exception_bases!(ffi::PyUnicodeErrorObject =>
    PyUnicodeEncodeError,
    PyUnicodeDecodeError,
    PyUnicodeTranslateError,
);
native_exception_bases!(ffi::PyOSErrorObject =>
    PyOSError,
    PyBlockingIOError,
    PyBrokenPipeError,
    PyChildProcessError,
    PyConnectionError,
    PyConnectionAbortedError,
    PyConnectionRefusedError,
    PyConnectionResetError,
    PyFileExistsError,
    PyFileNotFoundError,
    PyInterruptedError,
    PyIsADirectoryError,
    PyNotADirectoryError,
    PyPermissionError,
    PyProcessLookupError,
    PyTimeoutError,
);

/// `NameError`'s instances (3.10+: the missing name), which pyo3-ffi does not declare.
#[cfg(Py_3_10)]
#[repr(C)]
pub struct NameErrorHeader {
    base: ffi::PyBaseExceptionObject,
    name: *mut ffi::PyObject,
}

/// `AttributeError`'s instances (3.10+: the object and the missing name).
#[cfg(Py_3_10)]
#[repr(C)]
pub struct AttributeErrorHeader {
    base: ffi::PyBaseExceptionObject,
    obj: *mut ffi::PyObject,
    name: *mut ffi::PyObject,
}

#[cfg(Py_3_10)]
native_exception_bases!(NameErrorHeader => PyNameError, PyUnboundLocalError,);
#[cfg(Py_3_10)]
native_exception_bases!(AttributeErrorHeader => PyAttributeError,);
#[cfg(not(Py_3_10))]
native_exception_bases!(ffi::PyBaseExceptionObject => PyNameError, PyUnboundLocalError, PyAttributeError,);

/// `BaseExceptionGroup`'s instances (3.11+: the message and the exceptions).
#[cfg(Py_3_11)]
#[repr(C)]
pub struct ExceptionGroupHeader {
    base: ffi::PyBaseExceptionObject,
    msg: *mut ffi::PyObject,
    excs: *mut ffi::PyObject,
}

#[cfg(Py_3_11)]
native_exception_bases!(ExceptionGroupHeader => PyBaseExceptionGroup,);
#[cfg(Py_3_10)]
native_exception_bases!(ffi::PyBaseExceptionObject => PyEncodingWarning,);

// The built-in containers as bases: the subclass is a `dict` / `list` / `set` (made by the
// container's own `tp_new`, filled by its `tp_init` from the constructor's arguments) with
// the Rust value after the container's fields.
macro_rules! native_container_bases {
    ($($name:ident => $header:ty,)*) => {$(
        impl PyClassBaseType for $name {
            type Header = $header;
            type Value = ();
            const NATIVE: bool = true;
            const NATIVE_INIT: bool = true;
            unsafe fn init_part(_obj: *mut ffi::PyObject, _value: ()) {}
            unsafe fn drop_part(_obj: *mut ffi::PyObject) {}
        }
    )*};
}

native_container_bases!(
    PyDict => ffi::PyDictObject,
    PyList => ffi::PyListObject,
    PySet => ffi::PySetObject,
);

// The `datetime` types as bases (most often `tzinfo`, for a Rust time zone): the base's own
// `tp_new` makes the object from the constructor's positional arguments (`tzinfo` takes none;
// a `date` subclass passes year, month and day on), and its `tp_init` is `object`'s.
macro_rules! native_datetime_bases {
    ($($name:ident => $header:ty,)*) => {$(
        impl PyClassBaseType for crate::types::$name {
            type Header = $header;
            type Value = ();
            const NATIVE: bool = true;
            unsafe fn init_part(_obj: *mut ffi::PyObject, _value: ()) {}
            unsafe fn drop_part(_obj: *mut ffi::PyObject) {}
        }
    )*};
}

native_datetime_bases!(
    PyTzInfo => ffi::PyDateTime_TZInfo,
    PyDate => ffi::PyDateTime_Date,
    PyDateTime => ffi::PyDateTime_DateTime,
    PyTime => ffi::PyDateTime_Time,
    PyDelta => ffi::PyDateTime_Delta,
);
