//! `#[derive(FromPyObject)]` and `#[derive(IntoPyObject)]`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;

use crate::diagnostics::Errors;
use crate::names::{python_name, rename, rename_rule};
use crate::options::{Options, DERIVE, DERIVE_FIELD};

/// How a field is read from the Python object.
enum Source {
    /// `getattr(obj, name)` (the default).
    Attribute(String),
    /// `obj[key]` (`#[pybound(item)]`, `#[pybound(item("key"))]`, `item(42)`, or
    /// `from_item_all`): the key as a literal.
    Item(syn::Lit),
}

/// The options of a derived field.
struct FieldOpts {
    /// `item` (None: the field's name as the key) or `item(key)` with a literal key.
    item: Option<Option<syn::Lit>>,
    /// `attribute("name")`.
    attribute: Option<String>,
    /// `default` (Some(None): `Default::default()`) or `default = expr`.
    default: Option<Option<syn::Expr>>,
    /// `from_py_with = f`: the value converted by `f(&Bound<PyAny>) -> PyResult<T>`.
    from_py_with: Option<syn::Path>,
    /// `into_py_with = f` (`IntoPyObject`): the value converted by `f(Cow<T>, Python)`.
    into_py_with: Option<syn::Path>,
}

/// The options of a derived type or variant.
struct ContainerOpts {
    transparent: bool,
    from_item_all: bool,
    krate: Option<syn::Path>,
    /// `rename_all = "camelCase"` (a known rule): field names as Python sees them.
    rename_all: Option<String>,
}

impl ContainerOpts {
    /// A field's Python name: its own, renamed by `rename_all` if given.
    fn field_name(&self, ident: &syn::Ident) -> String {
        let name = python_name(ident);
        match &self.rename_all {
            Some(rule) => rename(rule, &name),
            None => name,
        }
    }

    /// A variant's options, inheriting the type's `rename_all` unless it has its own.
    fn for_variant(&self, mut variant: ContainerOpts) -> ContainerOpts {
        if variant.rename_all.is_none() {
            variant.rename_all = self.rename_all.clone();
        }
        variant
    }
}

fn container_opts(attrs: &[syn::Attribute], errors: &mut Errors) -> ContainerOpts {
    let o = Options::read(&DERIVE, attrs, errors);
    let rename_all = o
        .str("rename_all")
        .and_then(|rule| rename_rule(rule, errors));
    ContainerOpts {
        transparent: o.flag("transparent"),
        from_item_all: o.flag("from_item_all"),
        krate: o.path("crate").cloned(),
        rename_all,
    }
}

fn field_opts(attrs: &[syn::Attribute], errors: &mut Errors) -> FieldOpts {
    let o = Options::read(&DERIVE_FIELD, attrs, errors);
    FieldOpts {
        item: o.flag_or_lit("item").map(|k| k.cloned()),
        attribute: o
            .flag_or_str("attribute")
            .map(|a| a.map(syn::LitStr::value).unwrap_or_default()),
        default: o.flag_or_expr("default").map(|e| e.cloned()),
        from_py_with: o.path("from_py_with").cloned(),
        into_py_with: o.path("into_py_with").cloned(),
    }
}

