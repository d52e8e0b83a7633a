//! Calls across the boundary. This module holds the Rust → Python direction ([`PyCallArgs`]);
//! the Python → Rust trampolines for `#[pyfunction]` live here too once the macros exist.

mod outgoing;

pub use outgoing::PyCallArgs;
