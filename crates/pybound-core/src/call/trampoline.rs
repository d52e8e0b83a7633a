//! The boundary every call from Python into Rust crosses: count the attach, catch panics, and
//! turn a Rust error into a raised Python exception.

use std::panic::{self, AssertUnwindSafe};

use crate::attach::leave_to_python;
use crate::err::PyResult;
use crate::exceptions::PanicException;
use crate::ffi;
use crate::python::Python;

/// Run `body` as the implementation of a C-API callback that returns a new reference (or NULL
/// with an exception set).
///
/// - no thread-local is touched: the caller holds the lock, which `is_attached` recognises from
///   the interpreter's thread state; only the queue of deferred decrefs is checked, on the way
///   out;
/// - `Ok(ptr)` is returned as is;
/// - `Err(err)` is raised (`PyErr::restore`) and NULL returned;
/// - a panic becomes `PanicException` carrying the panic message (a `PyErr` panic payload is
///   raised as that error), so a panic never unwinds into C.
///
/// # Safety
/// The calling thread must hold the interpreter lock (true in any C-API callback).
#[inline]
pub unsafe fn trampoline<F>(body: F) -> *mut ffi::PyObject
where
    F: for<'py> FnOnce(Python<'py>) -> PyResult<*mut ffi::PyObject>,
{
    // SAFETY: forwarded from the caller.
    unsafe { run(body, std::ptr::null_mut()) }
}

/// Like [`trampoline`] for callbacks that return a C status (`0` ok, `-1` error).
///
/// # Safety
/// As [`trampoline`].
#[inline]
pub unsafe fn trampoline_status<F>(body: F) -> std::os::raw::c_int
where
    F: for<'py> FnOnce(Python<'py>) -> PyResult<std::os::raw::c_int>,
{
    // SAFETY: forwarded from the caller.
    unsafe { run(body, -1) }
}

#[inline(always)]
unsafe fn run<F, R>(body: F, error_value: R) -> R
where
    F: for<'py> FnOnce(Python<'py>) -> PyResult<R>,
{
    // SAFETY: as above, for the duration of this call.
    let py = unsafe { Python::assume_attached() };
    // Unwind safety: after a panic the closure's captures (argument pointers, the user's
    // function) are never touched again; the only state that survives is the raised exception.
    let result = match panic::catch_unwind(AssertUnwindSafe(move || body(py))) {
        Ok(Ok(value)) => value,
        Ok(Err(err)) => {
            err.restore(py);
            error_value
        }
        Err(payload) => {
            PanicException::from_panic_payload(payload).restore(py);
            error_value
        }
    };
    leave_to_python(result)
}

/// Like [`trampoline`] for `tp_hash` (`-1` signals an error).
///
/// # Safety
/// As [`trampoline`].
#[inline]
pub unsafe fn trampoline_hash<F>(body: F) -> ffi::Py_hash_t
where
    F: for<'py> FnOnce(Python<'py>) -> PyResult<ffi::Py_hash_t>,
{
    // SAFETY: forwarded from the caller.
    unsafe { run(body, -1) }
}

/// Like [`trampoline`] for length slots (`-1` signals an error).
///
/// # Safety
/// As [`trampoline`].
#[inline]
pub unsafe fn trampoline_len<F>(body: F) -> ffi::Py_ssize_t
where
    F: for<'py> FnOnce(Python<'py>) -> PyResult<ffi::Py_ssize_t>,
{
    // SAFETY: forwarded from the caller.
    unsafe { run(body, -1) }
}

/// What `__hash__` may return.
pub trait HashValue {
    /// As a Python hash (`-1` is reserved for errors and becomes `-2`, as in CPython).
    fn into_hash(self) -> ffi::Py_hash_t;
}

macro_rules! hash_value {
    ($($t:ty),*) => {$(
        impl HashValue for $t {
            #[inline]
            fn into_hash(self) -> ffi::Py_hash_t {
                let h = self as ffi::Py_hash_t;
                if h == -1 { -2 } else { h }
            }
        }
    )*};
}

