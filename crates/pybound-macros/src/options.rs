//! The one option parser of every attribute namespace: the options given inline
//! (`#[pyfunction(name = "f")]`, `#[pyclass(frozen)]`), in helper attributes
//! (`#[pybound(get, set)]`) and in derive attributes (`#[pybound(item("key"))]`).
//!
//! Parsing is in two steps. [`RawOption`] reads the common grammar (`key`, `key = value`,
//! `key(args)`) without knowing which keys exist. [`Options::collect`] then checks each against
//! the [`Namespace`] of the item it is on (which keys, each with the form of its value), reports
//! every mistake at the user's span (unknown or misplaced key, duplicate, wrong form), and
//! keeps the valid ones, typed. The item's parse phase reads them through the typed accessors.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::spanned::Spanned;

use crate::diagnostics::Errors;
use crate::signature::SignatureSpec;

/// The form of an option's value.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Form {
    /// `key` alone.
    Flag,
    /// `key = "text"`.
    Str,
    /// `key = "text"` or `key = None`.
    StrOrNone,
    /// `key = true` / `key = false`.
    Bool,
    /// `key = "path::to::crate"` (a path written as a string, like serde's `crate`).
    PathStr,
    /// `key = Type` (a path).
    Path,
    /// `key = expression`.
    Expr,
    /// `key = (a, b = 1, *, c)`.
    Signature,
    /// `key` or `key("text")`.
    FlagOrStrArg,
    /// `key` or `key(literal)` (a string, a number, …).
    FlagOrLitArg,
    /// `key` or `key = expression`.
    FlagOrExpr,
    /// `warn(message = "...", category = Type)`; may be given more than once.
    Warn,
}

impl Form {
    /// How to write it, for error messages.
    fn example(self, key: &str) -> String {
        match self {
            Form::Flag => format!("`{key}`"),
            Form::Str => format!("`{key} = \"...\"`"),
            Form::StrOrNone => format!("`{key} = \"...\"` or `{key} = None`"),
            Form::Bool => format!("`{key} = true` or `{key} = false`"),
            Form::PathStr => format!("`{key} = \"path\"`"),
            Form::Path => format!("`{key} = Type`"),
            Form::Expr => format!("`{key} = value`"),
            Form::Signature => format!("`{key} = (a, b = 1, *args, c, **kwargs)`"),
            Form::FlagOrStrArg => format!("`{key}` or `{key}(\"...\")`"),
            Form::FlagOrLitArg => format!("`{key}` or `{key}(\"...\")` (any literal)"),
            Form::FlagOrExpr => format!("`{key}` or `{key} = value`"),
            Form::Warn => format!("`{key}(message = \"...\", category = WarningType)`"),
        }
    }
}

/// The options one kind of item accepts.
pub struct Namespace {
    /// The item, as error messages name it (`` `#[pyclass]` ``).
    pub item: &'static str,
    /// Each key with the form of its value.
    pub keys: &'static [(&'static str, Form)],
}

/// Every namespace, so a key valid elsewhere is reported as misplaced rather than unknown.
const ALL: &[&Namespace] = &[
    &FUNCTION,
    &MODULE,
    &METHODS,
    &METHOD,
    &CLASS,
    &FIELD,
    &DERIVE,
    &DERIVE_FIELD,
    &PARAMETER,
];

/// `#[pyfunction]`.
pub const FUNCTION: Namespace = Namespace {
    item: "`#[pyfunction]`",
    keys: &[
        ("name", Form::Str),
        ("signature", Form::Signature),
        ("text_signature", Form::StrOrNone),
        ("return_annotation", Form::Str),
        ("pass_module", Form::Flag),
        ("warn", Form::Warn),
        ("crate", Form::PathStr),
    ],
};

