use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use pybound::exceptions::*;
use pybound::prelude::*;

use crate::eval;

#[test]
fn vec_round_trip() {
    Python::attach(|py| {
        let v = vec![1i64, -2, 3];
        let obj = v.clone().into_pyobject(py).unwrap();
        assert!(obj.is_exact_instance_of::<PyList>());
        assert_eq!(obj.extract::<Vec<i64>>().unwrap(), v);
        assert_eq!((&v).into_pyobject(py).unwrap().len().unwrap(), 3);
        let slice: &[i64] = &v;
        assert!(slice
            .into_pyobject(py)
            .unwrap()
            .is_exact_instance_of::<PyList>());
        assert!([1u16, 2]
            .into_pyobject(py)
            .unwrap()
            .is_exact_instance_of::<PyList>());
    });
}

#[test]
fn byte_sequences_become_bytes_as_in_pyo3() {
    Python::attach(|py| {
        let expect_bytes = |obj: Bound<'_, PyAny>| {
            assert!(obj.is_exact_instance_of::<PyBytes>(), "{obj:?}");
            assert_eq!(obj.extract::<Vec<u8>>().unwrap(), b"abc");
        };
        let v = b"abc".to_vec();
        expect_bytes((&v).into_pyobject(py).unwrap());
        expect_bytes(v.as_slice().into_pyobject(py).unwrap());
        expect_bytes(b"abc".into_pyobject(py).unwrap());
        expect_bytes((*b"abc").into_pyobject(py).unwrap());
        expect_bytes(v.clone().into_boxed_slice().into_pyobject(py).unwrap());
        expect_bytes((&v.clone().into_boxed_slice()).into_pyobject(py).unwrap());
        expect_bytes(v.into_pyobject(py).unwrap());
        // Signed bytes and deques stay lists of ints.
        let signed = vec![1i8, -1].into_pyobject(py).unwrap();
        assert!(signed.is_exact_instance_of::<PyList>());
        let deque: VecDeque<u8> = [1, 2].into_iter().collect();
        assert!(deque
            .into_pyobject(py)
            .unwrap()
            .is_exact_instance_of::<PyList>());
        // Nested: a list of bytes.
        let nested = vec![vec![1u8], vec![2u8, 3]].into_pyobject(py).unwrap();
        assert_eq!(nested.to_string(), "[b'\\x01', b'\\x02\\x03']");
    });
}

#[test]
fn vec_from_tuple_and_other_sequences() {
    Python::attach(|py| {
        assert_eq!(eval(py, "(1, 2)").extract::<Vec<i32>>().unwrap(), [1, 2]);
        assert_eq!(
            eval(py, "range(4)").extract::<Vec<i32>>().unwrap(),
            [0, 1, 2, 3]
        );
        assert_eq!(eval(py, "b'ab'").extract::<Vec<u8>>().unwrap(), [97, 98]);
    });
}

#[test]
fn vec_refuses_str_with_clear_error() {
    Python::attach(|py| {
        let err = eval(py, "'abc'").extract::<Vec<String>>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert_eq!(err.value(py).to_string(), "Can't extract `str` to `Vec`");
    });
}

#[test]
fn vec_refuses_non_sequences() {
    Python::attach(|py| {
        let err = eval(py, "{1, 2}").extract::<Vec<i32>>().unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "'set' object is not an instance of 'Sequence'"
        );
        assert!(eval(py, "5").extract::<Vec<i32>>().is_err());
    });
}

