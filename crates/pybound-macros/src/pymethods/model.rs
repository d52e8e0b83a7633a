//! The parse phase of `#[pymethods]`: each item of the block becomes a typed [`Member`], with
//! its kind, receiver and options decided once; the mistakes found on the way are collected.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

use super::magic::{self, BinaryOperator, Magic, Shape, Side};
use super::receiver::Receiver;
use crate::diagnostics::Errors;
use crate::names::{doc_text, python_name};
use crate::options::{Options, METHOD, METHODS};
use crate::signature::{plan, take_parameter_options, Plan};

/// A `#[pymethods]` block, parsed.
pub struct BlockSpec {
    pub krate: syn::Path,
    pub self_ty: syn::Type,
    pub members: Vec<Member>,
}

/// One Python-visible item of the block.
pub enum Member {
    /// `#[classattr] const NAME: T = ...;`
    ClassConst(syn::Ident),
    Method(Box<MethodSpec>),
}

/// A method of the block, parsed.
pub struct MethodSpec {
    pub rust_name: syn::Ident,
    pub kind: MethodKind,
    pub receiver: Receiver,
    /// The parameters after the receiver.
    pub inputs: Punctuated<syn::FnArg, syn::Token![,]>,
    pub output: syn::ReturnType,
    pub options: Options,
    pub doc: String,
    /// The argument plan, for the kinds that parse arguments (methods, `#[new]`, `__call__`).
    pub plan: Option<Plan>,
    /// An `async fn`: the method returns a coroutine.
    pub is_async: bool,
}

