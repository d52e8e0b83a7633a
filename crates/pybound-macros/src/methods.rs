//! `#[pymethods]` on an `impl` block: wrappers for the constructor, methods, getters/setters,
//! static and class methods, class attributes and magic methods, gathered into the class's
//! member table.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;

use crate::attributes::{take_options, Options};
use crate::callback::{
    callback, fastcall_params, getter_params, new_params, object, object_params,
    richcompare_params, setter, Params, Scope,
};
use crate::function::{return_conversion, wrapper_body, CallSpec, Entry};
use crate::signature::plan;
use crate::utils::{c_string, doc_text, erase_lifetimes, is_result, Errors};

/// How the method receives the object.
#[derive(Clone, Copy, PartialEq)]
enum Recv {
    None,
    Ref,
    RefMut,
    PyRef,
    PyRefMut,
    BoundRef,
    Class,
}

#[derive(PartialEq)]
enum Kind {
    Method,
    New,
    Getter(Option<String>),
    Setter(Option<String>),
    Static,
    ClassMethod,
    ClassAttr,
}

const MAGIC: &[&str] = &[
    "__repr__",
    "__str__",
    "__hash__",
    "__len__",
    "__bool__",
    "__iter__",
    "__next__",
    "__call__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__richcmp__",
    "__getattr__",
    "__setattr__",
    "__delattr__",
    "__get__",
    "__set__",
    "__delete__",
];

/// Binary operators: Python name stem, its `nb_*` slot, and the in-place slot (if any).
const BINARY: &[(&str, &str, Option<&str>)] = &[
    ("add", "Py_nb_add", Some("Py_nb_inplace_add")),
    ("sub", "Py_nb_subtract", Some("Py_nb_inplace_subtract")),
    ("mul", "Py_nb_multiply", Some("Py_nb_inplace_multiply")),
    (
        "matmul",
        "Py_nb_matrix_multiply",
        Some("Py_nb_inplace_matrix_multiply"),
    ),
    (
        "truediv",
        "Py_nb_true_divide",
        Some("Py_nb_inplace_true_divide"),
    ),
    (
        "floordiv",
        "Py_nb_floor_divide",
        Some("Py_nb_inplace_floor_divide"),
    ),
    ("mod", "Py_nb_remainder", Some("Py_nb_inplace_remainder")),
    ("divmod", "Py_nb_divmod", None),
    ("lshift", "Py_nb_lshift", Some("Py_nb_inplace_lshift")),
    ("rshift", "Py_nb_rshift", Some("Py_nb_inplace_rshift")),
    ("and", "Py_nb_and", Some("Py_nb_inplace_and")),
    ("or", "Py_nb_or", Some("Py_nb_inplace_or")),
    ("xor", "Py_nb_xor", Some("Py_nb_inplace_xor")),
    ("pow", "Py_nb_power", Some("Py_nb_inplace_power")),
];

/// Unary operators and conversions: Python name and its slot.
const UNARY: &[(&str, &str)] = &[
    ("__neg__", "Py_nb_negative"),
    ("__pos__", "Py_nb_positive"),
    ("__abs__", "Py_nb_absolute"),
    ("__invert__", "Py_nb_invert"),
    ("__int__", "Py_nb_int"),
    ("__float__", "Py_nb_float"),
    ("__index__", "Py_nb_index"),
];

/// Individual comparison methods and their `CompareOp`.
const COMPARISONS: &[(&str, &str)] = &[
    ("__eq__", "Eq"),
    ("__ne__", "Ne"),
    ("__lt__", "Lt"),
    ("__le__", "Le"),
    ("__gt__", "Gt"),
    ("__ge__", "Ge"),
];

/// Slot-backed dunders that are not implemented yet (others are ordinary methods).
const NOT_YET: &[&str] = &["__getattribute__", "__await__", "__aiter__", "__anext__"];

