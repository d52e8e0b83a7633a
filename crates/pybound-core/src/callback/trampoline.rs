//! The boundary every call from Python into Rust crosses: catch panics, turn a Rust error into
//! a raised Python exception, and run the deferred decrefs on the way out. (No attach count is
//! kept: CPython holds the lock for the callback, which `Python::assume_attached` relies on.)

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
///   out (abi3 builds, which cannot read the thread state, count the call instead);
/// - `Ok(value)` is returned as is;
/// - `Err(err)` is raised (`PyErr::restore`) and `CallbackReturn::ERROR` returned;
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
    #[cfg(Py_LIMITED_API)]
    let _scope = crate::attach::CallScope::enter();
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
