use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use pybound::prelude::*;

#[test]
fn attach_returns_closure_value() {
    assert_eq!(Python::attach(|_py| 7), 7);
}

#[test]
fn nested_attach_works() {
    let n = Python::attach(|py| {
        let outer = PyList::new(py, [1]).unwrap();
        let inner = Python::attach(|py2| PyList::new(py2, [1, 2]).unwrap().len());
        outer.len() + inner
    });
    assert_eq!(n, 3);
}

#[test]
fn detach_runs_closure_and_reattaches() {
    Python::attach(|py| {
        let list = PyList::new(py, [1, 2, 3]).unwrap();
        let sum = py.detach(|| (1..=10).sum::<i32>());
        assert_eq!(sum, 55);
        // still attached: the list is usable
        assert_eq!(list.len(), 3);
    });
}

#[test]
fn detach_lets_other_threads_attach() {
    Python::attach(|py| {
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        py.detach(move || {
            std::thread::spawn(move || {
                Python::attach(|py| {
                    let _ = py.eval(c"1 + 1", None, None).unwrap();
                });
                flag.store(true, Ordering::SeqCst);
            })
            .join()
            .unwrap();
        });
        assert!(done.load(Ordering::SeqCst));
    });
}

#[test]
fn detach_reattaches_after_panic() {
    Python::attach(|py| {
        let list = PyList::empty(py);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            py.detach(|| panic!("boom"));
        }));
        assert!(r.is_err());
        // attached again: this needs the interpreter
        list.append(1).unwrap();
        assert_eq!(list.len(), 1);
    });
}

#[test]
fn attach_from_many_threads() {
    let handles: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                Python::attach(|py| {
                    let l = PyList::new(py, 0..i).unwrap();
                    l.len()
                })
            })
        })
        .collect();
    let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(total, (0..8usize).sum::<usize>());
}

#[test]
fn import_module() {
    Python::attach(|py| {
        let m = py.import("math").unwrap();
        assert_eq!(m.name().unwrap().to_str().unwrap(), "math");
    });
}

#[test]
fn import_dotted_returns_leaf() {
    Python::attach(|py| {
        let m = py.import("os.path").unwrap();
        assert!(m.hasattr("join").unwrap());
    });
}

#[test]
fn import_missing_raises_module_not_found() {
    Python::attach(|py| {
        let err = py.import("no_such_module_xyz").unwrap_err();
        assert!(err.is_instance_of::<pybound::exceptions::PyModuleNotFoundError>(py));
    });
}

#[test]
fn eval_expression() {
    Python::attach(|py| {
        let v: i64 = py.eval(c"2 ** 10", None, None).unwrap().extract().unwrap();
        assert_eq!(v, 1024);
    });
}

#[test]
fn eval_with_globals_and_locals() {
    Python::attach(|py| {
        let g = PyDict::new(py);
        g.set_item("a", 3).unwrap();
        let l = PyDict::new(py);
        l.set_item("b", 4).unwrap();
        let v: i64 = py
            .eval(c"a * b", Some(&g), Some(&l))
            .unwrap()
            .extract()
            .unwrap();
        assert_eq!(v, 12);
    });
}

#[test]
fn eval_syntax_error() {
    Python::attach(|py| {
        let err = py.eval(c"1 +", None, None).unwrap_err();
        assert!(err.is_instance_of::<pybound::exceptions::PySyntaxError>(py));
    });
}

#[test]
fn eval_rejects_statements() {
    Python::attach(|py| {
        assert!(py.eval(c"x = 1", None, None).is_err());
    });
}

#[test]
fn run_defines_names_in_globals() {
    Python::attach(|py| {
        let g = PyDict::new(py);
        py.run(c"def f(x):\n    return x + 1\ny = f(41)", Some(&g), None)
            .unwrap();
        let y: i64 = g.get_item("y").unwrap().unwrap().extract().unwrap();
        assert_eq!(y, 42);
    });
}