/// `#[pymodule]`.
pub const MODULE: Namespace = Namespace {
    item: "`#[pymodule]`",
    keys: &[
        ("name", Form::Str),
        ("gil_used", Form::Bool),
        ("submodule", Form::Flag),
        ("crate", Form::PathStr),
    ],
};

/// `#[pymethods]` on the block.
/// A parameter of a `#[pyfunction]` or `#[pymethods]` method.
pub const PARAMETER: Namespace = Namespace {
    item: "a parameter",
    keys: &[
        ("from_py_with", Form::Path),
        ("annotation", Form::Str),
        ("cancel_handle", Form::Flag),
    ],
};

pub const METHODS: Namespace = Namespace {
    item: "`#[pymethods]`",
    keys: &[("crate", Form::PathStr)],
};

/// A method inside `#[pymethods]`.
pub const METHOD: Namespace = Namespace {
    item: "a `#[pymethods]` method",
    keys: &[
        ("name", Form::Str),
        ("signature", Form::Signature),
        ("text_signature", Form::StrOrNone),
        ("return_annotation", Form::Str),
        ("warn", Form::Warn),
    ],
};

/// `#[pyclass]`.
pub const CLASS: Namespace = Namespace {
    item: "`#[pyclass]`",
    keys: &[
        ("name", Form::Str),
        ("module", Form::Str),
        ("frozen", Form::Flag),
        ("subclass", Form::Flag),
        ("extends", Form::Path),
        ("unsendable", Form::Flag),
        ("freelist", Form::Expr),
        ("dict", Form::Flag),
        ("weakref", Form::Flag),
        ("eq", Form::Flag),
        ("ord", Form::Flag),
        ("hash", Form::Flag),
        ("str", Form::FlagOrExpr),
        ("eq_int", Form::Flag),
        ("sequence", Form::Flag),
        ("mapping", Form::Flag),
        ("rename_all", Form::Str),
        ("get_all", Form::Flag),
        ("set_all", Form::Flag),
        ("from_py_object", Form::Flag),
        ("buffer", Form::Flag),
        ("skip_from_py_object", Form::Flag),
        ("immutable_type", Form::Flag),
        ("generic", Form::Flag),
        ("new", Form::Str),
        ("crate", Form::PathStr),
    ],
};

/// A field of a `#[pyclass]` struct.
pub const FIELD: Namespace = Namespace {
    item: "a `#[pyclass]` field",
    keys: &[
        ("get", Form::Flag),
        ("set", Form::Flag),
        ("name", Form::Str),
        ("annotation", Form::Str),
    ],
};

/// A variant of a `#[pyclass]` enum.
pub const VARIANT: Namespace = Namespace {
    item: "a `#[pyclass]` enum variant",
    keys: &[("name", Form::Str), ("constructor", Form::Signature)],
};

/// `#[derive(FromPyObject)]` / `#[derive(IntoPyObject)]` on the type or a variant.
pub const DERIVE: Namespace = Namespace {
    item: "the derive",
    keys: &[
        ("transparent", Form::Flag),
        ("from_item_all", Form::Flag),
        ("rename_all", Form::Str),
        ("crate", Form::PathStr),
        // PyO3's type-stub annotation of a variant or type: accepted; a derived type is
        // `typing.Any` in stubs.
        ("annotation", Form::Str),
    ],
};

/// A field of a derived type.
pub const DERIVE_FIELD: Namespace = Namespace {
    item: "a derived field",
    keys: &[
        ("item", Form::FlagOrLitArg),
        ("attribute", Form::FlagOrStrArg),
        ("from_py_with", Form::Path),
        ("into_py_with", Form::Path),
        ("default", Form::FlagOrExpr),
        // PyO3's type-stub annotation: accepted; a derived type is `typing.Any` in stubs.
        ("annotation", Form::Str),
    ],
};

/// One option as written, before its namespace is known.
pub struct RawOption {
    key: syn::Ident,
    value: RawValue,
}

