//! `signature = (...)` and the argument plan: which Rust parameter receives which Python
//! argument, with what default.

use proc_macro2::Span;
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::Token;

use crate::utils::{is_option, is_python, Errors};

/// One entry of `signature = (...)`.
pub enum SigItem {
    Param {
        name: syn::Ident,
        default: Option<syn::Expr>,
    },
    /// `/`: the parameters before it are positional-only.
    Slash(Span),
    /// `*`: the parameters after it are keyword-only.
    Star(Span),
    VarArgs(syn::Ident),
    KwArgs(syn::Ident),
}

/// The parsed `signature = (...)`.
pub struct SignatureSpec {
    pub span: Span,
    pub items: Vec<SigItem>,
}

impl Parse for SignatureSpec {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let content;
        let paren = syn::parenthesized!(content in input);
        let mut items = Vec::new();
        while !content.is_empty() {
            if content.peek(Token![/]) {
                let t: Token![/] = content.parse()?;
                items.push(SigItem::Slash(t.span));
            } else if content.peek(Token![*]) && content.peek2(Token![*]) {
                content.parse::<Token![*]>()?;
                content.parse::<Token![*]>()?;
                items.push(SigItem::KwArgs(content.parse()?));
            } else if content.peek(Token![*]) {
                let t: Token![*] = content.parse()?;
                if content.peek(syn::Ident) {
                    items.push(SigItem::VarArgs(content.parse()?));
                } else {
                    items.push(SigItem::Star(t.span));
                }
            } else {
                let name: syn::Ident = content.parse()?;
                let default = if content.peek(Token![=]) {
                    content.parse::<Token![=]>()?;
                    Some(content.parse()?)
                } else {
                    None
                };
                items.push(SigItem::Param { name, default });
            }
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        Ok(SignatureSpec {
            span: paren.span.join(),
            items,
        })
    }
}

/// How a Rust parameter is filled.
pub enum Source {
    /// The `Python<'py>` token.
    Python,
    /// The module (`pass_module`).
    Module,
    /// Named parameter `index` in the slot array.
    Slot {
        index: usize,
        default: Option<syn::Expr>,
    },
    VarArgs,
    KwArgs,
}

/// A Rust parameter and where its value comes from.
pub struct Param {
    pub ident: syn::Ident,
    pub ty: syn::Type,
    pub source: Source,
}

/// The argument plan of a function.
pub struct Plan {
    pub params: Vec<Param>,
    /// Python names of the positional parameters, in order.
    pub positional: Vec<String>,
    pub positional_only: usize,
    pub required_positional: usize,
    /// Python names of keyword-only parameters and whether each is required.
    pub keyword_only: Vec<(String, bool)>,
    pub varargs: Option<String>,
    pub kwargs: Option<String>,
    /// Text for `__text_signature__`, e.g. `(a, b=1, *args, c, **kw)`.
    pub text_signature: String,
}

impl Plan {
    pub fn slot_count(&self) -> usize {
        self.positional.len() + self.keyword_only.len()
    }

    /// Whether the straight-line fast path applies (only positional parameters).
    pub fn fast_path(&self) -> bool {
        self.keyword_only.is_empty() && self.varargs.is_none() && self.kwargs.is_none()
    }
}