hash_value!(u64, i64, u32, i32, usize, isize);

/// `__hash__`'s value as a Python hash.
#[inline]
pub fn hash_value<H: HashValue>(h: H) -> ffi::Py_hash_t {
    h.into_hash()
}

/// `__len__`'s value as a `Py_ssize_t` (`OverflowError` beyond it).
#[inline]
pub fn len_value(n: usize) -> PyResult<ffi::Py_ssize_t> {
    ffi::Py_ssize_t::try_from(n)
        .map_err(|_| crate::exceptions::PyOverflowError::new_err("length too large"))
}

/// `__setitem__` or `__delitem__` is missing while the other exists.
///
/// # Safety
/// Called with the lock held and a valid object.
pub unsafe fn unsupported_item_op(obj: *mut ffi::PyObject, what: &str) -> std::os::raw::c_int {
    // SAFETY: forwarded from the caller.
    unsafe {
        trampoline_status(|py| {
            let obj = crate::Bound::ref_from_ptr(py, &obj);
            Err(crate::exceptions::PyTypeError::new_err(format!(
                "'{}' object does not support item {what}",
                obj.get_type().name()?
            )))
        })
    }
}

/// The result of one side of a binary operator: `None` when the operand types do not match
/// (the caller then tries the other side or returns `NotImplemented`).
pub type BinaryOpResult = PyResult<Option<*mut ffi::PyObject>>;

/// The body of a binary number slot: try `forward(lhs, rhs)` when `lhs` is ours, then
/// `reflected(rhs, lhs)` when `rhs` is, and `NotImplemented` if neither applies — CPython's
/// protocol for `a + b`, `b.__radd__(a)`.
///
/// # Safety
/// Called from a slot function, with the lock held and valid operands.
#[inline]
pub unsafe fn binary_op(
    lhs: *mut ffi::PyObject,
    rhs: *mut ffi::PyObject,
    is_ours: unsafe fn(*mut ffi::PyObject) -> bool,
    forward: Option<
        for<'py> fn(Python<'py>, *mut ffi::PyObject, *mut ffi::PyObject) -> BinaryOpResult,
    >,
    reflected: Option<
        for<'py> fn(Python<'py>, *mut ffi::PyObject, *mut ffi::PyObject) -> BinaryOpResult,
    >,
) -> *mut ffi::PyObject {
    // SAFETY: forwarded from the caller.
    unsafe {
        trampoline(|py| {
            if let Some(f) = forward {
                if is_ours(lhs) {
                    if let Some(r) = f(py, lhs, rhs)? {
                        return Ok(r);
                    }
                }
            }
            if let Some(f) = reflected {
                if is_ours(rhs) {
                    if let Some(r) = f(py, rhs, lhs)? {
                        return Ok(r);
                    }
                }
            }
            Ok(py.NotImplemented().into_ptr())
        })
    }
}

/// Whether `obj` is an instance of `T` (for the number slots, which get either operand).
#[inline]
///
/// # Safety
/// The lock must be held and `obj` must be a valid object.
pub unsafe fn is_instance_ptr<T: crate::type_object::PyTypeInfo>(obj: *mut ffi::PyObject) -> bool {
    // SAFETY: per the caller.
    unsafe {
        let py = Python::assume_attached();
        ffi::PyObject_TypeCheck(obj, T::type_object_raw(py)) != 0
    }
}

/// A descriptor without `__set__` or `__delete__` was asked for it.
///
/// # Safety
/// Called with the lock held and a valid object.
pub unsafe fn unsupported_descriptor_op(
    obj: *mut ffi::PyObject,
    what: &str,
) -> std::os::raw::c_int {
    // SAFETY: forwarded from the caller.
    unsafe {
        trampoline_status(|py| {
            let obj = crate::Bound::ref_from_ptr(py, &obj);
            Err(crate::exceptions::PyAttributeError::new_err(format!(
                "'{}' descriptor has no {what}",
                obj.get_type().name()?
            )))
        })
    }
}
