//! The calling convention of generated functions and methods.
//!
//! The macros pick the cheapest convention that takes a function's arguments: `METH_O` for
//! exactly one positional-only argument (`signature = (x, /)`), `METH_NOARGS` for a method
//! without parameters, and vectorcall (`METH_FASTCALL | METH_KEYWORDS`) for every other
//! signature: CPython then passes the arguments as an array, with no tuple or dict. (A
//! *function* without parameters stays vectorcall: CPython specialises calls of vectorcall
//! functions, not of `METH_NOARGS` ones, which measured 1.7 times slower.) The stable ABI has
//! vectorcall from 3.10 only, so an `abi3` build for 3.9 (`abi3-py39`) registers those wrappers
//! behind a small entry: `METH_NOARGS` for one without parameters (calling it with an empty
//! frame), else `METH_VARARGS | METH_KEYWORDS`, laying the tuple and dict out as a vectorcall
//! frame ([`fastcall_from_varargs`]).
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

/// `ffi::PyMethodDef` for the generated wrapper `$wrap`: `$name` and `$doc` are
/// `&'static CStr`, `$flags` the extra flags (`0`, `METH_STATIC` or `METH_CLASS`); the last
/// argument says the wrapper's convention: `noargs` (`METH_NOARGS`), `single` (`METH_O`),
/// `args` (a [`FastcallFn`]) or `args0` (a [`FastcallFn`] taking no arguments). A constant
/// expression.
#[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
#[doc(hidden)]
#[macro_export]
macro_rules! __method_def {
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, args0) => {
        $crate::__method_def!($name, $wrap, $flags, $doc, args)
    };
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, args) => {
        $crate::ffi::PyMethodDef {
            ml_name: $name.as_ptr(),
            ml_meth: $crate::ffi::PyMethodDefPointer {
                PyCFunctionFastWithKeywords: $wrap,
            },
            ml_flags: $crate::ffi::METH_FASTCALL | $crate::ffi::METH_KEYWORDS | $flags,
            ml_doc: $doc.as_ptr(),
        }
    };
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, $arity:ident) => {
        $crate::__method_def_counted!($name, $wrap, $flags, $doc, $arity)
    };
}

/// The stable ABI before 3.10: a vectorcall wrapper behind a `METH_VARARGS | METH_KEYWORDS`
/// entry, or behind a `METH_NOARGS` one when it takes no arguments (no tuple is made for the
/// call: 23 ns against 35 ns for `f()` on 3.11; CPython's own check refuses arguments, with its
/// message for built-in functions, `f() takes no arguments (1 given)`, as PyO3's do); `noargs`
/// and `single` as with the full API.
#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
#[doc(hidden)]
#[macro_export]
macro_rules! __method_def {
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, args0) => {{
        unsafe extern "C" fn __pybound_noargs_entry(
            slf: *mut $crate::ffi::PyObject,
            _unused: *mut $crate::ffi::PyObject,
        ) -> *mut $crate::ffi::PyObject {
            // SAFETY: CPython calls this as a METH_NOARGS function; an empty vectorcall frame
            // is what `$wrap` expects for a call without arguments.
            unsafe { $wrap(slf, ::std::ptr::null(), 0, ::std::ptr::null_mut()) }
        }
        $crate::__method_def_counted!($name, __pybound_noargs_entry, $flags, $doc, noargs)
    }};
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
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, $arity:ident) => {
        $crate::__method_def_counted!($name, $wrap, $flags, $doc, $arity)
    };
}

/// `__method_def!` for the conventions where CPython counts the arguments (`METH_NOARGS`,
/// `METH_O`): `$wrap` takes `(self, arg)`, `arg` NULL for `noargs`. In every ABI.
#[doc(hidden)]
#[macro_export]
macro_rules! __method_def_counted {
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, noargs) => {
        $crate::__method_def_counted!(@ $name, $wrap, $crate::ffi::METH_NOARGS | $flags, $doc)
    };
    ($name:expr, $wrap:path, $flags:expr, $doc:expr, single) => {
        $crate::__method_def_counted!(@ $name, $wrap, $crate::ffi::METH_O | $flags, $doc)
    };
    (@ $name:expr, $wrap:path, $flags:expr, $doc:expr) => {
        $crate::ffi::PyMethodDef {
            ml_name: $name.as_ptr(),
            ml_meth: $crate::ffi::PyMethodDefPointer { PyCFunction: $wrap },
            ml_flags: $flags,
            ml_doc: $doc.as_ptr(),
        }
    };
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
