//! Parsing of the options given inline (`#[pyfunction(name = "f")]`) or in helper attributes
//! (`#[pybound(name = "f")]`).

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Token};

use crate::signature::SignatureSpec;
use crate::utils::Errors;

/// One option: `name = "x"`, `signature = (...)`, `text_signature = "..."`, `pass_module`,
/// `gil_used = false`, `submodule`, `crate = "path"`.
pub enum Opt {
    Name(syn::LitStr),
    Signature(SignatureSpec),
    TextSignature(syn::LitStr),
    PassModule(Span),
    GilUsed(syn::LitBool),
    Submodule(Span),
    Crate(syn::Path),
}

impl Opt {
    pub fn span(&self) -> Span {
        match self {
            Opt::Name(l) | Opt::TextSignature(l) => l.span(),
            Opt::Signature(s) => s.span,
            Opt::PassModule(s) | Opt::Submodule(s) => *s,
            Opt::GilUsed(b) => b.span,
            Opt::Crate(p) => syn::spanned::Spanned::span(p),
        }
    }

    pub fn keyword(&self) -> &'static str {
        match self {
            Opt::Name(_) => "name",
            Opt::Signature(_) => "signature",
            Opt::TextSignature(_) => "text_signature",
            Opt::PassModule(_) => "pass_module",
            Opt::GilUsed(_) => "gil_used",
            Opt::Submodule(_) => "submodule",
            Opt::Crate(_) => "crate",
        }
    }
}

const KNOWN: &str =
    "`name`, `signature`, `text_signature`, `pass_module`, `gil_used`, `submodule`, `crate`";

impl Parse for Opt {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: syn::Ident = if input.peek(Token![crate]) {
            let k: Token![crate] = input.parse()?;
            syn::Ident::new("crate", k.span)
        } else {
            input.parse()?
        };
        let name = key.to_string();
        match name.as_str() {
            "name" => {
                input.parse::<Token![=]>()?;
                Ok(Opt::Name(input.parse()?))
            }
            "signature" => {
                input.parse::<Token![=]>()?;
                Ok(Opt::Signature(input.parse()?))
            }
            "text_signature" => {
                input.parse::<Token![=]>()?;
                Ok(Opt::TextSignature(input.parse()?))
            }
            "pass_module" => Ok(Opt::PassModule(key.span())),
            "submodule" => Ok(Opt::Submodule(key.span())),
            "gil_used" => {
                input.parse::<Token![=]>()?;
                Ok(Opt::GilUsed(input.parse()?))
            }
            "crate" => {
                input.parse::<Token![=]>()?;
                let s: syn::LitStr = input.parse()?;
                Ok(Opt::Crate(s.parse()?))
            }
            _ => Err(syn::Error::new(
                key.span(),
                format!("unknown option `{name}`: expected one of {KNOWN}"),
            )),
        }
    }
}

/// Comma-separated options.
pub struct Opts(pub Vec<Opt>);

impl Parse for Opts {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let list = Punctuated::<Opt, Token![,]>::parse_terminated(input)?;
        Ok(Opts(list.into_iter().collect()))
    }
}

/// Collect the options from the macro's own arguments and from `#[pybound(...)]` attributes
/// (which are removed from `attrs`). Parse errors are collected, not returned early.
pub fn take_options(
    args: TokenStream,
    attrs: &mut Vec<Attribute>,
    errors: &mut Errors,
) -> Vec<Opt> {
    let mut out = Vec::new();
    if !args.is_empty() {
        match syn::parse2::<Opts>(args) {
            Ok(o) => out.extend(o.0),
            Err(e) => errors.push(e),
        }
    }
    attrs.retain(|attr| {
        if attr.path().is_ident("pybound") {
            match attr.parse_args::<Opts>() {
                Ok(o) => out.extend(o.0),
                Err(e) => errors.push(e),
            }
            false
        } else {
            true
        }
    });
    out
}

/// The options, each at most once, and only those `allowed` for this item.
#[derive(Default)]
pub struct Options {
    pub name: Option<syn::LitStr>,
    pub signature: Option<SignatureSpec>,
    pub text_signature: Option<syn::LitStr>,
    pub pass_module: bool,
    pub gil_used: Option<syn::LitBool>,
    pub submodule: bool,
    pub krate: Option<syn::Path>,
}

impl Options {
    pub fn from_opts(
        opts: Vec<Opt>,
        allowed: &[&str],
        item_kind: &str,
        errors: &mut Errors,
    ) -> Options {
        let mut o = Options::default();
        let mut seen: Vec<&'static str> = Vec::new();
        for opt in opts {
            let key = opt.keyword();
            if !allowed.contains(&key) {
                errors.push_at(
                    opt.span(),
                    format!(
                        "`{key}` is not an option of {item_kind}: expected one of {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                continue;
            }
            if seen.contains(&key) {
                errors.push_at(opt.span(), format!("`{key}` is given more than once"));
                continue;
            }
            seen.push(key);
            match opt {
                Opt::Name(l) => o.name = Some(l),
                Opt::Signature(s) => o.signature = Some(s),
                Opt::TextSignature(l) => o.text_signature = Some(l),
                Opt::PassModule(_) => o.pass_module = true,
                Opt::GilUsed(b) => o.gil_used = Some(b),
                Opt::Submodule(_) => o.submodule = true,
                Opt::Crate(p) => o.krate = Some(p),
            }
        }
        o
    }

    /// The path of the pybound crate in generated code.
    pub fn krate(&self) -> syn::Path {
        self.krate
            .clone()
            .unwrap_or_else(|| syn::parse_quote!(::pybound))
    }
}
