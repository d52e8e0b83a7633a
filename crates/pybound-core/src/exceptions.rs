//! Python's built-in exception types, and the macros that declare new ones.
//!
//! Each type is a marker like the other native types: make an error with
//! `PyValueError::new_err("message")`, test one with `err.is_instance_of::<PyValueError>(py)`,
//! and cast an object with `obj.cast::<PyValueError>()`.
//!
//! ```
//! use pybound::prelude::*;
//! use pybound::exceptions::{PyLookupError, PyKeyError};
//!
//! Python::attach(|py| {
//!     let err = PyKeyError::new_err("k");
//!     assert!(err.is_instance_of::<PyLookupError>(py)); // subclasses match
//! });
//! ```

use crate::err::{PyErr, PyErrArguments};
use crate::ffi;

/// Declare one built-in exception marker from its `PyExc_*` pointer.
macro_rules! builtin_exception {
    ($(#[$meta:meta])* $name:ident, $ffi:ident, $pyname:literal) => {
        crate::types::native_type!(
            $(#[$meta])*
            $name, $pyname, Some("builtins"),
            type_object: |py| ffi::$ffi.cast::<ffi::PyTypeObject>(),
            check: |obj| ffi::PyObject_TypeCheck(obj.as_ptr(), ffi::$ffi.cast()) != 0
        );

        impl crate::err::ToPyErr for $name {}

        impl $name {
            #[doc = concat!("A lazy `", $pyname, "` with constructor arguments `args` (a message, a tuple, or `()`).")]
            #[inline]
            pub fn new_err<A: PyErrArguments + 'static>(args: A) -> PyErr {
                PyErr::new::<$name, A>(args)
            }
        }
    };
}

builtin_exception!(
    #[doc = "Python's `BaseException`."]
    PyBaseException,
    PyExc_BaseException,
    "BaseException"
);

builtin_exception!(
    #[doc = "Python's `Exception`."]
    PyException,
    PyExc_Exception,
    "Exception"
);

builtin_exception!(
    #[doc = "Python's `StopAsyncIteration`."]
    PyStopAsyncIteration,
    PyExc_StopAsyncIteration,
    "StopAsyncIteration"
);

builtin_exception!(
    #[doc = "Python's `StopIteration`."]
    PyStopIteration,
    PyExc_StopIteration,
    "StopIteration"
);

builtin_exception!(
    #[doc = "Python's `GeneratorExit`."]
    PyGeneratorExit,
    PyExc_GeneratorExit,
    "GeneratorExit"
);

builtin_exception!(
    #[doc = "Python's `ArithmeticError`."]
    PyArithmeticError,
    PyExc_ArithmeticError,
    "ArithmeticError"
);

builtin_exception!(
    #[doc = "Python's `LookupError`."]
    PyLookupError,
    PyExc_LookupError,
    "LookupError"
);

builtin_exception!(
    #[doc = "Python's `AssertionError`."]
    PyAssertionError,
    PyExc_AssertionError,
    "AssertionError"
);

builtin_exception!(
    #[doc = "Python's `AttributeError`."]
    PyAttributeError,
    PyExc_AttributeError,
    "AttributeError"
);

builtin_exception!(
    #[doc = "Python's `BufferError`."]
    PyBufferError,
    PyExc_BufferError,
    "BufferError"
);

builtin_exception!(
    #[doc = "Python's `EOFError`."]
    PyEOFError,
    PyExc_EOFError,
    "EOFError"
);

builtin_exception!(
    #[doc = "Python's `FloatingPointError`."]
    PyFloatingPointError,
    PyExc_FloatingPointError,
    "FloatingPointError"
);

builtin_exception!(
    #[doc = "Python's `OSError`."]
    PyOSError,
    PyExc_OSError,
    "OSError"
);

builtin_exception!(
    #[doc = "Python's `ImportError`."]
    PyImportError,
    PyExc_ImportError,
    "ImportError"
);

builtin_exception!(
    #[doc = "Python's `ModuleNotFoundError`."]
    PyModuleNotFoundError,
    PyExc_ModuleNotFoundError,
    "ModuleNotFoundError"
);

builtin_exception!(
    #[doc = "Python's `IndexError`."]
    PyIndexError,
    PyExc_IndexError,
    "IndexError"
);

builtin_exception!(
    #[doc = "Python's `KeyError`."]
    PyKeyError,
    PyExc_KeyError,
    "KeyError"
);

builtin_exception!(
    #[doc = "Python's `KeyboardInterrupt`."]
    PyKeyboardInterrupt,
    PyExc_KeyboardInterrupt,
    "KeyboardInterrupt"
);

builtin_exception!(
    #[doc = "Python's `MemoryError`."]
    PyMemoryError,
    PyExc_MemoryError,
    "MemoryError"
);

builtin_exception!(
    #[doc = "Python's `NameError`."]
    PyNameError,
    PyExc_NameError,
    "NameError"
);

builtin_exception!(
    #[doc = "Python's `OverflowError`."]
    PyOverflowError,
    PyExc_OverflowError,
    "OverflowError"
);

builtin_exception!(
    #[doc = "Python's `RuntimeError`."]
    PyRuntimeError,
    PyExc_RuntimeError,
    "RuntimeError"
);

builtin_exception!(
    #[doc = "Python's `RecursionError`."]
    PyRecursionError,
    PyExc_RecursionError,
    "RecursionError"
);

builtin_exception!(
    #[doc = "Python's `NotImplementedError`."]
    PyNotImplementedError,
    PyExc_NotImplementedError,
    "NotImplementedError"
);

builtin_exception!(
    #[doc = "Python's `SyntaxError`."]
    PySyntaxError,
    PyExc_SyntaxError,
    "SyntaxError"
);

builtin_exception!(
    #[doc = "Python's `IndentationError`."]
    PyIndentationError,
    PyExc_IndentationError,
    "IndentationError"
);

builtin_exception!(
    #[doc = "Python's `TabError`."]
    PyTabError,
    PyExc_TabError,
    "TabError"
);

builtin_exception!(
    #[doc = "Python's `ReferenceError`."]
    PyReferenceError,
    PyExc_ReferenceError,
    "ReferenceError"
);

builtin_exception!(
    #[doc = "Python's `SystemError`."]
    PySystemError,
    PyExc_SystemError,
    "SystemError"
);

builtin_exception!(
    #[doc = "Python's `SystemExit`."]
    PySystemExit,
    PyExc_SystemExit,
    "SystemExit"
);

builtin_exception!(
    #[doc = "Python's `TypeError`."]
    PyTypeError,
    PyExc_TypeError,
    "TypeError"
);

builtin_exception!(
    #[doc = "Python's `UnboundLocalError`."]
    PyUnboundLocalError,
    PyExc_UnboundLocalError,
    "UnboundLocalError"
);

builtin_exception!(
    #[doc = "Python's `UnicodeError`."]
    PyUnicodeError,
    PyExc_UnicodeError,
    "UnicodeError"
);

builtin_exception!(
    #[doc = "Python's `UnicodeEncodeError`."]
    PyUnicodeEncodeError,
    PyExc_UnicodeEncodeError,
    "UnicodeEncodeError"
);

builtin_exception!(
    #[doc = "Python's `UnicodeDecodeError`."]
    PyUnicodeDecodeError,
    PyExc_UnicodeDecodeError,
    "UnicodeDecodeError"
);

impl PyUnicodeDecodeError {
    /// A new `UnicodeDecodeError` (`PyUnicodeDecodeError_Create`): `encoding` could not
    /// decode `input[range]`, for `reason`.
    pub fn new<'py>(
        py: crate::Python<'py>,
        encoding: &std::ffi::CStr,
        input: &[u8],
        range: std::ops::Range<usize>,
        reason: &std::ffi::CStr,
    ) -> crate::PyResult<crate::Bound<'py, PyUnicodeDecodeError>> {
        // SAFETY: valid C strings and a valid byte buffer for the call; a new reference or
        // NULL with an exception set comes back. (Slice lengths fit in `Py_ssize_t`.)
        let obj = unsafe {
            crate::Bound::from_owned_ptr_or_err(
                py,
                ffi::PyUnicodeDecodeError_Create(
                    encoding.as_ptr(),
                    input.as_ptr().cast(),
                    input.len() as ffi::Py_ssize_t,
                    range.start as ffi::Py_ssize_t,
                    range.end as ffi::Py_ssize_t,
                    reason.as_ptr(),
                ),
            )?
        };
        // SAFETY: `PyUnicodeDecodeError_Create` makes an instance of this type.
        Ok(unsafe { obj.cast_into_unchecked() })
    }

    /// The `UnicodeDecodeError` of a failed UTF-8 decoding of `input`, as CPython's `utf-8`
    /// codec raises it (`'utf-8' codec can't decode byte 0xd8 in position 2: invalid utf-8`).
    ///
    /// ```
    /// use pybound::prelude::*;
    /// use pybound::exceptions::PyUnicodeDecodeError;
    ///
    /// Python::attach(|py| {
    ///     let input = b"fo\xd8o";
    ///     let err = std::str::from_utf8(input).unwrap_err();
    ///     let e = PyUnicodeDecodeError::new_utf8(py, input, err).unwrap();
    ///     assert_eq!(e.to_string(), "'utf-8' codec can't decode byte 0xd8 in position 2: invalid utf-8");
    /// });
    /// ```
    pub fn new_utf8<'py>(
        py: crate::Python<'py>,
        input: &[u8],
        err: std::str::Utf8Error,
    ) -> crate::PyResult<crate::Bound<'py, PyUnicodeDecodeError>> {
        let start = err.valid_up_to();
        let (end, reason) = match err.error_len() {
            Some(len) => (start + len, c"invalid utf-8"),
            None => (input.len(), c"unexpected end of data"),
        };
        Self::new(py, c"utf-8", input, start..end, reason)
    }

    /// [`new_utf8`](PyUnicodeDecodeError::new_utf8) as a [`PyErr`] to return.
    pub fn new_err_from_utf8(
        py: crate::Python<'_>,
        input: &[u8],
        err: std::str::Utf8Error,
    ) -> PyErr {
        match Self::new_utf8(py, input, err) {
            Ok(e) => PyErr::from_value(e.into_any()),
            Err(e) => e,
        }
    }
}

