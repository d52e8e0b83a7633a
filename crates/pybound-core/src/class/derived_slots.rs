//! Slot functions that `#[pyclass(eq, ord, hash, str)]` takes from the Rust type's own traits
//! (`PartialEq`, `PartialOrd`, `Hash`, `Display`) instead of hand-written magic methods.

use std::hash::{Hash, Hasher};
use std::os::raw::c_int;

use crate::callback::trampoline::trampoline_with;
use crate::class::PyClass;
use crate::ffi;
use crate::instance::Bound;
use crate::type_object::PyTypeInfo;
use crate::{CompareOp, IntoPyObjectExt};

fn compare<T, F>(
    slf: *mut ffi::PyObject,
    other: *mut ffi::PyObject,
    op: c_int,
    f: F,
) -> *mut ffi::PyObject
where
    T: PyClass + PyTypeInfo,
    F: FnOnce(&T, &T, CompareOp) -> Option<bool>,
{
    // SAFETY: called as tp_richcompare, with the lock held and valid operands.
    unsafe {
        trampoline_with(|py| {
            let slf = Bound::ref_from_ptr(py, &slf).cast_unchecked::<T>();
            let other = Bound::ref_from_ptr(py, &other);
            let (Ok(other), Some(op)) = (other.cast::<T>(), CompareOp::from_raw(op)) else {
                return Ok(py.NotImplemented().into_ptr());
            };
            let (a, b) = (slf.try_borrow()?, other.try_borrow()?);
            match f(&a, &b, op) {
                Some(r) => Ok(r.into_bound_py_any(py)?.into_ptr()),
                None => Ok(py.NotImplemented().into_ptr()),
            }
        })
    }
}

/// `==` / `!=` from `PartialEq`; other comparisons are `NotImplemented`.
pub unsafe extern "C" fn richcmp_eq<T: PyClass + PyTypeInfo + PartialEq>(
    slf: *mut ffi::PyObject,
    other: *mut ffi::PyObject,
    op: c_int,
) -> *mut ffi::PyObject {
    compare::<T, _>(slf, other, op, |a, b, op| match op {
        CompareOp::Eq => Some(a == b),
        CompareOp::Ne => Some(a != b),
        _ => None,
    })
}

/// All six comparisons from `PartialOrd` (and `PartialEq`).
pub unsafe extern "C" fn richcmp_ord<T: PyClass + PyTypeInfo + PartialOrd>(
    slf: *mut ffi::PyObject,
    other: *mut ffi::PyObject,
    op: c_int,
) -> *mut ffi::PyObject {
    compare::<T, _>(slf, other, op, |a, b, op| {
        Some(match op {
            CompareOp::Eq => a == b,
            CompareOp::Ne => a != b,
            CompareOp::Lt => a < b,
            CompareOp::Le => a <= b,
            CompareOp::Gt => a > b,
            CompareOp::Ge => a >= b,
        })
    })
}

/// `hash()` from `Hash`.
pub unsafe extern "C" fn hash_slot<T: PyClass + Hash>(slf: *mut ffi::PyObject) -> ffi::Py_hash_t {
    // SAFETY: called as tp_hash with the lock held.
    unsafe {
        trampoline_with(|py| {
            let slf = Bound::ref_from_ptr(py, &slf).cast_unchecked::<T>();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            slf.try_borrow()?.hash(&mut h);
            Ok(super::slot_support::hash_value(h.finish()))
        })
    }
}

/// `str()` from `Display`.
pub unsafe extern "C" fn str_slot<T: PyClass + std::fmt::Display>(
    slf: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: called as tp_str with the lock held.
    unsafe {
        trampoline_with(|py| {
            let slf = Bound::ref_from_ptr(py, &slf).cast_unchecked::<T>();
            let text = slf.try_borrow()?.to_string();
            Ok(crate::types::PyString::new(py, &text).into_ptr())
        })
    }
}
