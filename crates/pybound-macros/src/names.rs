//! Names and texts the generated code carries: the Python name of a Rust identifier, the
//! docstring, C string literals, `rename_all` rules.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::ext::IdentExt;

/// The Python name of a Rust identifier: the identifier without a raw-identifier prefix
/// (`r#type` is `type`).
pub fn python_name(ident: &syn::Ident) -> String {
    ident.unraw().to_string()
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

/// A `c"..."` literal for `text` (inner NULs, which C strings cannot hold, are dropped).
pub fn c_string(text: &str) -> TokenStream {
    let text = std::ffi::CString::new(text.replace('\0', "")).expect("NULs were removed");
    let lit = syn::LitCStr::new(&text, Span::call_site());
    quote!(#lit)
}

/// `rename_all` rules, as serde spells them.
pub const RENAME_RULES: &[&str] = &[
    "camelCase",
    "PascalCase",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
    "lowercase",
    "UPPERCASE",
];

/// The rule of a `rename_all = "..."` option, if it is one of [`RENAME_RULES`] (else the
/// mistake is reported).
pub fn rename_rule(rule: &syn::LitStr, errors: &mut crate::diagnostics::Errors) -> Option<String> {
    let value = rule.value();
    if RENAME_RULES.contains(&value.as_str()) {
        return Some(value);
    }
    errors.push_at(
        rule.span(),
        format!(
            "unknown `rename_all` rule \"{value}\": expected one of {}",
            RENAME_RULES.join(", ")
        ),
    );
    None
}

/// Apply a `rename_all` rule (one of [`RENAME_RULES`]) to a snake_case Rust name.
pub fn rename(rule: &str, name: &str) -> String {
    let words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
    let capitalise = |w: &str| {
        let mut c = w.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        }
    };
    match rule {
        "camelCase" => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_string() } else { capitalise(w) })
            .collect(),
        "PascalCase" => words.iter().map(|w| capitalise(w)).collect(),
        "SCREAMING_SNAKE_CASE" => name.to_uppercase(),
        "kebab-case" => words.join("-"),
        "lowercase" => name.to_lowercase().replace('_', ""),
        "UPPERCASE" => name.to_uppercase().replace('_', ""),
        _ => name.to_owned(),
    }
}