builtin_exception!(
    #[doc = "Python's `UnicodeTranslateError`."]
    PyUnicodeTranslateError,
    PyExc_UnicodeTranslateError,
    "UnicodeTranslateError"
);

builtin_exception!(
    #[doc = "Python's `ValueError`."]
    PyValueError,
    PyExc_ValueError,
    "ValueError"
);

builtin_exception!(
    #[doc = "Python's `ZeroDivisionError`."]
    PyZeroDivisionError,
    PyExc_ZeroDivisionError,
    "ZeroDivisionError"
);

builtin_exception!(
    #[doc = "Python's `BlockingIOError`."]
    PyBlockingIOError,
    PyExc_BlockingIOError,
    "BlockingIOError"
);

builtin_exception!(
    #[doc = "Python's `BrokenPipeError`."]
    PyBrokenPipeError,
    PyExc_BrokenPipeError,
    "BrokenPipeError"
);

builtin_exception!(
    #[doc = "Python's `ChildProcessError`."]
    PyChildProcessError,
    PyExc_ChildProcessError,
    "ChildProcessError"
);

builtin_exception!(
    #[doc = "Python's `ConnectionError`."]
    PyConnectionError,
    PyExc_ConnectionError,
    "ConnectionError"
);

builtin_exception!(
    #[doc = "Python's `ConnectionAbortedError`."]
    PyConnectionAbortedError,
    PyExc_ConnectionAbortedError,
    "ConnectionAbortedError"
);

