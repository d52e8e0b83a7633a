//! Calls across the boundary: [`PyCallArgs`] for calling Python from Rust; the argument
//! parser and the trampoline that `#[pyfunction]` wrappers use for calls from Python.

pub mod args;
mod outgoing;
pub mod trampoline;

pub use outgoing::PyCallArgs;
