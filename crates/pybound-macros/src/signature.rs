//! `signature = (...)` and the argument plan: which Rust parameter receives which Python
//! argument, with what default.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::Token;

use crate::diagnostics::Errors;
use crate::names::python_name;
use crate::types::{is_option, is_python};

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
    /// PyO3 0.30's type hints in the signature, `(a: "int", *args: "str") -> "bool"`: each
    /// annotated name with its annotation, for the type stub.
    pub annotations: Vec<(syn::Ident, String)>,
    /// The `-> "..."` after the parentheses.
    pub returns: Option<String>,
}

impl SignatureSpec {
    /// The stub annotation written for `name` in the signature, if any.
    pub fn annotation_of(&self, name: &syn::Ident) -> Option<String> {
        self.annotations
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| a.clone())
    }
}

/// `: "annotation"` after a name in a signature, if written.
fn annotation(
    content: ParseStream,
    name: &syn::Ident,
    out: &mut Vec<(syn::Ident, String)>,
) -> syn::Result<()> {
    if content.peek(Token![:]) {
        content.parse::<Token![:]>()?;
        let text: syn::LitStr = content.parse()?;
        out.push((name.clone(), text.value()));
    }
    Ok(())
}

impl Parse for SignatureSpec {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let content;
        let paren = syn::parenthesized!(content in input);
        let mut items = Vec::new();
        let mut annotations = Vec::new();
        while !content.is_empty() {
            if content.peek(Token![/]) {
                let t: Token![/] = content.parse()?;
                items.push(SigItem::Slash(t.span));
            } else if content.peek(Token![*]) && content.peek2(Token![*]) {
                content.parse::<Token![*]>()?;
                content.parse::<Token![*]>()?;
                let name: syn::Ident = content.parse()?;
                annotation(&content, &name, &mut annotations)?;
                items.push(SigItem::KwArgs(name));
            } else if content.peek(Token![*]) {
                let t: Token![*] = content.parse()?;
                if content.peek(syn::Ident) {
                    let name: syn::Ident = content.parse()?;
                    annotation(&content, &name, &mut annotations)?;
                    items.push(SigItem::VarArgs(name));
                } else {
                    items.push(SigItem::Star(t.span));
                }
            } else {
                let name: syn::Ident = content.parse()?;
                annotation(&content, &name, &mut annotations)?;
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
        let returns = if input.peek(Token![->]) {
            input.parse::<Token![->]>()?;
            Some(input.parse::<syn::LitStr>()?.value())
        } else {
            None
        };
        Ok(SignatureSpec {
            span: paren.span.join(),
            items,
            annotations,
            returns,
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
    /// `#[pybound(cancel_handle)]` of an `async fn`: a new `CancelHandle`, not a Python
    /// argument.
    CancelHandle,
}

/// A Rust parameter and where its value comes from.
pub struct Param {
    pub ident: syn::Ident,
    pub ty: syn::Type,
    pub source: Source,
    /// `#[pybound(from_py_with = f)]`: converted by `f(&Bound<PyAny>) -> PyResult<T>`.
    pub from_py_with: Option<syn::Path>,
    /// `#[pybound(annotation = "...")]`: the parameter's type in the stub.
    pub annotation: Option<String>,
}

/// Take the `#[pybound(...)]` options off each parameter (they are not real attributes), in
/// order; `None` for the receiver.
pub fn take_parameter_options(
    inputs: &mut syn::punctuated::Punctuated<syn::FnArg, Token![,]>,
    errors: &mut Errors,
) -> Vec<Option<crate::options::Options>> {
    inputs
        .iter_mut()
        .map(|arg| match arg {
            syn::FnArg::Typed(p) => Some(crate::options::Options::take(
                &crate::options::PARAMETER,
                proc_macro2::TokenStream::new(),
                &mut p.attrs,
                errors,
            )),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
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
    /// The entries of that text, for the type stub's signature (which adds annotations).
    pub text_items: Vec<TextItem>,
}

/// One entry of a signature's text: a parameter, or the `/` and `*` markers.
pub enum TextItem {
    Marker(&'static str),
    Param {
        /// `""`, `"*"` (`*args`) or `"**"` (`**kwargs`).
        stars: &'static str,
        ident: syn::Ident,
        /// The default as Python text (`...` when it is not a literal).
        default: Option<String>,
    },
}

impl TextItem {
    /// The entry's text, with `annotate(ident)`'s annotation after the name when it gives one
    /// (the stub's `name: T = ...`; a default in a stub is always `...`).
    pub fn render(&self, annotate: &mut dyn FnMut(&syn::Ident) -> Option<String>) -> String {
        match self {
            TextItem::Marker(m) => (*m).to_owned(),
            TextItem::Param {
                stars,
                ident,
                default,
            } => {
                let name = python_name(ident);
                match annotate(ident) {
                    Some(ann) => {
                        let default = if default.is_some() { " = ..." } else { "" };
                        format!("{stars}{name}: {ann}{default}")
                    }
                    None => match default {
                        Some(d) => format!("{stars}{name}={d}"),
                        None => format!("{stars}{name}"),
                    },
                }
            }
        }
    }
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

/// One entry of the effective signature (written, or implied by the parameters).
struct Entry {
    ident: syn::Ident,
    default: Option<syn::Expr>,
    kind: EntryKind,
}

#[derive(PartialEq, Clone, Copy)]
enum EntryKind {
    Positional,
    KeywordOnly,
    VarArgs,
    KwArgs,
}

/// Build the plan from the function's inputs and the optional signature, collecting errors.
pub fn plan(
    inputs: &syn::punctuated::Punctuated<syn::FnArg, Token![,]>,
    parameter_options: &[Option<crate::options::Options>],
    signature: Option<&SignatureSpec>,
    pass_module: bool,
    errors: &mut Errors,
) -> Plan {
    let mut plan = Plan {
        params: rust_params(inputs, parameter_options, pass_module, errors),
        positional: Vec::new(),
        positional_only: 0,
        required_positional: 0,
        keyword_only: Vec::new(),
        varargs: None,
        kwargs: None,
        text_signature: String::new(),
        text_items: Vec::new(),
    };
    // A parameter's annotation in the signature, unless it has its own `annotation = ...`.
    if let Some(sig) = signature {
        for p in plan.params.iter_mut().filter(|p| p.annotation.is_none()) {
            p.annotation = sig.annotation_of(&p.ident);
        }
    }
    let (entries, text) = match signature {
        None => implicit_entries(&plan.params),
        Some(sig) => written_entries(sig, &mut plan.positional_only, errors),
    };
    let rendered: Vec<String> = text.iter().map(|t| t.render(&mut |_| None)).collect();
    plan.text_signature = format!("({})", rendered.join(", "));
    plan.text_items = text;
    assign_entries(&mut plan, entries, errors);
    plan
}

/// The Rust parameters and where each comes from; the ones Python fills get their slot later.
fn rust_params(
    inputs: &syn::punctuated::Punctuated<syn::FnArg, Token![,]>,
    parameter_options: &[Option<crate::options::Options>],
    pass_module: bool,
    errors: &mut Errors,
) -> Vec<Param> {
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
        let options = parameter_options.get(i).and_then(Option::as_ref);
        let source = if pass_module && i == 0 {
            Source::Module
        } else if options.is_some_and(|o| o.flag("cancel_handle")) {
            Source::CancelHandle
        } else if is_python(&ty) {
            Source::Python
        } else {
            Source::Slot {
                index: usize::MAX,
                default: None,
            }
        };
        let from_py_with = options.and_then(|o| o.path("from_py_with").cloned());
        let annotation = options.and_then(|o| o.str("annotation")).map(|a| a.value());
        params.push(Param {
            ident,
            ty,
            source,
            from_py_with,
            annotation,
        });
    }
    params
}

/// Without `signature = ...`: every parameter positional-or-keyword, trailing `Option<T>`
/// parameters defaulting to `None`.
fn implicit_entries(params: &[Param]) -> (Vec<Entry>, Vec<TextItem>) {
    let python: Vec<&Param> = params
        .iter()
        .filter(|p| matches!(p.source, Source::Slot { .. }))
        .collect();
    let trailing_options = python.iter().rev().take_while(|p| is_option(&p.ty)).count();
    let first_default = python.len() - trailing_options;
    let mut entries = Vec::new();
    let mut text = Vec::new();
    for (i, p) in python.iter().enumerate() {
        let default = (i >= first_default).then(|| syn::parse_quote!(::std::option::Option::None));
        text.push(TextItem::Param {
            stars: "",
            ident: p.ident.clone(),
            default: default.as_ref().map(|_| "None".to_owned()),
        });
        entries.push(Entry {
            ident: p.ident.clone(),
            default,
            kind: EntryKind::Positional,
        });
    }
    (entries, text)
}

/// The entries of a written `signature = (...)`, checking the order of `/`, `*`, `*args` and
/// `**kwargs`; sets the positional-only count.
fn written_entries(
    sig: &SignatureSpec,
    positional_only: &mut usize,
    errors: &mut Errors,
) -> (Vec<Entry>, Vec<TextItem>) {
    let mut entries = Vec::new();
    let mut text = Vec::new();
    let (mut after_star, mut seen_slash, mut seen_kwargs) = (false, false, false);
    let mut positional_count = 0;
    for item in &sig.items {
        if seen_kwargs {
            errors.push_at(
                sig.span,
                "`**kwargs` must be the last entry of the signature",
            );
            break;
        }
        let (ident, default, kind) = match item {
            SigItem::Slash(span) => {
                if after_star {
                    errors.push_at(*span, "`/` must come before `*` and `*args`");
                } else if seen_slash {
                    errors.push_at(*span, "`/` may appear only once");
                }
                seen_slash = true;
                *positional_only = positional_count;
                text.push(TextItem::Marker("/"));
                continue;
            }
            SigItem::Star(span) => {
                if after_star {
                    errors.push_at(*span, "`*` may appear only once (and not after `*args`)");
                }
                after_star = true;
                text.push(TextItem::Marker("*"));
                continue;
            }
            SigItem::VarArgs(ident) => {
                if after_star {
                    errors.push_at(
                        ident.span(),
                        "`*args` may appear only once and not after `*`",
                    );
                }
                after_star = true;
                text.push(TextItem::Param {
                    stars: "*",
                    ident: ident.clone(),
                    default: None,
                });
                (ident, None, EntryKind::VarArgs)
            }
            SigItem::KwArgs(ident) => {
                seen_kwargs = true;
                text.push(TextItem::Param {
                    stars: "**",
                    ident: ident.clone(),
                    default: None,
                });
                (ident, None, EntryKind::KwArgs)
            }
            SigItem::Param { name, default } => {
                let kind = if after_star {
                    EntryKind::KeywordOnly
                } else {
                    positional_count += 1;
                    EntryKind::Positional
                };
                text.push(TextItem::Param {
                    stars: "",
                    ident: name.clone(),
                    default: default.as_ref().map(default_text),
                });
                (name, default.clone(), kind)
            }
        };
        entries.push(Entry {
            ident: ident.clone(),
            default,
            kind,
        });
    }
    (entries, text)
}

fn python_token_in_signature(errors: &mut Errors, ident: &syn::Ident) {
    errors.push_at(
        ident.span(),
        format!("`{ident}` is the `Python` token, not a Python parameter: remove it from the signature (a default on it is not possible either)"),
    );
}

/// Match the entries to the Python-filled parameters (same order), check defaults and the
/// types of `*args` / `**kwargs`, and give each parameter its slot.
fn assign_entries(plan: &mut Plan, mut entries: Vec<Entry>, errors: &mut Errors) {
    let python_params: Vec<syn::Ident> = plan
        .params
        .iter()
        .filter(|p| matches!(p.source, Source::Python))
        .map(|p| p.ident.clone())
        .collect();
    // The token is never a Python parameter: report it and drop it so the rest still lines up.
    entries.retain(|e| {
        let is_token = python_params.contains(&e.ident);
        if is_token {
            python_token_in_signature(errors, &e.ident);
        }
        !is_token
    });
    let mut entry_iter = entries.into_iter();
    let mut seen_default = false;
    let mut keyword_slots: Vec<(usize, Option<syn::Expr>)> = Vec::new();
    for pi in 0..plan.params.len() {
        if !matches!(plan.params[pi].source, Source::Slot { .. }) {
            continue;
        }
        let ident = plan.params[pi].ident.clone();
        let Some(entry) = entry_iter.next() else {
            errors.push_at(
                ident.span(),
                format!("parameter `{ident}` is missing from the signature"),
            );
            continue;
        };
        if entry.ident != ident {
            errors.push_at(
                entry.ident.span(),
                format!("signature entry `{}` does not match parameter `{ident}`: list the parameters in the order the function declares them", entry.ident),
            );
            continue;
        }
        let ty = &plan.params[pi].ty;
        let source = match entry.kind {
            EntryKind::Positional => {
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
                plan.positional.push(python_name(&ident));
                Source::Slot {
                    index: plan.positional.len() - 1,
                    default: entry.default,
                }
            }
            EntryKind::KeywordOnly => {
                plan.keyword_only
                    .push((python_name(&ident), entry.default.is_none()));
                keyword_slots.push((pi, entry.default));
                continue;
            }
            // `*args` is a tuple, converted to the parameter's type like any argument
            // (`&Bound<PyTuple>`, `Vec<T>`, a Rust tuple, ...), as in PyO3.
            EntryKind::VarArgs => {
                plan.varargs = Some(python_name(&ident));
                Source::VarArgs
            }
            // `**kwargs` is a dict, or nothing when no extra keyword is given: an `Option` of
            // anything a dict converts to (`&Bound<PyDict>`, `HashMap<K, V>`, ...).
            EntryKind::KwArgs => {
                if !is_option(ty) {
                    errors.push_at(ty.span(), format!("`**{ident}` is absent when no extra keywords are given: give `{ident}` an `Option` type, such as `Option<&Bound<'_, PyDict>>` or `Option<HashMap<String, T>>`"));
                }
                plan.kwargs = Some(python_name(&ident));
                Source::KwArgs
            }
        };
        plan.params[pi].source = source;
    }
    for extra in entry_iter {
        errors.push_at(
            extra.ident.span(),
            format!(
                "signature entry `{}` matches no parameter of the function",
                extra.ident
            ),
        );
    }
    let n_positional = plan.positional.len();
    for (k, (pi, default)) in keyword_slots.into_iter().enumerate() {
        plan.params[pi].source = Source::Slot {
            index: n_positional + k,
            default,
        };
    }
}