builtin_exception!(
    #[doc = "Python's `ConnectionRefusedError`."]
    PyConnectionRefusedError,
    PyExc_ConnectionRefusedError,
    "ConnectionRefusedError"
);

builtin_exception!(
    #[doc = "Python's `ConnectionResetError`."]
    PyConnectionResetError,
    PyExc_ConnectionResetError,
    "ConnectionResetError"
);

builtin_exception!(
    #[doc = "Python's `FileExistsError`."]
    PyFileExistsError,
    PyExc_FileExistsError,
    "FileExistsError"
);

builtin_exception!(
    #[doc = "Python's `FileNotFoundError`."]
    PyFileNotFoundError,
    PyExc_FileNotFoundError,
    "FileNotFoundError"
);

builtin_exception!(
    #[doc = "Python's `InterruptedError`."]
    PyInterruptedError,
    PyExc_InterruptedError,
    "InterruptedError"
);

builtin_exception!(
    #[doc = "Python's `IsADirectoryError`."]
    PyIsADirectoryError,
    PyExc_IsADirectoryError,
    "IsADirectoryError"
);

builtin_exception!(
    #[doc = "Python's `NotADirectoryError`."]
    PyNotADirectoryError,
    PyExc_NotADirectoryError,
    "NotADirectoryError"
);

