//! The runtime helpers that `#[pymethods]`' slot functions call (`pybound::__private`), tested
//! directly: shared set/delete slots, `__getattr__`'s fallback, `pow`'s modulo, in-place
//! results, `!=` from `__eq__`, hash and length conversions.

use std::os::raw::c_int;

use pybound::__private::{
    generic_getattr, hash_value, inplace_result, len_value, negated_comparison, none_if_null,
    power_op, store_or_delete, BinaryOpResult, SharedSlot,
};
use pybound::exceptions::{PyAttributeError, PyOverflowError, PyTypeError, PyValueError};
use pybound::ffi;
use pybound::prelude::*;

use crate::{eval, run};

/// The error the last failing call raised, as `(is it a T, message)`.
fn raised<T: pybound::type_object::PyTypeInfo>(py: Python<'_>) -> (bool, String) {
    let err = PyErr::take(py).expect("an exception is set");
    (err.is_instance_of::<T>(py), err.value(py).to_string())
}

#[test]
fn hash_and_length_values() {
    assert_eq!(hash_value(-1i64), -2, "-1 is CPython's error value");
    assert_eq!(hash_value(7u32), 7);
    Python::attach(|py| {
        assert_eq!(len_value(3).unwrap(), 3);
        let err = len_value(usize::MAX).unwrap_err();
        assert!(err.is_instance_of::<PyOverflowError>(py));
    });
}

unsafe extern "C" fn store_marks(
    obj: *mut ffi::PyObject,
    _key: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
) -> c_int {
    // SAFETY: called below with a valid list and the lock held.
    unsafe {
        let marker = if value.is_null() { "deleted" } else { "stored" };
        let s = ffi::PyUnicode_FromStringAndSize(marker.as_ptr().cast(), marker.len() as _);
        let r = ffi::PyList_Append(obj, s);
        ffi::Py_DecRef(s);
        r
    }
}

#[test]
fn shared_slot_runs_the_defined_half_and_the_fallback_for_the_other() {
    Python::attach(|py| {
        let log = PyList::empty(py);
        let key = 0i64.into_pyobject(py).unwrap();
        let value = 1i64.into_pyobject(py).unwrap();
        let (o, k, v) = (log.as_ptr(), key.as_ptr(), value.as_ptr());
        let null = std::ptr::null_mut();
        // SAFETY (all calls): valid objects, the lock held.
        unsafe {
            assert_eq!(
                store_or_delete(o, k, v, Some(store_marks), None, SharedSlot::Item),
                0
            );
            assert_eq!(
                store_or_delete(o, k, null, None, Some(store_marks), SharedSlot::Item),
                0
            );
            assert_eq!(log.extract::<Vec<String>>().unwrap(), ["stored", "deleted"]);

            assert_eq!(
                store_or_delete(o, k, null, Some(store_marks), None, SharedSlot::Item),
                -1
            );
            let (is_type_error, msg) = raised::<PyTypeError>(py);
            assert!(is_type_error);
            assert_eq!(msg, "'list' object does not support item deletion");
            assert_eq!(
                store_or_delete(o, k, v, None, Some(store_marks), SharedSlot::Item),
                -1
            );
            assert_eq!(
                raised::<PyTypeError>(py).1,
                "'list' object does not support item assignment"
            );

            assert_eq!(
                store_or_delete(o, k, v, None, None, SharedSlot::Descriptor),
                -1
            );
            let (is_attribute_error, msg) = raised::<PyAttributeError>(py);
            assert!(is_attribute_error);
            assert_eq!(msg, "'list' descriptor has no __set__");
            assert_eq!(
                store_or_delete(o, k, null, None, None, SharedSlot::Descriptor),
                -1
            );
            assert_eq!(
                raised::<PyAttributeError>(py).1,
                "'list' descriptor has no __delete__"
            );
        }
        // The attribute slot falls back to the generic behaviour.
        let ns = eval(py, "__import__('types').SimpleNamespace()");
        let name = PyString::new(py, "x");
        unsafe {
            let (o, n) = (ns.as_ptr(), name.as_ptr());
            assert_eq!(
                store_or_delete(o, n, v, None, None, SharedSlot::Attribute),
                0
            );
            assert_eq!(ns.getattr("x").unwrap().extract::<i64>().unwrap(), 1);
            assert_eq!(
                store_or_delete(o, n, null, None, None, SharedSlot::Attribute),
                0
            );
            assert!(!ns.hasattr("x").unwrap());
        }
        assert!(!PyErr::occurred(py));
    });
}

