use pybound::exceptions::*;
use pybound::prelude::*;

use crate::{eval, run};

// ---- str / bytes / bytearray ----

#[test]
fn string_new_intern_and_identity() {
    Python::attach(|py| {
        let a = PyString::intern(py, "interned-name");
        let b = PyString::intern(py, "interned-name");
        assert!(a.is(&b));
        let c = PyString::new(py, "not-interned-xyz");
        let d = PyString::new(py, "not-interned-xyz");
        assert!(c.as_any().eq(&d).unwrap());
    });
}

#[test]
fn string_to_cow_and_encode() {
    Python::attach(|py| {
        let s = PyString::new(py, "ñ");
        assert_eq!(s.to_cow().unwrap(), "ñ");
        let b = s.encode(c"utf-8", c"strict").unwrap();
        assert_eq!(b.as_bytes(), "ñ".as_bytes());
        let latin = s.encode(c"latin-1", c"strict").unwrap();
        assert_eq!(latin.as_bytes(), &[0xf1]);
        let err = s.encode(c"ascii", c"strict").unwrap_err();
        assert!(err.is_instance_of::<PyUnicodeEncodeError>(py));
        assert_eq!(s.encode(c"ascii", c"replace").unwrap().as_bytes(), b"?");
    });
}

#[test]
fn string_from_encoded_object() {
    Python::attach(|py| {
        let raw = PyBytes::new(py, &[0xe9]);
        let s = PyString::from_encoded_object(&raw, c"latin-1", c"strict").unwrap();
        assert_eq!(s.to_str().unwrap(), "é");
        assert!(PyString::from_encoded_object(&raw, c"utf-8", c"strict").is_err());
    });
}