builtin_exception!(
    #[doc = "Python's `PermissionError`."]
    PyPermissionError,
    PyExc_PermissionError,
    "PermissionError"
);

builtin_exception!(
    #[doc = "Python's `ProcessLookupError`."]
    PyProcessLookupError,
    PyExc_ProcessLookupError,
    "ProcessLookupError"
);

builtin_exception!(
    #[doc = "Python's `TimeoutError`."]
    PyTimeoutError,
    PyExc_TimeoutError,
    "TimeoutError"
);

builtin_exception!(
    #[doc = "Python's `Warning`."]
    PyWarning,
    PyExc_Warning,
    "Warning"
);

builtin_exception!(
    #[doc = "Python's `UserWarning`."]
    PyUserWarning,
    PyExc_UserWarning,
    "UserWarning"
);

builtin_exception!(
    #[doc = "Python's `DeprecationWarning`."]
    PyDeprecationWarning,
    PyExc_DeprecationWarning,
    "DeprecationWarning"
);

builtin_exception!(
    #[doc = "Python's `PendingDeprecationWarning`."]
    PyPendingDeprecationWarning,
    PyExc_PendingDeprecationWarning,
    "PendingDeprecationWarning"
);

builtin_exception!(
    #[doc = "Python's `SyntaxWarning`."]
    PySyntaxWarning,
    PyExc_SyntaxWarning,
    "SyntaxWarning"
);

builtin_exception!(
    #[doc = "Python's `RuntimeWarning`."]
    PyRuntimeWarning,
    PyExc_RuntimeWarning,
    "RuntimeWarning"
);

builtin_exception!(
    #[doc = "Python's `FutureWarning`."]
    PyFutureWarning,
    PyExc_FutureWarning,
    "FutureWarning"
);

builtin_exception!(
    #[doc = "Python's `ImportWarning`."]
    PyImportWarning,
    PyExc_ImportWarning,
    "ImportWarning"
);

builtin_exception!(
    #[doc = "Python's `UnicodeWarning`."]
    PyUnicodeWarning,
    PyExc_UnicodeWarning,
    "UnicodeWarning"
);

builtin_exception!(
    #[doc = "Python's `BytesWarning`."]
    PyBytesWarning,
    PyExc_BytesWarning,
    "BytesWarning"
);

builtin_exception!(
    #[doc = "Python's `ResourceWarning`."]
    PyResourceWarning,
    PyExc_ResourceWarning,
    "ResourceWarning"
);

#[cfg(Py_3_11)]
builtin_exception!(
    #[doc = "Python's `BaseExceptionGroup` (3.11+)."]
    PyBaseExceptionGroup,
    PyExc_BaseExceptionGroup,
    "BaseExceptionGroup"
);

#[cfg(Py_3_10)]
builtin_exception!(
    #[doc = "Python's `EncodingWarning` (3.10+)."]
    PyEncodingWarning,
    PyExc_EncodingWarning,
    "EncodingWarning"
);

/// Alias of [`PyOSError`], as in Python.
pub type PyEnvironmentError = PyOSError;
/// Alias of [`PyOSError`], as in Python.
pub type PyIOError = PyOSError;

