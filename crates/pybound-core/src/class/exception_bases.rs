//! The built-in exception types as bases of `#[pyclass(extends = PyException)]` (custom
//! exceptions with Rust fields). Kept here, with the rest of the class runtime, so that the
//! exception types themselves do not depend on it.

use crate::class::PyClassBaseType;
use crate::exceptions::*;
use crate::ffi;

/// `impl PyClassBaseType` for native exception types: instances start with CPython's
/// `PyBaseExceptionObject`, which the base type's own `tp_new` initialises.
macro_rules! native_exception_bases {
    ($($name:ident,)*) => {$(
        impl PyClassBaseType for $name {
            type Header = ffi::PyBaseExceptionObject;
            type Value = ();
            const NATIVE: bool = true;
            unsafe fn init_part(_obj: *mut ffi::PyObject, _value: ()) {}
            unsafe fn drop_part(_obj: *mut ffi::PyObject) {}
        }
    )*};
}

native_exception_bases!(
    PyBaseException,
    PyException,
    PyStopAsyncIteration,
    PyStopIteration,
    PyGeneratorExit,
    PyArithmeticError,
    PyLookupError,
    PyAssertionError,
    PyAttributeError,
    PyBufferError,
    PyEOFError,
    PyFloatingPointError,
    PyOSError,
    PyImportError,
    PyModuleNotFoundError,
    PyIndexError,
    PyKeyError,
    PyKeyboardInterrupt,
    PyMemoryError,
    PyNameError,
    PyOverflowError,
    PyRuntimeError,
    PyRecursionError,
    PyNotImplementedError,
    PySyntaxError,
    PyIndentationError,
    PyTabError,
    PyReferenceError,
    PySystemError,
    PySystemExit,
    PyTypeError,
    PyUnboundLocalError,
    PyUnicodeError,
    PyUnicodeEncodeError,
    PyUnicodeDecodeError,
    PyUnicodeTranslateError,
    PyValueError,
    PyZeroDivisionError,
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

#[cfg(Py_3_11)]
native_exception_bases!(PyBaseExceptionGroup,);
#[cfg(Py_3_10)]
native_exception_bases!(PyEncodingWarning,);
