//! `#[pyfunction]` wrappers called through the interpreter from an embedded program (the full
//! Python-side suite lives in tests/python).

use pybound::prelude::*;

#[pyfunction]
fn add(a: i64, b: f64, c: &str) -> i64 {
    a + b as i64 + c.len() as i64
}

#[pyfunction]
#[pybound(signature = (a, b = 10, *args, c, **kwargs))]
fn everything(
    a: i64,
    b: i64,
    args: &Bound<'_, PyTuple>,
    c: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> String {
    format!(
        "a={a} b={b} args={} c={c} kwargs={}",
        args.len(),
        kwargs.map_or(0, |k| k.len())
    )
}

#[test]
fn pyfunction_positional_fast_path() {
    Python::attach(|py| {
        let f = wrap_pyfunction!(add, py).unwrap();
        let r: i64 = f.call1((1, 2.5, "abc")).unwrap().extract().unwrap();
        assert_eq!(r, 6);
    });
}

#[test]
fn pyfunction_signature_forms() {
    Python::attach(|py| {
        let f = wrap_pyfunction!(everything, py).unwrap();
        let kw = PyDict::new(py);
        kw.set_item("c", "see").unwrap();
        kw.set_item("zz", 1).unwrap();
        let r: String = f.call((1, 2, 3, 4), Some(&kw)).unwrap().extract().unwrap();
        assert_eq!(r, "a=1 b=2 args=2 c=see kwargs=1");
        let err = f.call1((1,)).unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "everything() missing 1 required keyword-only argument: 'c'"
        );
    });
}

/// Returns the refcount change after cloning and dropping a `Py` (0 when the decref is
/// immediate, 1 if it was queued), read inside a nested attach.
#[pyfunction]
fn drop_a_py(py: Python<'_>, obj: Py<PyAny>) -> isize {
    let before = obj.get_refcnt(py);
    drop(obj.clone_ref(py));
    Python::attach(|py2| obj.get_refcnt(py2)) - before
}

/// Called from a Python thread that never went through `Python::attach`: the call boundary
/// does not touch the attach counter, yet a `Py` dropped there is decref'd at once (the
/// interpreter's thread state shows the thread is attached), and a nested attach works.
#[test]
fn py_dropped_inside_call_from_python_thread_is_not_queued() {
    Python::attach(|py| {
        let f = wrap_pyfunction!(drop_a_py, py).unwrap();
        let ns = PyDict::new(py);
        ns.set_item("f", f).unwrap();
        py.run(
            c"import threading\nout = []\nt = threading.Thread(target=lambda: out.append(f(object())))\nt.start()\nt.join()\n",
            Some(&ns),
            None,
        )
        .unwrap();
        let out: Vec<isize> = ns.get_item("out").unwrap().unwrap().extract().unwrap();
        assert_eq!(out, [0]);
    });
}

#[pyclass]
struct Tally {
    n: u32,
}

#[pyclass(frozen)]
struct Fixed {
    v: u32,
}

#[test]
fn py_borrow_methods_on_detached_handles() {
    let tally: Py<Tally> = Python::attach(|py| Py::new(py, Tally { n: 1 }).unwrap());
    let fixed: Py<Fixed> = Python::attach(|py| Py::new(py, Fixed { v: 7 }).unwrap());
    assert_eq!(fixed.get().v, 7); // no attach needed for frozen, Sync values
    Python::attach(|py| {
        tally.borrow_mut(py).n += 1;
        assert_eq!(tally.borrow(py).n, 2);
        let shared = tally.borrow(py);
        assert!(tally.try_borrow_mut(py).is_err());
        drop(shared);
        assert!(tally.try_borrow(py).is_ok());
    });
}

#[pyclass(freelist = 4)]
struct Pooled {
    v: u32,
}

#[pyclass(dict)]
struct WithDict {}

#[test]
fn type_slots_follow_the_class_options() {
    use pybound::ffi;
    use pybound::type_object::PyTypeInfo;
    use std::ffi::c_void;

    Python::attach(|py| {
        // SAFETY: heap types created by pybound, and slot numbers CPython defines.
        let slot = |ty: *mut ffi::PyTypeObject, s| unsafe { ffi::PyType_GetSlot(ty, s) };
        let generic_alloc = ffi::PyType_GenericAlloc as *mut c_void;
        let (pooled, tally, with_dict) = (
            Pooled::type_object_raw(py),
            Tally::type_object_raw(py),
            WithDict::type_object_raw(py),
        );
        // A free list takes over allocation; other classes keep object's generic allocator.
        assert_ne!(slot(pooled, ffi::Py_tp_alloc), generic_alloc);
        assert_eq!(slot(tally, ffi::Py_tp_alloc), generic_alloc);
        // Garbage-collector hooks only where there is something to visit (here the __dict__).
        assert!(!slot(with_dict, ffi::Py_tp_traverse).is_null());
        assert!(!slot(with_dict, ffi::Py_tp_clear).is_null());
        assert!(slot(tally, ffi::Py_tp_traverse).is_null());
        // Instances of each still work.
        let p = Py::new(py, Pooled { v: 3 }).unwrap();
        assert_eq!(p.borrow(py).v, 3);
        let d = Py::new(py, WithDict {}).unwrap().into_bound(py);
        d.setattr("x", 5).unwrap();
        assert_eq!(d.getattr("x").unwrap().extract::<i64>().unwrap(), 5);
    });
}

