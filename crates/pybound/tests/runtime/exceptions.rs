use pybound::exceptions::*;
use pybound::prelude::*;
use pybound::type_object::PyTypeInfo;

pybound::create_exception!(
    mymodule,
    CustomError,
    PyException,
    "A custom error for tests."
);
pybound::create_exception!(mymodule, CustomValueError, PyValueError);
pybound::import_exception!(json, JSONDecodeError);
#[allow(non_camel_case_types)]
mod socket_exc {
    pybound::import_exception!(socket, timeout);
}
use socket_exc::timeout;

macro_rules! check_builtin {
    ($($ty:ident => $name:literal),* $(,)?) => {
        #[test]
        fn builtin_exception_types_match_python_names() {
            Python::attach(|py| {
                $(
                    let ty = py.get_type::<$ty>();
                    assert_eq!(ty.name().unwrap().to_str().unwrap(), $name);
                    let builtin = py.import("builtins").unwrap().getattr($name).unwrap();
                    assert!(ty.is(&builtin), "{} is the builtin", $name);
                    assert_eq!(<$ty as PyTypeInfo>::NAME, $name);
                )*
            });
        }
    };
}

check_builtin!(
    PyBaseException => "BaseException", PyException => "Exception",
    PyStopAsyncIteration => "StopAsyncIteration", PyStopIteration => "StopIteration",
    PyGeneratorExit => "GeneratorExit", PyArithmeticError => "ArithmeticError",
    PyLookupError => "LookupError", PyAssertionError => "AssertionError",
    PyAttributeError => "AttributeError", PyBufferError => "BufferError", PyEOFError => "EOFError",
    PyFloatingPointError => "FloatingPointError", PyOSError => "OSError",
    PyImportError => "ImportError", PyModuleNotFoundError => "ModuleNotFoundError",
    PyIndexError => "IndexError", PyKeyError => "KeyError",
    PyKeyboardInterrupt => "KeyboardInterrupt", PyMemoryError => "MemoryError",
    PyNameError => "NameError", PyOverflowError => "OverflowError",
    PyRuntimeError => "RuntimeError", PyRecursionError => "RecursionError",
    PyNotImplementedError => "NotImplementedError", PySyntaxError => "SyntaxError",
    PyIndentationError => "IndentationError", PyTabError => "TabError",
    PyReferenceError => "ReferenceError", PySystemError => "SystemError",
    PySystemExit => "SystemExit", PyTypeError => "TypeError",
    PyUnboundLocalError => "UnboundLocalError", PyUnicodeError => "UnicodeError",
    PyUnicodeEncodeError => "UnicodeEncodeError", PyUnicodeDecodeError => "UnicodeDecodeError",
    PyUnicodeTranslateError => "UnicodeTranslateError", PyValueError => "ValueError",
    PyZeroDivisionError => "ZeroDivisionError", PyBlockingIOError => "BlockingIOError",
    PyBrokenPipeError => "BrokenPipeError", PyChildProcessError => "ChildProcessError",
    PyConnectionError => "ConnectionError", PyConnectionAbortedError => "ConnectionAbortedError",
    PyConnectionRefusedError => "ConnectionRefusedError",
    PyConnectionResetError => "ConnectionResetError", PyFileExistsError => "FileExistsError",
    PyFileNotFoundError => "FileNotFoundError", PyInterruptedError => "InterruptedError",
    PyIsADirectoryError => "IsADirectoryError", PyNotADirectoryError => "NotADirectoryError",
    PyPermissionError => "PermissionError", PyProcessLookupError => "ProcessLookupError",
    PyTimeoutError => "TimeoutError", PyWarning => "Warning", PyUserWarning => "UserWarning",
    PyDeprecationWarning => "DeprecationWarning",
    PyPendingDeprecationWarning => "PendingDeprecationWarning", PySyntaxWarning => "SyntaxWarning",
    PyRuntimeWarning => "RuntimeWarning", PyFutureWarning => "FutureWarning",
    PyImportWarning => "ImportWarning", PyUnicodeWarning => "UnicodeWarning",
    PyBytesWarning => "BytesWarning", PyResourceWarning => "ResourceWarning",
);

#[test]
fn os_error_aliases() {
    Python::attach(|py| {
        assert!(py.get_type::<PyIOError>().is(&py.get_type::<PyOSError>()));
        assert!(py
            .get_type::<PyEnvironmentError>()
            .is(&py.get_type::<PyOSError>()));
    });
}

#[test]
fn exception_instances_cast() {
    Python::attach(|py| {
        let obj = py.eval(c"KeyError('x')", None, None).unwrap();
        assert!(obj.cast::<PyKeyError>().is_ok());
        assert!(obj.cast::<PyLookupError>().is_ok());
        assert!(obj.cast::<PyValueError>().is_err());
    });
}

#[test]
fn create_exception_makes_subclass_with_module_and_doc() {
    Python::attach(|py| {
        let ty = py.get_type::<CustomError>();
        assert_eq!(ty.name().unwrap().to_str().unwrap(), "CustomError");
        assert_eq!(ty.module().unwrap().to_str().unwrap(), "mymodule");
        assert!(ty.is_subclass_of::<PyException>().unwrap());
        let doc = ty.getattr("__doc__").unwrap().to_string();
        assert_eq!(doc, "A custom error for tests.");
    });
}

#[test]
fn create_exception_type_is_cached() {
    Python::attach(|py| {
        assert!(py
            .get_type::<CustomValueError>()
            .is(&py.get_type::<CustomValueError>()));
    });
}

#[test]
fn custom_exception_raised_and_caught_in_python() {
    Python::attach(|py| {
        let ns = PyDict::new(py);
        ns.set_item("CustomValueError", py.get_type::<CustomValueError>())
            .unwrap();
        py.run(
            c"try:\n    raise CustomValueError('c')\nexcept ValueError as e:\n    caught = str(e)",
            Some(&ns),
            None,
        )
        .unwrap();
        assert_eq!(ns.get_item("caught").unwrap().unwrap().to_string(), "c");
    });
}

#[test]
fn custom_exception_new_err_round_trip() {
    Python::attach(|py| {
        let err = CustomError::new_err("mine");
        err.restore(py);
        let back = PyErr::fetch(py);
        assert!(back.is_instance_of::<CustomError>(py));
        assert_eq!(back.to_string(), "CustomError: mine");
    });
}

#[test]
fn import_exception_matches_module_class() {
    Python::attach(|py| {
        let err = py
            .eval(c"__import__('json').loads('[')", None, None)
            .unwrap_err();
        assert!(err.is_instance_of::<JSONDecodeError>(py));
        assert!(err.is_instance_of::<PyValueError>(py));
        let made = JSONDecodeError::new_err(("msg", "doc", 0));
        assert!(made.is_instance_of::<JSONDecodeError>(py));
    });
}

#[test]
fn import_exception_from_other_module() {
    Python::attach(|py| {
        // socket.timeout is an alias of TimeoutError since 3.10
        let ty = py.get_type::<timeout>();
        assert!(ty.is_subclass_of::<PyOSError>().unwrap());
    });
}

#[cfg(Py_3_11)]
#[test]
fn base_exception_group_exists() {
    Python::attach(|py| {
        assert_eq!(
            py.get_type::<PyBaseExceptionGroup>()
                .name()
                .unwrap()
                .to_str()
                .unwrap(),
            "BaseExceptionGroup"
        );
    });
}