#[test]
fn generic_getattr_finds_falls_back_or_propagates() {
    Python::attach(|py| {
        let ns = run(
            py,
            "class C:\n    present = 5\n    @property\n    def broken(self):\n        raise ValueError('no')\nobj = C()",
        );
        let obj = ns.get_item("obj").unwrap().unwrap();
        let lookup = |name: &str| {
            let name = PyString::new(py, name);
            // SAFETY: a valid object and str name, the lock held.
            unsafe { generic_getattr(py, obj.as_ptr(), name.as_ptr()) }
        };
        let found = lookup("present").unwrap().expect("found");
        // SAFETY: a new reference.
        let found = unsafe { Bound::from_owned_ptr(py, found) };
        assert_eq!(found.extract::<i64>().unwrap(), 5);
        assert!(
            lookup("absent").unwrap().is_none(),
            "AttributeError: __getattr__'s turn"
        );
        assert!(!PyErr::occurred(py), "the AttributeError is cleared");
        let err = lookup("broken").unwrap_err();
        assert!(
            err.is_instance_of::<PyValueError>(py),
            "other errors propagate"
        );
    });
}

fn forward(py: Python<'_>, _a: *mut ffi::PyObject, _b: *mut ffi::PyObject) -> BinaryOpResult {
    Ok(Some(PyString::new(py, "forward").into_ptr()))
}

unsafe fn always_ours(_: *mut ffi::PyObject) -> bool {
    true
}

#[test]
fn power_op_refuses_a_modulo() {
    Python::attach(|py| {
        let (a, b) = (py.None(), py.None());
        let modulo = 3i64.into_pyobject(py).unwrap();
        // SAFETY: valid operands, the lock held; the results are new references.
        let (with_modulo, without) = unsafe {
            let r1 = power_op(
                a.as_ptr(),
                b.as_ptr(),
                modulo.as_ptr(),
                always_ours,
                Some(forward),
                None,
            );
            let r2 = power_op(
                a.as_ptr(),
                b.as_ptr(),
                ffi::Py_None(),
                always_ours,
                Some(forward),
                None,
            );
            (Bound::from_owned_ptr(py, r1), Bound::from_owned_ptr(py, r2))
        };
        assert!(with_modulo.is(&py.NotImplemented()));
        assert_eq!(without.extract::<String>().unwrap(), "forward");
    });
}

#[test]
fn inplace_result_is_a_new_reference_to_the_object() {
    Python::attach(|py| {
        let obj = PyList::empty(py).into_any();
        let before = obj.get_refcnt();
        // SAFETY: a valid object, the lock held.
        let r = unsafe { inplace_result(obj.as_ptr()) }.unwrap().unwrap();
        assert_eq!(r, obj.as_ptr());
        assert_eq!(obj.get_refcnt(), before + 1);
        // SAFETY: the new reference inplace_result returned.
        drop(unsafe { Bound::from_owned_ptr(py, r) });
        assert_eq!(obj.get_refcnt(), before);
    });
}

#[test]
fn negated_comparison_and_none_if_null() {
    Python::attach(|py| {
        let truthy = PyList::new(py, [1]).unwrap().into_any().into_ptr();
        // SAFETY: `truthy` is a new reference, consumed.
        let r = unsafe { negated_comparison(py, Some(truthy)) }
            .unwrap()
            .unwrap();
        // SAFETY: a new reference.
        let r = unsafe { Bound::from_owned_ptr(py, r) };
        assert!(!r.extract::<bool>().unwrap());
        // SAFETY: nothing to consume.
        assert!(unsafe { negated_comparison(py, None) }.unwrap().is_none());
        // SAFETY: Py_None is static.
        assert_eq!(none_if_null(std::ptr::null_mut()), unsafe {
            ffi::Py_None()
        });
        let obj = PyList::empty(py);
        assert_eq!(none_if_null(obj.as_ptr()), obj.as_ptr());
    });
}
