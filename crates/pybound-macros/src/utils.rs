//! Small helpers shared by the expanders.

use proc_macro2::{Span, TokenStream};
use quote::quote;

/// Accumulates errors so one expansion can report several at once.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(e) => e.combine(err),
            None => self.0 = Some(err),
        }
    }

    pub fn push_at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    pub fn finish(self) -> syn::Result<()> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The documentation text of `attrs` (`///` comments), lines joined with `\n`, one leading
/// space removed per line.
pub fn doc_text(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                let text = s.value();
                lines.push(text.strip_prefix(' ').map(str::to_owned).unwrap_or(text));
            }
        }
    }
    lines.join("\n")
}

/// A `c"..."` literal for `text` (which must not contain NUL).
pub fn c_string(text: &str) -> TokenStream {
    let lit = syn::LitCStr::new(
        &std::ffi::CString::new(text)
            .unwrap_or_else(|_| std::ffi::CString::new(text.replace('\0', "")).unwrap()),
        Span::call_site(),
    );
    quote!(#lit)
}

/// The last path segment's identifier of a type, if it is a path type.
pub fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        syn::Type::Group(g) => last_segment(&g.elem),
        syn::Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

/// Whether the type is `Python<'_>` (by its last path segment).
pub fn is_python(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Python")
}

/// Whether the type is `Option<...>`.
pub fn is_option(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option")
}

/// Whether the return type is a `Result` (by name: `Result`, `PyResult`, or `io::Result` …).
pub fn is_result(ty: &syn::Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Result" || s.ident == "PyResult")
}

/// The type with every named lifetime (other than `'static`) replaced by `'_`, for use in the
/// wrapper, where the function's lifetime parameters are not in scope.
///
/// Works on the tokens (a lifetime is a joint `'` followed by an identifier), which spares the
/// build syn's `visit-mut` feature.
pub fn erase_lifetimes(ty: &syn::Type) -> syn::Type {
    syn::parse2(erase_lifetime_tokens(quote::ToTokens::to_token_stream(ty)))
        .expect("erasing lifetimes keeps a type a type")
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