/// What a method is to Python.
pub enum MethodKind {
    /// An ordinary method (`METH_FASTCALL`).
    Method,
    /// `#[staticmethod]`.
    Static,
    /// `#[classmethod]`.
    ClassMethod,
    /// `#[new]`: `tp_new`.
    New,
    /// `#[new]` with `#[classmethod]`: `tp_new` receiving the class being instantiated (a
    /// subclass, when Python subclasses it) as its first parameter.
    NewWithClass,
    /// `#[getter]` of the named property.
    Getter(String),
    /// `#[setter]` of the named property.
    Setter(String),
    /// `#[deleter]` of the named property (`del obj.name`).
    Deleter(String),
    /// `#[classattr]` on a function.
    ClassAttr,
    /// A slot-backed magic method.
    Magic(&'static Magic),
    /// One side of a binary operator.
    Operator(&'static BinaryOperator, Side),
    /// An individual comparison (`__eq__`, …), by its `CompareOp` variant.
    Comparison(&'static str),
}

impl MethodSpec {
    /// The Python name of an ordinary method or class attribute.
    pub fn py_name(&self) -> String {
        self.options
            .str("name")
            .map(|n| n.value())
            .unwrap_or_else(|| python_name(&self.rust_name))
    }

    /// The parameters after the receiver.
    pub fn typed_inputs(&self) -> Vec<&syn::PatType> {
        self.inputs
            .iter()
            .filter_map(|a| match a {
                syn::FnArg::Typed(p) => Some(p),
                syn::FnArg::Receiver(_) => None,
            })
            .collect()
    }

    /// The parameters a slot's operands fill: all but `py: Python<'_>` tokens, which magic
    /// methods, getters and setters may take anywhere, as in PyO3.
    pub fn operand_inputs(&self) -> Vec<&syn::PatType> {
        self.typed_inputs()
            .into_iter()
            .filter(|p| !crate::types::is_python(&p.ty))
            .collect()
    }
}

impl BlockSpec {
    /// Parse the block, removing the attributes that are ours (`#[new]`, `#[pybound(...)]`, …)
    /// from its items so that the block compiles as plain Rust.
    pub fn parse(args: TokenStream, block: &mut syn::ItemImpl, errors: &mut Errors) -> Self {
        let options = Options::take(&METHODS, args, &mut block.attrs, errors);
        if block.trait_.is_some() {
            errors.push_at(
                block.span(),
                "`#[pymethods]` goes on an inherent `impl Type { ... }` block, not a trait impl",
            );
        }
        let mut members = Vec::new();
        for item in block.items.iter_mut() {
            match item {
                syn::ImplItem::Const(c) => {
                    let before = c.attrs.len();
                    c.attrs.retain(|a| !a.path().is_ident("classattr"));
                    if c.attrs.len() != before {
                        members.push(Member::ClassConst(c.ident.clone()));
                    }
                }
                syn::ImplItem::Fn(f) => {
                    if let Some(method) = MethodSpec::parse(f, errors) {
                        members.push(Member::Method(Box::new(method)));
                    }
                }
                _ => {}
            }
        }
        BlockSpec {
            krate: options.krate(),
            self_ty: (*block.self_ty).clone(),
            members,
        }
    }

    /// Checks across methods: the comparison slot filled twice.
    pub fn check(&self, span: Span, errors: &mut Errors) {
        let methods = || {
            self.members.iter().filter_map(|m| match m {
                Member::Method(m) => Some(m),
                Member::ClassConst(_) => None,
            })
        };
        let richcmp = methods().any(|m| {
            matches!(&m.kind, MethodKind::Magic(magic) if matches!(magic.shape, Shape::RichCompare))
        });
        let individual = methods().any(|m| matches!(m.kind, MethodKind::Comparison(_)));
        if richcmp && individual {
            errors.push_at(span, "define either `__richcmp__` or the individual comparison methods (`__eq__`, `__lt__`, …), not both");
        }
    }
}

impl MethodSpec {
    /// Parse one method. `None` for a method whose kind could not be decided (the error is
    /// reported; the method then stays out of the class rather than cause follow-on errors).
    fn parse(f: &mut syn::ImplItemFn, errors: &mut Errors) -> Option<Self> {
        let attribute_kind = take_kind(&mut f.attrs, errors);
        let options = Options::take(&METHOD, TokenStream::new(), &mut f.attrs, errors);
        let rust_name = f.sig.ident.clone();
        let kind = match attribute_kind {
            // A property without a name is named after the method, less `get_` / `set_`.
            Some(MethodKind::Getter(p)) if p.is_empty() => {
                MethodKind::Getter(property_name(&rust_name, "get_"))
            }
            Some(MethodKind::Setter(p)) if p.is_empty() => {
                MethodKind::Setter(property_name(&rust_name, "set_"))
            }
            Some(MethodKind::Deleter(p)) if p.is_empty() => {
                MethodKind::Deleter(property_name(&rust_name, "delete_"))
            }
            Some(kind) => kind,
            None => kind_by_name(&rust_name),
        };
        let mut parameter_options = take_parameter_options(&mut f.sig.inputs, errors);
        let (receiver, inputs) = Receiver::parse(&f.sig, &kind, errors);
        // Align the options with the parameters after the receiver.
        parameter_options.drain(..f.sig.inputs.len() - inputs.len());
        let parses_arguments = match &kind {
            MethodKind::Method
            | MethodKind::Static
            | MethodKind::ClassMethod
            | MethodKind::New
            | MethodKind::NewWithClass => true,
            MethodKind::Magic(m) => matches!(m.shape, Shape::Call | Shape::Init),
            _ => false,
        };
        if !parses_arguments && parameter_options.iter().flatten().any(|o| !o.is_empty()) {
            errors.push_at(
                f.sig.inputs.span(),
                "parameter options (`from_py_with`) apply to methods that take Python arguments, not to magic methods, getters or setters",
            );
        }
        let plan = parses_arguments.then(|| {
            plan(
                &inputs,
                &parameter_options,
                options.signature("signature"),
                false,
                errors,
            )
        });
        if let Some(a) = &f.sig.asyncness {
            if !matches!(
                kind,
                MethodKind::Method | MethodKind::Static | MethodKind::ClassMethod
            ) {
                errors.push_at(
                    a.span(),
                    "an `async fn` can be a plain, static or class method, not a constructor, property, class attribute or magic method",
                );
            } else if !matches!(
                receiver,
                Receiver::None | Receiver::Py | Receiver::Class | Receiver::Ref | Receiver::RefMut
            ) {
                errors.push_at(
                    a.span(),
                    "an `async` method takes `&self`, `&mut self` or `slf: Py<Self>`: a borrow guard or `Bound` receiver cannot live in its future",
                );
            }
        }
        let method = MethodSpec {
            rust_name,
            kind,
            receiver,
            inputs,
            output: f.sig.output.clone(),
            options,
            doc: doc_text(&f.attrs),
            plan,
            is_async: f.sig.asyncness.is_some(),
        };
        method.check_arity(errors).then_some(method)
    }

    /// Magic methods and operators take a fixed number of operands; a getter none.
    fn check_arity(&self, errors: &mut Errors) -> bool {
        let name = python_name(&self.rust_name);
        let expected = match &self.kind {
            MethodKind::Operator(..) | MethodKind::Comparison(_) => 1,
            MethodKind::Magic(m) => match m.shape {
                Shape::Operands(n, _) => n,
                Shape::Descriptor => 2,
                Shape::GetAttr | Shape::GetAttribute => 1,
                Shape::RichCompare | Shape::GetBuffer => 2,
                Shape::ReleaseBuffer | Shape::Repeat => 1,
                Shape::Call | Shape::Init | Shape::Traverse | Shape::Clear => return true,
            },
            MethodKind::Getter(_) => {
                if !self.operand_inputs().is_empty() {
                    errors.push_at(
                        self.inputs.span(),
                        "a `#[getter]` takes only `self` (and `py: Python<'_>`), no other parameter",
                    );
                }
                return true;
            }
            MethodKind::Setter(_) => 1,
            MethodKind::Deleter(_) => 0,
            _ => return true,
        };
        let given = self.operand_inputs().len();
        if given == expected {
            return true;
        }
        let operands = match (&self.kind, expected) {
            (MethodKind::Setter(_), _) => "the new value".to_owned(),
            (_, 0) => "no other parameter".to_owned(),
            (_, 1) => "one operand".to_owned(),
            (_, n) => format!("{n} operands"),
        };
        let what = match &self.kind {
            MethodKind::Setter(_) => "a `#[setter]`".to_owned(),
            _ => format!("`{name}`"),
        };
        let span = if self.inputs.is_empty() {
            self.rust_name.span()
        } else {
            self.inputs.span()
        };
        errors.push_at(
            span,
            format!("{what} takes `self` and {operands}, not {given}"),
        );
        false
    }
}

/// `get_x` / `set_x` → `x`.
fn property_name(rust_name: &syn::Ident, prefix: &str) -> String {
    let name = python_name(rust_name);
    name.strip_prefix(prefix).unwrap_or(&name).to_owned()
}

/// Take the method's kind attribute (`#[new]`, `#[getter]`, …) off it.
fn take_kind(attrs: &mut Vec<syn::Attribute>, errors: &mut Errors) -> Option<MethodKind> {
    let mut kind = None;
    attrs.retain(|a| {
        let Some(ident) = a.path().get_ident() else {
            return true;
        };
        let property = || match &a.meta {
            syn::Meta::List(l) => l
                .parse_args::<syn::LitStr>()
                .map(|s| s.value())
                .or_else(|_| l.parse_args::<syn::Ident>().map(|i| python_name(&i)))
                .ok(),
            _ => None,
        };
        let k = match ident.to_string().as_str() {
            "new" => MethodKind::New,
            "getter" => MethodKind::Getter(property().unwrap_or_default()),
            "setter" => MethodKind::Setter(property().unwrap_or_default()),
            "deleter" => MethodKind::Deleter(property().unwrap_or_default()),
            "staticmethod" => MethodKind::Static,
            "classmethod" => MethodKind::ClassMethod,
            "classattr" => MethodKind::ClassAttr,
            _ => return true,
        };
        kind = match (kind.take(), k) {
            (None, k) => Some(k),
            // `#[new]` and `#[classmethod]` together: a constructor that receives the class.
            (Some(MethodKind::New), MethodKind::ClassMethod)
            | (Some(MethodKind::ClassMethod), MethodKind::New) => Some(MethodKind::NewWithClass),
            (Some(previous), _) => {
                errors.push_at(a.span(), "a method can have only one of `#[new]`, `#[getter]`, `#[setter]`, `#[deleter]`, `#[staticmethod]`, `#[classmethod]`, `#[classattr]` (or `#[new]` with `#[classmethod]`)");
                Some(previous)
            }
        };
        false
    });
    kind
}

/// The kind of a method without a kind attribute: magic by its name, else ordinary.
fn kind_by_name(rust_name: &syn::Ident) -> MethodKind {
    let name = python_name(rust_name);
    if let Some((op, side)) = magic::binary_operator(&name) {
        return MethodKind::Operator(op, side);
    }
    if let Some(op) = magic::comparison(&name) {
        return MethodKind::Comparison(op);
    }
    if let Some(m) = magic::magic(&name) {
        return MethodKind::Magic(m);
    }
    MethodKind::Method
}
