use std::panic::{catch_unwind, AssertUnwindSafe};

use pybound::exceptions::*;
use pybound::prelude::*;

use crate::eval;

// ---- tuple ----

#[test]
fn tuple_new_empty_len() {
    Python::attach(|py| {
        let t = PyTuple::new(py, [1, 2, 3]).unwrap();
        assert_eq!(t.len(), 3);
        assert!(!t.is_empty());
        assert!(PyTuple::empty(py).is_empty());
        assert_eq!(PyTuple::new(py, Vec::<i32>::new()).unwrap().len(), 0);
    });
}

#[test]
fn tuple_get_item_and_out_of_range() {
    Python::attach(|py| {
        let t = PyTuple::new(py, ["a", "b"]).unwrap();
        assert_eq!(t.get_item(1).unwrap().extract::<String>().unwrap(), "b");
        let err = t.get_item(2).unwrap_err();
        assert!(err.is_instance_of::<PyIndexError>(py));
        assert!(t.get_borrowed_item(5).is_err());
    });
}

#[test]
fn tuple_borrowed_item_no_refcount() {
    Python::attach(|py| {
        let inner = eval(py, "object()");
        let t = PyTuple::new(py, [&inner]).unwrap();
        let base = inner.get_refcnt();
        let b = t.get_borrowed_item(0).unwrap();
        assert_eq!(b.get_refcnt(), base);
        assert!(b.is(&inner));
    });
}

#[test]
fn tuple_iter_both_ways() {
    Python::attach(|py| {
        let t = PyTuple::new(py, [1, 2, 3]).unwrap();
        let fwd: Vec<i32> = t.iter().map(|x| x.extract().unwrap()).collect();
        let back: Vec<i32> = t.iter().rev().map(|x| x.extract().unwrap()).collect();
        assert_eq!(fwd, [1, 2, 3]);
        assert_eq!(back, [3, 2, 1]);
        assert_eq!(t.iter().len(), 3);
        let borrowed: Vec<i32> = t.iter_borrowed().map(|x| x.extract().unwrap()).collect();
        assert_eq!(borrowed, [1, 2, 3]);
        let mut n = 0;
        for _ in &t {
            n += 1;
        }
        assert_eq!(n, 3);
    });
}

