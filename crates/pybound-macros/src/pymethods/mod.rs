//! `#[pymethods]` on an `impl` block: wrappers for the constructor, methods, getters/setters,
//! static and class methods, class attributes and magic methods, gathered into the class's
//! member table, which registers itself with the class when the library loads.
//!
//! The phases: [`model`] parses the block into typed members (kinds, receivers, options,
//! arities checked), [`BlockSpec::check`] checks across members, then the generators build
//! the code: [`members`] for methods and properties, [`slots`] for magic methods (driven by
//! the table in [`magic`]), [`operators`] for the operator and comparison families.

mod magic;
mod members;
mod model;
mod operators;
mod receiver;
mod slots;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;

use crate::diagnostics::Errors;
use crate::names::c_string;
use model::{BlockSpec, Member, MethodKind, MethodSpec};

/// Entry point of `#[pymethods]`.
pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut block: syn::ItemImpl = match syn::parse2(item) {
        Ok(b) => b,
        Err(e) => return e.to_compile_error(),
    };
    let mut errors = Errors::default();
    let spec = BlockSpec::parse(args, &mut block, &mut errors);
    spec.check(block.self_ty.span(), &mut errors);
    if !errors.is_empty() {
        // The block stays (without our attributes) and registers nothing: the errors are all
        // there is to report.
        let errors = errors.to_compile_errors();
        return quote!(#block #errors);
    }
    let generated = generate(&spec);
    quote!(#block #generated)
}

/// What the generators gather for the block's member table.
#[derive(Default)]
struct Table {
    /// Functions in the class's `impl` (wrappers and slot functions).
    wrappers: Vec<TokenStream>,
    method_defs: Vec<TokenStream>,
    /// Property name → its wrappers.
    getsets: BTreeMap<String, Property>,
    class_attrs: Vec<TokenStream>,
    /// `ClassSlots` field initialisers.
    slots: Vec<TokenStream>,
    /// `(ffi::Py_nb_*, SlotFn)` pairs.
    number_slots: Vec<TokenStream>,
    /// Shared slots: field → (runtime `SharedSlot` variant, store half, delete half).
    shared: BTreeMap<&'static str, (&'static str, Option<syn::Ident>, Option<syn::Ident>)>,
    /// Operator stem → its sides.
    operators: BTreeMap<&'static str, operators::Sides>,
    /// The constructor's `__text_signature__`.
    new_text_signature: Option<String>,
    /// `#[new]`'s vectorcall wrapper (the class's `tp_vectorcall`).
    new_vectorcall: Option<syn::Ident>,
    /// `CompareOp` variant → the side function.
    comparisons: Vec<(&'static str, syn::Ident)>,
    /// `MemberStub`s: the type-stub texts of the members.
    stubs: Vec<TokenStream>,
}

/// The wrappers of one property.
#[derive(Default)]
struct Property {
    get: Option<syn::Ident>,
    set: Option<syn::Ident>,
    delete: Option<syn::Ident>,
}

/// The block's context for each generator.
struct Ctx<'a> {
    krate: &'a syn::Path,
    self_ty: &'a syn::Type,
    /// The block defines `__getattribute__` and `__getattr__`: the slot is `__getattr__`'s,
    /// which tries `__getattribute__` first.
    both_getattrs: bool,
}

/// How a method's wrapper reaches the method.
struct Call {
    /// The wrapper's name.
    wrap: syn::Ident,
    /// `Self::method`.
    target: TokenStream,
    /// Statements binding the receiver.
    recv_bind: TokenStream,
    /// The receiver argument, if any.
    recv_arg: Option<TokenStream>,
    /// An async method's `&self` / `&mut self`, lent from a borrow its future owns.
    async_recv: Option<TokenStream>,
}

impl Call {
    /// Bind the receiver, then call the method with it and `args`, into `__pybound_ret`.
    fn invoke(&self, args: &[syn::Ident]) -> TokenStream {
        let Call {
            target,
            recv_bind,
            recv_arg,
            ..
        } = self;
        let recv_arg = recv_arg.iter();
        quote! {
            #recv_bind
            let __pybound_ret = #target(#(#recv_arg,)* #(#args),*);
        }
    }
}