enum RawValue {
    None,
    /// The tokens after `=`, up to the next top-level comma.
    Assigned(TokenStream),
    /// `key(...)`.
    Parens(proc_macro2::Group),
}

impl Parse for RawOption {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        // `crate` is a keyword; `unraw` lets `r#type` name the key `type`.
        let key = syn::Ident::parse_any(input)?.unraw();
        let value = if input.peek(syn::Token![=]) {
            let eq: syn::Token![=] = input.parse()?;
            let mut tokens = TokenStream::new();
            // Commas inside generic arguments (`from_py_with = Bound::<'_, PyAny>::len`) are
            // not option separators: `<` after `::` or a name opens them, `>` (not `->`, `=>`)
            // closes them.
            let mut angle_depth = 0usize;
            let mut previous: Option<TokenTree> = None;
            while !input.is_empty() && (angle_depth > 0 || !input.peek(syn::Token![,])) {
                let tree = input.parse::<TokenTree>()?;
                if let TokenTree::Punct(p) = &tree {
                    let after = |c: char| matches!(&previous, Some(TokenTree::Punct(q)) if q.as_char() == c);
                    let after_name = matches!(&previous, Some(TokenTree::Ident(_)));
                    match p.as_char() {
                        '<' if after(':') || after_name => angle_depth += 1,
                        '>' if angle_depth > 0 && !after('-') && !after('=') => angle_depth -= 1,
                        _ => {}
                    }
                }
                tokens.extend([tree.clone()]);
                previous = Some(tree);
            }
            if tokens.is_empty() {
                return Err(syn::Error::new(eq.span, format!("`{key} =` needs a value")));
            }
            RawValue::Assigned(tokens)
        } else if input.peek(syn::token::Paren) {
            match input.parse::<TokenTree>()? {
                TokenTree::Group(g) => RawValue::Parens(g),
                _ => unreachable!("peeked a parenthesis"),
            }
        } else {
            RawValue::None
        };
        Ok(RawOption { key, value })
    }
}

/// A checked option value.
pub enum Value {
    Flag,
    Str(syn::LitStr),
    Bool(syn::LitBool),
    Path(syn::Path),
    Expr(syn::Expr),
    Signature(SignatureSpec),
    /// `key` (None) or `key("text")`.
    FlagOrStr(Option<syn::LitStr>),
    FlagOrLit(Option<syn::Lit>),
    FlagOrExpr(Option<syn::Expr>),
    Warn(WarnSpec),
}

/// `warn(message = "...", category = Type)`: a warning each call issues.
pub struct WarnSpec {
    pub message: syn::LitStr,
    /// The warning class (`PyUserWarning` when not given).
    pub category: Option<syn::Path>,
}

impl Parse for WarnSpec {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let (mut message, mut category) = (None, None);
        // (Where a missing message is reported: the first key, if any.)
        let start = input.span();
        let items =
            syn::punctuated::Punctuated::<RawOption, syn::Token![,]>::parse_terminated(input)?;
        for item in items {
            match (item.key.to_string().as_str(), item.value) {
                ("message", RawValue::Assigned(t)) if message.is_none() => {
                    message = Some(syn::parse2::<syn::LitStr>(t)?)
                }
                ("category", RawValue::Assigned(t)) if category.is_none() => {
                    category = Some(syn::parse2::<syn::Path>(t)?)
                }
                (key, _) => {
                    return Err(syn::Error::new(
                        item.key.span(),
                        format!("unexpected `{key}` in `warn(...)`: write `warn(message = \"...\", category = WarningType)` (the category may be left out: `UserWarning`)"),
                    ))
                }
            }
        }
        let message = message
            .ok_or_else(|| syn::Error::new(start, "`warn(...)` needs `message = \"...\"`"))?;
        Ok(WarnSpec { message, category })
    }
}

