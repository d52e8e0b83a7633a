use std::cmp::Ordering;

use pybound::exceptions::*;
use pybound::prelude::*;
use pybound::CompareOp;

use crate::{eval, run};

fn obj_with_attrs(py: Python<'_>) -> Bound<'_, PyAny> {
    run(
        py,
        "class C:\n    x = 1\n    def m(self, a, b=2):\n        return a * 10 + b\nc = C()\n",
    )
    .get_item("c")
    .unwrap()
    .unwrap()
}

#[test]
fn getattr_existing_and_missing() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        assert_eq!(c.getattr("x").unwrap().extract::<i32>().unwrap(), 1);
        let err = c.getattr("nope").unwrap_err();
        assert!(err.is_instance_of::<PyAttributeError>(py));
    });
}

#[test]
fn getattr_opt_distinguishes_missing() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        assert!(c.getattr_opt("x").unwrap().is_some());
        assert!(c.getattr_opt("nope").unwrap().is_none());
    });
}

#[test]
fn getattr_opt_propagates_other_errors() {
    Python::attach(|py| {
        let o = eval(py, "type('P', (), {'bad': property(lambda s: 1/0)})()");
        assert!(o
            .getattr_opt("bad")
            .unwrap_err()
            .is_instance_of::<PyZeroDivisionError>(py));
    });
}

#[test]
fn hasattr_true_false_and_error() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        assert!(c.hasattr("x").unwrap());
        assert!(!c.hasattr("zzz").unwrap());
        let o = eval(py, "type('P', (), {'bad': property(lambda s: 1/0)})()");
        assert!(o.hasattr("bad").is_err());
    });
}

#[test]
fn setattr_and_delattr() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        c.setattr("y", "why").unwrap();
        assert_eq!(c.getattr("y").unwrap().extract::<String>().unwrap(), "why");
        c.delattr("y").unwrap();
        assert!(!c.hasattr("y").unwrap());
        assert!(c
            .delattr("y")
            .unwrap_err()
            .is_instance_of::<PyAttributeError>(py));
    });
}

#[test]
fn setattr_on_builtin_fails() {
    Python::attach(|py| {
        let o = eval(py, "object()");
        assert!(o
            .setattr("a", 1)
            .unwrap_err()
            .is_instance_of::<PyAttributeError>(py));
    });
}

#[test]
fn getattr_with_interned_name() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        let name = pybound::intern!(py, "x");
        assert_eq!(c.getattr(name).unwrap().extract::<i32>().unwrap(), 1);
    });
}

#[test]
fn call_variants() {
    Python::attach(|py| {
        let f = eval(py, "lambda *a, **k: (a, sorted(k.items()))");
        assert_eq!(f.call0().unwrap().to_string(), "((), [])");
        assert_eq!(f.call1((1,)).unwrap().to_string(), "((1,), [])");
        assert_eq!(
            f.call1((1, "two", 3.0)).unwrap().to_string(),
            "((1, 'two', 3.0), [])"
        );
        let kw = PyDict::new(py);
        kw.set_item("z", 26).unwrap();
        assert_eq!(
            f.call((1,), Some(&kw)).unwrap().to_string(),
            "((1,), [('z', 26)])"
        );
        assert_eq!(
            f.call((), Some(&kw)).unwrap().to_string(),
            "((), [('z', 26)])"
        );
    });
}

#[test]
fn call_with_python_tuple_args() {
    Python::attach(|py| {
        let f = eval(py, "lambda *a: sum(a)");
        let args = PyTuple::new(py, [1, 2, 3]).unwrap();
        assert_eq!(f.call1(&args).unwrap().extract::<i32>().unwrap(), 6);
        assert_eq!(f.call1(args.clone()).unwrap().extract::<i32>().unwrap(), 6);
        let p = args.unbind();
        assert_eq!(f.call1(&p).unwrap().extract::<i32>().unwrap(), 6);
    });
}

#[test]
fn call_with_twelve_arguments() {
    Python::attach(|py| {
        let f = eval(py, "lambda *a: sum(a)");
        let r = f.call1((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)).unwrap();
        assert_eq!(r.extract::<i32>().unwrap(), 78);
    });
}

#[test]
fn call_error_propagates() {
    Python::attach(|py| {
        let f = eval(py, "lambda: [][1]");
        assert!(f.call0().unwrap_err().is_instance_of::<PyIndexError>(py));
    });
}

#[test]
fn calling_non_callable_is_type_error() {
    Python::attach(|py| {
        let o = eval(py, "5");
        assert!(!o.is_callable());
        assert!(o.call0().unwrap_err().is_instance_of::<PyTypeError>(py));
        assert!(eval(py, "len").is_callable());
    });
}