#[test]
fn vec_item_error_propagates() {
    Python::attach(|py| {
        let err = eval(py, "[1, 'x']").extract::<Vec<i32>>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn vec_extraction_of_list_mutated_by_item_conversion_is_sound() {
    Python::attach(|py| {
        // Each item's __index__ clears the list: extraction must not read freed items.
        let ns = crate::run(
            py,
            "class Evil:\n    def __index__(self):\n        victims.clear()\n        return 1\nvictims = [Evil(), Evil(), Evil()]\n",
        );
        let list = ns.get_item("victims").unwrap().unwrap();
        let v: Vec<i64> = list.extract().unwrap();
        assert_eq!(v, [1]);
    });
}

#[test]
fn nested_vec() {
    Python::attach(|py| {
        let v: Vec<Vec<String>> = eval(py, "[['a'], [], ['b', 'c']]").extract().unwrap();
        assert_eq!(
            v,
            vec![
                vec!["a".to_owned()],
                vec![],
                vec!["b".to_owned(), "c".to_owned()]
            ]
        );
    });
}

#[test]
fn arrays() {
    Python::attach(|py| {
        let a: [i32; 3] = eval(py, "[1, 2, 3]").extract().unwrap();
        assert_eq!(a, [1, 2, 3]);
        let err = eval(py, "[1, 2]").extract::<[i32; 3]>().unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!([7u16; 2].into_pyobject(py).unwrap().to_string(), "[7, 7]");
        assert_eq!(
            [7u8; 2].into_pyobject(py).unwrap().to_string(),
            "b'\\x07\\x07'"
        );
    });
}

#[test]
fn vecdeque_and_boxed_slice() {
    Python::attach(|py| {
        let d: VecDeque<i32> = eval(py, "[1, 2]").extract().unwrap();
        assert_eq!(d, VecDeque::from([1, 2]));
        assert_eq!(d.into_pyobject(py).unwrap().to_string(), "[1, 2]");
        let b: Box<[i32]> = eval(py, "(5,)").extract().unwrap();
        assert_eq!(&*b, &[5]);
        assert_eq!(b.into_pyobject(py).unwrap().to_string(), "[5]");
    });
}

#[test]
fn hashmap_round_trip() {
    Python::attach(|py| {
        let mut m = HashMap::new();
        m.insert("a".to_owned(), 1i64);
        m.insert("b".to_owned(), 2);
        let obj = m.clone().into_pyobject(py).unwrap();
        assert_eq!(obj.len(), 2);
        assert_eq!(obj.extract::<HashMap<String, i64>>().unwrap(), m);
        assert_eq!((&m).into_pyobject(py).unwrap().len(), 2);
    });
}

#[test]
fn btreemap_round_trip() {
    Python::attach(|py| {
        let m: BTreeMap<i32, Vec<String>> = eval(py, "{2: ['x'], 1: []}").extract().unwrap();
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), [1, 2]);
        let obj = m.into_pyobject(py).unwrap();
        assert_eq!(obj.to_string(), "{1: [], 2: ['x']}");
    });
}

#[test]
fn map_from_non_dict_is_type_error() {
    Python::attach(|py| {
        let err = eval(py, "[(1, 2)]")
            .extract::<HashMap<i32, i32>>()
            .unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "'list' object is not an instance of 'dict'"
        );
    });
}

#[test]
fn map_value_error_propagates() {
    Python::attach(|py| {
        assert!(eval(py, "{'a': 'b'}")
            .extract::<HashMap<String, i32>>()
            .is_err());
    });
}

#[test]
fn sets_round_trip() {
    Python::attach(|py| {
        let s: HashSet<i32> = eval(py, "{1, 2, 3}").extract().unwrap();
        assert_eq!(s, HashSet::from([1, 2, 3]));
        let f: BTreeSet<String> = eval(py, "frozenset(['b', 'a'])").extract().unwrap();
        assert_eq!(f.iter().cloned().collect::<Vec<_>>(), ["a", "b"]);
        let obj = s.into_pyobject(py).unwrap();
        assert!(obj.is_exact_instance_of::<PySet>());
        assert_eq!(obj.len(), 3);
        assert_eq!((&f).into_pyobject(py).unwrap().len(), 2);
    });
}