impl Ctx<'_> {
    fn call(&self, m: &MethodSpec) -> Call {
        let (recv_bind, recv_arg, async_recv) = match m.is_async {
            true => match m.receiver.async_binding(self.krate, self.self_ty) {
                Some((bind, arg)) => (bind, None, Some(arg)),
                None => {
                    let (bind, arg) = m.receiver.binding(self.krate, self.self_ty);
                    (bind, arg, None)
                }
            },
            false => {
                let (bind, arg) = m.receiver.binding(self.krate, self.self_ty);
                (bind, arg, None)
            }
        };
        // `warn(...)`: issued first, before the receiver is borrowed.
        let warnings = m.options.warning_statements(self.krate);
        let recv_bind = quote!(#warnings #recv_bind);
        let self_ty = self.self_ty;
        let rust_name = &m.rust_name;
        Call {
            wrap: format_ident!("__pybound_wrap_{}", rust_name),
            target: quote!(#self_ty::#rust_name),
            recv_bind,
            recv_arg,
            async_recv,
        }
    }
}

fn generate(spec: &BlockSpec) -> TokenStream {
    let defines = |name: &str| {
        spec.members.iter().any(|m| {
            matches!(m, Member::Method(m) if matches!(&m.kind, MethodKind::Magic(magic) if magic.name == name))
        })
    };
    let ctx = Ctx {
        krate: &spec.krate,
        self_ty: &spec.self_ty,
        both_getattrs: defines("__getattr__") && defines("__getattribute__"),
    };
    let mut table = Table::default();
    for member in &spec.members {
        match member {
            Member::ClassConst(ident) => members::class_const(&ctx, ident, &mut table),
            Member::Method(m) => {
                for (name, kind, text) in member_stubs(&ctx, m) {
                    let krate = ctx.krate;
                    table.stubs.push(quote!(#krate::__private::MemberStub { name: #name, kind: #kind, text: #text }));
                }
                let call = ctx.call(m);
                match &m.kind {
                    MethodKind::Magic(magic) => slots::magic(&ctx, m, magic, call, &mut table),
                    MethodKind::Operator(op, side) => {
                        operators::side(&ctx, m, op, *side, call, &mut table)
                    }
                    MethodKind::Comparison(op) => {
                        operators::comparison(&ctx, m, op, call, &mut table)
                    }
                    _ => members::member(&ctx, m, call, &mut table),
                }
            }
        }
    }
    slots::shared_slots(&ctx, &mut table);
    operators::number_slots(&ctx, &mut table);
    operators::richcompare(&ctx, &mut table);
    block_items(&ctx, table)
}

/// The wrappers in the class's `impl`, and the member table registered with the class.
fn block_items(ctx: &Ctx<'_>, table: Table) -> TokenStream {
    let Ctx { krate, self_ty, .. } = ctx;
    let Table {
        wrappers,
        method_defs,
        getsets,
        class_attrs,
        slots,
        number_slots,
        new_text_signature,
        new_vectorcall,
        stubs,
        ..
    } = table;
    let new_vectorcall = match new_vectorcall {
        Some(f) => quote!(::std::option::Option::Some(#self_ty::#f)),
        None => quote!(::std::option::Option::None),
    };
    let new_text_signature = match new_text_signature {
        Some(sig) => quote!(::std::option::Option::Some(#sig)),
        None => quote!(::std::option::Option::None),
    };
    let option = |w: &Option<syn::Ident>| match w {
        Some(w) => quote!(::std::option::Option::Some(#self_ty::#w)),
        None => quote!(::std::option::Option::None),
    };
    let mut wrappers = wrappers;
    let getset_defs: Vec<TokenStream> = getsets.iter().map(|(name, p)| {
        let name_c = c_string(name);
        let g = option(&p.get);
        // With a deleter, one set function serves both (CPython calls it with NULL to delete).
        let s = match &p.delete {
            None => option(&p.set),
            Some(delete) => {
                let both = format_ident!("__pybound_setdel_{}", name);
                let set = option(&p.set);
                wrappers.push(quote! {
                    #[doc(hidden)]
                    unsafe extern "C" fn #both(slf: *mut #krate::ffi::PyObject, value: *mut #krate::ffi::PyObject, closure: *mut ::std::ffi::c_void) -> ::std::os::raw::c_int {
                        // SAFETY: forwarded from CPython.
                        unsafe { #krate::__private::set_or_delete_property(slf, value, closure, #set, #self_ty::#delete, #name) }
                    }
                });
                quote!(::std::option::Option::Some(#self_ty::#both))
            }
        };
        quote! {
            #krate::__private::GetSetDef(#krate::ffi::PyGetSetDef { name: #name_c.as_ptr(), get: #g, set: #s, doc: ::std::ptr::null(), closure: ::std::ptr::null_mut() })
        }
    }).collect();
    quote! {
        #[allow(non_snake_case, unused_mut, unused_variables, clippy::all)]
        impl #self_ty {
            #(#wrappers)*
        }

        const _: () = {
                static ITEMS: #krate::__private::ClassItems = #krate::__private::ClassItems {
                    methods: &[#(#method_defs),*],
                    getsets: &[#(#getset_defs),*],
                    class_attrs: &[#(#class_attrs),*],
                    slots: #krate::__private::ClassSlots { #(#slots,)* ..#krate::__private::ClassSlots::EMPTY },
                    number_slots: &[#(#number_slots),*],
                    new_text_signature: #new_text_signature,
                    stubs: #krate::__private::stub!(members [#(#stubs),*]),
                    new_vectorcall: #new_vectorcall,
                };
                static NODE: #krate::__private::RegistryNode = #krate::__private::RegistryNode::new(&ITEMS);
                // Register this block with its class when the library is loaded (a static
                // constructor), so a class may have several `#[pymethods]` blocks.
                #[used]
                #[cfg_attr(any(target_os = "linux", target_os = "android", target_os = "freebsd", target_os = "netbsd", target_os = "openbsd"), link_section = ".init_array")]
                #[cfg_attr(target_vendor = "apple", link_section = "__DATA,__mod_init_func")]
                #[cfg_attr(windows, link_section = ".CRT$XCU")]
                static REGISTER: extern "C" fn() = {
                    extern "C" fn register() {
                        <#self_ty as #krate::__private::PyClass>::methods_registry().register(&NODE);
                    }
                    register
                };
            };
    }
}

/// A binding per parameter after the receiver, in order: a `py: Python<'_>` parameter is bound
/// to the token, and the others, the operands, by `operand(index among operands, parameter,
/// local)`. Returns the bindings and the locals' names (the call's arguments).
/// The type-stub texts of one member: `(name, kind, text)` as `MemberStub` holds them.
fn member_stubs(ctx: &Ctx<'_>, m: &MethodSpec) -> Vec<(String, &'static str, String)> {
    use crate::stubs::{annotation, operands, returns, signature, Dir};
    // A written `text_signature` may not match the plan: the stub then takes it from the
    // class (introspected).
    if m.options.flag("text_signature") {
        return Vec::new();
    }
    let self_name = crate::types::last_segment(ctx.self_ty).map(|s| s.ident.to_string());
    let self_name = self_name.as_deref();
    let written = m
        .options
        .signature("signature")
        .and_then(|s| s.returns.clone());
    let result = match m.options.str("return_annotation") {
        Some(a) => a.value(),
        None => written.unwrap_or_else(|| returns(&m.output, self_name)),
    };
    // The operands of a slot method: its parameters but the `Python` token.
    let operand_types = || {
        m.typed_inputs()
            .into_iter()
            .filter(|p| !crate::types::is_python(&p.ty))
            .map(|p| (parameter_name(p), &*p.ty))
            .collect::<Vec<_>>()
    };
    let first = match m.receiver {
        receiver::Receiver::None => None,
        receiver::Receiver::Class => Some("cls"),
        _ => Some("self"),
    };
    match &m.kind {
        MethodKind::Method | MethodKind::Static | MethodKind::ClassMethod => {
            let kind = match m.kind {
                MethodKind::Static => "staticmethod",
                MethodKind::ClassMethod => "classmethod",
                _ => "method",
            };
            let plan = m.plan.as_ref().expect("parsed with a plan");
            vec![(
                m.py_name(),
                kind,
                signature(plan, first, self_name, &result),
            )]
        }
        MethodKind::New | MethodKind::NewWithClass => {
            let plan = m.plan.as_ref().expect("parsed with a plan");
            let class = format!("{{{}}}", self_name.unwrap_or("Self"));
            vec![(
                "__new__".into(),
                "method",
                signature(plan, Some("cls"), self_name, &class),
            )]
        }
        MethodKind::Getter(name) => vec![(name.clone(), "get", result)],
        MethodKind::Setter(name) => match operand_types().first() {
            Some((_, ty)) => vec![(name.clone(), "set", annotation(ty, self_name, Dir::In))],
            None => vec![],
        },
        MethodKind::Deleter(_) | MethodKind::ClassAttr => vec![],
        MethodKind::Magic(magic) if magic.name == "__richcmp__" => {
            let other: Vec<_> = operand_types().into_iter().take(1).collect();
            ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"]
                .iter()
                .map(|name| {
                    let text = operands(other.iter().cloned(), self_name, &result);
                    ((*name).to_owned(), "method", text)
                })
                .collect()
        }
        MethodKind::Magic(magic) => {
            let text = match &m.plan {
                Some(plan) => signature(plan, Some("self"), self_name, &result),
                None => {
                    // `__next__` returning `Option<T>` yields `T` (`None` ends the iteration).
                    let result = match &m.output {
                        syn::ReturnType::Type(_, ty)
                            if matches!(magic.name, "__next__" | "__anext__") =>
                        {
                            let ty = if crate::types::is_result(ty) {
                                crate::types::type_argument(ty, 0).unwrap_or(ty)
                            } else {
                                ty
                            };
                            match crate::types::is_option(ty) {
                                true => crate::types::type_argument(ty, 0)
                                    .map_or(result.clone(), |t| annotation(t, self_name, Dir::Out)),
                                false => result.clone(),
                            }
                        }
                        _ => result.clone(),
                    };
                    operands(operand_types(), self_name, &result)
                }
            };
            vec![(magic.name.to_owned(), "method", text)]
        }
        MethodKind::Operator(..) | MethodKind::Comparison(_) => {
            let text = operands(operand_types(), self_name, &result);
            vec![(crate::names::python_name(&m.rust_name), "method", text)]
        }
    }
}

fn bind_parameters(
    m: &MethodSpec,
    mut operand: impl FnMut(usize, &syn::PatType, &syn::Ident) -> TokenStream,
) -> (Vec<TokenStream>, Vec<syn::Ident>) {
    let mut operands = 0;
    m.typed_inputs()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let var = format_ident!("__pybound_a{}", i);
            if crate::types::is_python(&p.ty) {
                return (quote!(let #var = py;), var);
            }
            operands += 1;
            (operand(operands - 1, p, &var), var)
        })
        .unzip()
}

/// The name a parameter has in error messages.
fn parameter_name(p: &syn::PatType) -> String {
    match &*p.pat {
        syn::Pat::Ident(id) => crate::names::python_name(&id.ident),
        _ => "arg".to_owned(),
    }
}

/// `let __pybound_aN: Ty = extract(ptr)?;` for each operand, taking the argument pointers in
/// order (their count was checked in the parse phase), the token for `py`.
fn operand_bindings(
    m: &MethodSpec,
    ptrs: &[syn::Ident],
    krate: &syn::Path,
) -> (Vec<TokenStream>, Vec<syn::Ident>) {
    bind_parameters(m, |i, p, var| {
        let ptr = &ptrs[i];
        let name = parameter_name(p);
        let (ty, finish) = conversion_target(&p.ty, var, krate);
        quote! {
            // SAFETY: CPython passes valid object pointers to slot functions.
            let #var: #ty = #krate::__private::extract_argument(unsafe { #krate::Bound::ref_from_ptr(py, &#ptr) }, #name)?;
            #finish
        }
    })
}

/// What an operand is extracted as, and the statement that turns that into the parameter:
/// `&T` / `&mut T` of a `#[pyclass]` is borrowed into a guard first (as function parameters
/// are, see `wrapper.rs`); anything else is extracted as its own type.
fn conversion_target(
    ty: &syn::Type,
    var: &syn::Ident,
    krate: &syn::Path,
) -> (TokenStream, TokenStream) {
    match crate::types::class_reference(ty) {
        Some((inner, mutable)) => {
            let inner = crate::types::erase_lifetimes(inner);
            if mutable {
                (
                    quote!(#krate::PyClassGuardMut<'_, #inner>),
                    quote!(let mut #var = #var; let #var = &mut *#var;),
                )
            } else {
                (
                    quote!(#krate::PyClassGuard<'_, #inner>),
                    quote!(let #var = &*#var;),
                )
            }
        }
        None => {
            let ty = crate::types::erase_lifetimes(ty);
            (quote!(#ty), quote!())
        }
    }
}

/// The binding of a binary operator's or comparison's other operand (`__pybound_other`):
/// `not_ours` is returned when it does not convert to the parameter's type, so that Python
/// tries the other side.
fn other_operand(
    p: &syn::PatType,
    var: &syn::Ident,
    krate: &syn::Path,
    not_ours: TokenStream,
) -> TokenStream {
    let reference = quote! {
        // SAFETY: the slot passes a valid operand.
        let __pybound_other_ref = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_other) };
    };
    // `&T` / `&mut T` of a class: checked and borrowed without making an error object for a
    // refusal (an operand of another type is common: `a == 1`).
    if let Some((inner, mutable)) = crate::types::class_reference(&p.ty) {
        let inner = crate::types::erase_lifetimes(inner);
        let (get, finish) = if mutable {
            (
                quote!(operand_guard_mut::<#inner>),
                quote!(let mut #var = #var; let #var = &mut *#var;),
            )
        } else {
            (quote!(operand_guard::<#inner>), quote!(let #var = &*#var;))
        };
        return quote! {
            #reference
            let #var = match #krate::__private::#get(__pybound_other_ref) {
                ::std::option::Option::Some(guard) => guard,
                ::std::option::Option::None => return ::std::result::Result::Ok(#not_ours),
            };
            #finish
        };
    }
    let (ty, finish) = conversion_target(&p.ty, var, krate);
    quote! {
        #reference
        // An operand of another type: NotImplemented, so Python tries the other side.
        let #var: #ty = match #krate::__private::extract_argument(__pybound_other_ref, "other") {
            ::std::result::Result::Ok(v) => v,
            ::std::result::Result::Err(_) => return ::std::result::Result::Ok(#not_ours),
        };
        #finish
    }
}