#[pyclass(subclass)]
struct CheckedBase {}

#[pyclass(extends = CheckedBase, subclass)]
struct CheckedDerived {}

#[pymethods]
impl CheckedDerived {
    #[new]
    fn new() -> PyClassInitializer<Self> {
        PyClassInitializer::from(CheckedBase {}).add_subclass(CheckedDerived {})
    }
}

#[pyclass]
#[derive(Debug)]
struct NeverMade {}

#[test]
fn class_type_checks_before_and_after_the_type_exists() {
    use pybound::type_object::PyTypeInfo;

    Python::attach(|py| {
        // `NeverMade`'s type object does not exist yet: the checks create it and say no.
        let int = 5i32.into_pyobject(py).unwrap().into_any();
        assert!(!NeverMade::is_type_of(&int));
        assert!(!NeverMade::is_exact_type_of(&int));
        let err = int.extract::<PyRef<'_, NeverMade>>().err().unwrap();
        assert!(
            err.is_instance_of::<pybound::exceptions::PyTypeError>(py),
            "{err}"
        );
        let made = Bound::new(py, NeverMade {}).unwrap().into_any();
        assert!(NeverMade::is_type_of(&made) && NeverMade::is_exact_type_of(&made));
        let borrowed = made.extract::<PyRef<'_, NeverMade>>().unwrap();
        assert_eq!(format!("{borrowed:?}"), "NeverMade"); // the value's Debug, as in PyO3

        // A subclass instance is an instance of the base, not exactly of it; a Python
        // subclass of the derived class is an instance of both.
        let derived = Bound::new(py, CheckedDerived::new()).unwrap().into_any();
        assert!(CheckedBase::is_type_of(&derived));
        assert!(!CheckedBase::is_exact_type_of(&derived));
        assert!(CheckedDerived::is_exact_type_of(&derived));
        assert!(derived.extract::<PyRef<'_, CheckedBase>>().is_ok());
        let base = Bound::new(py, CheckedBase {}).unwrap().into_any();
        assert!(!CheckedDerived::is_type_of(&base));
        let ns = pybound::types::PyDict::new(py);
        ns.set_item("D", derived.get_type()).unwrap();
        py.run(c"class Py(D): pass\nobj = Py()", None, Some(&ns))
            .unwrap();
        let obj = ns.get_item("obj").unwrap().unwrap();
        assert!(CheckedBase::is_type_of(&obj) && CheckedDerived::is_type_of(&obj));
        assert!(!CheckedDerived::is_exact_type_of(&obj));
        assert!(!NeverMade::is_type_of(&obj));
    });
}

#[pyclass]
#[derive(Debug)]
struct Guarded {
    items: Vec<i32>,
}

#[test]
fn class_guards_borrow_without_owning_a_reference() {
    Python::attach(|py| {
        let obj = Bound::new(py, Guarded { items: vec![1, 2] }).unwrap();
        let before = obj.get_refcnt();
        {
            let any = obj.as_any();
            let guard = any.extract::<PyClassGuard<'_, Guarded>>().unwrap();
            assert_eq!(obj.get_refcnt(), before, "a guard counts no reference");
            assert_eq!(format!("{guard:?}"), "Guarded { items: [1, 2] }");
            // A second shared borrow is fine; an exclusive one is refused while it lives.
            assert!(any.extract::<PyClassGuard<'_, Guarded>>().is_ok());
            let err = any.extract::<PyClassGuardMut<'_, Guarded>>().err().unwrap();
            assert_eq!(err.to_string(), "RuntimeError: Already borrowed");
            let back = guard.into_pyobject(py).unwrap();
            assert!(back.is(&obj));
        }
        // The mapped exclusive guard keeps the borrow until it is dropped.
        let mut first = PyClassGuardMut::try_from(&obj)
            .unwrap()
            .map(|g| &mut g.items[0]);
        *first += 10;
        assert!(obj.try_borrow().is_err());
        drop(first);
        assert_eq!(obj.borrow().items, [11, 2]);
        let len = PyClassGuard::try_from(&obj).unwrap().map(|g| &g.items);
        assert!(obj.try_borrow_mut().is_err());
        assert_eq!(len.len(), 2);
        drop(len);
        assert!(obj.try_borrow_mut().is_ok());
        // Not an instance: a TypeError naming the class.
        let int = 1i32.into_pyobject(py).unwrap().into_any();
        let err = int.extract::<PyClassGuard<'_, Guarded>>().err().unwrap();
        assert!(err.to_string().contains("Guarded"), "{err}");
    });
}