#[test]
fn call_method_variants() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        assert_eq!(
            c.call_method1("m", (4,)).unwrap().extract::<i32>().unwrap(),
            42
        );
        assert_eq!(
            c.call_method1("m", (4, 5))
                .unwrap()
                .extract::<i32>()
                .unwrap(),
            45
        );
        let kw = PyDict::new(py);
        kw.set_item("b", 7).unwrap();
        assert_eq!(
            c.call_method("m", (4,), Some(&kw))
                .unwrap()
                .extract::<i32>()
                .unwrap(),
            47
        );
        let s = PyString::new(py, "abc");
        assert_eq!(s.call_method0("upper").unwrap().to_string(), "ABC");
    });
}

#[test]
fn call_method_missing_is_attribute_error() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        assert!(c
            .call_method0("nope")
            .unwrap_err()
            .is_instance_of::<PyAttributeError>(py));
    });
}

#[test]
fn call_args_refcounts_restored() {
    Python::attach(|py| {
        let f = eval(py, "lambda x: None");
        let arg = eval(py, "object()");
        let base = arg.get_refcnt();
        for _ in 0..50 {
            f.call1((&arg,)).unwrap();
            f.call1((arg.clone(),)).unwrap();
        }
        assert_eq!(arg.get_refcnt(), base);
    });
}

#[test]
fn rich_comparisons() {
    Python::attach(|py| {
        let a = 3i32.into_pyobject(py).unwrap();
        assert!(a.lt(4).unwrap());
        assert!(a.le(3).unwrap());
        assert!(a.eq(3).unwrap());
        assert!(a.ne(4).unwrap());
        assert!(a.gt(2).unwrap());
        assert!(a.ge(3).unwrap());
        assert!(!a.gt(3).unwrap());
        assert!(a
            .rich_compare(5, CompareOp::Lt)
            .unwrap()
            .is_truthy()
            .unwrap());
    });
}

#[test]
fn compare_gives_ordering() {
    Python::attach(|py| {
        let a = PyString::new(py, "b");
        assert_eq!(a.compare("a").unwrap(), Ordering::Greater);
        assert_eq!(a.compare("b").unwrap(), Ordering::Equal);
        assert_eq!(a.compare("c").unwrap(), Ordering::Less);
    });
}

