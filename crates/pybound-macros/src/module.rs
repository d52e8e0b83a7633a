//! `#[pymodule]` on a function (`fn name(m: &Bound<'_, PyModule>) -> PyResult<()>`) or on an
//! inline module (`mod name { ... }` with `#[pymodule_export]`, `#[pyfunction]`, `#[pyclass]`,
//! `#[pymodule_init]` and nested `#[pymodule]` items).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::spanned::Spanned;

use crate::diagnostics::Errors;
use crate::names::{c_string, doc_text};
use crate::options::{Options, MODULE};

/// Entry point of `#[pymodule]`.
pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let result = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Fn(f)) => expand_fn(args, f),
        Ok(syn::Item::Mod(m)) => expand_mod(args, m),
        Ok(other) => Err(syn::Error::new(
            other.span(),
            "`#[pymodule]` goes on `fn name(m: &Bound<'_, PyModule>) -> PyResult<()>` or on `mod name { ... }`",
        )),
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|e| {
        let err = e.to_compile_error();
        quote!(#item #err)
    })
}

/// What a `#[pymodule]` generates, in two parts.
///
/// Names are only ever resolved from beside the module into it, never back out through
/// `super::`: a `#[pymodule]` declared inside a function body (as the examples of PyO3's guide
/// are, in `fn main`) could not reach the items beside it that way. What the module's own
/// constants need from beside it they get from an inherent `impl` of a marker type declared
/// inside, written beside (an `impl` resolves names where it stands).
struct Generated {
    /// Goes into the module: the marker type and constants only (its definition and export
    /// entry), so that a module holding nothing else opens no codegen unit of its own (each
    /// unit costs a few milliseconds of every rebuild on a small machine).
    inside: TokenStream,
    /// Goes beside the module: the definition static, the function that adds it as a
    /// submodule, the marker's `impl` and, for top-level modules, the `PyInit_<name>` entry
    /// point.
    beside: TokenStream,
}

/// `exports` (a `&'static [Export]`) and `init` (an `Option<ModuleInitializer>`) are
/// expressions valid beside the module.
fn module_items(
    options: &Options,
    rust_name: &syn::Ident,
    doc: &str,
    exports: TokenStream,
    init: TokenStream,
) -> Generated {
    let krate = options.krate();
    let unraw = rust_name.unraw();
    let py_name = options
        .str("name")
        .map(|n| n.value())
        .unwrap_or_else(|| unraw.to_string());
    let name_c = c_string(&py_name);
    let doc_c = c_string(doc);
    // As in PyO3: modules declare themselves safe without the GIL (`Py_mod_gil`) unless they
    // opt out with `gil_used = true`; the runtime keeps its shared state thread-safe on
    // free-threaded builds (docs/threads-and-versions.md).
    let gil_used = options.bool("gil_used").unwrap_or(false);
    let def = format_ident!("__PYBOUND_MODULE_DEF_{}", unraw);
    let adder = format_ident!("__pybound_add_module_{}", unraw);
    let init_fn = format_ident!("PyInit_{}", py_name);
    let (entry, init_const) = if options.flag("submodule") {
        (quote!(), quote!())
    } else {
        let init_const = quote! {
            /// The entry point, for `append_to_inittab!`.
            pub const INIT: unsafe extern "C" fn() -> *mut #krate::ffi::PyObject = #init_fn;
        };
        let entry = quote! {
            /// The entry point CPython's import system calls (multi-phase initialisation).
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn #init_fn() -> *mut #krate::ffi::PyObject {
                // SAFETY: called by the import system with the lock held.
                unsafe { #def.init_multi_phase() }
            }
        };
        (entry, init_const)
    };
    let beside = quote! {
        /// The definition of the `#[pymodule]` next to it.
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #def: #krate::__private::ModuleDef = #krate::__private::ModuleDef::new(
            #name_c,
            #doc_c,
            #gil_used,
            #exports,
            #init,
        );

        /// Create the `#[pymodule]` next to it and add it to `parent` as a submodule.
        #[doc(hidden)]
        #[allow(non_snake_case)]
        fn #adder(
            parent: &#krate::Bound<'_, #krate::types::PyModule>,
        ) -> #krate::PyResult<()> {
            #def.add_to(parent)
        }

        #[doc(hidden)]
        impl #rust_name::__PyboundModule {
            pub const DEF: &'static #krate::__private::ModuleDef = &#def;
            pub const EXPORT: #krate::__private::Export = #krate::__private::Export::With(#adder);
            #init_const
        }

        #entry
    };
    let inside = quote! {
        /// Carries the definition (see the `impl` beside the module).
        #[doc(hidden)]
        pub struct __PyboundModule;

        /// The definition, for `wrap_pymodule!`.
        #[doc(hidden)]
        pub const __PYBOUND_MODULE: &#krate::__private::ModuleDef = __PyboundModule::DEF;

        /// The entry `#[pymodule_export]` lists (this module as a submodule of another).
        pub const __PYBOUND_EXPORT: #krate::__private::Export = __PyboundModule::EXPORT;
    };
    Generated { inside, beside }
}