#[test]
fn run_fresh_globals_see_builtins() {
    Python::attach(|py| {
        let g = PyDict::new(py);
        py.run(c"n = len(range(5))", Some(&g), None).unwrap();
        assert_eq!(
            g.get_item("n")
                .unwrap()
                .unwrap()
                .extract::<usize>()
                .unwrap(),
            5
        );
    });
}

#[test]
fn run_propagates_exceptions() {
    Python::attach(|py| {
        let err = py.run(c"raise KeyError('k')", None, None).unwrap_err();
        assert!(err.is_instance_of::<pybound::exceptions::PyKeyError>(py));
    });
}

#[test]
fn run_without_globals_uses_main() {
    Python::attach(|py| {
        py.run(c"pybound_test_marker = 99", None, None).unwrap();
        let main = py.import("__main__").unwrap();
        let v: i64 = main
            .getattr("pybound_test_marker")
            .unwrap()
            .extract()
            .unwrap();
        assert_eq!(v, 99);
    });
}

#[test]
fn none_singleton() {
    Python::attach(|py| {
        // A detached `Py<PyAny>`, as PyO3's `py.None()`.
        let none = py.None();
        assert!(none.is_none(py));
        let none = none.into_bound(py);
        assert!(none.is(&py.eval(c"None", None, None).unwrap()));
    });
}

#[test]
fn not_implemented_and_ellipsis() {
    Python::attach(|py| {
        assert_eq!(
            py.NotImplemented().repr().unwrap().to_str().unwrap(),
            "NotImplemented"
        );
        assert_eq!(py.Ellipsis().repr().unwrap().to_str().unwrap(), "Ellipsis");
    });
}

#[test]
fn version_info_matches_sys() {
    Python::attach(|py| {
        let info = py.version_info();
        let sys_info: (u8, u8, u8) = py
            .eval(c"__import__('sys').version_info[:3]", None, None)
            .unwrap()
            .extract()
            .unwrap();
        assert_eq!((info.major, info.minor, info.patch), sys_info);
        assert!(info >= (3, 9));
    });
}

/// The test log pairs the build with the interpreter: `make test` exports the venv's version.
#[test]
fn embedded_interpreter_is_the_one_built_against() {
    Python::attach(|py| {
        let version = py.version_str();
        println!("embedded Python: {version}");
        if let Ok(expected) = std::env::var("PYBOUND_EXPECT_PY_VERSION") {
            assert!(
                version.starts_with(&expected),
                "loaded Python {version} but the build used {expected}"
            );
        }
    });
}

#[test]
fn check_signals_without_pending_signal_is_ok() {
    Python::attach(|py| py.check_signals().unwrap());
}

#[test]
fn get_type_of_exception() {
    Python::attach(|py| {
        let ty = py.get_type::<pybound::exceptions::PyValueError>();
        assert_eq!(ty.name().unwrap().to_str().unwrap(), "ValueError");
    });
}

/// PyO3's module paths, so `use pyo3::…` lines port by the rename.
#[test]
fn pyo3_module_paths_exist() {
    #[allow(unused_imports)]
    use pybound::types::{PyAnyMethods, PyIteratorMethods, PyListMethods, PyStringMethods};
    use pybound::{marker, panic, pybacked, pyclass};
    Python::attach(|py: marker::Python<'_>| {
        assert!(matches!(
            pyclass::CompareOp::from_raw(2),
            Some(pyclass::CompareOp::Eq)
        ));
        let s: pybacked::PyBackedStr = PyString::new(py, "backed").extract().unwrap();
        assert_eq!(&*s, "backed");
        let b: pybacked::PyBackedBytes = PyBytes::new(py, b"xy").extract().unwrap();
        assert_eq!(&*b, b"xy");
        let err = panic::PanicException::new_err("boom");
        assert!(err.is_instance_of::<panic::PanicException>(py));
        fn needs_ungil<T: marker::Ungil>(_: T) {}
        needs_ungil(1u8);
    });
}