/// Python name of a Rust parameter: without a leading `r#` and leading underscores kept.
fn py_name(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// Render a default for `__text_signature__`: literals as Python literals, anything else `...`.
fn default_text(expr: &syn::Expr) -> String {
    match expr {
        syn::Expr::Lit(l) => match &l.lit {
            syn::Lit::Int(i) => i.base10_digits().to_owned(),
            syn::Lit::Float(f) => f.base10_digits().to_owned(),
            syn::Lit::Bool(b) => {
                if b.value {
                    "True".into()
                } else {
                    "False".into()
                }
            }
            syn::Lit::Str(s) => format!("{:?}", s.value()).replace('"', "'"),
            _ => "...".into(),
        },
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => {
            let inner = default_text(expr);
            if inner == "..." {
                inner
            } else {
                format!("-{inner}")
            }
        }
        syn::Expr::Path(p) if p.path.is_ident("None") => "None".into(),
        _ => "...".into(),
    }
}

fn type_mentions(ty: &syn::Type, name: &str) -> bool {
    ty.to_token_stream().to_string().contains(name)
}

/// Build the plan from the function's inputs and the optional signature, collecting errors.
pub fn plan(
    inputs: &syn::punctuated::Punctuated<syn::FnArg, Token![,]>,
    signature: Option<&SignatureSpec>,
    pass_module: bool,
    errors: &mut Errors,
) -> Plan {
    // 1. The Rust parameters that Python fills.
    let mut rust_params: Vec<(syn::Ident, syn::Type)> = Vec::new();
    let mut params = Vec::new();
    for (i, arg) in inputs.iter().enumerate() {
        let pat = match arg {
            syn::FnArg::Receiver(r) => {
                errors.push_at(
                    r.span(),
                    "`#[pyfunction]` cannot take `self`; use `#[pymethods]` for methods",
                );
                continue;
            }
            syn::FnArg::Typed(p) => p,
        };
        let ident = match &*pat.pat {
            syn::Pat::Ident(pi) => pi.ident.clone(),
            other => {
                errors.push_at(
                    other.span(),
                    "parameters must be plain names (`name: Type`), not patterns",
                );
                continue;
            }
        };
        let ty = (*pat.ty).clone();
        if pass_module && i == 0 {
            params.push(Param {
                ident,
                ty,
                source: Source::Module,
            });
        } else if is_python(&ty) {
            params.push(Param {
                ident,
                ty,
                source: Source::Python,
            });
        } else {
            rust_params.push((ident.clone(), ty.clone()));
            params.push(Param {
                ident,
                ty,
                source: Source::Slot {
                    index: usize::MAX,
                    default: None,
                },
            });
        }
    }

    let mut plan = Plan {
        params,
        positional: Vec::new(),
        positional_only: 0,
        required_positional: 0,
        keyword_only: Vec::new(),
        varargs: None,
        kwargs: None,
        text_signature: String::new(),
    };

    // 2. Walk the signature (or the implicit one: every parameter positional-or-keyword,
    //    trailing `Option<T>` defaulting to None).
    struct Entry {
        ident: syn::Ident,
        default: Option<syn::Expr>,
        kind: Kind,
    }
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Positional,
        KeywordOnly,
        VarArgs,
        KwArgs,
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut text: Vec<String> = Vec::new();
    match signature {
        None => {
            let trailing_options = rust_params
                .iter()
                .rev()
                .take_while(|(_, ty)| is_option(ty))
                .count();
            let first_default = rust_params.len() - trailing_options;
            for (i, (ident, _)) in rust_params.iter().enumerate() {
                let default =
                    (i >= first_default).then(|| syn::parse_quote!(::std::option::Option::None));
                entries.push(Entry {
                    ident: ident.clone(),
                    default,
                    kind: Kind::Positional,
                });
            }
        }
        Some(sig) => {
            let mut after_star = false;
            let mut seen_slash = false;
            let mut seen_kwargs = false;
            let mut positional_count = 0;
            for item in &sig.items {
                if seen_kwargs {
                    errors.push_at(
                        sig.span,
                        "`**kwargs` must be the last entry of the signature",
                    );
                    break;
                }
                match item {
                    SigItem::Slash(span) => {
                        if after_star {
                            errors.push_at(*span, "`/` must come before `*` and `*args`");
                        } else if seen_slash {
                            errors.push_at(*span, "`/` may appear only once");
                        }
                        seen_slash = true;
                        plan.positional_only = positional_count;
                        text.push("/".into());
                    }
                    SigItem::Star(span) => {
                        if after_star {
                            errors
                                .push_at(*span, "`*` may appear only once (and not after `*args`)");
                        }
                        after_star = true;
                        text.push("*".into());
                    }
                    SigItem::VarArgs(ident) => {
                        if after_star {
                            errors.push_at(
                                ident.span(),
                                "`*args` may appear only once and not after `*`",
                            );
                        }
                        after_star = true;
                        entries.push(Entry {
                            ident: ident.clone(),
                            default: None,
                            kind: Kind::VarArgs,
                        });
                        text.push(format!("*{}", py_name(ident)));
                    }
                    SigItem::KwArgs(ident) => {
                        seen_kwargs = true;
                        entries.push(Entry {
                            ident: ident.clone(),
                            default: None,
                            kind: Kind::KwArgs,
                        });
                        text.push(format!("**{}", py_name(ident)));
                    }
                    SigItem::Param { name, default } => {
                        let kind = if after_star {
                            Kind::KeywordOnly
                        } else {
                            Kind::Positional
                        };
                        if kind == Kind::Positional {
                            positional_count += 1;
                        }
                        entries.push(Entry {
                            ident: name.clone(),
                            default: default.clone(),
                            kind,
                        });
                        text.push(match default {
                            Some(d) => format!("{}={}", py_name(name), default_text(d)),
                            None => py_name(name),
                        });
                    }
                }
            }
        }
    }
    if signature.is_none() {
        for e in &entries {
            text.push(match &e.default {
                Some(_) => format!("{}=None", py_name(&e.ident)),
                None => py_name(&e.ident),
            });
        }
    }
    plan.text_signature = format!("({})", text.join(", "));

    // 3. Match entries to Rust parameters (same order), and check defaults.
    let python_params: Vec<syn::Ident> = plan
        .params
        .iter()
        .filter(|p| matches!(p.source, Source::Python))
        .map(|p| p.ident.clone())
        .collect();
    // The token is never a Python parameter: report it and drop it so the rest still lines up.
    entries.retain(|e| {
        if python_params.contains(&e.ident) {
            errors.push_at(
                e.ident.span(),
                format!("`{}` is the `Python` token, not a Python parameter: remove it from the signature (a default on it is not possible either)", e.ident),
            );
            false
        } else {
            true
        }
    });
    let mut entry_iter = entries.into_iter();
    let mut seen_default = false;
    let slot_params: Vec<usize> = plan
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.source, Source::Slot { .. }))
        .map(|(i, _)| i)
        .collect();
    let mut keyword_slots: Vec<(usize, Option<syn::Expr>)> = Vec::new();
    for pi in slot_params {
        let ident = plan.params[pi].ident.clone();
        let Some(entry) = entry_iter.next() else {
            errors.push_at(
                ident.span(),
                format!("parameter `{ident}` is missing from the signature"),
            );
            continue;
        };
        if entry.ident != ident {
            if python_params.contains(&entry.ident) {
                errors.push_at(
                    entry.ident.span(),
                    format!("`{}` is the `Python` token, not a Python parameter: remove it from the signature (a default on it is not possible either)", entry.ident),
                );
            } else {
                errors.push_at(
                    entry.ident.span(),
                    format!("signature entry `{}` does not match parameter `{ident}`: list the parameters in the order the function declares them", entry.ident),
                );
            }
            continue;
        }
        let ty = plan.params[pi].ty.clone();
        match entry.kind {
            Kind::Positional => {
                if entry.default.is_some() {
                    seen_default = true;
                } else if seen_default {
                    errors.push_at(
                        ident.span(),
                        format!("non-default argument `{ident}` follows default argument"),
                    );
                } else {
                    plan.required_positional += 1;
                }
                let index = plan.positional.len();
                plan.positional.push(py_name(&ident));
                plan.params[pi].source = Source::Slot {
                    index,
                    default: entry.default,
                };
            }
            Kind::KeywordOnly => {
                plan.keyword_only
                    .push((py_name(&ident), entry.default.is_none()));
                keyword_slots.push((pi, entry.default));
            }
            Kind::VarArgs => {
                if !type_mentions(&ty, "PyTuple") {
                    errors.push_at(ty.span(), format!("`*{ident}` collects a tuple: give `{ident}` the type `&Bound<'_, PyTuple>` or `Bound<'_, PyTuple>`"));
                }
                plan.varargs = Some(py_name(&ident));
                plan.params[pi].source = Source::VarArgs;
            }
            Kind::KwArgs => {
                if !(is_option(&ty) && type_mentions(&ty, "PyDict")) {
                    errors.push_at(ty.span(), format!("`**{ident}` is absent when no extra keywords are given: give `{ident}` the type `Option<&Bound<'_, PyDict>>` or `Option<Bound<'_, PyDict>>`"));
                }
                plan.kwargs = Some(py_name(&ident));
                plan.params[pi].source = Source::KwArgs;
            }
        }
    }
    for extra in entry_iter {
        if python_params.contains(&extra.ident) {
            errors.push_at(
                extra.ident.span(),
                format!("`{}` is the `Python` token, not a Python parameter: remove it from the signature (a default on it is not possible either)", extra.ident),
            );
        } else {
            errors.push_at(
                extra.ident.span(),
                format!(
                    "signature entry `{}` matches no parameter of the function",
                    extra.ident
                ),
            );
        }
    }
    let n_positional = plan.positional.len();
    for (k, (pi, default)) in keyword_slots.into_iter().enumerate() {
        plan.params[pi].source = Source::Slot {
            index: n_positional + k,
            default,
        };
    }
    plan
}
