//! Procedural macros for pybound: `#[pyfunction]` and `#[pymodule]`.
//!
//! Each macro parses its input, validates it (collecting every error it can find, reported at
//! the user's span with what to write instead), then generates code against the small
//! `pybound::__private` surface. This file holds only the entry points.

mod attributes;
mod callback;
mod class;
mod derive;
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

/// `#[derive(FromPyObject)]`: extract a struct field by field (attributes, or items with
/// `#[pybound(item)]`), or an enum by trying each variant in order.
#[proc_macro_derive(FromPyObject, attributes(pybound))]
pub fn derive_from_py_object(item: TokenStream) -> TokenStream {
    derive::expand_from(item.into()).into()
}

/// `#[derive(IntoPyObject)]`: a struct becomes a dict of its fields (a newtype or
/// `transparent` struct its inner value, a tuple struct a tuple); an enum converts its variant.
#[proc_macro_derive(IntoPyObject, attributes(pybound))]
pub fn derive_into_py_object(item: TokenStream) -> TokenStream {
    derive::expand_into(item.into()).into()
}