#[test]
fn set_from_list_is_type_error() {
    Python::attach(|py| {
        let err = eval(py, "[1]").extract::<HashSet<i32>>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn unhashable_set_member_is_error() {
    Python::attach(|py| {
        let v: Vec<Vec<i32>> = vec![vec![1]];
        let set: HashSet<Vec<i32>> = v.into_iter().collect();
        let err = set.into_pyobject(py).unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn tuples_round_trip() {
    Python::attach(|py| {
        let t = (1i32, "two", 3.0f64);
        let obj = t.into_pyobject(py).unwrap();
        assert_eq!(obj.to_string(), "(1, 'two', 3.0)");
        let back: (i32, String, f64) = obj.extract().unwrap();
        assert_eq!(back, (1, "two".to_owned(), 3.0));
        let one: (bool,) = eval(py, "(True,)").extract().unwrap();
        assert_eq!(one, (true,));
    });
}

#[test]
fn twelve_tuple() {
    Python::attach(|py| {
        let t = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        let obj = t.into_pyobject(py).unwrap();
        assert_eq!(obj.len(), 12);
        let back: (i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32) =
            obj.extract().unwrap();
        assert_eq!(back, t);
    });
}

#[test]
fn tuple_wrong_length_message() {
    Python::attach(|py| {
        let err = eval(py, "(1, 2, 3)").extract::<(i32, i32)>().unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "expected tuple of length 2, but got tuple of length 3"
        );
    });
}

#[test]
fn tuple_from_list_is_type_error() {
    Python::attach(|py| {
        assert!(eval(py, "[1, 2]")
            .extract::<(i32, i32)>()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

/// A value whose conversion always fails.
struct FailsToConvert;

impl<'py> IntoPyObject<'py> for FailsToConvert {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, _py: Python<'py>) -> PyResult<Self::Output> {
        Err(PyValueError::new_err("cannot convert this one"))
    }
}

#[test]
fn tuple_element_error_releases_the_elements_before_it() {
    Python::attach(|py| {
        let first = eval(py, "object()");
        let before = first.get_refcnt();
        let err = (first.clone(), FailsToConvert, 3)
            .into_pyobject(py)
            .unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py));
        assert_eq!(err.value(py).to_string(), "cannot convert this one");
        // The half-built tuple was freed, and with it the reference it took to `first`.
        assert_eq!(first.get_refcnt(), before);
    });
}

#[test]
fn tuple_reference_converts() {
    Python::attach(|py| {
        let t = (String::from("a"), 2u8);
        assert_eq!((&t).into_pyobject(py).unwrap().to_string(), "('a', 2)");
    });
}

#[test]
fn tuple_with_borrowed_str() {
    Python::attach(|py| {
        let obj = eval(py, "('k', 1)");
        let (k, v): (String, i32) = obj.extract().unwrap();
        assert_eq!((k.as_str(), v), ("k", 1));
    });
}

#[test]
fn pathbuf_from_str_and_pathlib() {
    Python::attach(|py| {
        assert_eq!(
            eval(py, "'/tmp/x'").extract::<PathBuf>().unwrap(),
            PathBuf::from("/tmp/x")
        );
        let p: PathBuf = eval(py, "__import__('pathlib').Path('/a/b')")
            .extract()
            .unwrap();
        assert_eq!(p, Path::new("/a/b"));
        let p: PathBuf = eval(py, "b'/raw/bytes'").extract().unwrap();
        assert_eq!(p, Path::new("/raw/bytes"));
    });
}

#[test]
fn pathbuf_into_pathlib_path() {
    Python::attach(|py| {
        let obj = PathBuf::from("/etc/hosts").into_pyobject(py).unwrap();
        assert_eq!(
            obj.get_type().name().unwrap().to_str().unwrap(),
            "PosixPath"
        );
        assert_eq!(obj.to_string(), "/etc/hosts");
        let obj = Path::new("rel/p").into_pyobject(py).unwrap();
        assert_eq!(obj.getattr("name").unwrap().to_string(), "p");
    });
}

#[test]
fn path_from_int_is_type_error() {
    Python::attach(|py| {
        assert!(eval(py, "3")
            .extract::<PathBuf>()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[cfg(unix)]
#[test]
fn os_string_non_utf8_round_trip() {
    use std::os::unix::ffi::OsStringExt;
    Python::attach(|py| {
        let raw = OsString::from_vec(vec![b'f', 0xff, b'o']);
        let obj = raw.clone().into_pyobject(py).unwrap();
        // undecodable byte becomes a surrogate escape in Python
        assert_eq!(obj.len().unwrap(), 3);
        let back: OsString = obj.extract().unwrap();
        assert_eq!(back, raw);
    });
}

#[test]
fn duration_round_trip() {
    Python::attach(|py| {
        let d = Duration::new(90_061, 5_000);
        let obj = d.into_pyobject(py).unwrap();
        assert_eq!(obj.to_string(), "1 day, 1:01:01.000005");
        assert_eq!(obj.extract::<Duration>().unwrap(), d);
    });
}

#[test]
fn duration_drops_sub_microsecond() {
    Python::attach(|py| {
        let obj = Duration::new(1, 1_999).into_pyobject(py).unwrap();
        assert_eq!(obj.extract::<Duration>().unwrap(), Duration::new(1, 1_000));
    });
}

#[test]
fn negative_timedelta_is_value_error() {
    Python::attach(|py| {
        let obj = eval(py, "__import__('datetime').timedelta(seconds=-1)");
        assert!(obj
            .extract::<Duration>()
            .unwrap_err()
            .is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn duration_from_non_timedelta_is_type_error() {
    Python::attach(|py| {
        let err = eval(py, "1.5").extract::<Duration>().unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "'float' object is not an instance of 'timedelta'"
        );
    });
}

#[test]
fn huge_duration_is_overflow() {
    Python::attach(|py| {
        let err = Duration::from_secs(u64::MAX).into_pyobject(py).unwrap_err();
        assert!(err.is_instance_of::<PyOverflowError>(py));
    });
}

#[test]
fn bound_items_in_collections() {
    Python::attach(|py| {
        let items: Vec<Bound<'_, PyAny>> = eval(py, "[1, 'a', None]").extract().unwrap();
        assert!(items[2].is_none());
        let list = items.into_pyobject(py).unwrap();
        assert_eq!(list.to_string(), "[1, 'a', None]");
    });
}
