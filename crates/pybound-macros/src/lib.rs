//! Procedural macros for pybound: `#[pyfunction]`, `#[pymodule]`, `#[pyclass]`,
//! `#[pymethods]`, and `#[derive(FromPyObject)]` / `#[derive(IntoPyObject)]`.
//!
//! Every macro works in three phases, as serde_derive does:
//! 1. **parse** the item into a typed model ([`function::FunctionSpec`], `pyclass::ClassSpec`,
//!    `pymethods::model`), reading every attribute namespace with the one option parser in
//!    [`options`];
//! 2. **check** it, collecting every mistake at the user's span ([`diagnostics::Errors`]),
//!    so one compile reports them all, and leaving behind what the item's users refer to (so
//!    no follow-on errors);
//! 3. **generate** code from the model against the small, documented `pybound::__private`
//!    surface: C-API logic lives in the runtime, where it is tested once, not in templates.
//!
//! This file holds only the entry points. The map of the whole project is ARCHITECTURE.md.

mod callback;
mod derive;
mod diagnostics;
mod function;
mod module;
mod names;
mod options;
mod pyclass;
mod pymethods;
mod signature;
mod stubs;
mod types;
mod wrapper;

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

/// Expose a Rust struct or enum as a Python class. See the pybound guide, "Classes".
#[proc_macro_attribute]
pub fn pyclass(attr: TokenStream, item: TokenStream) -> TokenStream {
    pyclass::expand(attr.into(), item.into()).into()
}

/// The Python methods of a `#[pyclass]`: constructor, methods, getters and setters, static and
/// class methods, magic methods.
#[proc_macro_attribute]
pub fn pymethods(attr: TokenStream, item: TokenStream) -> TokenStream {
    pymethods::expand(attr.into(), item.into()).into()
}

/// `#[derive(FromPyObject)]`: extract a struct field by field (attributes, or items with
/// `#[pybound(item)]`), or an enum by trying each variant in order.
// `pyo3` is a helper name only so that a leftover `#[pyo3(...)]` gets our message.
#[proc_macro_derive(FromPyObject, attributes(pybound, pyo3))]
pub fn derive_from_py_object(item: TokenStream) -> TokenStream {
    derive::expand_from(item.into()).into()
}

/// `#[derive(IntoPyObject)]`: a struct becomes a dict of its fields (a newtype or
/// `transparent` struct its inner value, a tuple struct a tuple); an enum converts its variant.
#[proc_macro_derive(IntoPyObject, attributes(pybound, pyo3))]
pub fn derive_into_py_object(item: TokenStream) -> TokenStream {
    derive::expand_into(item.into()).into()
}

/// `#[derive(IntoPyObjectRef)]`: the same conversion as `#[derive(IntoPyObject)]` for a
/// reference to the type (`&T`), reading the fields by reference, so the value stays the
/// caller's.
#[proc_macro_derive(IntoPyObjectRef, attributes(pybound, pyo3))]
pub fn derive_into_py_object_ref(item: TokenStream) -> TokenStream {
    derive::expand_into_ref(item.into()).into()
}