#[test]
fn tuple_slice_to_list_contains_index() {
    Python::attach(|py| {
        let t = PyTuple::new(py, [10, 20, 30, 40]).unwrap();
        assert_eq!(t.get_slice(1, 3).to_string(), "(20, 30)");
        assert_eq!(t.get_slice(3, 100).to_string(), "(40,)");
        let l = t.to_list();
        assert!(l.is_exact_instance_of::<PyList>());
        assert_eq!(l.len(), 4);
        assert!(t.contains(30).unwrap());
        assert!(!t.contains(31).unwrap());
        assert_eq!(t.index(40).unwrap(), 3);
        assert!(t.index(41).unwrap_err().is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn tuple_new_from_mixed_bound_objects() {
    Python::attach(|py| {
        let a = PyString::new(py, "s").into_any();
        let b = 5i32.into_pyobject(py).unwrap().into_any();
        let t = PyTuple::new(py, [a, b]).unwrap();
        assert_eq!(t.to_string(), "('s', 5)");
    });
}

// ---- list ----

#[test]
fn list_new_empty_append_insert() {
    Python::attach(|py| {
        let l = PyList::empty(py);
        assert!(l.is_empty());
        l.append(1).unwrap();
        l.append("x").unwrap();
        l.insert(0, 0.5).unwrap();
        l.insert(100, "end").unwrap();
        assert_eq!(l.to_string(), "[0.5, 1, 'x', 'end']");
    });
}

#[test]
fn list_get_set_del_item() {
    Python::attach(|py| {
        let l = PyList::new(py, [1, 2, 3]).unwrap();
        assert_eq!(l.get_item(0).unwrap().extract::<i32>().unwrap(), 1);
        assert!(l
            .get_item(3)
            .unwrap_err()
            .is_instance_of::<PyIndexError>(py));
        l.set_item(1, "two").unwrap();
        assert!(l
            .set_item(9, 0)
            .unwrap_err()
            .is_instance_of::<PyIndexError>(py));
        l.del_item(0).unwrap();
        assert!(l
            .del_item(5)
            .unwrap_err()
            .is_instance_of::<PyIndexError>(py));
        assert_eq!(l.to_string(), "['two', 3]");
    });
}

#[test]
fn list_get_item_survives_list_mutation() {
    Python::attach(|py| {
        let l = PyList::new(py, [eval(py, "object()")]).unwrap();
        let item = l.get_item(0).unwrap();
        l.clear().unwrap();
        // `item` is a strong reference: still valid after the list dropped its own.
        assert!(item
            .repr()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("<object"));
    });
}

#[test]
fn list_sort_reverse_index_contains() {
    Python::attach(|py| {
        let l = PyList::new(py, [3, 1, 2]).unwrap();
        l.sort().unwrap();
        assert_eq!(l.extract::<Vec<i32>>().unwrap(), [1, 2, 3]);
        l.reverse().unwrap();
        assert_eq!(l.extract::<Vec<i32>>().unwrap(), [3, 2, 1]);
        assert_eq!(l.index(1).unwrap(), 2);
        assert!(l.index(9).unwrap_err().is_instance_of::<PyValueError>(py));
        assert!(l.contains(2).unwrap());
    });
}

#[test]
fn list_sort_of_unorderable_is_type_error() {
    Python::attach(|py| {
        let l = eval(py, "[1, 'a']").cast_into::<PyList>().unwrap();
        assert!(l.sort().unwrap_err().is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn list_slice_extend_clear_to_tuple() {
    Python::attach(|py| {
        let l = PyList::new(py, [1, 2, 3, 4]).unwrap();
        assert_eq!(l.get_slice(1, 3).to_string(), "[2, 3]");
        l.extend(vec![5, 6]).unwrap();
        assert_eq!(l.len(), 6);
        let t = l.to_tuple();
        assert_eq!(t.len(), 6);
        l.clear().unwrap();
        assert!(l.is_empty());
        assert_eq!(t.len(), 6);
    });
}

#[test]
fn list_iter_is_safe_under_mutation() {
    Python::attach(|py| {
        let l = PyList::new(py, [1, 2, 3, 4]).unwrap();
        let mut seen = Vec::new();
        for item in l.iter() {
            let v: i32 = item.extract().unwrap();
            seen.push(v);
            if v == 2 {
                l.clear().unwrap(); // shrink while iterating: the iterator stops
            }
        }
        assert_eq!(seen, [1, 2]);

        let l = PyList::new(py, [1]).unwrap();
        let mut count = 0;
        for _ in l.iter() {
            count += 1;
            if count < 3 {
                l.append(0).unwrap(); // grow: the iterator sees new items, like Python's
            }
        }
        assert_eq!(count, 3);
    });
}

#[test]
fn list_into_iter_by_value() {
    Python::attach(|py| {
        let l = PyList::new(py, ["a", "b"]).unwrap();
        let v: Vec<String> = l.into_iter().map(|x| x.extract().unwrap()).collect();
        assert_eq!(v, ["a", "b"]);
    });
}

#[test]
fn list_new_with_conversion_error_frees_partial_list() {
    Python::attach(|py| {
        let items = vec![
            Some(Duration::from_secs(1)),
            Some(Duration::from_secs(u64::MAX)),
        ];
        assert!(PyList::new(py, items).is_err());
    });
}

use std::time::Duration;

// ---- dict ----

#[test]
fn dict_set_get_del_contains_len() {
    Python::attach(|py| {
        let d = PyDict::new(py);
        d.set_item("a", 1).unwrap();
        d.set_item(2, "b").unwrap();
        assert_eq!(d.len(), 2);
        assert!(d.contains("a").unwrap());
        assert_eq!(
            d.get_item(2).unwrap().unwrap().extract::<String>().unwrap(),
            "b"
        );
        assert!(d.get_item("zz").unwrap().is_none());
        d.del_item("a").unwrap();
        assert!(d
            .del_item("a")
            .unwrap_err()
            .is_instance_of::<PyKeyError>(py));
        assert!(!d.is_empty());
    });
}

#[test]
fn dict_unhashable_key_is_type_error() {
    Python::attach(|py| {
        let d = PyDict::new(py);
        let key = PyList::empty(py);
        assert!(d
            .set_item(&key, 1)
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
        assert!(d
            .get_item(&key)
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
        assert!(d.contains(&key).is_err());
    });
}

#[test]
fn dict_keys_values_items() {
    Python::attach(|py| {
        let d = eval(py, "{'x': 1, 'y': 2}").cast_into::<PyDict>().unwrap();
        assert_eq!(d.keys().extract::<Vec<String>>().unwrap(), ["x", "y"]);
        assert_eq!(d.values().extract::<Vec<i32>>().unwrap(), [1, 2]);
        assert_eq!(
            d.items().extract::<Vec<(String, i32)>>().unwrap(),
            [("x".into(), 1), ("y".into(), 2)]
        );
    });
}

#[test]
fn dict_update_copy_clear() {
    Python::attach(|py| {
        let d = eval(py, "{'a': 1}").cast_into::<PyDict>().unwrap();
        let other = eval(py, "{'b': 2}").cast_into::<PyDict>().unwrap();
        d.update(other.as_mapping()).unwrap();
        assert_eq!(d.len(), 2);
        let c = d.copy().unwrap();
        d.clear();
        assert_eq!(d.len(), 0);
        assert_eq!(c.len(), 2);
    });
}

#[test]
fn dict_from_sequence() {
    Python::attach(|py| {
        let seq = eval(py, "[('k', 1), ('j', 2)]");
        let d = PyDict::from_sequence(&seq).unwrap();
        assert_eq!(
            d.get_item("j").unwrap().unwrap().extract::<i32>().unwrap(),
            2
        );
        let bad = eval(py, "[1, 2]");
        assert!(PyDict::from_sequence(&bad).is_err());
    });
}

#[test]
fn dict_iteration_in_order() {
    Python::attach(|py| {
        let d = eval(py, "{'a': 1, 'b': 2, 'c': 3}")
            .cast_into::<PyDict>()
            .unwrap();
        let pairs: Vec<(String, i32)> = d
            .iter()
            .map(|(k, v)| (k.extract().unwrap(), v.extract().unwrap()))
            .collect();
        assert_eq!(pairs, [("a".into(), 1), ("b".into(), 2), ("c".into(), 3)]);
        assert_eq!(d.iter().size_hint(), (3, Some(3)));
        let mut n = 0;
        for (_k, _v) in &d {
            n += 1;
        }
        assert_eq!(n, 3);
    });
}

#[test]
fn dict_mutation_during_iteration_raises_runtime_error() {
    Python::attach(|py| {
        let d = eval(py, "{'a': 1, 'b': 2}").cast_into::<PyDict>().unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| {
            for (k, _) in d.iter() {
                let key: String = k.extract().unwrap();
                d.set_item(format!("{key}{key}"), 0).unwrap();
            }
        }));
        let payload = result.expect_err("iteration must stop with an error");
        let err = payload.downcast::<PyErr>().expect("the payload is a PyErr");
        assert!(err.is_instance_of::<PyRuntimeError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "dictionary changed size during iteration"
        );
    });
}

#[test]
fn dict_try_iter_items_reports_mutation_as_err() {
    Python::attach(|py| {
        let d = eval(py, "{'a': 1, 'b': 2}").cast_into::<PyDict>().unwrap();
        let mut results = Vec::new();
        for item in d.try_iter_items() {
            match item {
                Ok((k, _)) => {
                    d.del_item(k).unwrap();
                    results.push(true);
                }
                Err(e) => {
                    assert!(e.is_instance_of::<PyRuntimeError>(py));
                    results.push(false);
                }
            }
        }
        assert_eq!(results, [true, false]);
    });
}

#[test]
fn dict_iteration_survives_value_replacement() {
    Python::attach(|py| {
        let d = eval(py, "{'a': 1, 'b': 2}").cast_into::<PyDict>().unwrap();
        for (k, _) in d.iter() {
            d.set_item(k, 0).unwrap(); // same size: allowed, as in Python
        }
        assert_eq!(d.values().extract::<Vec<i32>>().unwrap(), [0, 0]);
    });
}

#[test]
fn dict_into_iter_by_value() {
    Python::attach(|py| {
        let d = eval(py, "{1: 2}").cast_into::<PyDict>().unwrap();
        let v: Vec<(i32, i32)> = d
            .into_iter()
            .map(|(k, v)| (k.extract().unwrap(), v.extract().unwrap()))
            .collect();
        assert_eq!(v, [(1, 2)]);
    });
}

// ---- set / frozenset ----

#[test]
fn set_add_contains_discard_pop_clear() {
    Python::attach(|py| {
        let s = PySet::new(py, [1, 2]).unwrap();
        s.add(3).unwrap();
        assert_eq!(s.len(), 3);
        assert!(s.contains(2).unwrap());
        assert!(s.discard(2).unwrap());
        assert!(!s.discard(2).unwrap());
        let popped = s.pop().unwrap();
        assert!(popped.is_instance_of::<PyInt>());
        s.clear();
        assert!(s.is_empty());
        assert!(s.pop().is_none());
        assert!(!PyErr::occurred(py));
    });
}

#[test]
fn set_unhashable_member_is_error() {
    Python::attach(|py| {
        let s = PySet::empty(py).unwrap();
        assert!(s
            .add(PyList::empty(py))
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn set_iteration() {
    Python::attach(|py| {
        let s = PySet::new(py, ["a", "b", "c"]).unwrap();
        let mut v: Vec<String> = s.iter().map(|x| x.extract().unwrap()).collect();
        v.sort();
        assert_eq!(v, ["a", "b", "c"]);
        assert_eq!((&s).into_iter().count(), 3);
    });
}

#[test]
fn set_mutation_during_iteration_raises_runtime_error() {
    Python::attach(|py| {
        let s = PySet::new(py, [1, 2, 3]).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| {
            for (i, _) in s.iter().enumerate() {
                s.add(100 + i as i32).unwrap();
            }
        }));
        let err = result.unwrap_err().downcast::<PyErr>().unwrap();
        assert!(err.is_instance_of::<PyRuntimeError>(py));
    });
}

#[test]
fn frozenset_basics() {
    Python::attach(|py| {
        let f = PyFrozenSet::new(py, [1, 2, 2]).unwrap();
        assert_eq!(f.len(), 2);
        assert!(f.contains(1).unwrap());
        assert!(PyFrozenSet::empty(py).unwrap().is_empty());
        assert_eq!(f.iter().count(), 2);
        assert!(f.hash().is_ok(), "frozensets are hashable");
        assert!(eval(py, "frozenset()").cast::<PyFrozenSet>().is_ok());
        assert!(eval(py, "set()").cast::<PyFrozenSet>().is_err());
    });
}

#[test]
fn list_slices_type_mro_and_utf8() {
    Python::attach(|py| {
        let list = PyList::new(py, [0, 1, 2, 3, 4]).unwrap();
        list.set_slice(1, 3, &PyList::new(py, ["a", "b", "c"]).unwrap())
            .unwrap();
        assert_eq!(list.to_string(), "[0, 'a', 'b', 'c', 3, 4]");
        list.del_slice(0, 4).unwrap();
        assert_eq!(list.to_string(), "[3, 4]");
        list.del_slice(5, 100).unwrap(); // clamped, as slicing is
        assert_eq!(list.as_sequence().len().unwrap(), 2);

        let bool_type = py.get_type::<PyBool>();
        let mro: Vec<String> = bool_type
            .mro()
            .iter()
            .map(|t| t.getattr("__name__").unwrap().extract().unwrap())
            .collect();
        assert_eq!(mro, ["bool", "int", "object"]);
        assert_eq!(bool_type.bases().len(), 1);

        let s = PyString::new(py, "héllo");
        assert_eq!(s.encode_utf8().unwrap().as_bytes(), "héllo".as_bytes());
        let lone = crate::eval(py, "'\\ud800'")
            .cast_into::<PyString>()
            .unwrap();
        assert!(lone.encode_utf8().is_err());
    });
}

#[test]
fn container_methods_pyo3_has() {
    use pybound::types::{PyByteArray, PyComplex, PyMapping};
    Python::attach(|py| {
        // dict
        let d = PyDict::new(py);
        assert!(d.set_default("a", 1).unwrap());
        assert!(!d.set_default("a", 2).unwrap());
        let (inserted, v) = d.set_default_with_result("b", vec![1]).unwrap();
        assert!(inserted);
        v.cast::<PyList>().unwrap().append(2).unwrap(); // the value stored, not a copy
        assert_eq!(
            d.get_item("b")
                .unwrap()
                .unwrap()
                .extract::<Vec<i32>>()
                .unwrap(),
            [1, 2]
        );
        let other = PyDict::new(py);
        other.set_item("a", 10).unwrap();
        other.set_item("c", 3).unwrap();
        d.update_if_missing(other.as_mapping()).unwrap();
        assert_eq!(
            d.get_item("a").unwrap().unwrap().extract::<i32>().unwrap(),
            1
        );
        assert_eq!(
            d.get_item("c").unwrap().unwrap().extract::<i32>().unwrap(),
            3
        );
        let seen = std::cell::RefCell::new(Vec::new());
        d.locked_for_each(|k, _| {
            seen.borrow_mut().push(k.extract::<String>()?);
            Ok(())
        })
        .unwrap();
        assert_eq!(*seen.borrow(), ["a", "b", "c"]);
        let err = d
            .locked_for_each(|_, _| Err(PyValueError::new_err("stop")))
            .unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py));
        let m: Bound<'_, PyMapping> = d.clone().into_mapping();
        assert_eq!(m.len().unwrap(), 3);
        // An unhashable key is a TypeError, not a panic.
        assert!(d.set_default(PyList::empty(py), 1).is_err());

        // list, tuple, sequence
        let l = PyList::new(py, [1, 2, 1]).unwrap();
        let total = std::cell::Cell::new(0);
        l.locked_for_each(|x| {
            total.set(total.get() + x.extract::<i32>()?);
            Ok(())
        })
        .unwrap();
        assert_eq!(total.get(), 4);
        let seq = l.clone().into_sequence();
        assert_eq!(seq.count(1).unwrap(), 2);
        let three = PyList::new(py, [3]).unwrap().into_sequence();
        let joined = seq.concat(&three).unwrap();
        assert_eq!(joined.extract::<Vec<i32>>().unwrap(), [1, 2, 1, 3]);
        assert!(!joined.is(&l), "concat makes a new list");
        let t = PyTuple::new(py, [3]).unwrap().into_sequence();
        assert_eq!(
            t.repeat(3).unwrap().extract::<Vec<i32>>().unwrap(),
            [3, 3, 3]
        );
        // list + tuple is a TypeError, as in Python.
        assert!(seq
            .concat(&t)
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
        let grown = seq.in_place_concat(&three).unwrap();
        assert!(grown.is(&l), "a list grows in place");
        assert_eq!(l.len(), 4);
        let t2 = t.in_place_repeat(2).unwrap();
        assert!(!t2.is(&t), "a tuple cannot: a new one");
        assert_eq!(t2.len().unwrap(), 2);

        // str, bytearray, complex, any, module
        let s = py
            .eval(
                c"type('S', (str,), {'__len__': lambda self: 99})('héllo')",
                None,
                None,
            )
            .unwrap();
        assert_eq!(s.len().unwrap(), 99);
        assert_eq!(s.cast::<PyString>().unwrap().code_point_len().unwrap(), 5);
        let b = PyByteArray::new(py, b"abc");
        b.resize(5).unwrap();
        assert_eq!(b.to_vec(), b"abc\0\0");
        // SAFETY: nothing else uses the bytearray meanwhile.
        unsafe { *b.data() = b'x' };
        assert_eq!(b.to_vec(), b"xbc\0\0");
        let view = py
            .eval(c"memoryview", None, None)
            .unwrap()
            .call1((&b,))
            .unwrap();
        assert!(b.resize(1).is_err(), "BufferError while exported");
        view.call_method0("release").unwrap();
        assert_eq!(PyComplex::from_doubles(py, 3.0, 4.0).abs(), 5.0);
        let int_type = py.get_type::<PyInt>();
        let one = 1i32.into_pyobject(py).unwrap();
        assert!(one.is_exact_instance(int_type.as_any()));
        let t = py.eval(c"True", None, None).unwrap();
        assert!(
            !t.is_exact_instance(int_type.as_any()) && t.is_instance(int_type.as_any()).unwrap()
        );
        PyModule::new(py, "m").unwrap().gil_used(false).unwrap();
    });
}
