//! Runtime tests: each module embeds the interpreter and checks one area of the API.
//! One test binary (with modules) keeps link time low.

mod any_methods;
#[cfg(any(Py_3_11, not(Py_LIMITED_API)))] // the stable ABI has buffers from 3.11
mod buffers;
mod conversions_collections;
mod conversions_scalar;
mod conversions_text;
mod datetime;
mod errors;
mod exceptions;
mod functions;
mod inheritance;
mod ownership;
mod python_token;
mod slot_support;
#[cfg(feature = "stubs")]
mod stubs;
mod sync_intern;
mod types_containers;
mod types_misc;
mod types_scalar;

use pybound::prelude::*;

/// Evaluate an expression in a fresh namespace.
pub fn eval<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyAny> {
    let code = std::ffi::CString::new(code).unwrap();
    let ns = PyDict::new(py);
    py.eval(&code, Some(&ns), None).unwrap()
}

/// Run statements in a fresh namespace and return it.
pub fn run<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyDict> {
    let code = std::ffi::CString::new(code).unwrap();
    let ns = PyDict::new(py);
    py.run(&code, Some(&ns), None).unwrap();
    ns
}

/// `sys.getrefcount(obj)` minus the temporary reference the call itself adds.
pub fn refcount(obj: &Bound<'_, PyAny>) -> isize {
    obj.get_refcnt()
}

/// Run `f` with `sys.unraisablehook` replaced, and return the names of the exception types
/// reported as unraisable meanwhile (so a test can assert them instead of printing them).
pub fn capture_unraisable<'py>(py: Python<'py>, f: impl FnOnce()) -> Vec<String> {
    let ns = run(
        py,
        "import sys\nseen = []\nold = sys.unraisablehook\nsys.unraisablehook = lambda u: seen.append(u.exc_type.__name__)",
    );
    f();
    py.import("sys")
        .unwrap()
        .setattr("unraisablehook", ns.get_item("old").unwrap().unwrap())
        .unwrap();
    ns.get_item("seen").unwrap().unwrap().extract().unwrap()
}

/// Run `f` with `sys.stderr` replaced by a `StringIO`, and return what was written to it.
pub fn capture_stderr<'py>(py: Python<'py>, f: impl FnOnce()) -> String {
    let sys = py.import("sys").unwrap();
    let old = sys.getattr("stderr").unwrap();
    let buffer = py
        .import("io")
        .unwrap()
        .getattr("StringIO")
        .unwrap()
        .call0()
        .unwrap();
    sys.setattr("stderr", &buffer).unwrap();
    f();
    sys.setattr("stderr", old).unwrap();
    buffer.call_method0("getvalue").unwrap().extract().unwrap()
}