/// The valid options of one item, in the order written.
pub struct Options {
    namespace: &'static Namespace,
    entries: Vec<(&'static str, Span, Value)>,
}

impl Options {
    /// Empty options for `namespace`.
    pub fn new(namespace: &'static Namespace) -> Self {
        Options {
            namespace,
            entries: Vec::new(),
        }
    }

    /// The options in the macro's own arguments and in `#[pybound(...)]` attributes, which are
    /// removed from `attrs` (they are not real attributes).
    pub fn take(
        namespace: &'static Namespace,
        args: TokenStream,
        attrs: &mut Vec<syn::Attribute>,
        errors: &mut Errors,
    ) -> Self {
        let mut options = Options::new(namespace);
        options.add_tokens(args, errors);
        attrs.retain(|attr| {
            if attr.path().is_ident("pyo3") {
                pyo3_attribute(attr, errors);
                return false;
            }
            if !attr.path().is_ident("pybound") {
                return true;
            }
            options.add_attribute(attr, errors);
            false
        });
        options
    }

    /// The options in `#[pybound(...)]` attributes, left in place (derive inputs cannot change
    /// their item).
    pub fn read(
        namespace: &'static Namespace,
        attrs: &[syn::Attribute],
        errors: &mut Errors,
    ) -> Self {
        let mut options = Options::new(namespace);
        for attr in attrs {
            if attr.path().is_ident("pyo3") {
                pyo3_attribute(attr, errors);
            } else if attr.path().is_ident("pybound") {
                options.add_attribute(attr, errors);
            }
        }
        options
    }

    fn add_attribute(&mut self, attr: &syn::Attribute, errors: &mut Errors) {
        match &attr.meta {
            syn::Meta::List(list) => self.add_tokens(list.tokens.clone(), errors),
            other => errors.push_at(
                other.span(),
                format!(
                    "write the options in parentheses: `#[pybound(option, ...)]` (see {} options)",
                    self.namespace.item
                ),
            ),
        }
    }

    /// Parse and check a comma-separated option list.
    pub fn add_tokens(&mut self, tokens: TokenStream, errors: &mut Errors) {
        if tokens.is_empty() {
            return;
        }
        let parser = syn::punctuated::Punctuated::<RawOption, syn::Token![,]>::parse_terminated;
        match parser.parse2(tokens) {
            Ok(list) => {
                for raw in list {
                    self.add(raw, errors);
                }
            }
            Err(e) => errors.push(e),
        }
    }

    fn add(&mut self, raw: RawOption, errors: &mut Errors) {
        let name = raw.key.to_string();
        let span = raw.key.span();
        let Some(&(key, form)) = self.namespace.keys.iter().find(|(k, _)| *k == name) else {
            errors.push_at(span, self.unknown_key_message(&name));
            return;
        };
        if !matches!(form, Form::Warn) && self.entries.iter().any(|(k, _, _)| *k == key) {
            errors.push_at(span, format!("`{key}` is given more than once"));
            return;
        }
        match typed_value(form, raw.value) {
            Ok(value) => self.entries.push((key, span, value)),
            Err(Some(e)) => errors.push(e),
            Err(None) => errors.push_at(span, format!("write `{key}` as {}", form.example(key))),
        }
    }

    fn unknown_key_message(&self, name: &str) -> String {
        let expected = self
            .namespace
            .keys
            .iter()
            .map(|(k, _)| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let item = self.namespace.item;
        let elsewhere = ALL.iter().any(|ns| ns.keys.iter().any(|(k, _)| *k == name));
        let mut message = if elsewhere {
            format!("`{name}` is not an option of {item}: expected one of {expected}")
        } else {
            format!("unknown option `{name}` of {item}: expected one of {expected}")
        };
        if let Some(close) = self.closest(name) {
            message.push_str(&format!(" (did you mean `{close}`?)"));
        }
        message
    }

    /// A key of this namespace one or two edits away from `name`, for a typo.
    fn closest(&self, name: &str) -> Option<&'static str> {
        self.namespace
            .keys
            .iter()
            .map(|(k, _)| (*k, edit_distance(name, k)))
            .filter(|(k, d)| *d > 0 && *d <= 2 && k.len() > 2)
            .min_by_key(|(_, d)| *d)
            .map(|(k, _)| k)
    }