/// Statements extracting `fields` of `ty_name` from `obj` into locals; returns (statements,
/// constructor expression).
fn extract_fields(
    krate: &syn::Path,
    path: TokenStream,
    label: &str,
    fields: &syn::Fields,
    container: &ContainerOpts,
    errors: &mut Errors,
) -> TokenStream {
    match fields {
        syn::Fields::Named(named) => {
            if container.transparent {
                if named.named.len() != 1 {
                    errors.push_at(named.span(), "`transparent` needs exactly one field");
                    return quote!();
                }
                let f = named.named[0].ident.as_ref().expect("named");
                return quote!(::std::result::Result::Ok(#path { #f: obj.extract().map_err(::std::convert::Into::<#krate::PyErr>::into)? }));
            }
            let mut inits = Vec::new();
            for field in &named.named {
                let ident = field.ident.as_ref().expect("named");
                let fo = field_opts(&field.attrs, errors);
                let name = container.field_name(ident);
                let name_key = || syn::Lit::Str(syn::LitStr::new(&name, ident.span()));
                let source = match (&fo.item, &fo.attribute) {
                    (Some(key), _) => Source::Item(key.clone().unwrap_or_else(name_key)),
                    (None, Some(attr)) if !attr.is_empty() => Source::Attribute(attr.clone()),
                    _ if container.from_item_all => Source::Item(name_key()),
                    _ => Source::Attribute(name.clone()),
                };
                let context = format!("failed to extract field {label}.{name}");
                let get = match &source {
                    Source::Attribute(a) => quote!(obj.getattr(#a)),
                    Source::Item(k) => quote!(obj.get_item(#k)),
                };
                let convert = match &fo.from_py_with {
                    Some(f) => quote!(#krate::__private::field_extract_with(&v, #context, #f)?),
                    None => quote!(#krate::__private::field_extract(&v, #context)?),
                };
                let value = if let Some(default) = &fo.default {
                    let default = match default {
                        Some(expr) => quote!(#expr),
                        None => quote!(::std::default::Default::default()),
                    };
                    let missing_ok = match &source {
                        Source::Attribute(_) => {
                            quote!(e.is_instance_of::<#krate::exceptions::PyAttributeError>(obj.py()))
                        }
                        // `KeyError` for a mapping, `IndexError` for a sequence.
                        Source::Item(_) => {
                            quote!(e.is_instance_of::<#krate::exceptions::PyLookupError>(obj.py()))
                        }
                    };
                    quote! {
                        match #get {
                            ::std::result::Result::Ok(v) => #convert,
                            ::std::result::Result::Err(e) if #missing_ok => #default,
                            ::std::result::Result::Err(e) => return ::std::result::Result::Err(#krate::__private::field_error(obj.py(), #context, e)),
                        }
                    }
                } else {
                    quote! {
                        match #get {
                            ::std::result::Result::Ok(v) => #convert,
                            ::std::result::Result::Err(e) => return ::std::result::Result::Err(#krate::__private::field_error(obj.py(), #context, e)),
                        }
                    }
                };
                inits.push(quote!(#ident: #value));
            }
            quote!(::std::result::Result::Ok(#path { #(#inits),* }))
        }
        syn::Fields::Unnamed(unnamed) => {
            let n = unnamed.unnamed.len();
            if n == 1 {
                let context = format!("failed to extract {label}");
                quote!(::std::result::Result::Ok(#path(#krate::__private::field_extract(&obj, #context)?)))
            } else {
                let vars: Vec<syn::Ident> = (0..n).map(|i| format_ident!("f{}", i)).collect();
                let tys = unnamed.unnamed.iter().map(|f| &f.ty);
                quote! {
                    {
                        let (#(#vars,)*): (#(#tys,)*) = obj.extract().map_err(::std::convert::Into::<#krate::PyErr>::into)?;
                        ::std::result::Result::Ok(#path(#(#vars),*))
                    }
                }
            }
        }
        syn::Fields::Unit => {
            errors.push_at(
                fields.span(),
                "a unit struct or variant has nothing to extract",
            );
            quote!()
        }
    }
}

/// What both derives start from: the parsed item, its container options, the path to pybound,
/// and the errors so far (a generic item is reported, not refused, so the rest is checked too).
fn derive_input(
    item: TokenStream,
    derive: &str,
) -> syn::Result<(syn::DeriveInput, ContainerOpts, syn::Path, Errors)> {
    let input: syn::DeriveInput = syn::parse2(item)?;
    let mut errors = Errors::default();
    let container = container_opts(&input.attrs, &mut errors);
    let krate = container
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::pybound));
    let lifetimes = input.generics.lifetimes().count();
    if lifetimes > 1 {
        errors.push_at(
            input.generics.span(),
            format!("`#[derive({derive})]` supports at most one lifetime (the `'py` of `Bound<'py, T>` fields)"),
        );
    }
    if input.generics.const_params().next().is_some() {
        errors.push_at(
            input.generics.span(),
            format!("`#[derive({derive})]` does not support const generic parameters"),
        );
    }
    Ok((input, container, krate, errors))
}

/// The generics of a derived impl: the type's own parameters, its one lifetime (if any)
/// standing for `'py` (else a new `'py`), `extra` lifetimes in front (`'a` for
/// `FromPyObject`), and `bound(param, 'py)` required of every type parameter. Returns
/// (impl generics, the type's generics, where clause, the `'py` lifetime).
fn impl_generics(
    generics: &syn::Generics,
    extra: &[syn::Lifetime],
    bound: impl Fn(&syn::Ident, &syn::Lifetime) -> syn::WherePredicate,
) -> (TokenStream, TokenStream, TokenStream, syn::Lifetime) {
    let py: syn::Lifetime = generics
        .lifetimes()
        .next()
        .map(|l| l.lifetime.clone())
        .unwrap_or_else(|| syn::Lifetime::new("'py", proc_macro2::Span::call_site()));
    let mut params: Vec<TokenStream> = extra.iter().map(|l| quote!(#l)).collect();
    if generics.lifetimes().next().is_none() {
        params.push(quote!(#py));
    }
    params.extend(generics.params.iter().map(|p| quote!(#p)));
    let (_, ty_generics, where_clause) = generics.split_for_impl();
    let mut predicates: Vec<syn::WherePredicate> = where_clause
        .map(|w| w.predicates.iter().cloned().collect())
        .unwrap_or_default();
    predicates.extend(generics.type_params().map(|t| bound(&t.ident, &py)));
    let where_clause = if predicates.is_empty() {
        quote!()
    } else {
        quote!(where #(#predicates),*)
    };
    (
        quote!(<#(#params),*>),
        quote!(#ty_generics),
        where_clause,
        py,
    )
}

/// Entry point of `#[derive(FromPyObject)]`.
pub fn expand_from(item: TokenStream) -> TokenStream {
    let (input, container, krate, mut errors) = match derive_input(item, "FromPyObject") {
        Ok(parts) => parts,
        Err(e) => return e.to_compile_error(),
    };
    let ident = &input.ident;
    let body = match &input.data {
        syn::Data::Struct(s) => {
            let path = quote!(#ident);
            let b = extract_fields(
                &krate,
                path,
                &ident.to_string(),
                &s.fields,
                &container,
                &mut errors,
            );
            quote!((|| -> #krate::PyResult<Self> { #b })())
        }
        syn::Data::Enum(e) => {
            let mut attempts = Vec::new();
            let names: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
            for v in &e.variants {
                let vident = &v.ident;
                let vopts = container.for_variant(container_opts(&v.attrs, &mut errors));
                let b = extract_fields(
                    &krate,
                    quote!(#ident::#vident),
                    &format!("{ident}::{vident}"),
                    &v.fields,
                    &vopts,
                    &mut errors,
                );
                let name = vident.to_string();
                attempts.push(quote! {
                    match (|| -> #krate::PyResult<Self> { #b })() {
                        ::std::result::Result::Ok(v) => return ::std::result::Result::Ok(v),
                        ::std::result::Result::Err(e) => failures.push((#name, e)),
                    }
                });
            }
            let all = names.join(" | ");
            let label = format!("failed to extract enum {ident} ('{all}')");
            quote! {
                (|| -> #krate::PyResult<Self> {
                    let mut failures: ::std::vec::Vec<(&'static str, #krate::PyErr)> = ::std::vec::Vec::new();
                    #(#attempts)*
                    ::std::result::Result::Err(#krate::__private::enum_error(obj.py(), #label, failures))
                })()
            }
        }
        syn::Data::Union(u) => {
            errors.push_at(
                u.union_token.span(),
                "`#[derive(FromPyObject)]` does not support unions",
            );
            quote!()
        }
    };
    if let Err(e) = errors.finish() {
        return e.to_compile_error();
    }
    let a = syn::Lifetime::new("'a", proc_macro2::Span::call_site());
    let (impl_generics, ty_generics, where_clause, py) = impl_generics(
        &input.generics,
        &[a],
        |t, py| syn::parse_quote!(#t: #krate::FromPyObjectOwned<#py>),
    );
    quote! {
        impl #impl_generics #krate::FromPyObject<'a, #py> for #ident #ty_generics #where_clause {
            type Error = #krate::PyErr;
            fn extract(obj: #krate::Borrowed<'a, #py, #krate::types::PyAny>) -> #krate::PyResult<Self> {
                let obj: &#krate::Bound<#py, #krate::types::PyAny> = &obj;
                #body
            }
        }
    }
}

fn into_fields(
    krate: &syn::Path,
    fields: &syn::Fields,
    bind: &[syn::Ident],
    opts: &ContainerOpts,
    by_ref: bool,
) -> TokenStream {
    let transparent = opts.transparent;
    match fields {
        syn::Fields::Named(named) if !transparent || named.named.len() != 1 => {
            let items = named.named.iter().zip(bind).map(|(f, b)| {
                let fo = field_opts(&f.attrs, &mut Errors::default());
                // The key: `item("key")` / `item(0)` if given, else the (renamed) field name.
                let key = match fo.item {
                    Some(Some(lit)) => quote!(#lit),
                    _ => {
                        let name = opts.field_name(f.ident.as_ref().expect("named"));
                        quote!(#name)
                    }
                };
                let value = match &fo.into_py_with {
                    // PyO3's form: `fn(Cow<'_, T>, Python<'py>) -> PyResult<Bound<'py, PyAny>>`.
                    Some(f) if by_ref => quote!(#f(::std::borrow::Cow::Borrowed(#b), py)?),
                    Some(f) => quote!(#f(::std::borrow::Cow::Owned(#b), py)?),
                    None => quote!(#b),
                };
                quote!(dict.set_item(#key, #value)?;)
            });
            quote! {
                {
                    let dict = #krate::types::PyDict::new(py);
                    #(#items)*
                    ::std::result::Result::Ok(dict.into_any())
                }
            }
        }
        syn::Fields::Unnamed(u) if u.unnamed.len() != 1 => quote! {
            #krate::IntoPyObjectExt::into_bound_py_any((#(#bind,)*), py)
        },
        syn::Fields::Unit => {
            quote!(::std::result::Result::Ok(#krate::types::PyNone::get(py).to_owned().into_any()))
        }
        _ => {
            let only = &bind[0];
            quote!(#krate::IntoPyObjectExt::into_bound_py_any(#only, py))
        }
    }
}

fn pattern(fields: &syn::Fields) -> (TokenStream, Vec<syn::Ident>) {
    match fields {
        syn::Fields::Named(named) => {
            let ids: Vec<syn::Ident> = named
                .named
                .iter()
                .map(|f| f.ident.clone().expect("named"))
                .collect();
            let binds: Vec<syn::Ident> = ids.iter().map(|i| format_ident!("__f_{}", i)).collect();
            (quote!({ #(#ids: #binds),* }), binds)
        }
        syn::Fields::Unnamed(u) => {
            let binds: Vec<syn::Ident> = (0..u.unnamed.len())
                .map(|i| format_ident!("__f{}", i))
                .collect();
            (quote!((#(#binds),*)), binds)
        }
        syn::Fields::Unit => (quote!(), Vec::new()),
    }
}

/// Entry point of `#[derive(IntoPyObject)]`.
pub fn expand_into(item: TokenStream) -> TokenStream {
    expand_into_impl(item, false)
}

/// Entry point of `#[derive(IntoPyObjectRef)]`: the same conversion for `&Type`, field by
/// reference (each field's `&T` must convert), leaving the value with the caller.
pub fn expand_into_ref(item: TokenStream) -> TokenStream {
    expand_into_impl(item, true)
}

fn expand_into_impl(item: TokenStream, by_ref: bool) -> TokenStream {
    let name = if by_ref {
        "IntoPyObjectRef"
    } else {
        "IntoPyObject"
    };
    let (input, container, krate, mut errors) = match derive_input(item, name) {
        Ok(parts) => parts,
        Err(e) => return e.to_compile_error(),
    };
    let ident = &input.ident;
    let body = match &input.data {
        syn::Data::Struct(s) => {
            let (pat, binds) = pattern(&s.fields);
            let conv = into_fields(&krate, &s.fields, &binds, &container, by_ref);
            quote! { let #ident #pat = self; #conv }
        }
        syn::Data::Enum(e) => {
            let arms = e.variants.iter().map(|v| {
                let vident = &v.ident;
                let vopts = container.for_variant(container_opts(&v.attrs, &mut Errors::default()));
                let (pat, binds) = pattern(&v.fields);
                let conv = into_fields(&krate, &v.fields, &binds, &vopts, by_ref);
                quote!(#ident::#vident #pat => #conv)
            });
            quote!(match self { #(#arms,)* })
        }
        syn::Data::Union(u) => {
            errors.push_at(
                u.union_token.span(),
                format!("`#[derive({name})]` does not support unions"),
            );
            quote!()
        }
    };
    if let Err(e) = errors.finish() {
        return e.to_compile_error();
    }
    // By reference: `impl<'a, 'py, …> IntoPyObject<'py> for &'a Type<…>`, each type parameter
    // bounded by `&'a T: IntoPyObject<'py>`.
    let a = syn::Lifetime::new("'__pybound_a", proc_macro2::Span::call_site());
    let extra = if by_ref { vec![a.clone()] } else { vec![] };
    let (impl_generics, ty_generics, where_clause, py_lt) =
        impl_generics(&input.generics, &extra, |t, py| {
            if by_ref {
                syn::parse_quote!(&#a #t: #krate::IntoPyObject<#py>)
            } else {
                syn::parse_quote!(#t: #krate::IntoPyObject<#py>)
            }
        });
    let self_ty = if by_ref {
        quote!(&#a #ident #ty_generics)
    } else {
        quote!(#ident #ty_generics)
    };
    quote! {
        impl #impl_generics #krate::IntoPyObject<#py_lt> for #self_ty #where_clause {
            type Target = #krate::types::PyAny;
            type Output = #krate::Bound<#py_lt, #krate::types::PyAny>;
            type Error = #krate::PyErr;
            fn into_pyobject(self, py: #krate::Python<#py_lt>) -> #krate::PyResult<Self::Output> {
                #body
            }
        }
    }
}
