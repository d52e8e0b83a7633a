use pybound::exceptions::*;
use pybound::prelude::*;

use crate::{eval, run};

#[test]
fn new_err_is_lazy_and_normalizes_on_demand() {
    Python::attach(|py| {
        let err = PyValueError::new_err("bad input");
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!(err.value(py).to_string(), "bad input");
    });
}

#[test]
fn display_shows_type_and_message() {
    Python::attach(|py| {
        let err = PyTypeError::new_err("wrong");
        assert_eq!(err.to_string(), "TypeError: wrong");
        let _ = py;
    });
}

#[test]
fn display_without_message_is_type_name() {
    let err = PyStopIteration::new_err(());
    assert_eq!(err.to_string(), "StopIteration");
}

#[test]
fn debug_shows_type_and_value() {
    let err = PyKeyError::new_err("missing");
    let text = format!("{err:?}");
    assert!(text.contains("KeyError"), "{text}");
    assert!(text.contains("missing"), "{text}");
}

#[test]
fn tuple_arguments_become_args() {
    Python::attach(|py| {
        let err = PyErr::new::<PyOSError, _>((2, "No such file"));
        let value = err.value(py);
        let errno: i32 = value.getattr("errno").unwrap().extract().unwrap();
        assert_eq!(errno, 2);
        // CPython picks the errno subclass for OSError(2, ...)
        assert!(err.is_instance_of::<PyFileNotFoundError>(py));
    });
}

#[test]
fn unit_arguments_mean_no_args() {
    Python::attach(|py| {
        let err = PyValueError::new_err(());
        let args = err.value(py).getattr("args").unwrap();
        assert_eq!(args.len().unwrap(), 0);
    });
}

#[test]
fn restore_then_fetch_round_trip() {
    Python::attach(|py| {
        PyRuntimeError::new_err("again").restore(py);
        assert!(PyErr::occurred(py));
        let err = PyErr::fetch(py);
        assert!(!PyErr::occurred(py));
        assert!(err.is_instance_of::<PyRuntimeError>(py));
        assert_eq!(err.value(py).to_string(), "again");
    });
}

#[test]
fn take_without_error_is_none() {
    Python::attach(|py| assert!(PyErr::take(py).is_none()));
}

#[test]
fn fetch_without_error_is_system_error() {
    Python::attach(|py| {
        let err = PyErr::fetch(py);
        assert!(err.is_instance_of::<PySystemError>(py));
    });
}

#[test]
fn python_exception_has_traceback() {
    Python::attach(|py| {
        let ns = run(py, "def f():\n    raise ValueError('deep')\n");
        let f = ns.get_item("f").unwrap().unwrap();
        let err = f.call0().unwrap_err();
        let tb = err
            .traceback(py)
            .expect("raised in Python: has a traceback");
        let text = tb.format().unwrap();
        assert!(text.contains("Traceback"), "{text}");
        assert!(text.contains("in f"), "{text}");
    });
}

#[test]
fn lazy_error_has_no_traceback() {
    Python::attach(|py| {
        let err = PyValueError::new_err("x");
        assert!(err.traceback(py).is_none());
    });
}

#[test]
fn restored_normalized_error_keeps_traceback() {
    Python::attach(|py| {
        let err = py.run(c"def g():\n    1/0\ng()", None, None).unwrap_err();
        err.restore(py);
        let again = PyErr::fetch(py);
        assert!(again.is_instance_of::<PyZeroDivisionError>(py));
        assert!(again.traceback(py).is_some());
    });
}

#[test]
fn cause_from_raise_from() {
    Python::attach(|py| {
        let err = py
            .run(c"try:\n    1/0\nexcept ZeroDivisionError as e:\n    raise ValueError('wrapped') from e", None, None)
            .unwrap_err();
        let cause = err.cause(py).expect("has a cause");
        assert!(cause.is_instance_of::<PyZeroDivisionError>(py));
    });
}

#[test]
fn set_cause_and_clear() {
    Python::attach(|py| {
        let err = PyValueError::new_err("outer");
        err.set_cause(py, Some(PyKeyError::new_err("inner")));
        assert!(err.cause(py).unwrap().is_instance_of::<PyKeyError>(py));
        err.set_cause(py, None);
        assert!(err.cause(py).is_none());
    });
}