    fn get(&self, key: &str) -> Option<(&Span, &Value)> {
        debug_assert!(
            self.namespace.keys.iter().any(|(k, _)| *k == key),
            "`{key}` is not declared in the namespace of {}",
            self.namespace.item
        );
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, s, v)| (s, v))
    }

    /// Whether no option is given.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `text_signature = None` is written (no `__text_signature__` at all).
    pub fn text_signature_disabled(&self) -> bool {
        matches!(self.get("text_signature"), Some((_, Value::Flag)))
    }

    /// Where `key` is written, if it is.
    pub fn span_of(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, span, _)| *span)
    }

    /// Whether the flag `key` is given.
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The string of `key = "..."`.
    pub fn str(&self, key: &str) -> Option<&syn::LitStr> {
        match self.get(key) {
            Some((_, Value::Str(s))) => Some(s),
            _ => None,
        }
    }

    /// The boolean of `key = true|false`.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key) {
            Some((_, Value::Bool(b))) => Some(b.value),
            _ => None,
        }
    }

    /// The path of `key = Type` or `key = "path"`.
    pub fn path(&self, key: &str) -> Option<&syn::Path> {
        match self.get(key) {
            Some((_, Value::Path(p))) => Some(p),
            _ => None,
        }
    }

    /// The expression of `key = value`.
    pub fn expr(&self, key: &str) -> Option<&syn::Expr> {
        match self.get(key) {
            Some((_, Value::Expr(e))) => Some(e),
            _ => None,
        }
    }

    /// The `signature = (...)`.
    pub fn signature(&self, key: &str) -> Option<&SignatureSpec> {
        match self.get(key) {
            Some((_, Value::Signature(s))) => Some(s),
            _ => None,
        }
    }

    /// Every `warn(...)`, in the order written.
    pub fn warnings(&self) -> impl Iterator<Item = &WarnSpec> {
        self.entries.iter().filter_map(|(_, _, v)| match v {
            Value::Warn(w) => Some(w),
            _ => None,
        })
    }

    /// The statements issuing the `warn(...)` warnings (at the start of each call); a warning
    /// the filters turn into an error ends the call with it.
    pub fn warning_statements(&self, krate: &syn::Path) -> TokenStream {
        let statements = self.warnings().map(|w| {
            let category = match &w.category {
                Some(c) => quote::quote!(#c),
                None => quote::quote!(#krate::exceptions::PyUserWarning),
            };
            let message = crate::names::c_string(&w.message.value());
            quote::quote! {
                #krate::PyErr::warn(py, py.get_type::<#category>().as_any(), #message, 1)?;
            }
        });
        quote::quote!(#(#statements)*)
    }

    /// The `key = (...)` signature, moved out of the options.
    pub fn take_signature(&mut self, key: &str) -> Option<SignatureSpec> {
        let at = self
            .entries
            .iter()
            .position(|(k, _, v)| *k == key && matches!(v, Value::Signature(_)))?;
        match self.entries.remove(at).2 {
            Value::Signature(s) => Some(s),
            _ => None,
        }
    }

    /// `key` (Some(None)) or `key("text")` (Some(Some)).
    pub fn flag_or_str(&self, key: &str) -> Option<Option<&syn::LitStr>> {
        match self.get(key) {
            Some((_, Value::FlagOrStr(s))) => Some(s.as_ref()),
            _ => None,
        }
    }

    /// `key` (Some(None)) or `key(literal)` (Some(Some)).
    pub fn flag_or_lit(&self, key: &str) -> Option<Option<&syn::Lit>> {
        match self.get(key) {
            Some((_, Value::FlagOrLit(l))) => Some(l.as_ref()),
            _ => None,
        }
    }

    /// `key` (Some(None)) or `key = value` (Some(Some)).
    pub fn flag_or_expr(&self, key: &str) -> Option<Option<&syn::Expr>> {
        match self.get(key) {
            Some((_, Value::FlagOrExpr(e))) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// The path of the pybound crate in generated code (`crate = "..."`, else `::pybound`).
    pub fn krate(&self) -> syn::Path {
        self.path("crate")
            .cloned()
            .unwrap_or_else(|| syn::parse_quote!(::pybound))
    }
}

/// The value of an option of `form`. `Err(None)`: the wrong form (the caller says what to
/// write); `Err(Some(e))`: the right form with a malformed value.
fn typed_value(form: Form, raw: RawValue) -> Result<Value, Option<syn::Error>> {
    match (form, raw) {
        (Form::Flag, RawValue::None) => Ok(Value::Flag),
        (Form::FlagOrStrArg, RawValue::None) => Ok(Value::FlagOrStr(None)),
        (Form::FlagOrLitArg, RawValue::None) => Ok(Value::FlagOrLit(None)),
        (Form::FlagOrLitArg, RawValue::Parens(g)) => Ok(Value::FlagOrLit(Some(
            syn::parse2(g.stream()).map_err(Some)?,
        ))),
        (Form::FlagOrExpr, RawValue::None) => Ok(Value::FlagOrExpr(None)),
        (Form::FlagOrExpr, RawValue::Assigned(t)) => {
            Ok(Value::FlagOrExpr(Some(syn::parse2(t).map_err(Some)?)))
        }
        (Form::FlagOrStrArg, RawValue::Parens(g)) => Ok(Value::FlagOrStr(Some(
            syn::parse2(g.stream()).map_err(Some)?,
        ))),
        (Form::Str, RawValue::Assigned(t)) => syn::parse2(t).map(Value::Str).map_err(|_| None),
        // `None` is kept as a flag: "no signature".
        (Form::StrOrNone, RawValue::Assigned(t)) => match syn::parse2::<syn::Ident>(t.clone()) {
            Ok(i) if i == "None" => Ok(Value::Flag),
            _ => syn::parse2(t).map(Value::Str).map_err(|_| None),
        },
        (Form::Bool, RawValue::Assigned(t)) => syn::parse2(t).map(Value::Bool).map_err(|_| None),
        (Form::PathStr, RawValue::Assigned(t)) => {
            let s: syn::LitStr = syn::parse2(t).map_err(|_| None)?;
            s.parse().map(Value::Path).map_err(Some)
        }
        // A path, or (PyO3's older form) a path written as a string.
        (Form::Path, RawValue::Assigned(t)) => match syn::parse2::<syn::LitStr>(t.clone()) {
            Ok(s) => s.parse().map(Value::Path).map_err(Some),
            Err(_) => syn::parse2(t).map(Value::Path).map_err(|_| None),
        },
        (Form::Expr, RawValue::Assigned(t)) => syn::parse2(t).map(Value::Expr).map_err(Some),
        (Form::Signature, RawValue::Assigned(t)) => {
            syn::parse2(t).map(Value::Signature).map_err(Some)
        }
        (Form::Warn, RawValue::Parens(g)) => syn::parse2(g.stream()).map(Value::Warn).map_err(Some),
        _ => Err(None),
    }
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A `#[pyo3(...)]` attribute left from a port: say what to write (the options are the same).
fn pyo3_attribute(attr: &syn::Attribute, errors: &mut Errors) {
    let options = match &attr.meta {
        syn::Meta::List(list) => list.tokens.to_string(),
        _ => String::from("..."),
    };
    errors.push_at(
        attr.span(),
        format!(
            "`#[pyo3(...)]` is PyO3's attribute: in pybound write `#[pybound({options})]` \
             (the options are the same)"
        ),
    );
}
