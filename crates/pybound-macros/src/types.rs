//! Decisions the macros take from a parameter's or item's parsed `syn` form (never from its
//! text): is this the `Python` token, an `Option`, a `Result`, a `Bound<PyTuple>`; does the
//! item derive `Clone`.

use quote::quote;

/// The last path segment of a type, if it is a path type (through groups and parentheses).
pub fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        syn::Type::Group(g) => last_segment(&g.elem),
        syn::Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

/// Whether the type's last path segment is `name`.
pub fn is_named(ty: &syn::Type, name: &str) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == name)
}

/// Whether the type is `Python<'_>`.
pub fn is_python(ty: &syn::Type) -> bool {
    is_named(ty, "Python")
}

/// Whether the type is `Option<...>`.
pub fn is_option(ty: &syn::Type) -> bool {
    is_named(ty, "Option")
}

/// Whether the return type is a `Result` (`Result`, `PyResult`, `io::Result` …).
pub fn is_result(ty: &syn::Type) -> bool {
    is_named(ty, "Result") || is_named(ty, "PyResult")
}

/// Whether the function's return type is a `Result`.
pub fn returns_result(output: &syn::ReturnType) -> bool {
    matches!(output, syn::ReturnType::Type(_, t) if is_result(t))
}

/// The `n`th generic type argument of the type's last segment (`T` of `Option<T>`).
pub fn type_argument(ty: &syn::Type, n: usize) -> Option<&syn::Type> {
    let syn::PathArguments::AngleBracketed(args) = &last_segment(ty)?.arguments else {
        return None;
    };
    args.args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .nth(n)
}

/// The type behind any number of references (`&&T` is `T`).
pub fn dereferenced(ty: &syn::Type) -> &syn::Type {
    match ty {
        syn::Type::Reference(r) => dereferenced(&r.elem),
        syn::Type::Group(g) => dereferenced(&g.elem),
        syn::Type::Paren(p) => dereferenced(&p.elem),
        other => other,
    }
}

/// The type with every named lifetime (other than `'static`) replaced by `'_`, for use in the
/// wrapper, where the function's lifetime parameters are not in scope.
///
/// Works on the tokens (a lifetime is a joint `'` followed by an identifier), which spares the
/// build syn's `visit-mut` feature.
pub fn erase_lifetimes(ty: &syn::Type) -> syn::Type {
    syn::parse2(erase_lifetime_tokens(quote!(#ty))).expect("erasing lifetimes keeps a type a type")
}

fn erase_lifetime_tokens(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, Ident, Spacing, TokenTree};
    let mut out = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tree) = iter.next() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '\'' && p.spacing() == Spacing::Joint => {
                let named = matches!(iter.peek(), Some(TokenTree::Ident(id)) if id != "static");
                out.push(TokenTree::Punct(p));
                if named {
                    let Some(TokenTree::Ident(id)) = iter.next() else {
                        unreachable!()
                    };
                    out.push(TokenTree::Ident(Ident::new("_", id.span())));
                }
            }
            TokenTree::Group(g) => {
                let mut erased = Group::new(g.delimiter(), erase_lifetime_tokens(g.stream()));
                erased.set_span(g.span());
                out.push(TokenTree::Group(erased));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// `&T` or `&mut T` where `T` is a `#[pyclass]`, borrowed through a `PyRef` / `PyRefMut`
/// holder the wrapper keeps for the call: the referenced type and whether it is `mut`. Decided
/// from the type's form: a reference to anything but the borrowing conversions (`&str`,
/// `&[u8]`, `&Bound`, `&Borrowed`, `&Py`, `&Path`, `&OsStr`, `&CStr`, trait objects) is taken
/// for a class.
pub fn class_reference(ty: &syn::Type) -> Option<(&syn::Type, bool)> {
    let syn::Type::Reference(r) = ty else {
        return None;
    };
    let inner = &*r.elem;
    let borrowing_conversion = match inner {
        syn::Type::Slice(_) | syn::Type::TraitObject(_) | syn::Type::Array(_) => true,
        syn::Type::Path(_) => [
            "str", "Bound", "Borrowed", "Py", "Path", "OsStr", "CStr", "PyAny",
        ]
        .iter()
        .any(|name| is_named(inner, name)),
        _ => true,
    };
    (!borrowing_conversion).then_some((inner, r.mutability.is_some()))
}
