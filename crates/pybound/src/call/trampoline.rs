//! The boundary every call from Python into Rust crosses: count the attach, catch panics, and
//! turn a Rust error into a raised Python exception.

use std::panic::{self, AssertUnwindSafe};

use crate::attach::enter_from_python;
use crate::err::PyResult;
use crate::exceptions::PanicException;
use crate::ffi;
use crate::python::Python;

/// Run `body` as the implementation of a C-API callback that returns a new reference (or NULL
/// with an exception set).
///
/// - no thread-local is touched: the caller holds the lock, which `is_attached` recognises from
///   the interpreter's thread state; only the queue of deferred decrefs is checked;
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
    enter_from_python();
    // SAFETY: as above, for the duration of this call.
    let py = unsafe { Python::assume_attached() };
    // Unwind safety: after a panic the closure's captures (argument pointers, the user's
    // function) are never touched again; the only state that survives is the raised exception.
    match panic::catch_unwind(AssertUnwindSafe(move || body(py))) {
        Ok(Ok(value)) => value,
        Ok(Err(err)) => {
            err.restore(py);
            error_value
        }
        Err(payload) => {
            PanicException::from_panic_payload(payload).restore(py);
            error_value
        }
    }
}