fn expand_fn(args: TokenStream, mut func: syn::ItemFn) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let options = Options::take(&MODULE, args, &mut func.attrs, &mut errors);
    let takes_token = match func.sig.inputs.len() {
        1 => false,
        // `fn m(py: Python<'_>, m: &Bound<'_, PyModule>)`, as PyO3 also accepts.
        2 => {
            let first_is_token = matches!(
                func.sig.inputs.first(),
                Some(syn::FnArg::Typed(p)) if crate::types::is_python(&p.ty)
            );
            if !first_is_token {
                errors.push_at(
                    func.sig.inputs.span(),
                    "with two parameters, a `#[pymodule]` function takes `py: Python<'_>` first, then `m: &Bound<'_, PyModule>`",
                );
            }
            true
        }
        _ => {
            errors.push_at(
                func.sig.inputs.span(),
                "a `#[pymodule]` function takes `m: &Bound<'_, PyModule>` (or `py: Python<'_>, m: &Bound<'_, PyModule>`)",
            );
            false
        }
    };
    errors.finish()?;
    let rust_name = &func.sig.ident;
    let vis = &func.vis;
    let doc = doc_text(&func.attrs);
    let krate = options.krate();
    // The initialiser the module definition calls: the function itself, or beside it an
    // adapter that passes the token too.
    let (adapter, init) = if takes_token {
        let adapter = format_ident!("__pybound_init_{}", rust_name.unraw());
        (
            quote! {
                #[doc(hidden)]
                #[allow(non_snake_case)]
                fn #adapter(m: &#krate::Bound<'_, #krate::types::PyModule>) -> #krate::PyResult<()> {
                    #rust_name(m.py(), m)
                }
            },
            quote!(::std::option::Option::Some(#adapter)),
        )
    } else {
        (quote!(), quote!(::std::option::Option::Some(#rust_name)))
    };
    let Generated { inside, beside } = module_items(&options, rust_name, &doc, quote!(&[]), init);
    Ok(quote! {
        #func

        #adapter

        #beside

        #[doc(hidden)]
        #[allow(non_snake_case)]
        #vis mod #rust_name {
            #inside
        }
    })
}

/// The initialiser the module definition calls, around the `#[pymodule_init]` function,
/// which may take the module, the token and the module, the token alone or nothing, and
/// return `PyResult<()>` or nothing (as in PyO3).
fn init_adapter(krate: &syn::Path, f: &syn::ItemFn, errors: &mut Errors) -> TokenStream {
    let ident = &f.sig.ident;
    let params: Vec<&syn::FnArg> = f.sig.inputs.iter().collect();
    let is_token =
        |arg: &syn::FnArg| matches!(arg, syn::FnArg::Typed(p) if crate::types::is_python(&p.ty));
    let args = match params.as_slice() {
        [] => quote!(),
        [one] if is_token(one) => quote!(m.py()),
        [_] => quote!(m),
        [first, _] if is_token(first) => quote!(m.py(), m),
        _ => {
            errors.push_at(
                f.sig.inputs.span(),
                "a `#[pymodule_init]` function takes `m: &Bound<'_, PyModule>`, \
                 `py: Python<'_>`, both (the token first) or nothing",
            );
            quote!()
        }
    };
    let returns_unit = match &f.sig.output {
        syn::ReturnType::Default => true,
        syn::ReturnType::Type(_, ty) => matches!(&**ty, syn::Type::Tuple(t) if t.elems.is_empty()),
    };
    let call = if returns_unit {
        quote!({ #ident(#args); ::std::result::Result::Ok(()) })
    } else {
        quote!(#ident(#args))
    };
    quote! {
        #[doc(hidden)]
        fn __pybound_module_init(
            m: &#krate::Bound<'_, #krate::types::PyModule>,
        ) -> #krate::PyResult<()> {
            #call
        }
    }
}

/// The attributes of an item of an inline module (the kinds that can be exported).
fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Use(u) => &u.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Struct(s) => &s.attrs,
        syn::Item::Enum(e) => &e.attrs,
        syn::Item::Const(c) => &c.attrs,
        _ => &[],
    }
}

/// The predicates of an item's `#[cfg(...)]` attributes (all must hold).
fn cfg_predicates(attrs: &[syn::Attribute]) -> Vec<TokenStream> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .filter_map(|a| match &a.meta {
            syn::Meta::List(l) => Some(l.tokens.clone()),
            _ => None,
        })
        .collect()
}

/// The last identifiers of a `use` tree: `use a::{b, c::d as e}` exports `b` and `e`.
fn use_leaves(tree: &syn::UseTree, out: &mut Vec<syn::Ident>, errors: &mut Errors) {
    match tree {
        syn::UseTree::Path(p) => use_leaves(&p.tree, out, errors),
        syn::UseTree::Name(n) => out.push(n.ident.clone()),
        syn::UseTree::Rename(r) => out.push(r.rename.clone()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_leaves(t, out, errors)),
        syn::UseTree::Glob(g) => errors.push_at(
            g.span(),
            "`#[pymodule_export]` needs the names: list them (`use path::{a, b};`) instead of `*`",
        ),
    }
}

fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident(name) || a.path().segments.last().is_some_and(|s| s.ident == name)
    })
}