/// Shared body of [`create_exception!`] and [`import_exception!`]: a marker type whose type
/// object is computed once by `$init` and cached.
#[doc(hidden)]
#[macro_export]
macro_rules! __exception_type {
    ($(#[$meta:meta])* $vis:vis $name:ident, $pyname:expr, $module:expr, |$py:ident| $init:expr) => {
        $(#[$meta])*
        #[repr(transparent)]
        $vis struct $name($crate::types::PyAny);

        // SAFETY: the type object comes from `$init` (an exception class) and is kept alive by
        // the cache for the life of the process.
        unsafe impl $crate::type_object::PyTypeInfo for $name {
            const NAME: &'static str = $pyname;
            const MODULE: ::std::option::Option<&'static str> = $module;
            fn type_object_raw($py: $crate::Python<'_>) -> *mut $crate::ffi::PyTypeObject {
                static TYPE: $crate::sync::PyOnceLock<$crate::Py<$crate::types::PyType>> =
                    $crate::sync::PyOnceLock::new();
                TYPE.get_or_init($py, || $init).as_ptr().cast()
            }
        }

        impl $crate::type_object::DerefToPyAny for $name {}

        impl $crate::ToPyErr for $name {}

        impl $name {
            /// A lazy error of this type with constructor arguments `args`.
            #[inline]
            pub fn new_err<A: $crate::PyErrArguments + 'static>(args: A) -> $crate::PyErr {
                $crate::PyErr::new::<$name, A>(args)
            }

            /// The entry `#[pymodule_export]` lists: the class, under its name.
            #[doc(hidden)]
            pub const __PYBOUND_EXPORT: $crate::__private::Export =
                $crate::__private::Export::With(|m| {
                    m.add(
                        <$name as $crate::type_object::PyTypeInfo>::NAME,
                        m.py().get_type::<$name>(),
                    )
                });
        }
    };
}

/// Declare a new exception class, created the first time it is used.
///
/// `create_exception!(module, Name, Base, "doc")` makes a Rust marker `Name` for a Python class
/// `module.Name` deriving from `Base` (any exception marker); the module may be a dotted path
/// (`create_exception!(pkg.errors, Name, Base)`). Add it to a module with `#[pymodule_export]`
/// (`use super::Name;`) or `m.add("Name", m.py().get_type::<Name>())`.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::exceptions::PyValueError;
///
/// pybound::create_exception!(mylib, ParseError, PyValueError, "Input could not be parsed.");
///
/// Python::attach(|py| {
///     let err = ParseError::new_err("line 3");
///     assert!(err.is_instance_of::<PyValueError>(py));
///     assert_eq!(err.to_string(), "ParseError: line 3");
///     let ty = py.get_type::<ParseError>();
///     assert_eq!(ty.getattr("__module__").unwrap().to_string(), "mylib");
/// });
/// ```
#[macro_export]
macro_rules! create_exception {
    ($($module:ident).+, $name:ident, $base:ty) => {
        $crate::create_exception!($($module).+, $name, $base, "");
    };
    ($($module:ident).+, $name:ident, $base:ty, $doc:expr) => {
        $crate::__exception_type!(
            #[doc = $doc]
            pub $name, stringify!($name), Some(stringify!($($module).+)),
            |py| $crate::__private::new_exception_type(
                py,
                concat!(stringify!($($module).+), ".", stringify!($name), "\0"),
                $doc,
                &<$base as $crate::type_object::PyTypeInfo>::type_object(py),
            )
        );
    };
}

/// Give a Rust name to an exception class defined in a Python module, imported the first time
/// it is used: `import_exception!(json, JSONDecodeError)`.
///
/// ```
/// use pybound::prelude::*;
/// pybound::import_exception!(json, JSONDecodeError);
///
/// Python::attach(|py| {
///     let err = py.eval(c"__import__('json').loads('{')", None, None).unwrap_err();
///     assert!(err.is_instance_of::<JSONDecodeError>(py));
/// });
/// ```
#[macro_export]
macro_rules! import_exception {
    ($($module:ident).+, $name:ident) => {
        $crate::__exception_type!(
            #[doc = concat!("`", stringify!($($module).+), ".", stringify!($name), "`, imported on first use.")]
            pub $name, stringify!($name), Some(stringify!($($module).+)),
            |py| $crate::__private::import_exception_type(
                py,
                stringify!($($module).+),
                stringify!($name),
            )
        );
    };
}

crate::create_exception!(
    pybound_runtime,
    PanicException,
    PyBaseException,
    "A Rust panic that reached Python. It derives from BaseException so that `except Exception` does not swallow it."
);

impl PanicException {
    /// The error for a caught panic payload: a payload that is a `PyErr` is that error; a text
    /// payload becomes the `PanicException` message.
    pub fn from_panic_payload(payload: Box<dyn std::any::Any + Send + 'static>) -> PyErr {
        let payload = match payload.downcast::<PyErr>() {
            Ok(err) => return *err,
            Err(p) => p,
        };
        if let Some(s) = payload.downcast_ref::<String>() {
            PanicException::new_err(s.clone())
        } else if let Some(s) = payload.downcast_ref::<&'static str>() {
            PanicException::new_err(*s)
        } else {
            PanicException::new_err("panic from Rust code")
        }
    }
}