#[test]
fn compare_unordered_is_type_error() {
    Python::attach(|py| {
        let nan = f64::NAN.into_pyobject(py).unwrap();
        assert!(nan
            .compare(1.0)
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
        let a = eval(py, "1");
        assert!(a
            .compare("x")
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn compare_op_raw_round_trip() {
    for op in [
        CompareOp::Lt,
        CompareOp::Le,
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Gt,
        CompareOp::Ge,
    ] {
        assert_eq!(CompareOp::from_raw(op.as_raw()), Some(op));
    }
    assert_eq!(CompareOp::from_raw(99), None);
}

#[test]
fn arithmetic() {
    Python::attach(|py| {
        let a = 7i32.into_pyobject(py).unwrap();
        let get = |r: PyResult<Bound<'_, PyAny>>| r.unwrap().extract::<f64>().unwrap();
        assert_eq!(get(a.add(3)), 10.0);
        assert_eq!(get(a.sub(3)), 4.0);
        assert_eq!(get(a.mul(3)), 21.0);
        assert_eq!(get(a.div(2)), 3.5);
        assert_eq!(get(a.floor_div(2)), 3.0);
        assert_eq!(get(a.rem(4)), 3.0);
        assert_eq!(get(a.pow(2, py.None())), 49.0);
        assert_eq!(get(a.pow(2, 5)), 4.0);
        assert_eq!(get(a.neg()), -7.0);
        assert_eq!(get(a.neg().unwrap().abs()), 7.0);
        assert_eq!(get(a.pos()), 7.0);
        assert_eq!(a.divmod(2).unwrap().to_string(), "(3, 1)");
    });
}

#[test]
fn bit_operations() {
    Python::attach(|py| {
        let a = 0b1100i32.into_pyobject(py).unwrap();
        let get = |r: PyResult<Bound<'_, PyAny>>| r.unwrap().extract::<i64>().unwrap();
        assert_eq!(get(a.bitand(0b1010)), 0b1000);
        assert_eq!(get(a.bitor(0b1010)), 0b1110);
        assert_eq!(get(a.bitxor(0b1010)), 0b0110);
        assert_eq!(get(a.lshift(2)), 0b110000);
        assert_eq!(get(a.rshift(2)), 0b11);
        assert_eq!(get(a.bitnot()), -13);
    });
}

#[test]
fn arithmetic_errors() {
    Python::attach(|py| {
        let a = 1i32.into_pyobject(py).unwrap();
        assert!(a
            .div(0)
            .unwrap_err()
            .is_instance_of::<PyZeroDivisionError>(py));
        assert!(a.add("x").unwrap_err().is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn sequence_arithmetic() {
    Python::attach(|py| {
        let l = PyList::new(py, [1]).unwrap();
        assert_eq!(l.add(vec![2]).unwrap().to_string(), "[1, 2]");
        assert_eq!(l.mul(3).unwrap().to_string(), "[1, 1, 1]");
    });
}

#[test]
fn matmul_unsupported_for_ints() {
    Python::attach(|py| {
        let a = 2i32.into_pyobject(py).unwrap();
        assert!(a.matmul(3).unwrap_err().is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn truthiness() {
    Python::attach(|py| {
        assert!(!eval(py, "0").is_truthy().unwrap());
        assert!(eval(py, "[0]").is_truthy().unwrap());
        assert!(!eval(py, "''").is_truthy().unwrap());
        let bad = eval(py, "type('B', (), {'__bool__': lambda s: 1/0})()");
        assert!(bad.is_truthy().is_err());
    });
}

#[test]
fn len_and_is_empty() {
    Python::attach(|py| {
        assert_eq!(eval(py, "'abcd'").len().unwrap(), 4);
        assert!(eval(py, "{}").is_empty().unwrap());
        assert!(eval(py, "5")
            .len()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn hash_matches_python() {
    Python::attach(|py| {
        let s = PyString::new(py, "hash me");
        let expected: isize = eval(py, "hash('hash me')").extract().unwrap();
        assert_eq!(s.hash().unwrap(), expected);
        assert!(eval(py, "[]")
            .hash()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn item_access() {
    Python::attach(|py| {
        let d = eval(py, "{'a': 1}");
        assert_eq!(d.get_item("a").unwrap().extract::<i32>().unwrap(), 1);
        assert!(d
            .get_item("b")
            .unwrap_err()
            .is_instance_of::<PyKeyError>(py));
        d.set_item("b", 2).unwrap();
        assert_eq!(d.get_item("b").unwrap().extract::<i32>().unwrap(), 2);
        d.del_item("a").unwrap();
        assert!(!d.contains("a").unwrap());
        assert!(d
            .del_item("a")
            .unwrap_err()
            .is_instance_of::<PyKeyError>(py));
        let l = eval(py, "[1, 2, 3]");
        assert_eq!(l.get_item(-1).unwrap().extract::<i32>().unwrap(), 3);
    });
}

#[test]
fn contains_uses_in() {
    Python::attach(|py| {
        assert!(eval(py, "'hello'").contains("ell").unwrap());
        assert!(!eval(py, "[1, 2]").contains(3).unwrap());
        assert!(eval(py, "5").contains(1).is_err());
    });
}

#[test]
fn try_iter_over_iterables() {
    Python::attach(|py| {
        let v: Vec<String> = eval(py, "'xyz'")
            .try_iter()
            .unwrap()
            .map(|c| c.unwrap().extract().unwrap())
            .collect();
        assert_eq!(v, ["x", "y", "z"]);
        assert!(eval(py, "5")
            .try_iter()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn iterator_yields_errors() {
    Python::attach(|py| {
        let ns = run(py, "def gen():\n    yield 1\n    raise ValueError('mid')\n");
        let g = ns.get_item("gen").unwrap().unwrap().call0().unwrap();
        let items: Vec<PyResult<Bound<'_, PyAny>>> = g.try_iter().unwrap().collect();
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        assert!(items[1]
            .as_ref()
            .unwrap_err()
            .is_instance_of::<PyValueError>(py));
    });
}

#[test]
fn repr_and_str() {
    Python::attach(|py| {
        let s = PyString::new(py, "q");
        assert_eq!(s.repr().unwrap().to_str().unwrap(), "'q'");
        assert_eq!(s.str().unwrap().to_str().unwrap(), "q");
        let bad = eval(py, "type('B', (), {'__repr__': lambda s: 1/0})()");
        assert!(bad.repr().is_err());
    });
}

#[test]
fn get_type_and_instance_checks() {
    Python::attach(|py| {
        let o = eval(py, "True");
        assert_eq!(o.get_type().name().unwrap().to_str().unwrap(), "bool");
        assert!(o.is_instance_of::<PyInt>());
        assert!(o.is_exact_instance_of::<PyBool>());
        assert!(!o.is_exact_instance_of::<PyInt>());
        let int_type = py.get_type::<PyInt>();
        assert!(o.is_instance(&int_type).unwrap());
        let tuple_of_types = eval(py, "(str, float)");
        assert!(!o.is_instance(&tuple_of_types).unwrap());
        assert_eq!(o.get_type_ptr(), py.get_type::<PyBool>().as_type_ptr());
    });
}

#[test]
fn dir_lists_attributes() {
    Python::attach(|py| {
        let c = obj_with_attrs(py);
        let names: Vec<String> = c.dir().unwrap().extract().unwrap();
        assert!(names.contains(&"m".to_owned()));
        assert!(names.contains(&"x".to_owned()));
    });
}

#[test]
fn is_none_checks() {
    Python::attach(|py| {
        assert!(py.None().is_none(py));
        assert!(!eval(py, "0").is_none());
    });
}