#[test]
fn bytes_new_with_and_error() {
    Python::attach(|py| {
        let b = PyBytes::new_with(py, 3, |buf| {
            assert_eq!(buf, &[0, 0, 0]);
            buf[1] = 7;
            Ok(())
        })
        .unwrap();
        assert_eq!(b.as_bytes(), &[0, 7, 0]);
        let err =
            PyBytes::new_with(py, 2, |_| Err(PyValueError::new_err("init failed"))).unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn bytearray_basics() {
    Python::attach(|py| {
        let ba = PyByteArray::new(py, b"abc");
        assert_eq!(ba.len(), 3);
        assert_eq!(ba.to_vec(), b"abc");
        ba.call_method1("extend", (PyBytes::new(py, b"de"),))
            .unwrap();
        assert_eq!(ba.to_vec(), b"abcde");
        let from = PyByteArray::from(&PyBytes::new(py, b"xy").into_any()).unwrap();
        assert_eq!(from.to_vec(), b"xy");
        assert!(PyByteArray::from(&eval(py, "1.5")).is_err());
        assert!(PyByteArray::new(py, b"").is_empty());
    });
}

// ---- slice ----

#[test]
fn slice_indices() {
    Python::attach(|py| {
        let s = PySlice::new(py, 1, 8, 2);
        let i = s.indices(5).unwrap();
        assert_eq!((i.start, i.stop, i.step, i.slicelength), (1, 5, 2, 2));
        let full = PySlice::full(py).indices(4).unwrap();
        assert_eq!(
            (full.start, full.stop, full.step, full.slicelength),
            (0, 4, 1, 4)
        );
        let rev = eval(py, "slice(None, None, -1)")
            .cast_into::<PySlice>()
            .unwrap();
        let r = rev.indices(3).unwrap();
        assert_eq!((r.start, r.stop, r.step, r.slicelength), (2, -1, -1, 3));
    });
}

#[test]
fn slice_zero_step_is_value_error() {
    Python::attach(|py| {
        let s = PySlice::new(py, 0, 1, 0);
        assert!(s.indices(3).unwrap_err().is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn slice_used_for_item_access() {
    Python::attach(|py| {
        let l = eval(py, "[0, 1, 2, 3, 4]");
        let s = PySlice::new(py, 1, 4, 2);
        assert_eq!(l.get_item(&s).unwrap().to_string(), "[1, 3]");
    });
}

// ---- type ----

#[test]
fn type_names() {
    Python::attach(|py| {
        let ns = run(py, "class Outer:\n    class Inner:\n        pass\n");
        let inner = ns
            .get_item("Outer")
            .unwrap()
            .unwrap()
            .getattr("Inner")
            .unwrap();
        let ty = inner.cast::<PyType>().unwrap();
        assert_eq!(ty.name().unwrap().to_str().unwrap(), "Inner");
        assert_eq!(ty.qualname().unwrap().to_str().unwrap(), "Outer.Inner");
        assert_eq!(ty.module().unwrap().to_str().unwrap(), "builtins");
        let od = py
            .import("collections")
            .unwrap()
            .getattr("OrderedDict")
            .unwrap();
        assert_eq!(
            od.cast::<PyType>().unwrap().fully_qualified_name().unwrap(),
            "collections.OrderedDict"
        );
    });
}

#[test]
fn type_subclass_checks() {
    Python::attach(|py| {
        let b = py.get_type::<PyBool>();
        assert!(b.is_subclass_of::<PyInt>().unwrap());
        assert!(!b.is_subclass_of::<PyString>().unwrap());
        assert!(b.is_subclass(&py.get_type::<PyAny>()).unwrap());
    });
}

// ---- module ----

#[test]
fn module_new_add_dict() {
    Python::attach(|py| {
        let m = PyModule::new(py, "made_in_rust").unwrap();
        m.add("ANSWER", 42).unwrap();
        assert_eq!(m.name().unwrap().to_str().unwrap(), "made_in_rust");
        assert_eq!(
            m.dict()
                .get_item("ANSWER")
                .unwrap()
                .unwrap()
                .extract::<i32>()
                .unwrap(),
            42
        );
        let all: Vec<String> = m.getattr("__all__").unwrap().extract().unwrap();
        assert_eq!(all, ["ANSWER"]);
        assert!(PyModule::new(py, "bad\0name").is_err());
    });
}

#[test]
fn module_submodule_and_filename() {
    Python::attach(|py| {
        let parent = PyModule::new(py, "parent").unwrap();
        let child = PyModule::new(py, "child").unwrap();
        parent.add_submodule(&child).unwrap();
        assert!(parent.getattr("child").unwrap().is(&child));
        let os = py.import("os").unwrap();
        assert!(os.filename().unwrap().to_str().unwrap().ends_with("os.py"));
        assert!(parent.filename().is_err());
    });
}

#[test]
fn module_import_errors() {
    Python::attach(|py| {
        assert!(PyModule::import(py, "definitely_missing_mod").is_err());
    });
}

// ---- iterator / sequence / mapping ----

#[test]
fn iterator_cast_and_check() {
    Python::attach(|py| {
        let it = eval(py, "iter([1])");
        assert!(it.cast::<PyIterator>().is_ok());
        let list = eval(py, "[1]");
        let err = list.cast::<PyIterator>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "'list' object is not an instance of 'Iterator'"
        );
    });
}

#[test]
fn iterator_from_object_and_size_hint() {
    Python::attach(|py| {
        let it = PyIterator::from_object(&eval(py, "[1, 2, 3]")).unwrap();
        // `__length_hint__` (abi3 builds give no hint: no `PyObject_LengthHint` there).
        #[cfg(not(Py_LIMITED_API))]
        assert_eq!(it.size_hint().0, 3);
        #[cfg(Py_LIMITED_API)]
        assert_eq!(it.size_hint(), (0, None));
        let v: PyResult<Vec<i32>> = it.map(|x| x?.extract()).collect();
        assert_eq!(v.unwrap(), [1, 2, 3]);
    });
}

#[test]
fn sequence_checks() {
    Python::attach(|py| {
        for expr in [
            "[1]",
            "(1,)",
            "'s'",
            "range(3)",
            "b'b'",
            "__import__('collections').deque()",
        ] {
            assert!(eval(py, expr).cast::<PySequence>().is_ok(), "{expr}");
        }
        for expr in ["{1: 2}", "{1}", "5", "iter([])"] {
            assert!(eval(py, expr).cast::<PySequence>().is_err(), "{expr}");
        }
    });
}

#[test]
fn sequence_methods() {
    Python::attach(|py| {
        let r = eval(py, "range(10, 15)");
        let s = r.cast::<PySequence>().unwrap();
        assert_eq!(s.len().unwrap(), 5);
        assert_eq!(s.get_item(2).unwrap().extract::<i32>().unwrap(), 12);
        assert!(s.contains(14).unwrap());
        assert_eq!(s.index(13).unwrap(), 3);
        assert_eq!(s.to_list().unwrap().len(), 5);
        assert_eq!(s.to_tuple().unwrap().len(), 5);
        assert!(!s.is_empty().unwrap());
    });
}

#[test]
fn sequence_register_custom_class() {
    Python::attach(|py| {
        let ns = run(py, "class MySeq:\n    def __len__(self): return 2\n    def __getitem__(self, i): return [7, 8][i]\n");
        let cls = ns.get_item("MySeq").unwrap().unwrap();
        let obj = cls.call0().unwrap();
        assert!(obj.cast::<PySequence>().is_err());
        PySequence::register(py, cls.cast::<PyType>().unwrap()).unwrap();
        assert!(obj.cast::<PySequence>().is_ok());
        assert_eq!(obj.extract::<Vec<i32>>().unwrap(), [7, 8]);
    });
}

#[test]
fn mapping_checks_and_methods() {
    Python::attach(|py| {
        let d = eval(py, "{'a': 1}");
        let m = d.cast::<PyMapping>().unwrap();
        assert_eq!(m.len().unwrap(), 1);
        assert!(m.contains("a").unwrap());
        assert_eq!(m.keys().unwrap().extract::<Vec<String>>().unwrap(), ["a"]);
        assert_eq!(m.values().unwrap().extract::<Vec<i32>>().unwrap(), [1]);
        assert_eq!(m.items().unwrap().len(), 1);
        assert!(!m.is_empty().unwrap());
        let proxy = eval(py, "type.__dict__");
        assert!(
            proxy.cast::<PyMapping>().is_ok(),
            "mappingproxy is a Mapping"
        );
        assert!(eval(py, "[1]").cast::<PyMapping>().is_err());
    });
}

#[test]
fn mapping_register() {
    Python::attach(|py| {
        let ns = run(py, "class M:\n    pass\n");
        let cls = ns.get_item("M").unwrap().unwrap();
        let obj = cls.call0().unwrap();
        assert!(obj.cast::<PyMapping>().is_err());
        PyMapping::register(py, cls.cast::<PyType>().unwrap()).unwrap();
        assert!(obj.cast::<PyMapping>().is_ok());
    });
}

// ---- capsule ----

#[test]
fn capsule_holds_value_and_name() {
    Python::attach(|py| {
        let cap = PyCapsule::new(py, vec![1u8, 2, 3], Some(c"pkg.data".to_owned())).unwrap();
        assert!(cap.is_valid(Some(c"pkg.data")));
        assert!(!cap.is_valid(Some(c"other")));
        // SAFETY: created from a Vec<u8> above.
        assert_eq!(unsafe { cap.reference::<Vec<u8>>() }, &[1, 2, 3]);
        assert_eq!(cap.name().unwrap().unwrap(), c"pkg.data");
    });
}

#[test]
fn capsule_without_name() {
    Python::attach(|py| {
        let cap = PyCapsule::new(py, 5i32, None).unwrap();
        assert!(cap.name().unwrap().is_none());
        assert!(cap.is_valid(None));
    });
}

#[test]
fn capsule_drops_value_when_freed() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    struct Tracker(Arc<AtomicUsize>);
    impl Drop for Tracker {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let drops = Arc::new(AtomicUsize::new(0));
    Python::attach(|py| {
        let cap = PyCapsule::new(py, Tracker(drops.clone()), None).unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        drop(cap);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn capsule_destructor_gets_the_value_and_context() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let seen = Arc::new(AtomicUsize::new(0));
    Python::attach(|py| {
        let record = seen.clone();
        let cap = PyCapsule::new_with_value_and_destructor(
            py,
            40usize,
            c"pkg.counted",
            move |value: usize, context| {
                // The context set below, and the value itself.
                let extra = if context.is_null() { 0 } else { 2 };
                record.store(value + extra, Ordering::SeqCst);
            },
        )
        .unwrap();
        let ptr = cap.pointer_checked(Some(c"pkg.counted")).unwrap();
        // SAFETY: the capsule holds a usize and is alive.
        assert_eq!(unsafe { *ptr.cast::<usize>().as_ref() }, 40);
        let err = cap.pointer_checked(Some(c"pkg.other")).unwrap_err();
        assert!(
            err.is_instance_of::<pybound::exceptions::PyValueError>(py),
            "{err}"
        );
        assert!(cap.is_valid_checked(Some(c"pkg.counted")));
        cap.set_context(std::ptr::NonNull::<u8>::dangling().as_ptr().cast())
            .unwrap();
        assert_eq!(seen.load(Ordering::SeqCst), 0);
        drop(cap);
        assert_eq!(seen.load(Ordering::SeqCst), 42);
    });
}

#[test]
fn capsule_destructor_panic_is_reported_not_aborted() {
    Python::attach(|py| {
        let seen = crate::capture_unraisable(py, || {
            let cap = PyCapsule::new_with_value_and_destructor(py, 1u8, c"pkg.boom", |_, _| {
                panic!("destructor failed")
            })
            .unwrap();
            drop(cap);
        });
        assert_eq!(seen, ["PanicException"]);
    });
}

#[test]
fn capsule_raw_pointer_and_import_pointer() {
    static TABLE: [u32; 2] = [7, 8];
    Python::attach(|py| {
        let ptr = std::ptr::NonNull::from(&TABLE).cast::<std::os::raw::c_void>();
        // SAFETY: a static, valid for the whole program.
        let cap = unsafe { PyCapsule::new_with_pointer(py, ptr, c"raw_home.table") }.unwrap();
        let m = PyModule::new(py, "raw_home").unwrap();
        m.add("table", &cap).unwrap();
        py.import("sys")
            .unwrap()
            .getattr("modules")
            .unwrap()
            .set_item("raw_home", &m)
            .unwrap();
        assert_eq!(
            PyCapsule::import_pointer(py, c"raw_home.table").unwrap(),
            ptr
        );
        // SAFETY: the capsule points at a [u32; 2].
        let table: &[u32; 2] = unsafe { PyCapsule::import(py, c"raw_home.table") }.unwrap();
        assert_eq!(table, &[7, 8]);
        // A pointer 4 bytes past an 8-aligned address, imported as a u64: refused.
        #[repr(align(8))]
        struct Aligned([u32; 4]);
        static WORDS: Aligned = Aligned([1, 2, 3, 4]);
        let odd = std::ptr::NonNull::from(&WORDS.0[1]).cast::<std::os::raw::c_void>();
        // SAFETY: as above.
        let cap = unsafe { PyCapsule::new_with_pointer(py, odd, c"raw_home.odd") }.unwrap();
        m.add("odd", &cap).unwrap();
        // SAFETY: the import refuses before any read.
        let err = unsafe { PyCapsule::import::<u64>(py, c"raw_home.odd") }.unwrap_err();
        assert!(
            err.is_instance_of::<pybound::exceptions::PySystemError>(py),
            "{err}"
        );
    });
}

// ---- weakref ----

#[test]
fn weakref_upgrade_and_death() {
    Python::attach(|py| {
        let obj = eval(py, "type('W', (), {})()");
        let r = PyWeakrefReference::new(&obj).unwrap();
        assert!(r.upgrade().unwrap().is(&obj));
        drop(obj);
        assert!(r.upgrade().is_none());
        assert!(r.try_upgrade().unwrap().is_none());
    });
}

#[test]
fn weakref_proxy_and_typed_upgrades() {
    use pybound::types::{PyWeakref, PyWeakrefProxy};
    Python::attach(|py| {
        let ns = run(
            py,
            "class P:\n    x = 3\nclass Q(P):\n    pass\nobj = Q()\nfired = []",
        );
        let obj = ns.get_item("obj").unwrap().unwrap();
        let fired = ns.get_item("fired").unwrap().unwrap();
        let proxy = PyWeakrefProxy::new_with(&obj, fired.getattr("append").unwrap()).unwrap();
        assert!(proxy.is_instance_of::<PyWeakrefProxy>());
        assert!(proxy.is_instance_of::<PyWeakref>());
        assert!(!proxy.is_instance_of::<PyWeakrefReference>());
        assert_eq!(proxy.getattr("x").unwrap().extract::<i32>().unwrap(), 3);
        let any_ref = PyWeakrefReference::new(&obj)
            .unwrap()
            .into_any()
            .cast_into::<PyWeakref>()
            .unwrap();
        assert!(any_ref.upgrade().unwrap().is(&obj));
        // Typed upgrades: the object is a Q (a subclass of P), not an int.
        let q_type = ns.get_item("Q").unwrap().unwrap();
        assert!(proxy
            .upgrade_as::<PyAny>()
            .unwrap()
            .unwrap()
            .get_type()
            .is(&q_type));
        let err = proxy.upgrade_as::<pybound::types::PyInt>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py), "{err}");
        // SAFETY: the object is alive and any object is a PyAny.
        assert!(unsafe { proxy.upgrade_as_unchecked::<PyAny>() }.is_some());
        drop(any_ref);
        ns.del_item("obj").unwrap();
        drop(obj);
        assert!(proxy.upgrade().is_none());
        assert!(proxy
            .upgrade_as::<pybound::types::PyInt>()
            .unwrap()
            .is_none());
        assert_eq!(fired.len().unwrap(), 1);
        // Using a dead proxy is Python's ReferenceError.
        let err = proxy.getattr("x").unwrap_err();
        assert!(
            err.is_instance_of::<pybound::exceptions::PyReferenceError>(py),
            "{err}"
        );
    });
}

#[test]
fn weakref_to_int_is_type_error() {
    Python::attach(|py| {
        let err = PyWeakrefReference::new(&eval(py, "1")).unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn weakref_callback_runs() {
    Python::attach(|py| {
        let ns = run(py, "fired = []\ndef cb(r):\n    fired.append(1)\n");
        let obj = eval(py, "type('W', (), {})()");
        let cb = ns.get_item("cb").unwrap().unwrap();
        let r = PyWeakrefReference::new_with(&obj, &cb).unwrap();
        drop(obj);
        assert_eq!(ns.get_item("fired").unwrap().unwrap().len().unwrap(), 1);
        drop(r);
    });
}

#[test]
fn singletons_ranges_super_and_mapping_proxies() {
    use pybound::types::{PyEllipsis, PyMappingProxy, PyNotImplemented, PyRange, PySuper};
    Python::attach(|py| {
        let e = PyEllipsis::get(py);
        assert!(e.is(&crate::eval(py, "...")));
        assert!(crate::eval(py, "...").is_instance_of::<PyEllipsis>());
        assert!(PyNotImplemented::get(py).is(&crate::eval(py, "NotImplemented")));
        assert!(!crate::eval(py, "None").is_instance_of::<PyNotImplemented>());

        let r = PyRange::new_with_step(py, 2, 11, 3).unwrap();
        assert_eq!(
            (r.start().unwrap(), r.stop().unwrap(), r.step().unwrap()),
            (2, 11, 3)
        );
        assert_eq!(r.extract::<Vec<i32>>().unwrap(), [2, 5, 8]);
        assert!(PyRange::new_with_step(py, 0, 1, 0).is_err());
        assert!(PyRange::new(py, 0, 3).unwrap().is_instance_of::<PyRange>());

        let ns = crate::run(
            py,
            "class A:\n    def who(self):\n        return 'A'\nclass B(A):\n    def who(self):\n        return 'B'\nb = B()",
        );
        let b = ns.get_item("b").unwrap().unwrap();
        assert_eq!(
            b.call_method0("who").unwrap().extract::<String>().unwrap(),
            "B"
        );
        let sup = b.py_super().unwrap();
        assert!(sup.is_instance_of::<PySuper>());
        assert_eq!(
            sup.call_method0("who")
                .unwrap()
                .extract::<String>()
                .unwrap(),
            "A"
        );

        let f = crate::eval(py, "lambda: 1");
        assert!(f.is_instance_of::<pybound::types::PyFunction>());
        assert!(!crate::eval(py, "len").is_instance_of::<pybound::types::PyFunction>());

        let d = PyDict::new(py);
        d.set_item("k", 1).unwrap();
        let proxy =
            PyMappingProxy::new(d.as_any().cast::<pybound::types::PyMapping>().unwrap()).unwrap();
        assert_eq!(proxy.get_item("k").unwrap().extract::<i32>().unwrap(), 1);
        assert!(proxy.set_item("k", 2).is_err(), "read-only");
    });
}

#[test]
fn modules_from_code() {
    Python::attach(|py| {
        let m = PyModule::from_code(
            py,
            c"VALUE = 7\ndef f():\n    return VALUE\n",
            c"made.py",
            c"made_from_code",
        )
        .unwrap();
        assert_eq!(
            m.getattr("f")
                .unwrap()
                .call0()
                .unwrap()
                .extract::<i32>()
                .unwrap(),
            7
        );
        assert_eq!(
            m.getattr("__file__").unwrap().extract::<String>().unwrap(),
            "made.py"
        );
        assert!(py.import("made_from_code").unwrap().is(&m));
        let err = PyModule::from_code(py, c"def broken(:\n", c"bad.py", c"bad").unwrap_err();
        assert!(err.is_instance_of::<pybound::exceptions::PySyntaxError>(py));
    });
}

#[test]
fn capsule_new_with_value_and_version_str() {
    Python::attach(|py| {
        let cap = PyCapsule::new_with_value(py, 41u32, c"m.answer").unwrap();
        // SAFETY: made from a u32 just above.
        assert_eq!(unsafe { *cap.reference::<u32>() } + 1, 42);
        assert!(py.version_str().starts_with('3'));
    });
}

#[test]
fn capsules_are_imported_and_carry_a_context() {
    Python::attach(|py| {
        let m = PyModule::new(py, "capsule_home").unwrap();
        let cap = PyCapsule::new_with_value(py, [1u16, 2, 3], c"capsule_home.table").unwrap();
        m.add("table", &cap).unwrap();
        py.import("sys")
            .unwrap()
            .getattr("modules")
            .unwrap()
            .set_item("capsule_home", &m)
            .unwrap();
        // SAFETY: the capsule holds a [u16; 3] and stays alive in its module.
        let table: &[u16; 3] = unsafe { PyCapsule::import(py, c"capsule_home.table") }.unwrap();
        assert_eq!(table, &[1, 2, 3]);
        // SAFETY: a name nothing exports: the import fails before any cast.
        assert!(unsafe { PyCapsule::import::<u8>(py, c"capsule_home.missing") }.is_err());
        assert!(cap.context().unwrap().is_null());
        let mut marker = 7u8;
        cap.set_context((&mut marker as *mut u8).cast()).unwrap();
        assert_eq!(cap.context().unwrap(), (&mut marker as *mut u8).cast());
    });
}

#[cfg(Py_3_10)]
#[test]
fn iterator_send_reaches_the_return_value() {
    use pybound::types::{PyIterator, PySendResult};
    Python::attach(|py| {
        let ns = crate::run(
            py,
            "def gen():\n    total = 0\n    while total < 10:\n        total += (yield total) or 0\n    return total * 100\ng = gen()",
        );
        let g = ns
            .get_item("g")
            .unwrap()
            .unwrap()
            .cast_into::<PyIterator>()
            .unwrap();
        let none = py.None().into_bound(py);
        assert!(
            matches!(g.send(&none).unwrap(), PySendResult::Next(v) if v.extract::<i32>().unwrap() == 0)
        );
        let four = 4i32.into_pyobject(py).unwrap().into_any();
        assert!(
            matches!(g.send(&four).unwrap(), PySendResult::Next(v) if v.extract::<i32>().unwrap() == 4)
        );
        let seven = 7i32.into_pyobject(py).unwrap().into_any();
        match g.send(&seven).unwrap() {
            PySendResult::Return(v) => assert_eq!(v.extract::<i32>().unwrap(), 1100),
            other => panic!("expected the return value, got {other:?}"),
        }
    });
}

#[test]
fn dict_views_generic_aliases_and_frames() {
    use pybound::types::{PyDictItems, PyDictKeys, PyDictValues, PyGenericAlias};
    Python::attach(|py| {
        let d = PyDict::new(py);
        d.set_item("a", 1).unwrap();
        let keys = d.call_method0("keys").unwrap();
        let values = d.call_method0("values").unwrap();
        let items = d.call_method0("items").unwrap();
        assert!(keys.cast::<PyDictKeys>().is_ok() && keys.cast::<PyDictValues>().is_err());
        assert!(values.cast::<PyDictValues>().is_ok() && values.cast::<PyDictItems>().is_err());
        assert!(items.cast::<PyDictItems>().is_ok() && items.cast::<PyDictKeys>().is_err());
        assert!(keys.is_instance(&py.get_type::<PyDictKeys>()).unwrap());

        let list = py.get_type::<PyList>();
        let args = PyTuple::new(py, [py.get_type::<PyString>()]).unwrap();
        let alias = PyGenericAlias::new(py, list.as_any(), args.as_any()).unwrap();
        assert_eq!(alias.repr().unwrap().to_string(), "list[str]");
        let from_python = py.eval(c"dict[str, int]", None, None).unwrap();
        assert!(from_python.cast::<PyGenericAlias>().is_ok());
        assert!(list.as_any().cast::<PyGenericAlias>().is_err());

        #[cfg(not(Py_LIMITED_API))]
        {
            use pybound::types::PyFrame;
            let frame = py
                .eval(c"__import__('sys')._getframe()", None, None)
                .unwrap();
            let frame = frame.cast::<PyFrame>().unwrap();
            assert_eq!(frame.line_number(), 1);
            assert!(alias.cast::<PyFrame>().is_err());
            assert_eq!(
                frame.code().getattr("co_name").unwrap().to_string(),
                "<module>"
            );
            // A frame from a function: its caller is the frame `f` was called from.
            let inner = py
                .eval(
                    c"(lambda: (lambda x=5: __import__('sys')._getframe())())()",
                    None,
                    None,
                )
                .unwrap();
            let inner = inner.cast::<PyFrame>().unwrap();
            let outer = inner.outer().expect("called from a frame");
            assert_eq!(
                outer.code().getattr("co_name").unwrap().to_string(),
                "<lambda>"
            );
            #[cfg(Py_3_11)]
            {
                assert!(inner.globals().contains("__builtins__").unwrap());
                assert!(inner.builtins().contains("len").unwrap());
                assert_eq!(
                    inner
                        .locals()
                        .get_item("x")
                        .unwrap()
                        .extract::<i32>()
                        .unwrap(),
                    5
                );
            }
            #[cfg(Py_3_12)]
            {
                assert_eq!(inner.var(c"x").unwrap().extract::<i32>().unwrap(), 5);
                assert!(inner.var(c"nope").is_err());
            }
        }
    });
}

#[test]
fn string_builders_type_pointers_and_frozenset_builder() {
    use pybound::types::{PyFrozenSetBuilder, PyType};
    // SAFETY: the interpreter is running (these tests attach with auto-initialize).
    let n = unsafe { Python::attach_unchecked(|py| py.version_info().major) };
    assert_eq!(n, 3);
    Python::attach(|py| {
        assert_eq!(
            PyString::from_bytes(py, "é".as_bytes())
                .unwrap()
                .to_str()
                .unwrap(),
            "é"
        );
        let err = PyString::from_bytes(py, b"\xff").unwrap_err();
        assert!(err.is_instance_of::<PyUnicodeDecodeError>(py), "{err}");
        let s = PyString::from_fmt(py, format_args!("{}-{:>3}", "a", 7)).unwrap();
        assert_eq!(s.to_str().unwrap(), "a-  7");
        let name = "x";
        assert_eq!(
            pybound::py_format!(py, "{name}!")
                .unwrap()
                .to_str()
                .unwrap(),
            "x!"
        );

        // SAFETY: the list type object lives as long as the interpreter.
        let list_type = unsafe {
            PyType::from_borrowed_type_ptr(py, std::ptr::addr_of_mut!(pybound::ffi::PyList_Type))
        };
        assert!(list_type.is(&py.get_type::<PyList>()));

        let mut b = PyFrozenSetBuilder::new(py).unwrap();
        b.add("a").unwrap();
        b.add("a").unwrap();
        assert!(b
            .add(PyList::empty(py))
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
        let set = b.finalize();
        assert_eq!(set.len(), 1);
        assert!(set.contains("a").unwrap());
    });
}