fn binary_kind(name: &str) -> Option<(&'static str, char)> {
    let stem = name.strip_prefix("__")?.strip_suffix("__")?;
    for (op, _, _) in BINARY {
        if stem == *op {
            return Some((op, 'f'));
        }
        if stem.strip_prefix('r') == Some(op) {
            return Some((op, 'r'));
        }
        if stem.strip_prefix('i') == Some(op) {
            return Some((op, 'i'));
        }
    }
    None
}

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut block: syn::ItemImpl = match syn::parse2(item.clone()) {
        Ok(b) => b,
        Err(e) => return e.to_compile_error(),
    };
    match generate(args, &mut block) {
        Ok(extra) => quote!(#block #extra),
        Err(e) => {
            let e = e.to_compile_error();
            quote!(#block #e)
        }
    }
}

/// Take the method's kind attribute (`#[new]`, `#[getter]`, …) off it.
fn take_kind(attrs: &mut Vec<syn::Attribute>, errors: &mut Errors) -> Kind {
    let mut kind = Kind::Method;
    attrs.retain(|a| {
        let name = match a.path().get_ident() {
            Some(i) => i.to_string(),
            None => return true,
        };
        let arg_name = || -> Option<String> {
            match &a.meta {
                syn::Meta::List(l) => Some(l.tokens.to_string().trim_matches('"').to_owned()),
                _ => None,
            }
        };
        let k = match name.as_str() {
            "new" => Kind::New,
            "getter" => Kind::Getter(arg_name()),
            "setter" => Kind::Setter(arg_name()),
            "staticmethod" => Kind::Static,
            "classmethod" => Kind::ClassMethod,
            "classattr" => Kind::ClassAttr,
            _ => return true,
        };
        if kind != Kind::Method {
            errors.push_at(a.span(), "a method can have only one of `#[new]`, `#[getter]`, `#[setter]`, `#[staticmethod]`, `#[classmethod]`, `#[classattr]`");
        }
        kind = k;
        false
    });
    kind
}

/// Work out the receiver and return the remaining (Python-visible) inputs.
fn receiver(
    sig: &syn::Signature,
    kind: &Kind,
    errors: &mut Errors,
) -> (
    Recv,
    syn::punctuated::Punctuated<syn::FnArg, syn::Token![,]>,
) {
    let mut inputs = sig.inputs.clone();
    let first = inputs.first().cloned();
    let recv = match (&first, kind) {
        (_, Kind::Static) | (_, Kind::New) | (_, Kind::ClassAttr) => {
            if let Some(syn::FnArg::Receiver(r)) = &first {
                errors.push_at(r.span(), "this kind of method does not take `self`");
            }
            return (Recv::None, inputs);
        }
        (Some(syn::FnArg::Typed(p)), Kind::ClassMethod) => {
            let _ = p;
            Recv::Class
        }
        (Some(syn::FnArg::Receiver(r)), _) => {
            if r.reference.is_none() {
                errors.push_at(r.span(), "take `&self` or `&mut self` (the value lives inside the Python object), or `slf: PyRef<'_, Self>`");
                Recv::Ref
            } else if r.mutability.is_some() {
                Recv::RefMut
            } else {
                Recv::Ref
            }
        }
        (Some(syn::FnArg::Typed(p)), _) if matches!(&*p.pat, syn::Pat::Ident(i) if i.ident == "slf") =>
        {
            let ty = quote::ToTokens::to_token_stream(&p.ty).to_string();
            if ty.contains("PyRefMut") {
                Recv::PyRefMut
            } else if ty.contains("PyRef") {
                Recv::PyRef
            } else if ty.contains("Bound") {
                Recv::BoundRef
            } else {
                errors.push_at(
                    p.ty.span(),
                    "`slf` must be `PyRef<'_, Self>`, `PyRefMut<'_, Self>` or `&Bound<'_, Self>`",
                );
                Recv::Ref
            }
        }
        _ => {
            errors.push_at(sig.span(), "this method needs a receiver: `&self`, `&mut self` or `slf: PyRef<'_, Self>` (or make it `#[staticmethod]`)");
            return (Recv::None, inputs);
        }
    };
    inputs = inputs.into_iter().skip(1).collect();
    (recv, inputs)
}

/// Statements binding the receiver, and the expression passed as the first argument.
fn receiver_code(
    recv: Recv,
    krate: &syn::Path,
    self_ty: &syn::Type,
) -> (TokenStream, Option<TokenStream>) {
    let bound = quote! {
        // SAFETY: CPython passes an instance of the class (or the class, for classmethods).
        let __pybound_slf_bound = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#self_ty>() };
    };
    match recv {
        Recv::None => (quote!(), None),
        Recv::Ref => (
            quote!(#bound let __pybound_guard = __pybound_slf_bound.borrow_guard()?;),
            Some(quote!(&*__pybound_guard)),
        ),
        Recv::RefMut => (
            quote!(#krate::__private::assert_mutable::<#self_ty>(); #bound let mut __pybound_guard = __pybound_slf_bound.borrow_mut_guard()?;),
            Some(quote!(&mut *__pybound_guard)),
        ),
        Recv::PyRef => (bound, Some(quote!(__pybound_slf_bound.try_borrow()?))),
        Recv::PyRefMut => (
            quote!(#krate::__private::assert_mutable::<#self_ty>(); #bound),
            Some(quote!(__pybound_slf_bound.try_borrow_mut()?)),
        ),
        Recv::BoundRef => (bound, Some(quote!(__pybound_slf_bound))),
        Recv::Class => (
            quote! {
                // SAFETY: classmethods receive the class.
                let __pybound_cls = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#krate::types::PyType>() };
            },
            Some(quote!(__pybound_cls)),
        ),
    }
}

/// `let name: Ty = extract(ptr)?;` for each remaining input, taking pointers in order.
/// The parameters after the receiver (`self` is not `Typed`).
fn typed_inputs(
    inputs: &syn::punctuated::Punctuated<syn::FnArg, syn::Token![,]>,
) -> Vec<&syn::PatType> {
    inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(p) => Some(p),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

fn slot_args(
    inputs: &syn::punctuated::Punctuated<syn::FnArg, syn::Token![,]>,
    ptrs: &[syn::Ident],
    krate: &syn::Path,
    errors: &mut Errors,
) -> (Vec<TokenStream>, Vec<syn::Ident>) {
    let mut binds = Vec::new();
    let mut names = Vec::new();
    let typed = typed_inputs(inputs);
    if typed.len() != ptrs.len() {
        errors.push_at(
            inputs.span(),
            format!(
                "this magic method takes {} argument(s) besides `self`",
                ptrs.len()
            ),
        );
        return (binds, names);
    }
    for (i, (p, ptr)) in typed.iter().zip(ptrs).enumerate() {
        let ty = erase_lifetimes(&p.ty);
        let var = format_ident!("__pybound_a{}", i);
        let name = match &*p.pat {
            syn::Pat::Ident(id) => id.ident.to_string(),
            _ => "arg".to_owned(),
        };
        binds.push(quote! {
            // SAFETY: CPython passes valid object pointers to slot functions.
            let #var: #ty = #krate::__private::extract_argument(unsafe { #krate::Bound::ref_from_ptr(py, &#ptr) }, #name)?;
        });
        names.push(var);
    }
    (binds, names)
}

fn generate(args: TokenStream, block: &mut syn::ItemImpl) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let opts = take_options(args, &mut block.attrs, &mut errors);
    let block_opts = Options::from_opts(opts, &["crate"], "`#[pymethods]`", &mut errors);
    let krate = block_opts.krate();
    let self_ty = (*block.self_ty).clone();
    if block.trait_.is_some() {
        errors.push_at(
            block.span(),
            "`#[pymethods]` goes on an inherent `impl Type { ... }` block, not a trait impl",
        );
    }

    let mut wrappers = Vec::new();
    let mut method_defs = Vec::new();
    let mut getsets: BTreeMap<String, (Option<syn::Ident>, Option<syn::Ident>)> = BTreeMap::new();
    let mut class_attrs = Vec::new();
    let mut slots = Vec::new();
    // __setitem__ and __delitem__ share one slot.
    let mut set_item: Option<syn::Ident> = None;
    let mut set_attr: Option<syn::Ident> = None;
    let mut del_attr: Option<syn::Ident> = None;
    let mut descr_set: Option<syn::Ident> = None;
    let mut descr_delete: Option<syn::Ident> = None;
    let mut number_ops: BTreeMap<&'static str, Vec<(char, syn::Ident)>> = BTreeMap::new();
    let mut number_slots: Vec<TokenStream> = Vec::new();
    let mut comparisons: Vec<(&'static str, syn::Ident)> = Vec::new();
    let mut del_item: Option<syn::Ident> = None;

    for item in block.items.iter_mut() {
        match item {
            syn::ImplItem::Const(c) => {
                let before = c.attrs.len();
                c.attrs.retain(|a| !a.path().is_ident("classattr"));
                if c.attrs.len() != before {
                    let ident = &c.ident;
                    let name = ident.to_string();
                    class_attrs.push(quote! {
                        (#name, |ty| #krate::IntoPyObjectExt::into_bound_py_any(#self_ty::#ident, ty.py()))
                    });
                }
            }
            syn::ImplItem::Fn(f) => {
                let kind = take_kind(&mut f.attrs, &mut errors);
                let opts = take_options(TokenStream::new(), &mut f.attrs, &mut errors);
                let options = Options::from_opts(
                    opts,
                    &["name", "signature", "text_signature"],
                    "a `#[pymethods]` method",
                    &mut errors,
                );
                let rust_name = f.sig.ident.clone();
                let rust_name_s = rust_name.to_string();
                let (recv, inputs) = receiver(&f.sig, &kind, &mut errors);
                let (recv_bind, recv_arg) = receiver_code(recv, &krate, &self_ty);
                let wrap = format_ident!("__pybound_wrap_{}", rust_name);
                let target = quote!(#self_ty::#rust_name);
                let is_res = matches!(&f.sig.output, syn::ReturnType::Type(_, t) if is_result(t));

                if kind == Kind::Method {
                    if let Some((op, side)) = binary_kind(&rust_name_s) {
                        let side_fn = format_ident!("__pybound_side_{}", rust_name);
                        let typed = typed_inputs(&inputs);
                        if typed.len() != 1 {
                            errors.push_at(
                                f.sig.ident.span(),
                                format!("`{rust_name_s}` takes `self` and one operand"),
                            );
                            continue;
                        }
                        let other_ty = erase_lifetimes(&typed[0].ty);
                        let finish = if side == 'i' {
                            let check = if is_res {
                                quote!(__pybound_ret.map_err(::std::convert::Into::<#krate::PyErr>::into)?;)
                            } else {
                                quote!(let _ = __pybound_ret;)
                            };
                            quote! {
                                #check
                                // In-place operators return the (mutated) object itself: a new reference.
                                // SAFETY: `__pybound_slf` is a valid object; we hold the lock.
                                unsafe { #krate::ffi::Py_IncRef(__pybound_slf) };
                                ::std::result::Result::Ok(::std::option::Option::Some(__pybound_slf))
                            }
                        } else {
                            let conv = return_conversion(&krate, &f.sig.output);
                            quote!((#conv).map(::std::option::Option::Some))
                        };
                        let recv_arg = recv_arg.iter();
                        wrappers.push(quote! {
                            #[doc(hidden)]
                            fn #side_fn(py: #krate::Python<'_>, __pybound_slf: *mut #krate::ffi::PyObject, __pybound_other: *mut #krate::ffi::PyObject) -> #krate::__private::BinaryOpResult {
                                // SAFETY: the slot passes a valid operand.
                                let __pybound_other_ref = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_other) };
                                // An operand of another type: NotImplemented, so Python tries the other side.
                                let __pybound_a0: #other_ty = match #krate::__private::extract_argument(__pybound_other_ref, "other") {
                                    ::std::result::Result::Ok(v) => v,
                                    ::std::result::Result::Err(_) => return ::std::result::Result::Ok(::std::option::Option::None),
                                };
                                #recv_bind
                                let __pybound_ret = #target(#(#recv_arg,)* __pybound_a0);
                                #finish
                            }
                        });
                        number_ops.entry(op).or_default().push((side, side_fn));
                        continue;
                    }
                    if let Some((_, slot_name)) = UNARY.iter().find(|(n, _)| *n == rust_name_s) {
                        let slot_id = syn::Ident::new(slot_name, proc_macro2::Span::call_site());
                        let conv = return_conversion(&krate, &f.sig.output);
                        let recv_arg = recv_arg.iter();
                        wrappers.push(callback(
                            &krate,
                            Scope::Impl,
                            &wrap,
                            &object_params(&krate, &["__pybound_slf"]),
                            &object(&krate),
                            quote! {
                                #recv_bind
                                let __pybound_ret = #target(#(#recv_arg),*);
                                #conv
                            },
                        ));
                        number_slots.push(quote!((#krate::ffi::#slot_id, #krate::__private::SlotFn::Unary(#self_ty::#wrap))));
                        continue;
                    }
                    if let Some((_, op)) = COMPARISONS.iter().find(|(n, _)| *n == rust_name_s) {
                        let typed = typed_inputs(&inputs);
                        if typed.len() != 1 {
                            errors.push_at(
                                f.sig.ident.span(),
                                format!("`{rust_name_s}` takes `self` and one operand"),
                            );
                            continue;
                        }
                        let other_ty = erase_lifetimes(&typed[0].ty);
                        let side_fn = format_ident!("__pybound_cmp_{}", rust_name);
                        let conv = return_conversion(&krate, &f.sig.output);
                        let recv_arg = recv_arg.iter();
                        wrappers.push(quote! {
                            #[doc(hidden)]
                            fn #side_fn(py: #krate::Python<'_>, __pybound_slf: *mut #krate::ffi::PyObject, __pybound_other: *mut #krate::ffi::PyObject) -> #krate::__private::BinaryOpResult {
                                // SAFETY: the slot passes a valid operand.
                                let __pybound_other_ref = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_other) };
                                let __pybound_a0: #other_ty = match #krate::__private::extract_argument(__pybound_other_ref, "other") {
                                    ::std::result::Result::Ok(v) => v,
                                    ::std::result::Result::Err(_) => return ::std::result::Result::Ok(::std::option::Option::None),
                                };
                                #recv_bind
                                let __pybound_ret = #target(#(#recv_arg,)* __pybound_a0);
                                (#conv).map(::std::option::Option::Some)
                            }
                        });
                        comparisons.push((*op, side_fn));
                        continue;
                    }
                    if rust_name_s == "__traverse__" {
                        wrappers.push(quote! {
                            #[doc(hidden)]
                            unsafe extern "C" fn #wrap(slf: *mut #krate::ffi::PyObject, visit: #krate::ffi::visitproc, arg: *mut ::std::ffi::c_void) -> ::std::os::raw::c_int {
                                // SAFETY: called by the cycle collector on an instance.
                                unsafe { #krate::__private::traverse::<#self_ty>(slf, visit, arg, #self_ty::__traverse__) }
                            }
                        });
                        slots.push(quote!(traverse: ::std::option::Option::Some(#self_ty::#wrap)));
                        continue;
                    }
                    if rust_name_s == "__clear__" {
                        wrappers.push(quote! {
                            #[doc(hidden)]
                            unsafe extern "C" fn #wrap(slf: *mut #krate::ffi::PyObject) -> ::std::os::raw::c_int {
                                // SAFETY: called by the cycle collector on an instance.
                                unsafe { #krate::__private::clear::<#self_ty>(slf, #self_ty::__clear__) }
                            }
                        });
                        slots.push(quote!(clear: ::std::option::Option::Some(#self_ty::#wrap)));
                        continue;
                    }
                    if NOT_YET.contains(&rust_name_s.as_str()) {
                        errors.push_at(
                            rust_name.span(),
                            format!("magic method `{rust_name_s}` is not supported yet by pybound"),
                        );
                        continue;
                    }
                }
                if MAGIC.contains(&rust_name_s.as_str()) && kind == Kind::Method {
                    let magic = magic_method(
                        &rust_name_s,
                        &wrap,
                        &target,
                        &recv_bind,
                        &recv_arg,
                        &inputs,
                        &f.sig.output,
                        is_res,
                        &krate,
                        &mut errors,
                    );
                    if let Some((w, field)) = magic {
                        wrappers.push(w);
                        let field = syn::Ident::new(field, proc_macro2::Span::call_site());
                        match rust_name_s.as_str() {
                            "__setitem__" => set_item = Some(wrap.clone()),
                            "__delitem__" => del_item = Some(wrap.clone()),
                            "__setattr__" => set_attr = Some(wrap.clone()),
                            "__delattr__" => del_attr = Some(wrap.clone()),
                            "__set__" => descr_set = Some(wrap.clone()),
                            "__delete__" => descr_delete = Some(wrap.clone()),
                            _ => slots
                                .push(quote!(#field: ::std::option::Option::Some(#self_ty::#wrap))),
                        }
                    }
                    continue;
                }

                match kind {
                    Kind::Method | Kind::Static | Kind::ClassMethod => {
                        let p = plan(&inputs, options.signature.as_ref(), false, &mut errors);
                        let py_name = options
                            .name
                            .as_ref()
                            .map(|n| n.value())
                            .unwrap_or_else(|| rust_name_s.clone());
                        let spec = CallSpec {
                            target,
                            receiver_binding: recv_bind,
                            receiver_arg: recv_arg,
                            entry: Entry::Fastcall,
                            finish: return_conversion(&krate, &f.sig.output),
                        };
                        let body = wrapper_body(&spec, &krate, &py_name, &p);
                        wrappers.push(callback(
                            &krate,
                            Scope::Impl,
                            &wrap,
                            &fastcall_params(&krate),
                            &object(&krate),
                            body,
                        ));
                        let text_sig = options
                            .text_signature
                            .as_ref()
                            .map(|t| t.value())
                            .unwrap_or_else(|| {
                                let inner = p
                                    .text_signature
                                    .trim_start_matches('(')
                                    .trim_end_matches(')');
                                match recv {
                                    Recv::None => format!("({inner})"),
                                    Recv::Class => {
                                        if inner.is_empty() {
                                            "($cls)".into()
                                        } else {
                                            format!("($cls, {inner})")
                                        }
                                    }
                                    _ => {
                                        if inner.is_empty() {
                                            "($self)".into()
                                        } else {
                                            format!("($self, {inner})")
                                        }
                                    }
                                }
                            });
                        let doc = c_string(&format!(
                            "{py_name}{text_sig}\n--\n\n{}",
                            doc_text(&f.attrs)
                        ));
                        let name_c = c_string(&py_name);
                        let flags = match kind {
                            Kind::Static => {
                                quote!(#krate::ffi::METH_FASTCALL | #krate::ffi::METH_KEYWORDS | #krate::ffi::METH_STATIC)
                            }
                            Kind::ClassMethod => {
                                quote!(#krate::ffi::METH_FASTCALL | #krate::ffi::METH_KEYWORDS | #krate::ffi::METH_CLASS)
                            }
                            _ => quote!(#krate::ffi::METH_FASTCALL | #krate::ffi::METH_KEYWORDS),
                        };
                        method_defs.push(quote! {
                            #krate::__private::MethodDef(#krate::ffi::PyMethodDef {
                                ml_name: #name_c.as_ptr(),
                                ml_meth: #krate::ffi::PyMethodDefPointer { PyCFunctionFastWithKeywords: #self_ty::#wrap },
                                ml_flags: #flags,
                                ml_doc: #doc.as_ptr(),
                            })
                        });
                    }
                    Kind::New => {
                        let p = plan(&inputs, options.signature.as_ref(), false, &mut errors);
                        let py_name = "__new__";
                        let finish = if is_res {
                            quote! {
                                let __pybound_value = __pybound_ret.map_err(::std::convert::Into::<#krate::PyErr>::into)?;
                                // SAFETY: `subtype` is this class or a subclass (CPython's tp_new contract).
                                unsafe { #krate::__private::PyClassObject::create_with_args(py, __pybound_subtype, __pybound_value, __pybound_args, __pybound_kwargs) }
                            }
                        } else {
                            quote! {
                                // SAFETY: as above.
                                unsafe { #krate::__private::PyClassObject::create_with_args(py, __pybound_subtype, __pybound_ret, __pybound_args, __pybound_kwargs) }
                            }
                        };
                        let spec = CallSpec {
                            target,
                            receiver_binding: quote!(),
                            receiver_arg: None,
                            entry: Entry::TupleDict,
                            finish,
                        };
                        let body = wrapper_body(&spec, &krate, py_name, &p);
                        wrappers.push(callback(
                            &krate,
                            Scope::Impl,
                            &wrap,
                            &new_params(&krate),
                            &object(&krate),
                            body,
                        ));
                        slots.push(quote!(new: ::std::option::Option::Some(#self_ty::#wrap)));
                    }
                    Kind::Getter(name) => {
                        let name = name.unwrap_or_else(|| {
                            rust_name_s
                                .strip_prefix("get_")
                                .unwrap_or(&rust_name_s)
                                .to_owned()
                        });
                        if !inputs.is_empty() {
                            errors.push_at(inputs.span(), "a `#[getter]` takes only `self` (and cannot have other parameters)");
                        }
                        let finish = return_conversion(&krate, &f.sig.output);
                        wrappers.push(callback(
                            &krate,
                            Scope::Impl,
                            &wrap,
                            &getter_params(&krate),
                            &object(&krate),
                            quote! {
                                #recv_bind
                                let __pybound_ret = #target(#recv_arg);
                                #finish
                            },
                        ));
                        getsets.entry(name).or_default().0 = Some(wrap.clone());
                    }
                    Kind::Setter(name) => {
                        let name = name.unwrap_or_else(|| {
                            rust_name_s
                                .strip_prefix("set_")
                                .unwrap_or(&rust_name_s)
                                .to_owned()
                        });
                        let ptr = format_ident!("__pybound_value");
                        let (binds, vars) = slot_args(&inputs, &[ptr], &krate, &mut errors);
                        let check = if is_res {
                            quote!(__pybound_ret.map_err(::std::convert::Into::<#krate::PyErr>::into)?;)
                        } else {
                            quote!(let _ = __pybound_ret;)
                        };
                        wrappers.push(setter(
                            &krate,
                            Scope::Impl,
                            &wrap,
                            &name,
                            quote! {
                                #(#binds)*
                                #recv_bind
                                let __pybound_ret = #target(#recv_arg, #(#vars),*);
                                #check
                                ::std::result::Result::Ok(0)
                            },
                        ));
                        getsets.entry(name).or_default().1 = Some(wrap.clone());
                    }
                    Kind::ClassAttr => {
                        let name = options
                            .name
                            .as_ref()
                            .map(|n| n.value())
                            .unwrap_or_else(|| rust_name_s.clone());
                        let call = if is_res {
                            quote!(#target()?)
                        } else {
                            quote!(#target())
                        };
                        class_attrs.push(quote! {
                            (#name, |ty| { let py = ty.py(); #krate::IntoPyObjectExt::into_bound_py_any(#call, py) })
                        });
                    }
                }
            }
            _ => {}
        }
    }

    if set_item.is_some() || del_item.is_some() {
        let wrap = format_ident!("__pybound_wrap___setitem_delitem__");
        let set_call = match &set_item {
            Some(w) => quote!(#self_ty::#w(__pybound_slf, __pybound_key, __pybound_value)),
            None => quote!(#krate::__private::unsupported_item_op(__pybound_slf, "assignment")),
        };
        let del_call = match &del_item {
            Some(w) => quote!(#self_ty::#w(__pybound_slf, __pybound_key, ::std::ptr::null_mut())),
            None => quote!(#krate::__private::unsupported_item_op(__pybound_slf, "deletion")),
        };
        wrappers.push(quote! {
            #[doc(hidden)]
            unsafe extern "C" fn #wrap(__pybound_slf: *mut #krate::ffi::PyObject, __pybound_key: *mut #krate::ffi::PyObject, __pybound_value: *mut #krate::ffi::PyObject) -> ::std::os::raw::c_int {
                // SAFETY: forwarded from CPython.
                unsafe { if __pybound_value.is_null() { #del_call } else { #set_call } }
            }
        });
        slots.push(quote!(setitem: ::std::option::Option::Some(#self_ty::#wrap)));
    }

    // `__setattr__` / `__delattr__` share tp_setattro; the missing one falls back to the
    // generic behaviour.
    if set_attr.is_some() || del_attr.is_some() {
        let wrap = format_ident!("__pybound_wrap___setattro__");
        let generic = quote!(#krate::ffi::PyObject_GenericSetAttr(__pybound_slf, __pybound_key, __pybound_value));
        let set_call = match &set_attr {
            Some(w) => quote!(#self_ty::#w(__pybound_slf, __pybound_key, __pybound_value)),
            None => generic.clone(),
        };
        let del_call = match &del_attr {
            Some(w) => quote!(#self_ty::#w(__pybound_slf, __pybound_key, ::std::ptr::null_mut())),
            None => generic,
        };
        wrappers.push(quote! {
            #[doc(hidden)]
            unsafe extern "C" fn #wrap(__pybound_slf: *mut #krate::ffi::PyObject, __pybound_key: *mut #krate::ffi::PyObject, __pybound_value: *mut #krate::ffi::PyObject) -> ::std::os::raw::c_int {
                // SAFETY: forwarded from CPython.
                unsafe { if __pybound_value.is_null() { #del_call } else { #set_call } }
            }
        });
        slots.push(quote!(setattro: ::std::option::Option::Some(#self_ty::#wrap)));
    }
    // `__set__` / `__delete__` share tp_descr_set.
    if descr_set.is_some() || descr_delete.is_some() {
        let wrap = format_ident!("__pybound_wrap___descr_set__");
        let set_call = match &descr_set {
            Some(w) => quote!(#self_ty::#w(__pybound_slf, __pybound_key, __pybound_value)),
            None => quote!(#krate::__private::unsupported_descriptor_op(__pybound_slf, "__set__")),
        };
        let del_call = match &descr_delete {
            Some(w) => quote!(#self_ty::#w(__pybound_slf, __pybound_key, ::std::ptr::null_mut())),
            None => {
                quote!(#krate::__private::unsupported_descriptor_op(__pybound_slf, "__delete__"))
            }
        };
        wrappers.push(quote! {
            #[doc(hidden)]
            unsafe extern "C" fn #wrap(__pybound_slf: *mut #krate::ffi::PyObject, __pybound_key: *mut #krate::ffi::PyObject, __pybound_value: *mut #krate::ffi::PyObject) -> ::std::os::raw::c_int {
                // SAFETY: forwarded from CPython.
                unsafe { if __pybound_value.is_null() { #del_call } else { #set_call } }
            }
        });
        slots.push(quote!(descr_set: ::std::option::Option::Some(#self_ty::#wrap)));
    }
    for (op, sides) in &number_ops {
        let (_, slot_name, inplace_slot) =
            BINARY.iter().find(|(o, _, _)| o == op).expect("known op");
        let find = |c: char| {
            sides.iter().find(|(s, _)| *s == c).map(|(_, f)| quote!(::std::option::Option::Some(#self_ty::#f as for<'py> fn(#krate::Python<'py>, *mut #krate::ffi::PyObject, *mut #krate::ffi::PyObject) -> #krate::__private::BinaryOpResult)))
        };
        let none = quote!(::std::option::Option::None);
        let fwd = find('f');
        let refl = find('r');
        if fwd.is_some() || refl.is_some() {
            let fwd = fwd.unwrap_or_else(|| none.clone());
            let refl = refl.unwrap_or_else(|| none.clone());
            let wrap = format_ident!("__pybound_nb_{}", op);
            let slot_id = syn::Ident::new(slot_name, proc_macro2::Span::call_site());
            if *op == "pow" {
                wrappers.push(quote! {
                    #[doc(hidden)]
                    unsafe extern "C" fn #wrap(a: *mut #krate::ffi::PyObject, b: *mut #krate::ffi::PyObject, m: *mut #krate::ffi::PyObject) -> *mut #krate::ffi::PyObject {
                        // SAFETY: forwarded from CPython. A modulo is not supported: NotImplemented.
                        unsafe {
                            if m != #krate::ffi::Py_None() {
                                #krate::ffi::Py_IncRef(#krate::ffi::Py_NotImplemented());
                                return #krate::ffi::Py_NotImplemented();
                            }
                            #krate::__private::binary_op(a, b, #krate::__private::is_instance_ptr::<#self_ty>, #fwd, #refl)
                        }
                    }
                });
                number_slots.push(quote!((#krate::ffi::#slot_id, #krate::__private::SlotFn::Ternary(#self_ty::#wrap))));
            } else {
                wrappers.push(quote! {
                    #[doc(hidden)]
                    unsafe extern "C" fn #wrap(a: *mut #krate::ffi::PyObject, b: *mut #krate::ffi::PyObject) -> *mut #krate::ffi::PyObject {
                        // SAFETY: forwarded from CPython.
                        unsafe { #krate::__private::binary_op(a, b, #krate::__private::is_instance_ptr::<#self_ty>, #fwd, #refl) }
                    }
                });
                number_slots.push(quote!((#krate::ffi::#slot_id, #krate::__private::SlotFn::Binary(#self_ty::#wrap))));
            }
        }
        if let (Some(inplace), Some(islot)) = (find('i'), inplace_slot) {
            let wrap = format_ident!("__pybound_nb_i{}", op);
            let slot_id = syn::Ident::new(islot, proc_macro2::Span::call_site());
            let body = quote!(#krate::__private::binary_op(a, b, #krate::__private::is_instance_ptr::<#self_ty>, #inplace, ::std::option::Option::None));
            if *op == "pow" {
                wrappers.push(quote! {
                    #[doc(hidden)]
                    unsafe extern "C" fn #wrap(a: *mut #krate::ffi::PyObject, b: *mut #krate::ffi::PyObject, _m: *mut #krate::ffi::PyObject) -> *mut #krate::ffi::PyObject {
                        // SAFETY: forwarded from CPython.
                        unsafe { #body }
                    }
                });
                number_slots.push(quote!((#krate::ffi::#slot_id, #krate::__private::SlotFn::Ternary(#self_ty::#wrap))));
            } else {
                wrappers.push(quote! {
                    #[doc(hidden)]
                    unsafe extern "C" fn #wrap(a: *mut #krate::ffi::PyObject, b: *mut #krate::ffi::PyObject) -> *mut #krate::ffi::PyObject {
                        // SAFETY: forwarded from CPython.
                        unsafe { #body }
                    }
                });
                number_slots.push(quote!((#krate::ffi::#slot_id, #krate::__private::SlotFn::Binary(#self_ty::#wrap))));
            }
        }
    }
    if !comparisons.is_empty() {
        if slots
            .iter()
            .any(|s| s.to_string().starts_with("richcompare"))
        {
            errors.push_at(block.self_ty.span(), "define either `__richcmp__` or the individual comparison methods (`__eq__`, `__lt__`, …), not both");
        }
        let arms = comparisons.iter().map(|(op, f)| {
            let op = syn::Ident::new(op, proc_macro2::Span::call_site());
            quote!(::std::option::Option::Some(#krate::CompareOp::#op) => #self_ty::#f(py, __pybound_slf, __pybound_other)?)
        });
        let has_ne = comparisons.iter().any(|(o, _)| *o == "Ne");
        let eq_fn = comparisons
            .iter()
            .find(|(o, _)| *o == "Eq")
            .map(|(_, f)| f.clone());
        let ne_from_eq = match (&eq_fn, has_ne) {
            (Some(eq), false) => quote! {
                ::std::option::Option::Some(#krate::CompareOp::Ne) => match #self_ty::#eq(py, __pybound_slf, __pybound_other)? {
                    // `!=` is the negation of `==` when only `__eq__` is defined, as in Python.
                    ::std::option::Option::Some(r) => {
                        // SAFETY: `r` is the new reference `__eq__` returned.
                        let r = unsafe { #krate::Bound::from_owned_ptr(py, r) };
                        ::std::option::Option::Some(#krate::IntoPyObjectExt::into_bound_py_any(!r.is_truthy()?, py)?.into_ptr())
                    }
                    ::std::option::Option::None => ::std::option::Option::None,
                },
            },
            _ => quote!(),
        };
        let wrap = format_ident!("__pybound_richcompare");
        wrappers.push(callback(
            &krate,
            Scope::Impl,
            &wrap,
            &richcompare_params(&krate),
            &object(&krate),
            quote! {
                let __pybound_result = match #krate::CompareOp::from_raw(__pybound_op) {
                    #(#arms,)*
                    #ne_from_eq
                    _ => ::std::option::Option::None,
                };
                ::std::result::Result::Ok(__pybound_result.unwrap_or_else(|| py.NotImplemented().into_ptr()))
            },
        ));
        slots.push(quote!(richcompare: ::std::option::Option::Some(#self_ty::#wrap)));
    }

    let getset_defs = getsets.iter().map(|(name, (g, s))| {
        let name_c = c_string(name);
        let g = match g { Some(w) => quote!(::std::option::Option::Some(#self_ty::#w)), None => quote!(::std::option::Option::None) };
        let s = match s { Some(w) => quote!(::std::option::Option::Some(#self_ty::#w)), None => quote!(::std::option::Option::None) };
        quote! {
            #krate::__private::GetSetDef(#krate::ffi::PyGetSetDef { name: #name_c.as_ptr(), get: #g, set: #s, doc: ::std::ptr::null(), closure: ::std::ptr::null_mut() })
        }
    });
    errors.finish()?;

    Ok(quote! {
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
    })
}

/// The slot wrapper of a supported magic method, and its `ClassSlots` field.
#[allow(clippy::too_many_arguments)]
fn magic_method(
    name: &str,
    wrap: &syn::Ident,
    target: &TokenStream,
    recv_bind: &TokenStream,
    recv_arg: &Option<TokenStream>,
    inputs: &syn::punctuated::Punctuated<syn::FnArg, syn::Token![,]>,
    output: &syn::ReturnType,
    is_res: bool,
    krate: &syn::Path,
    errors: &mut Errors,
) -> Option<(TokenStream, &'static str)> {
    let obj = quote!(*mut #krate::ffi::PyObject);
    let unwrap_ret = if is_res {
        quote!(let __pybound_ret = __pybound_ret.map_err(::std::convert::Into::<#krate::PyErr>::into)?;)
    } else {
        quote!()
    };
    let to_object = return_conversion(krate, output);
    let recv_arg = recv_arg.iter();
    // `__setitem__`/`__setattr__`/`__set__` and their deleting twins share one C slot: a
    // status-returning function of two objects, the second NULL for a deletion.
    let store_slot = |field| {
        (
            vec![
                (quote!(__pybound_p0), obj.clone()),
                (quote!(__pybound_p1), obj.clone()),
            ],
            quote!(::std::os::raw::c_int),
            vec!["__pybound_p0", "__pybound_p1"],
            quote!(#unwrap_ret let _ = __pybound_ret; ::std::result::Result::Ok(0)),
            field,
        )
    };
    let delete_slot = |field| {
        (
            vec![
                (quote!(__pybound_p0), obj.clone()),
                (quote!(_unused), obj.clone()),
            ],
            quote!(::std::os::raw::c_int),
            vec!["__pybound_p0"],
            quote!(#unwrap_ret let _ = __pybound_ret; ::std::result::Result::Ok(0)),
            field,
        )
    };
    let (params, ret_ty, arg_ptrs, finish, field): (
        Params,
        TokenStream,
        Vec<&str>,
        TokenStream,
        &str,
    ) = match name {
        "__repr__" | "__str__" => (
            vec![],
            obj.clone(),
            vec![],
            to_object,
            if name == "__repr__" { "repr" } else { "str" },
        ),
        "__iter__" => (vec![], obj.clone(), vec![], to_object, "iter"),
        "__hash__" => (
            vec![],
            quote!(#krate::ffi::Py_hash_t),
            vec![],
            quote!(#unwrap_ret ::std::result::Result::Ok(#krate::__private::hash_value(__pybound_ret))),
            "hash",
        ),
        "__len__" => (
            vec![],
            quote!(#krate::ffi::Py_ssize_t),
            vec![],
            quote!(#unwrap_ret #krate::__private::len_value(__pybound_ret)),
            "len",
        ),
        "__bool__" => (
            vec![],
            quote!(::std::os::raw::c_int),
            vec![],
            quote!(#unwrap_ret ::std::result::Result::Ok(__pybound_ret as ::std::os::raw::c_int)),
            "bool_",
        ),
        "__next__" => (
            vec![],
            obj.clone(),
            vec![],
            quote! {
                #unwrap_ret
                match __pybound_ret {
                    ::std::option::Option::Some(v) => #krate::__private::convert_return(py, v),
                    // End of iteration: NULL without an exception set.
                    ::std::option::Option::None => ::std::result::Result::Ok(::std::ptr::null_mut()),
                }
            },
            "iternext",
        ),
        "__getitem__" => (
            vec![(quote!(__pybound_p0), obj.clone())],
            obj.clone(),
            vec!["__pybound_p0"],
            to_object,
            "getitem",
        ),
        "__contains__" => (
            vec![(quote!(__pybound_p0), obj.clone())],
            quote!(::std::os::raw::c_int),
            vec!["__pybound_p0"],
            quote!(#unwrap_ret ::std::result::Result::Ok(__pybound_ret as ::std::os::raw::c_int)),
            "contains",
        ),
        "__setitem__" => store_slot("setitem"),
        "__delitem__" => delete_slot("setitem"),
        "__setattr__" => store_slot("setattro"),
        "__delattr__" => delete_slot("setattro"),
        "__set__" => store_slot("descr_set"),
        "__delete__" => delete_slot("descr_set"),
        "__get__" => (
            vec![
                (quote!(__pybound_q0), obj.clone()),
                (quote!(__pybound_q1), obj.clone()),
            ],
            obj.clone(),
            vec!["__pybound_p0", "__pybound_p1"],
            to_object,
            "descr_get",
        ),
        "__getattr__" => {
            let ptr = syn::Ident::new("__pybound_name", proc_macro2::Span::call_site());
            let (binds, vars) = slot_args(inputs, &[ptr], krate, errors);
            let w = callback(
                krate,
                Scope::Impl,
                wrap,
                &object_params(krate, &["__pybound_slf", "__pybound_name"]),
                &obj,
                quote! {
                    // Normal lookup first; `__getattr__` only runs when it raises AttributeError.
                    // SAFETY: valid object and name from CPython.
                    let found = unsafe { #krate::ffi::PyObject_GenericGetAttr(__pybound_slf, __pybound_name) };
                    if !found.is_null() {
                        return ::std::result::Result::Ok(found);
                    }
                    // SAFETY: an exception is set (the lookup failed).
                    if unsafe { #krate::ffi::PyErr_ExceptionMatches(#krate::ffi::PyExc_AttributeError) } == 0 {
                        return ::std::result::Result::Err(#krate::PyErr::fetch(py));
                    }
                    // SAFETY: clearing the AttributeError we are about to handle.
                    unsafe { #krate::ffi::PyErr_Clear() };
                    #(#binds)*
                    #recv_bind
                    let __pybound_ret = #target(#(#recv_arg,)* #(#vars),*);
                    #to_object
                },
            );
            return Some((w, "getattro"));
        }
        "__call__" => {
            let p = plan(inputs, None, false, errors);
            let spec = CallSpec {
                target: target.clone(),
                receiver_binding: recv_bind.clone(),
                receiver_arg: recv_arg.clone().next().cloned(),
                entry: Entry::TupleDict,
                finish: to_object,
            };
            let body = wrapper_body(&spec, krate, "__call__", &p);
            let w = callback(
                krate,
                Scope::Impl,
                wrap,
                &object_params(
                    krate,
                    &["__pybound_slf", "__pybound_args", "__pybound_kwargs"],
                ),
                &obj,
                body,
            );
            return Some((w, "call"));
        }
        "__richcmp__" => {
            let typed = typed_inputs(inputs);
            if typed.len() != 2 {
                errors.push_at(
                    inputs.span(),
                    "`__richcmp__` takes `(&self, other: T, op: CompareOp)`",
                );
                return None;
            }
            let other_ty = erase_lifetimes(&typed[0].ty);
            let w = callback(
                krate,
                Scope::Impl,
                wrap,
                &richcompare_params(krate),
                &obj,
                quote! {
                        // SAFETY: CPython passes a valid operand.
                        let __pybound_other_ref = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_other) };
                        // An operand of another type is not ours to compare: NotImplemented.
                        let __pybound_a0: #other_ty = match #krate::__private::extract_argument(__pybound_other_ref, "other") {
                            ::std::result::Result::Ok(v) => v,
                            ::std::result::Result::Err(_) => return ::std::result::Result::Ok(py.NotImplemented().into_ptr()),
                        };
                        let __pybound_a1 = match #krate::CompareOp::from_raw(__pybound_op) {
                            ::std::option::Option::Some(op) => op,
                            ::std::option::Option::None => return ::std::result::Result::Ok(py.NotImplemented().into_ptr()),
                        };
                        #recv_bind
                        let __pybound_ret = #target(#(#recv_arg,)* __pybound_a0, __pybound_a1);
                        #to_object
                },
            );
            return Some((w, "richcompare"));
        }
        _ => unreachable!("checked against MAGIC"),
    };
    let ptr_idents: Vec<syn::Ident> = arg_ptrs
        .iter()
        .map(|p| syn::Ident::new(p, proc_macro2::Span::call_site()))
        .collect();
    let (binds, vars) = slot_args(inputs, &ptr_idents, krate, errors);
    let none_map = if name == "__get__" {
        quote! {
            // A missing instance or owner arrives as NULL: give the method `None`.
            // SAFETY: Py_None is a static object.
            let __pybound_p0 = if __pybound_q0.is_null() { unsafe { #krate::ffi::Py_None() } } else { __pybound_q0 };
            let __pybound_p1 = if __pybound_q1.is_null() { unsafe { #krate::ffi::Py_None() } } else { __pybound_q1 };
        }
    } else {
        quote!()
    };
    let mut all_params = vec![(quote!(__pybound_slf), obj.clone())];
    all_params.extend(params);
    let w = callback(
        krate,
        Scope::Impl,
        wrap,
        &all_params,
        &ret_ty,
        quote! {
            #none_map
            #(#binds)*
            #recv_bind
            let __pybound_ret = #target(#(#recv_arg,)* #(#vars),*);
            #finish
        },
    );
    Some((w, field))
}
