use pybound::prelude::*;
use pybound::type_object::PyTypeInfo;

use crate::eval;

#[test]
fn none_type() {
    Python::attach(|py| {
        let none = PyNone::get(py);
        assert!(none.is_none());
        assert!(eval(py, "None").is_instance_of::<PyNone>());
        assert!(!eval(py, "0").is_instance_of::<PyNone>());
        assert_eq!(
            PyNone::type_object(py).name().unwrap().to_str().unwrap(),
            "NoneType"
        );
    });
}

#[test]
fn bool_type() {
    Python::attach(|py| {
        assert!(PyBool::new(py, true).is_true());
        assert!(!PyBool::new(py, false).is_true());
        assert!(eval(py, "False").cast::<PyBool>().is_ok());
        assert!(eval(py, "0").cast::<PyBool>().is_err());
    });
}

#[test]
fn int_type_checks() {
    Python::attach(|py| {
        assert!(eval(py, "10**30").is_instance_of::<PyInt>());
        assert!(eval(py, "True").is_instance_of::<PyInt>());
        assert!(!eval(py, "1.0").is_instance_of::<PyInt>());
        assert!(eval(py, "type('I', (int,), {})(3)").is_instance_of::<PyInt>());
        assert_eq!(PyInt::NAME, "int");
    });
}

#[test]
fn float_type() {
    Python::attach(|py| {
        let f = PyFloat::new(py, 2.25);
        assert_eq!(f.value(), 2.25);
        assert!(f.is_exact_instance_of::<PyFloat>());
        assert!(eval(py, "1").cast::<PyFloat>().is_err());
        let sub = eval(py, "type('F', (float,), {})(1.5)");
        assert_eq!(sub.cast::<PyFloat>().unwrap().value(), 1.5);
        assert!(!sub.is_exact_instance_of::<PyFloat>());
    });
}

#[test]
fn complex_type() {
    Python::attach(|py| {
        let c = PyComplex::from_doubles(py, 1.0, -2.0);
        assert_eq!(c.real(), 1.0);
        assert_eq!(c.imag(), -2.0);
        assert_eq!(c.to_string(), "(1-2j)");
        let from_py = eval(py, "3j");
        assert_eq!(from_py.cast::<PyComplex>().unwrap().imag(), 3.0);
        let product = c.mul(&c).unwrap();
        assert_eq!(product.to_string(), "(-3-4j)");
    });
}

#[test]
fn type_object_identity() {
    Python::attach(|py| {
        assert!(PyList::type_object(py).is(&eval(py, "list")));
        assert!(PyDict::type_object(py).is(&eval(py, "dict")));
        assert!(PyString::type_object(py).is(&eval(py, "str")));
        assert!(PyAny::type_object(py).is(&eval(py, "object")));
        assert!(PyBytes::type_object(py).is(&eval(py, "bytes")));
        assert!(PyByteArray::type_object(py).is(&eval(py, "bytearray")));
        assert!(PyTuple::type_object(py).is(&eval(py, "tuple")));
        assert!(PySet::type_object(py).is(&eval(py, "set")));
        assert!(PyFrozenSet::type_object(py).is(&eval(py, "frozenset")));
        assert!(PySlice::type_object(py).is(&eval(py, "slice")));
        assert!(PyType::type_object(py).is(&eval(py, "type")));
        assert!(PyComplex::type_object(py).is(&eval(py, "complex")));
        assert!(PyModule::type_object(py).is(&eval(py, "type(__import__('sys'))")));
        assert!(PyWeakrefReference::type_object(py).is(&eval(py, "__import__('weakref').ref")));
    });
}

#[test]
fn everything_is_pyany() {
    Python::attach(|py| {
        for expr in ["1", "None", "[]", "object()", "int"] {
            assert!(eval(py, expr).is_instance_of::<PyAny>());
        }
    });
}
