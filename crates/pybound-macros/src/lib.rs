//! Procedural macros for pybound: `#[pyfunction]` and `#[pymodule]`.
//!
//! Each macro parses its input, validates it (collecting every error it can find, reported at
//! the user's span with what to write instead), then generates code against the small
//! `pybound::__private` surface. This file holds only the entry points.

mod attributes;
mod class;
mod function;
mod methods;
mod module;
mod signature;
mod utils;

use proc_macro::TokenStream;

/// Expose a Rust function to Python. See the pybound guide, "Functions and modules".
#[proc_macro_attribute]
pub fn pyfunction(attr: TokenStream, item: TokenStream) -> TokenStream {
    function::expand(attr.into(), item.into()).into()
}

/// Define a Python module, from a function `fn name(m: &Bound<'_, PyModule>) -> PyResult<()>`
/// or from an inline `mod name { ... }`.
#[proc_macro_attribute]
pub fn pymodule(attr: TokenStream, item: TokenStream) -> TokenStream {
    module::expand(attr.into(), item.into()).into()
}

/// Expose a Rust struct as a Python class. See the pybound guide, "Classes".
#[proc_macro_attribute]
pub fn pyclass(attr: TokenStream, item: TokenStream) -> TokenStream {
    class::expand(attr.into(), item.into()).into()
}

/// The Python methods of a `#[pyclass]`: constructor, methods, getters and setters, static and
/// class methods, magic methods.
#[proc_macro_attribute]
pub fn pymethods(attr: TokenStream, item: TokenStream) -> TokenStream {
    methods::expand(attr.into(), item.into()).into()
}
