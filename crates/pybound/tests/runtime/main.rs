//! Runtime tests: each module embeds the interpreter and checks one area of the API.
//! One test binary (with modules) keeps link time low.

mod any_methods;
mod buffers;
mod conversions_collections;
mod conversions_scalar;
mod conversions_text;
mod datetime;
mod errors;
mod exceptions;
mod functions;
mod ownership;
mod python_token;
mod slot_support;
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
