//! The boundary every call from Python into Rust crosses: count the attach, catch panics, and
//! turn a Rust error into a raised Python exception.

use std::panic::{self, AssertUnwindSafe};

use crate::attach::leave_to_python;
use crate::err::PyResult;
use crate::exceptions::PanicException;
use crate::ffi;
use crate::python::Python;

/// What a C-API callback returns, and the value that signals "an exception is set".
pub trait CallbackReturn: Copy {
    /// The error return: NULL for objects, `-1` for statuses, hashes and lengths.
    const ERROR: Self;
}

impl CallbackReturn for *mut ffi::PyObject {
    const ERROR: Self = std::ptr::null_mut();
}

impl CallbackReturn for std::os::raw::c_int {
    const ERROR: Self = -1;
}

/// `Py_ssize_t` and `Py_hash_t` (the same type).
impl CallbackReturn for ffi::Py_ssize_t {
    const ERROR: Self = -1;
}

/// The body of a generated callback: the C arguments `A` (a tuple of pointers and integers) in,
/// the C result or the error to raise out.
pub type Body<A, R> = for<'py> unsafe fn(Python<'py>, A) -> PyResult<R>;

/// Run `body(py, args)` as the implementation of a C-API callback:
///
/// - no thread-local is touched: the caller holds the lock, which `is_attached` recognises from
///   the interpreter's thread state; only the queue of deferred decrefs is checked, on the way
///   out;
/// - `Ok(value)` is returned as is;
/// - `Err(err)` is raised (`PyErr::restore`) and [`CallbackReturn::ERROR`] returned;
/// - a panic becomes `PanicException` carrying the panic message (a `PyErr` panic payload is
///   raised as that error), so a panic never unwinds into C.
///
/// This is the form the macros generate: `body` is a plain function, not a closure, so the
/// panic-catching frame around it is the same code for every callback with the same argument
/// types. LLVM optimises the body once, and once more where it inlines it into the callback;
/// a closure would be optimised again at every layer of the catching machinery, which made
/// up a third of the optimisation time of a crate's wrappers.
///
/// # Safety
/// The calling thread must hold the interpreter lock (true in any C-API callback), and `args`
/// must be what `body` expects.
#[inline(always)]
pub unsafe fn trampoline<A, R: CallbackReturn>(args: A, body: Body<A, R>) -> R {
    // SAFETY: forwarded from the caller.
    unsafe { trampoline_with(move |py| body(py, args)) }
}

/// [`trampoline`] for a closure (the runtime's own callbacks, which are few).
///
/// # Safety
/// As [`trampoline`].
#[inline(always)]
pub unsafe fn trampoline_with<F, R>(body: F) -> R
where
    F: for<'py> FnOnce(Python<'py>) -> PyResult<R>,
    R: CallbackReturn,
{
    // SAFETY: as above, for the duration of this call.
    let py = unsafe { Python::assume_attached() };
    // Unwind safety: after a panic the closure's captures (argument pointers, the user's
    // function) are never touched again; the only state that survives is the raised exception.
    let result = match panic::catch_unwind(AssertUnwindSafe(move || body(py))) {
        Ok(Ok(value)) => value,
        Ok(Err(err)) => {
            err.restore(py);
            R::ERROR
        }
        Err(payload) => {
            PanicException::from_panic_payload(payload).restore(py);
            R::ERROR
        }
    };
    leave_to_python(result)
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
        trampoline_with(|py| {
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
        trampoline_with(|py| {
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
        trampoline_with(|py| {
            let obj = crate::Bound::ref_from_ptr(py, &obj);
            Err(crate::exceptions::PyAttributeError::new_err(format!(
                "'{}' descriptor has no {what}",
                obj.get_type().name()?
            )))
        })
    }
}