fn expand_mod(args: TokenStream, mut module: syn::ItemMod) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let options = Options::take(&MODULE, args, &mut module.attrs, &mut errors);
    let Some((_, items)) = module.content.as_mut() else {
        return Err(syn::Error::new(
            module.span(),
            "`#[pymodule] mod name;` needs the module's items inline: write `mod name { ... }`",
        ));
    };

    let krate = options.krate();
    // Each export (an `Export` expression valid in the module) with the `#[cfg(...)]`
    // predicates of its item.
    let mut exports: Vec<(TokenStream, Vec<TokenStream>)> = Vec::new();
    let mut init: Option<syn::ItemFn> = None;
    // Functions generated into the module (constants' exports).
    let mut generated: Vec<TokenStream> = Vec::new();
    for item in items.iter_mut() {
        let before = exports.len();
        let add = |exports: &mut Vec<_>, ident: syn::Ident| {
            exports.push((quote!(#ident::__PYBOUND_EXPORT), Vec::new()))
        };
        match item {
            // `#[pymodule_export] const NAME: T = ...;` becomes the module attribute `NAME`.
            syn::Item::Const(c) if has_attr(&c.attrs, "pymodule_export") => {
                c.attrs.retain(|a| !a.path().is_ident("pymodule_export"));
                let ident = &c.ident;
                let name = ident.unraw().to_string();
                let adder = format_ident!("__pybound_export_const_{}", ident.unraw());
                generated.push(quote! {
                    #[doc(hidden)]
                    #[allow(non_snake_case)]
                    fn #adder(
                        m: &#krate::Bound<'_, #krate::types::PyModule>,
                    ) -> #krate::PyResult<()> {
                        m.add(#name, #ident)
                    }
                });
                exports.push((quote!(#krate::__private::Export::With(#adder)), Vec::new()));
            }
            syn::Item::Use(u) if has_attr(&u.attrs, "pymodule_export") => {
                u.attrs.retain(|a| !a.path().is_ident("pymodule_export"));
                let mut leaves = Vec::new();
                use_leaves(&u.tree, &mut leaves, &mut errors);
                leaves.into_iter().for_each(|l| add(&mut exports, l));
            }
            syn::Item::Fn(f) if has_attr(&f.attrs, "pymodule_init") => {
                f.attrs.retain(|a| !a.path().is_ident("pymodule_init"));
                if let Some(prev) = &init {
                    errors.push_at(
                        f.sig.ident.span(),
                        format!(
                            "only one `#[pymodule_init]` function is allowed (`{}` is one)",
                            prev.sig.ident
                        ),
                    );
                }
                init = Some(f.clone());
            }
            syn::Item::Fn(f) if has_attr(&f.attrs, "pyfunction") => {
                add(&mut exports, f.sig.ident.clone())
            }
            // Classes defined inline are exported too, as in PyO3.
            syn::Item::Struct(s) if has_attr(&s.attrs, "pyclass") => {
                add(&mut exports, s.ident.clone())
            }
            syn::Item::Enum(e) if has_attr(&e.attrs, "pyclass") => {
                add(&mut exports, e.ident.clone())
            }
            syn::Item::Mod(m) if has_attr(&m.attrs, "pymodule") => {
                // Nested modules become submodules: no `PyInit_` of their own.
                for attr in m.attrs.iter_mut() {
                    if attr.path().is_ident("pymodule")
                        || attr
                            .path()
                            .segments
                            .last()
                            .is_some_and(|s| s.ident == "pymodule")
                    {
                        let path = attr.path().clone();
                        let existing = match &attr.meta {
                            syn::Meta::List(l) => l.tokens.clone(),
                            _ => TokenStream::new(),
                        };
                        *attr = if existing.is_empty() {
                            syn::parse_quote!(#[#path(submodule)])
                        } else {
                            syn::parse_quote!(#[#path(submodule, #existing)])
                        };
                    }
                }
                add(&mut exports, m.ident.clone());
            }
            syn::Item::Fn(f) if has_attr(&f.attrs, "pymodule") => {
                add(&mut exports, f.sig.ident.clone())
            }
            _ => {}
        }
        let predicates = cfg_predicates(item_attrs(item));
        for export in &mut exports[before..] {
            export.1 = predicates.clone();
        }
    }

    let init = match init {
        Some(f) => {
            let adapter = init_adapter(&krate, &f, &mut errors);
            generated.push(adapter);
            quote!(::std::option::Option::Some(__pybound_module_init))
        }
        None => quote!(::std::option::Option::None),
    };
    errors.finish()?;
    let doc = doc_text(&module.attrs);
    let entries = exports.iter().map(|(export, predicates)| {
        if predicates.is_empty() {
            return export.clone();
        }
        // An item compiled out by its `#[cfg]` is not exported (and not named).
        quote!({
            #[cfg(all(#(#predicates),*))]
            let export = #export;
            #[cfg(not(all(#(#predicates),*)))]
            let export = #krate::__private::Export::Nothing;
            export
        })
    });
    let name = &module.ident;
    let Generated { inside, beside } = module_items(
        &options,
        name,
        &doc,
        quote!(#name::__PYBOUND_EXPORTS),
        quote!(#name::__PYBOUND_INIT),
    );
    // The export list and the initialiser name the module's own items, so they stay in it.
    let inside = quote! {
        #inside

        #(#generated)*

        /// What the module gets on creation: its exports, in order, then its initialiser.
        #[doc(hidden)]
        pub(super) const __PYBOUND_EXPORTS: &[#krate::__private::Export] = &[#(#entries),*];
        #[doc(hidden)]
        pub(super) const __PYBOUND_INIT: ::std::option::Option<#krate::__private::ModuleInitializer> = #init;
    };
    let inside: syn::File = syn::parse2(inside)?;
    items.extend(inside.items);
    Ok(quote!(#module #beside))
}
