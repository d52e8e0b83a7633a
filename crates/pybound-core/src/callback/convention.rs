//! The calling convention of generated functions and methods.
//!
//! The macros generate every function and method as a vectorcall wrapper (`METH_FASTCALL |
//! METH_KEYWORDS`): CPython passes the arguments as an array, with no tuple or dict. The stable
//! ABI has that convention from 3.10 only, so an `abi3` build for 3.9 (`abi3-py39`) registers
//! each wrapper behind a small entry: `METH_NOARGS` (calling it with an empty frame) when it
//! takes no arguments, else `METH_VARARGS | METH_KEYWORDS`, laying the tuple and dict out as a
//! vectorcall frame ([`fastcall_from_varargs`]).
//!
//! The choice is made where this crate is compiled (which knows `Py_LIMITED_API` and the
//! minimum version), not in the user's crate (which does not): the macros expand to
//! [`method_def!`](crate::__private::method_def), whose definition here is the one for the
//! ABI in use. Builds with `METH_FASTCALL` get no extra code at all.

use crate::ffi;

/// The C signature of a vectorcall (`METH_FASTCALL | METH_KEYWORDS`) function.
pub type FastcallFn = unsafe extern "C" fn(
    *mut ffi::PyObject,
    *const *mut ffi::PyObject,
    ffi::Py_ssize_t,
    *mut ffi::PyObject,
) -> *mut ffi::PyObject;

/// `ffi::PyMethodDef` for the generated vectorcall wrapper `$wrap` (a path to a
/// [`FastcallFn`]): `$name` and `$doc` are `&'static CStr`, `$flags` the extra flags
/// (`0`, `METH_STATIC` or `METH_CLASS`); `noargs` when the function takes no arguments at all,
/// else `args`. A constant expression.
///
/// Vectorcall even for a function without arguments: registered as `METH_NOARGS` (through the
/// entry below) such a function measured slower on 3.11, 19 ns against 11 ns for `f()`.
#[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
#[doc(hidden)]
#[macro_export]
macro_rules! __method_def {
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, $arity:ident) => {
        $crate::ffi::PyMethodDef {
            ml_name: $name.as_ptr(),
            ml_meth: $crate::ffi::PyMethodDefPointer {
                PyCFunctionFastWithKeywords: $wrap,
            },
            ml_flags: $crate::ffi::METH_FASTCALL | $crate::ffi::METH_KEYWORDS | $flags,
            ml_doc: $doc.as_ptr(),
        }
    };
}

/// The stable ABI before 3.10: `$wrap` behind a `METH_NOARGS` entry when it takes no arguments
/// (no tuple is made for the call: 23 ns against 35 ns for `f()` on 3.11; CPython's own check
/// refuses arguments, with its message for built-in functions, `f() takes no arguments (1
/// given)`, as PyO3's do), else behind a `METH_VARARGS | METH_KEYWORDS` one.
#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
#[doc(hidden)]
#[macro_export]
macro_rules! __method_def {
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, noargs) => {
        $crate::__method_def_noargs!($name, $wrap, $flags, $doc)
    };
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, args) => {{
        unsafe extern "C" fn __pybound_varargs_entry(
            slf: *mut $crate::ffi::PyObject,
            args: *mut $crate::ffi::PyObject,
            kwargs: *mut $crate::ffi::PyObject,
        ) -> *mut $crate::ffi::PyObject {
            // SAFETY: CPython calls this as a METH_VARARGS | METH_KEYWORDS function.
            unsafe { $crate::__private::fastcall_from_varargs(slf, args, kwargs, $wrap) }
        }
        $crate::ffi::PyMethodDef {
            ml_name: $name.as_ptr(),
            ml_meth: $crate::ffi::PyMethodDefPointer {
                PyCFunctionWithKeywords: __pybound_varargs_entry,
            },
            ml_flags: $crate::ffi::METH_VARARGS | $crate::ffi::METH_KEYWORDS | $flags,
            ml_doc: $doc.as_ptr(),
        }
    }};
}

/// `__method_def!`'s `METH_NOARGS` entry: calls `$wrap` with an empty vectorcall frame.
#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
#[doc(hidden)]
#[macro_export]
macro_rules! __method_def_noargs {
    ($name:expr, $wrap:path, $flags:expr, $doc:expr) => {{
        unsafe extern "C" fn __pybound_noargs_entry(
            slf: *mut $crate::ffi::PyObject,
            _unused: *mut $crate::ffi::PyObject,
        ) -> *mut $crate::ffi::PyObject {
            // SAFETY: CPython calls this as a METH_NOARGS function; an empty vectorcall frame
            // is what `$wrap` expects for a call without arguments.
            unsafe { $wrap(slf, ::std::ptr::null(), 0, ::std::ptr::null_mut()) }
        }
        $crate::ffi::PyMethodDef {
            ml_name: $name.as_ptr(),
            ml_meth: $crate::ffi::PyMethodDefPointer {
                PyCFunction: __pybound_noargs_entry,
            },
            ml_flags: $crate::ffi::METH_NOARGS | $flags,
            ml_doc: $doc.as_ptr(),
        }
    }};
}

/// Call the vectorcall wrapper `function` with a tuple and a dict (NULL or a dict) laid out as
/// a vectorcall frame: the entry [`method_def!`](crate::__private::method_def) generates for
/// `abi3` builds before 3.10.
///
/// # Safety
/// Called by CPython as a `METH_VARARGS | METH_KEYWORDS` function: attached, `args` a tuple,
/// `kwargs` NULL or a dict.
#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
pub unsafe fn fastcall_from_varargs(
    slf: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    function: FastcallFn,
) -> *mut ffi::PyObject {
    // SAFETY: per the caller. Without keywords the frame is the tuple's items (nothing can
    // fail, so no second trampoline: `function` is one). With keywords the frame's pointers
    // are kept alive by `args` and by the tuples the frame holds until `function` returns; a
    // NULL result comes with the exception `function` raised, which the trampoline leaves
    // in place.
    unsafe {
        if kwargs.is_null() || ffi::PyDict_Size(kwargs) == 0 {
            return super::args::with_tuple_frame(args, |items, nargs| {
                function(slf, items, nargs, std::ptr::null_mut())
            });
        }
        crate::callback::trampoline::trampoline_with(|py| {
            super::args::with_keyword_frame(py, args, kwargs, |items, nargs, kwnames| {
                function(slf, items, nargs, kwnames)
            })
        })
    }
}
