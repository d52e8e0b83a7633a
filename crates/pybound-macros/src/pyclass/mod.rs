//! `#[pyclass]` on a struct or an enum: the class's options parsed once into a [`ClassSpec`],
//! then the struct ([`structs`]), field-less enum or enum with fields ([`enums`]) generators,
//! which share the class impls ([`impls`]).
//!
//! Option mistakes are reported and the class is still generated from the valid options, so
//! that the `#[pymethods]` blocks and modules using it report nothing more.

mod enums;
mod impls;
mod structs;

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;

use crate::diagnostics::Errors;
use crate::names::{c_string, doc_text, rename_rule};
use crate::options::{Options, CLASS};

/// Entry point of `#[pyclass]`.
pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Struct(mut st)) => {
            let spec = ClassSpec::parse(args, &mut st.attrs, &st.ident, &mut errors);
            let generated = structs::generate(&spec, &mut st, &mut errors);
            let errors = errors.to_compile_errors();
            quote!(#st #errors #generated)
        }
        Ok(syn::Item::Enum(mut en)) => {
            let spec = ClassSpec::parse(args, &mut en.attrs, &en.ident, &mut errors);
            let generated = enums::generate(&spec, &mut en, &mut errors);
            let errors = errors.to_compile_errors();
            quote!(#en #errors #generated)
        }
        _ => {
            let err = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[pyclass]` goes on a struct or an enum",
            )
            .to_compile_error();
            quote!(#item #err)
        }
    }
}

/// A class's options, parsed and checked.
pub struct ClassSpec {
    /// The path to pybound (`crate = ...`, default `::pybound`).
    pub krate: syn::Path,
    /// The Python name (`name = ...`, default the Rust name).
    pub py_name: String,
    /// `module = ...` as an `Option<&str>` expression.
    pub module: TokenStream,
    /// The doc comment as a C string literal.
    pub doc: TokenStream,
    pub options: Options,
    /// `rename_all = "..."`, when it names a known rule.
    pub rename_all: Option<String>,
}

impl ClassSpec {
    /// The options inside `#[pyclass(...)]` and in `#[pybound(...)]` attributes on the item
    /// (which are removed from it).
    fn parse(
        args: TokenStream,
        attrs: &mut Vec<syn::Attribute>,
        ident: &syn::Ident,
        errors: &mut Errors,
    ) -> Self {
        let options = Options::take(&CLASS, args, attrs, errors);
        let rename_all = options
            .str("rename_all")
            .and_then(|rule| rename_rule(rule, errors));
        let module = match options.str("module") {
            Some(m) => quote!(::std::option::Option::Some(#m)),
            None => quote!(::std::option::Option::None),
        };
        ClassSpec {
            krate: options.krate(),
            py_name: options
                .str("name")
                .map(|n| n.value())
                .unwrap_or_else(|| ident.to_string()),
            module,
            doc: c_string(&doc_text(attrs)),
            rename_all,
            options,
        }
    }

    /// Whether flag option `key` is given.
    pub fn flag(&self, key: &str) -> bool {
        self.options.flag(key)
    }

    /// Report generic parameters (Python sees one concrete type); `false` if there are any.
    fn check_not_generic(generics: &syn::Generics, what: &str, errors: &mut Errors) -> bool {
        if generics.params.is_empty() {
            return true;
        }
        errors.push_at(generics.span(), what);
        false
    }
}