#[test]
fn get_type_of_error() {
    Python::attach(|py| {
        let err = PyIndexError::new_err("i");
        assert_eq!(
            err.get_type(py).name().unwrap().to_str().unwrap(),
            "IndexError"
        );
    });
}

#[test]
fn is_instance_of_base_class() {
    Python::attach(|py| {
        let err = PyKeyError::new_err("k");
        assert!(err.is_instance_of::<PyLookupError>(py));
        assert!(err.is_instance_of::<PyException>(py));
        assert!(err.is_instance_of::<PyBaseException>(py));
        assert!(!err.is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn matches_tuple_of_types() {
    Python::attach(|py| {
        let err = PyKeyError::new_err("k");
        let types = PyTuple::new(
            py,
            [py.get_type::<PyValueError>(), py.get_type::<PyKeyError>()],
        )
        .unwrap();
        assert!(err.matches(py, types).unwrap());
        assert!(!err.matches(py, py.get_type::<PyTypeError>()).unwrap());
    });
}

#[test]
fn from_value_with_instance_class_and_non_exception() {
    Python::attach(|py| {
        let inst = eval(py, "ValueError('v')");
        assert!(PyErr::from_value(inst).is_instance_of::<PyValueError>(py));
        let cls = eval(py, "KeyError");
        assert!(PyErr::from_value(cls).is_instance_of::<PyKeyError>(py));
        let not_exc = eval(py, "42");
        let err = PyErr::from_value(not_exc);
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "exceptions must derive from BaseException"
        );
    });
}

#[test]
fn from_type_with_arguments() {
    Python::attach(|py| {
        let ty = py.get_type::<PyUnicodeError>();
        let err = PyErr::from_type(ty, "u");
        assert!(err.is_instance_of::<PyUnicodeError>(py));
    });
}

#[test]
fn from_type_with_non_exception_class_raises_type_error() {
    Python::attach(|py| {
        let ty = py.get_type::<PyList>();
        let err = PyErr::from_type(ty, ());
        assert!(err.is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn new_with_non_exception_type_raises_type_error() {
    Python::attach(|py| {
        // Both lazy forms: a literal message and any other argument.
        for err in [PyErr::new::<PyList, _>("msg"), PyErr::new::<PyList, _>(1)] {
            err.restore(py);
            let raised = PyErr::fetch(py);
            assert!(raised.is_instance_of::<PyTypeError>(py));
            assert_eq!(
                raised.value(py).to_string(),
                "exceptions must derive from BaseException"
            );
        }
        // And when normalized without being raised first.
        let err = PyErr::new::<PyList, _>("msg");
        assert!(err.is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn clone_ref_shares_instance() {
    Python::attach(|py| {
        let err = PyValueError::new_err("c");
        let other = err.clone_ref(py);
        assert!(err.value(py).is(other.value(py)));
    });
}

#[test]
fn into_value_gives_the_instance() {
    Python::attach(|py| {
        let v = PyValueError::new_err("iv").into_value(py);
        assert_eq!(v.bind(py).to_string(), "iv");
    });
}

#[test]
fn error_can_cross_threads() {
    let err = Python::attach(|py| py.eval(c"int('q')", None, None).unwrap_err());
    let text = std::thread::spawn(move || err.to_string()).join().unwrap();
    assert_eq!(
        text,
        "ValueError: invalid literal for int() with base 10: 'q'"
    );
}

#[test]
fn print_writes_to_stderr_without_clearing_anything() {
    Python::attach(|py| {
        let err = PyValueError::new_err("printed");
        // Redirect sys.stderr to capture what print writes.
        let io = py.import("io").unwrap();
        let buf = io.getattr("StringIO").unwrap().call0().unwrap();
        let sys = py.import("sys").unwrap();
        let old = sys.getattr("stderr").unwrap();
        sys.setattr("stderr", &buf).unwrap();
        err.print(py);
        sys.setattr("stderr", old).unwrap();
        let text: String = buf.call_method0("getvalue").unwrap().extract().unwrap();
        assert!(text.contains("ValueError: printed"), "{text}");
        assert!(!PyErr::occurred(py));
    });
}

#[test]
fn write_unraisable_calls_hook() {
    Python::attach(|py| {
        let ns = run(
            py,
            "import sys\nseen = []\nold = sys.unraisablehook\nsys.unraisablehook = lambda u: seen.append(type(u.exc_value).__name__)\n",
        );
        PyKeyError::new_err("lost").write_unraisable(py, None);
        let sys = py.import("sys").unwrap();
        sys.setattr("unraisablehook", ns.get_item("old").unwrap().unwrap())
            .unwrap();
        let seen: Vec<String> = ns.get_item("seen").unwrap().unwrap().extract().unwrap();
        assert_eq!(seen, ["KeyError"]);
    });
}

#[test]
fn warn_issues_warning() {
    Python::attach(|py| {
        let ns = run(py, "import warnings\ncaught = warnings.catch_warnings(record=True)\nlog = caught.__enter__()\nwarnings.simplefilter('always')\n");
        let category = py.get_type::<PyUserWarning>();
        PyErr::warn(py, &category, c"watch out", 1).unwrap();
        let caught = ns.get_item("caught").unwrap().unwrap();
        caught
            .call_method1("__exit__", (py.None(), py.None(), py.None()))
            .unwrap();
        let log = ns.get_item("log").unwrap().unwrap();
        assert_eq!(log.len().unwrap(), 1);
        let msg = log
            .get_item(0)
            .unwrap()
            .getattr("message")
            .unwrap()
            .to_string();
        assert_eq!(msg, "watch out");
    });
}

#[test]
fn warn_as_error_returns_err() {
    Python::attach(|py| {
        let ns = run(py, "import warnings\ncm = warnings.catch_warnings()\ncm.__enter__()\nwarnings.simplefilter('error')\n");
        let category = py.get_type::<PyDeprecationWarning>();
        let r = PyErr::warn(py, &category, c"old api", 1);
        ns.get_item("cm")
            .unwrap()
            .unwrap()
            .call_method1("__exit__", (py.None(), py.None(), py.None()))
            .unwrap();
        assert!(r.unwrap_err().is_instance_of::<PyDeprecationWarning>(py));
    });
}

#[test]
fn panic_exception_is_base_exception_not_exception() {
    Python::attach(|py| {
        let err = PanicException::new_err("oops");
        assert!(err.is_instance_of::<PyBaseException>(py));
        assert!(!err.is_instance_of::<PyException>(py));
        let ty = py.get_type::<PanicException>();
        assert_eq!(
            ty.fully_qualified_name().unwrap(),
            "pybound_runtime.PanicException"
        );
    });
}

#[test]
fn taking_a_panic_exception_resumes_the_panic() {
    Python::attach(|py| {
        PanicException::new_err("rust went wrong").restore(py);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| PyErr::take(py)));
        let payload = r.expect_err("the panic resumes");
        assert_eq!(payload.downcast_ref::<String>().unwrap(), "rust went wrong");
        assert!(!PyErr::occurred(py));
    });
}

#[test]
fn panic_payload_conversion() {
    Python::attach(|py| {
        let e = PanicException::from_panic_payload(Box::new("static text"));
        assert!(e.is_instance_of::<PanicException>(py));
        assert_eq!(e.value(py).to_string(), "static text");
        let e = PanicException::from_panic_payload(Box::new(String::from("owned text")));
        assert_eq!(e.value(py).to_string(), "owned text");
        let e = PanicException::from_panic_payload(Box::new(PyKeyError::new_err("k")));
        assert!(e.is_instance_of::<PyKeyError>(py));
        let e = PanicException::from_panic_payload(Box::new(17u8));
        assert_eq!(e.value(py).to_string(), "panic from Rust code");
    });
}

#[test]
fn io_error_kinds_map_to_os_error_subclasses() {
    use std::io::{Error, ErrorKind};
    Python::attach(|py| {
        let cases: Vec<(ErrorKind, &str)> = vec![
            (ErrorKind::NotFound, "FileNotFoundError"),
            (ErrorKind::PermissionDenied, "PermissionError"),
            (ErrorKind::TimedOut, "TimeoutError"),
            (ErrorKind::AlreadyExists, "FileExistsError"),
            (ErrorKind::ConnectionRefused, "ConnectionRefusedError"),
            (ErrorKind::BrokenPipe, "BrokenPipeError"),
            (ErrorKind::WouldBlock, "BlockingIOError"),
            (ErrorKind::Interrupted, "InterruptedError"),
            (ErrorKind::Other, "OSError"),
        ];
        for (kind, name) in cases {
            let err: PyErr = Error::new(kind, "msg").into();
            assert_eq!(
                err.get_type(py).name().unwrap().to_str().unwrap(),
                name,
                "{kind:?}"
            );
        }
    });
}

#[test]
fn io_error_with_os_code_sets_errno() {
    Python::attach(|py| {
        let err: PyErr = std::fs::File::open("/definitely/not/here")
            .unwrap_err()
            .into();
        assert!(err.is_instance_of::<PyFileNotFoundError>(py));
        let errno: i32 = err.value(py).getattr("errno").unwrap().extract().unwrap();
        assert_eq!(errno, 2);
    });
}

#[test]
fn parse_errors_map_to_value_error() {
    Python::attach(|py| {
        let err: PyErr = "x1".parse::<i32>().unwrap_err().into();
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!(err.value(py).to_string(), "invalid digit found in string");
        let err: PyErr = "nope".parse::<f64>().unwrap_err().into();
        assert!(err.is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn try_from_int_error_is_overflow() {
    Python::attach(|py| {
        let err: PyErr = u8::try_from(300i32).unwrap_err().into();
        assert!(err.is_instance_of::<PyOverflowError>(py));
    });
}

#[test]
fn utf8_error_is_unicode_decode_error() {
    Python::attach(|py| {
        let bytes = vec![b'a', 0xff, b'b'];
        let err: PyErr = String::from_utf8(bytes).unwrap_err().into();
        assert!(err.is_instance_of::<PyUnicodeDecodeError>(py));
        let start: usize = err.value(py).getattr("start").unwrap().extract().unwrap();
        assert_eq!(start, 1);
        let truncated = vec![0xc3u8];
        let err: PyErr = std::str::from_utf8(&truncated).unwrap_err().into();
        assert!(err.is_instance_of::<PyUnicodeDecodeError>(py));
    });
}

#[test]
fn pyerr_into_pyobject_is_the_exception() {
    Python::attach(|py| {
        let obj = PyValueError::new_err("as object")
            .into_pyobject(py)
            .unwrap();
        assert!(obj.is_instance_of::<PyValueError>());
    });
}

#[test]
fn error_in_question_mark_chain() {
    fn parse(py: Python<'_>, s: &str) -> PyResult<i64> {
        let n: i64 = s.parse()?;
        let _ = py;
        Ok(n)
    }
    Python::attach(|py| {
        assert_eq!(parse(py, "12").unwrap(), 12);
        assert!(parse(py, "zz")
            .unwrap_err()
            .is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn literal_message_errors_share_a_record_but_not_an_instance() {
    // Literal-message errors keep their (type, message) in a process-wide record; each error
    // still gets its own exception instance, made once when asked for.
    Python::attach(|py| {
        let make = || PyValueError::new_err("same literal");
        let (a, b) = (make(), make());
        let first = a.value(py).clone();
        assert!(a.value(py).is(&first), "normalized once, then kept");
        assert!(!b.value(py).is(&first), "another error, another instance");
        assert_eq!(b.value(py).to_string(), "same literal");
        // The same message with another type is another record.
        let key = PyKeyError::new_err("same literal");
        assert!(key.is_instance_of::<PyKeyError>(py));
        assert!(!key.is_instance_of::<PyValueError>(py));
        // A normalized error raises its own instance.
        a.restore(py);
        assert!(PyErr::fetch(py).value(py).is(&first));
        assert_eq!(make().into_value(py).bind(py).to_string(), "same literal");
    });
}

#[test]
fn many_distinct_literal_messages() {
    // More messages than the record table has slots: the rest take the boxed lazy form and
    // behave the same.
    Python::attach(|py| {
        let messages: Vec<&'static str> = (0..200)
            .map(|i| &*Box::leak(format!("message {i}").into_boxed_str()))
            .collect();
        for (round, _) in (0..2).enumerate() {
            for (i, msg) in messages.iter().enumerate() {
                let err = PyRuntimeError::new_err(*msg);
                assert_eq!(
                    err.to_string(),
                    format!("RuntimeError: message {i}"),
                    "round {round}"
                );
                err.restore(py);
                assert_eq!(PyErr::fetch(py).value(py).to_string(), *msg);
            }
        }
    });
}

#[test]
fn literal_message_error_made_while_detached_raises_later() {
    let err = std::thread::spawn(|| PyTypeError::new_err("made on another thread"))
        .join()
        .unwrap();
    Python::attach(|py| {
        err.restore(py);
        let back = PyErr::fetch(py);
        assert!(back.is_instance_of::<PyTypeError>(py));
        assert_eq!(back.value(py).to_string(), "made on another thread");
    });
}

/// An exception argument whose conversion runs Python code that releases the interpreter.
struct SlowArgument;

impl<'py> IntoPyObject<'py> for SlowArgument {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("time")?.getattr("sleep")?.call1((0.2,))?;
        Ok(PyString::new(py, "slow").into_any())
    }
}

#[test]
fn lazy_error_normalized_from_two_threads_at_once() {
    // One thread builds the exception (and sleeps in Python while doing so); the other asks for
    // the same error's value meanwhile: it waits for the first, it does not panic.
    let err = std::sync::Arc::new(PyValueError::new_err(SlowArgument));
    let first = {
        let err = err.clone();
        std::thread::spawn(move || Python::attach(|py| err.value(py).to_string()))
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = Python::attach(|py| err.value(py).to_string());
    assert_eq!(second, "slow");
    assert_eq!(first.join().unwrap(), "slow");
    Python::attach(|py| assert!(err.is_instance_of::<PyValueError>(py)));
}

#[test]
fn io_errors_wrapping_python_exceptions_round_trip() {
    use pybound::exceptions::{PyFileNotFoundError, PyValueError};
    Python::attach(|py| {
        // `io::Error::other(py_err)` converts back to the same exception, not an OSError.
        let original = PyValueError::new_err("bad value");
        let value = original.value(py).clone();
        let back: PyErr = std::io::Error::other(original).into();
        assert!(back.is_instance_of::<PyValueError>(py));
        assert!(back.value(py).is(&value));
        // PyErr → io::Error takes the kind from the exception type.
        let io: std::io::Error = PyFileNotFoundError::new_err("gone").into();
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        let io: std::io::Error = PyValueError::new_err("x").into();
        assert_eq!(io.kind(), std::io::ErrorKind::Other);
        let back: PyErr = io.into();
        assert!(back.is_instance_of::<PyValueError>(py));
        // A plain I/O error still becomes the matching OSError subclass.
        let plain: PyErr = std::io::Error::from(std::io::ErrorKind::NotFound).into();
        assert!(plain.is_instance_of::<PyFileNotFoundError>(py));
    });
}

#[test]
fn notes_context_display_and_new_type() {
    use pybound::exceptions::{PyKeyError, PyValueError};
    Python::attach(|py| {
        let err = PyValueError::new_err("outer");
        err.add_note(py, "first note").unwrap();
        let notes = err.value(py).getattr("__notes__").unwrap();
        assert_eq!(notes.extract::<Vec<String>>().unwrap(), ["first note"]);
        assert!(err.context(py).is_none());
        err.set_context(py, Some(PyKeyError::new_err("inner")));
        assert!(err.context(py).unwrap().is_instance_of::<PyKeyError>(py));
        err.set_context(py, None);
        assert!(err.context(py).is_none());
        err.set_traceback(py, None);
        assert!(err.traceback(py).is_none());
        // Printed to sys.stderr (captured here); must not leave an error set.
        let printed = crate::capture_stderr(py, || err.display(py));
        assert!(printed.contains("ValueError: outer"), "{printed}");
        // The traceback printer shows `__notes__` from 3.11 on.
        if py.version_info().minor >= 11 {
            assert!(printed.contains("first note"), "{printed}");
        }
        assert!(!PyErr::occurred(py));

        let base = py.get_type::<PyValueError>();
        let ty = PyErr::new_type(
            py,
            c"mymod.CustomError",
            Some(c"A custom error."),
            Some(&base),
            None,
        )
        .unwrap();
        let ty = ty.bind(py);
        assert_eq!(ty.name().unwrap().to_string(), "CustomError");
        assert!(ty.is_subclass(&base).unwrap());
        let value = ty
            .call1(("boom",))
            .unwrap()
            .cast_into::<pybound::exceptions::PyBaseException>()
            .unwrap();
        let as_err: PyErr = value.into();
        assert!(as_err.is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn py_methods_detached_handles() {
    Python::attach(|py| {
        let list: Py<PyAny> = PyList::new(py, [3, 1, 2]).unwrap().into_any().unbind();
        list.call_method0(py, "sort").unwrap();
        assert_eq!(list.extract::<Vec<i32>>(py).unwrap(), [1, 2, 3]);
        let kwargs = [("reverse", true)].into_py_dict(py).unwrap();
        list.call_method(py, "sort", (), Some(&kwargs)).unwrap();
        assert_eq!(list.extract::<Vec<i32>>(py).unwrap(), [3, 2, 1]);
        assert!(list.is_truthy(py).unwrap());
        let ns = py
            .import("types")
            .unwrap()
            .getattr("SimpleNamespace")
            .unwrap()
            .call0()
            .unwrap()
            .unbind();
        ns.setattr(py, "x", 5).unwrap();
        assert_eq!(ns.getattr(py, "x").unwrap().extract::<i32>(py).unwrap(), 5);
    });
}

#[test]
fn once_lock_import_and_ownership() {
    use pybound::sync::PyOnceLock;
    static FRACTION: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    Python::attach(|py| {
        let f = FRACTION.import(py, "fractions", "Fraction").unwrap();
        assert_eq!(f.call1((1, 3)).unwrap().to_string(), "1/3");
        assert!(FRACTION.import(py, "fractions", "Fraction").unwrap().is(f));
        static NOT_A_CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        assert!(NOT_A_CLASS.import(py, "math", "pi").is_err());
        let mut cell: PyOnceLock<i32> = PyOnceLock::new();
        cell.set(py, 4).unwrap();
        *cell.get_mut().unwrap() += 1;
        assert_eq!(cell.take(), Some(5));
        assert_eq!(cell.into_inner(), None);
    });
}

#[test]
fn warn_explicit_names_the_place() {
    Python::attach(|py| {
        let ns = crate::run(py, "import warnings\ncaught = []\n");
        let warnings = ns.get_item("warnings").unwrap().unwrap();
        let kwargs = [("record", true)].into_py_dict(py).unwrap();
        let catcher = warnings
            .getattr("catch_warnings")
            .unwrap()
            .call((), Some(&kwargs))
            .unwrap();
        let log = catcher.call_method0("__enter__").unwrap();
        warnings.call_method1("simplefilter", ("always",)).unwrap();
        let category = py.get_type::<pybound::exceptions::PyUserWarning>();
        PyErr::warn_explicit(
            py,
            &category,
            c"from far away",
            c"far.py",
            42,
            Some(c"far"),
            None,
        )
        .unwrap();
        catcher
            .call_method1("__exit__", (py.None(), py.None(), py.None()))
            .unwrap();
        let first = log.get_item(0).unwrap();
        assert_eq!(
            first
                .getattr("filename")
                .unwrap()
                .extract::<String>()
                .unwrap(),
            "far.py"
        );
        assert_eq!(
            first.getattr("lineno").unwrap().extract::<i32>().unwrap(),
            42
        );
        assert_eq!(
            first.getattr("message").unwrap().to_string(),
            "from far away"
        );
        // As an error when the filter says so.
        warnings.call_method1("simplefilter", ("error",)).unwrap();
        assert!(
            PyErr::warn_explicit(py, &category, c"now fatal", c"far.py", 1, None, None).is_err()
        );
        warnings.call_method0("resetwarnings").unwrap();
    });
}
