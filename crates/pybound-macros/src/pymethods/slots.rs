//! Generation of the slot functions of magic methods, from their row in [`magic::MAGIC`]
//! (`__len__`, `__getitem__`, `__setitem__` / `__delitem__`, `__call__`, `__richcmp__`, …).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use super::magic::{Magic, Returns, Role, Shape, Target};
use super::model::MethodSpec;
use super::{operand_bindings, Call, Ctx, Table};
use crate::callback::{callback, object, object_params, richcompare_params, Scope};
use crate::wrapper::{propagate_error, return_conversion, wrapper_body, CallSpec, Entry};

/// The slot function of magic method `m` (described by `magic`), recorded where its slot goes.
pub fn magic(ctx: &Ctx<'_>, m: &MethodSpec, magic: &Magic, call: Call, table: &mut Table) {
    let krate = ctx.krate;
    let wrap = call.wrap.clone();
    let function = match magic.shape {
        Shape::Operands(n, returns) => operands(ctx, m, magic.target, n, returns, call, &[]),
        Shape::Descriptor => {
            let null_to_none = ["__pybound_q0", "__pybound_q1"];
            operands(
                ctx,
                m,
                magic.target,
                2,
                Returns::Object,
                call,
                &null_to_none,
            )
        }
        Shape::GetAttr => getattr(ctx, m, call),
        Shape::GetAttribute => {
            let function = operands(ctx, m, magic.target, 1, Returns::Object, call, &[]);
            table.wrappers.push(function);
            if !ctx.both_getattrs {
                let self_ty = ctx.self_ty;
                table
                    .slots
                    .push(quote!(getattro: ::std::option::Option::Some(#self_ty::#wrap)));
            }
            return;
        }
        Shape::Call => call_slot(ctx, m, call, false),
        Shape::Init => call_slot(ctx, m, call, true),
        Shape::RichCompare => richcmp(ctx, m, call),
        Shape::Traverse | Shape::Clear => collector(ctx, magic, &wrap),
        Shape::GetBuffer | Shape::ReleaseBuffer => buffer_slot(ctx, m, magic, call),
        Shape::Repeat => repeat(ctx, m, call),
    };
    table.wrappers.push(function);
    let self_ty = ctx.self_ty;
    match magic.target {
        Target::Type(field) => {
            let field = syn::Ident::new(field, Span::call_site());
            table
                .slots
                .push(quote!(#field: ::std::option::Option::Some(#self_ty::#wrap)));
        }
        Target::Number(slot) => {
            let slot = syn::Ident::new(slot, Span::call_site());
            table.number_slots.push(
                quote!((#krate::ffi::#slot, #krate::__private::SlotFn::Unary(#self_ty::#wrap))),
            );
        }
        Target::SequenceBinary(slot) | Target::SequenceRepeat(slot) => {
            let slot = syn::Ident::new(slot, Span::call_site());
            let kind = if matches!(magic.target, Target::SequenceBinary(_)) {
                quote!(Binary)
            } else {
                quote!(SsizeArg)
            };
            table.number_slots.push(
                quote!((#krate::ffi::#slot, #krate::__private::SlotFn::#kind(#self_ty::#wrap))),
            );
        }
        Target::Shared(field, role, kind) => {
            let entry = table.shared.entry(field).or_insert((kind, None, None));
            match role {
                Role::Store => entry.1 = Some(wrap),
                Role::Delete => entry.2 = Some(wrap),
            }
        }
    }
}

/// A slot function of `self` and `n` objects (`__pybound_p0`, …), each converted to the
/// method's parameter type. `null_to_none` names the C parameters, if they differ, whose NULL
/// means `None` (then mapped onto `__pybound_pN`).
fn operands(
    ctx: &Ctx<'_>,
    m: &MethodSpec,
    target: Target,
    n: usize,
    returns: Returns,
    call: Call,
    null_to_none: &[&str],
) -> TokenStream {
    let krate = ctx.krate;
    let ptrs: Vec<syn::Ident> = (0..n).map(|i| format_ident!("__pybound_p{}", i)).collect();
    let mut c_params: Vec<&str> = null_to_none.to_vec();
    let p_names: Vec<String> = ptrs.iter().map(|p| p.to_string()).collect();
    if c_params.is_empty() {
        c_params = p_names.iter().map(String::as_str).collect();
    }
    // The deleting half of a shared slot is called with a NULL value it does not use.
    if matches!(target, Target::Shared(_, Role::Delete, _)) {
        c_params.push("_unused");
    }
    let mut names = vec!["__pybound_slf"];
    names.extend(c_params.iter().copied());
    let prelude = null_to_none.iter().zip(&ptrs).map(|(c, p)| {
        let c = syn::Ident::new(c, Span::call_site());
        quote!(let #p = #krate::__private::none_if_null(#c);)
    });
    let (binds, vars) = operand_bindings(m, &ptrs, krate);
    let invoke = call.invoke(&vars);
    let (ret, finish) = result_conversion(krate, &m.output, returns);
    callback(
        krate,
        Scope::Impl,
        &call.wrap,
        &object_params(krate, &names),
        &ret,
        quote! {
            #(#prelude)*
            #(#binds)*
            #invoke
            #finish
        },
    )
}

/// The slot's C result type, and the statements turning `__pybound_ret` into it.
fn result_conversion(
    krate: &syn::Path,
    output: &syn::ReturnType,
    returns: Returns,
) -> (TokenStream, TokenStream) {
    let propagate = propagate_error(krate, output);
    let c_int = quote!(::std::os::raw::c_int);
    // `__next__` returning `Option<T>` (or a `Result` of one) ends the iteration with `None`;
    // returning anything else yields it every time, as in PyO3.
    let returns = match (returns, output) {
        (Returns::IterNext | Returns::AsyncIterNext, syn::ReturnType::Type(_, ty)) => {
            let ty = if crate::types::is_result(ty) {
                crate::types::type_argument(ty, 0).unwrap_or(ty)
            } else {
                ty
            };
            if crate::types::is_option(ty) {
                returns
            } else {
                Returns::Object
            }
        }
        (returns, _) => returns,
    };
    match returns {
        Returns::Object => (object(krate), return_conversion(krate, output)),
        Returns::Hash => (
            quote!(#krate::ffi::Py_hash_t),
            quote!(#propagate ::std::result::Result::Ok(#krate::__private::hash_value(__pybound_ret))),
        ),
        Returns::Length => (
            quote!(#krate::ffi::Py_ssize_t),
            quote!(#propagate #krate::__private::len_value(__pybound_ret)),
        ),
        Returns::Truth => (
            c_int.clone(),
            quote!(#propagate ::std::result::Result::Ok(__pybound_ret as #c_int)),
        ),
        Returns::IterNext => (
            object(krate),
            quote! {
                #propagate
                match __pybound_ret {
                    ::std::option::Option::Some(v) => #krate::__private::convert_return(py, v),
                    // End of iteration: NULL without an exception set.
                    ::std::option::Option::None => ::std::result::Result::Ok(::std::ptr::null_mut()),
                }
            },
        ),
        Returns::AsyncIterNext => (
            object(krate),
            quote! {
                #propagate
                match __pybound_ret {
                    ::std::option::Option::Some(v) => #krate::__private::convert_return(py, v),
                    ::std::option::Option::None => ::std::result::Result::Err(
                        #krate::exceptions::PyStopAsyncIteration::new_err(()),
                    ),
                }
            },
        ),
        Returns::Status => (
            c_int,
            quote!(#propagate let _ = __pybound_ret; ::std::result::Result::Ok(0)),
        ),
    }
}

/// `__repeat__(count)` / `__inplace_repeat__(count)`: the count converted to the parameter's
/// integer type (`OverflowError` if it does not fit, e.g. a negative count for `usize`).
fn repeat(ctx: &Ctx<'_>, m: &MethodSpec, call: Call) -> TokenStream {
    let krate = ctx.krate;
    let (binds, vars) = super::bind_parameters(m, |_, _, var| {
        quote! {
            let #var = ::std::convert::TryFrom::try_from(__pybound_count).map_err(|_| {
                #krate::exceptions::PyOverflowError::new_err("repeat count out of range")
            })?;
        }
    });
    let invoke = call.invoke(&vars);
    let finish = return_conversion(krate, &m.output);
    let obj = object(krate);
    callback(
        krate,
        Scope::Impl,
        &call.wrap,
        &vec![
            (quote!(__pybound_slf), obj.clone()),
            (quote!(__pybound_count), quote!(#krate::ffi::Py_ssize_t)),
        ],
        &obj,
        quote! {
            #(#binds)*
            #invoke
            #finish
        },
    )
}

/// `__getattr__`: after the generic lookup fails with `AttributeError`.
fn getattr(ctx: &Ctx<'_>, m: &MethodSpec, call: Call) -> TokenStream {
    let krate = ctx.krate;
    let (binds, vars) = operand_bindings(m, &[format_ident!("__pybound_name")], krate);
    let finish = return_conversion(krate, &m.output);
    let invoke = call.invoke(&vars);
    let self_ty = ctx.self_ty;
    let primary = if ctx.both_getattrs {
        // `__getattribute__`'s own slot function, called as CPython would.
        quote!(#krate::__private::attribute_or_none(py, #self_ty::__pybound_wrap___getattribute__(__pybound_slf, __pybound_name))?)
    } else {
        quote!(#krate::__private::generic_getattr(py, __pybound_slf, __pybound_name)?)
    };
    callback(
        krate,
        Scope::Impl,
        &call.wrap,
        &object_params(krate, &["__pybound_slf", "__pybound_name"]),
        &object(krate),
        quote! {
            // SAFETY: the object and name CPython passed to tp_getattro.
            if let ::std::option::Option::Some(found) = unsafe { #primary } {
                return ::std::result::Result::Ok(found);
            }
            #(#binds)*
            #invoke
            #finish
        },
    )
}

/// `__call__` (or, with `init`, `__init__`): the call's tuple and dict parsed like a
/// function's arguments; `__init__`'s result is a status.
fn call_slot(ctx: &Ctx<'_>, m: &MethodSpec, call: Call, init: bool) -> TokenStream {
    let krate = ctx.krate;
    let (finish, ret, name) = if init {
        let (ret, finish) = result_conversion(krate, &m.output, Returns::Status);
        (finish, ret, "__init__")
    } else {
        (
            return_conversion(krate, &m.output),
            object(krate),
            "__call__",
        )
    };
    let spec = CallSpec {
        target: call.target,
        receiver_binding: call.recv_bind,
        receiver_arg: call.recv_arg,
        async_receiver: None,
        entry: Entry::TupleDict,
        finish,
        class_name: crate::wrapper::class_name_of(krate, ctx.self_ty),
    };
    let plan = m
        .plan
        .as_ref()
        .expect("`__call__` / `__init__` is parsed with a plan");
    let body = wrapper_body(&spec, krate, name, plan);
    let params = object_params(
        krate,
        &["__pybound_slf", "__pybound_args", "__pybound_kwargs"],
    );
    callback(krate, Scope::Impl, &call.wrap, &params, &ret, body)
}

/// `__richcmp__(other, op)`: `NotImplemented` for an operand of another type or an unknown op.
fn richcmp(ctx: &Ctx<'_>, m: &MethodSpec, call: Call) -> TokenStream {
    let krate = ctx.krate;
    let finish = return_conversion(krate, &m.output);
    let not_implemented = quote!(py.NotImplemented().into_ptr());
    let (binds, vars) = super::bind_parameters(m, |i, p, var| {
        if i == 0 {
            return super::other_operand(p, var, krate, not_implemented.clone());
        }
        quote! {
            let #var = match #krate::CompareOp::from_raw(__pybound_op) {
                ::std::option::Option::Some(op) => op,
                ::std::option::Option::None => return ::std::result::Result::Ok(#not_implemented),
            };
        }
    });
    let invoke = call.invoke(&vars);
    callback(
        krate,
        Scope::Impl,
        &call.wrap,
        &richcompare_params(krate),
        &object(krate),
        quote! {
            #(#binds)*
            #invoke
            #finish
        },
    )
}

/// `__traverse__` / `__clear__`: the collector's slots, which the runtime runs the method in.
fn collector(ctx: &Ctx<'_>, magic: &Magic, wrap: &syn::Ident) -> TokenStream {
    let Ctx { krate, self_ty, .. } = ctx;
    if matches!(magic.shape, Shape::Traverse) {
        quote! {
            #[doc(hidden)]
            unsafe extern "C" fn #wrap(slf: *mut #krate::ffi::PyObject, visit: #krate::ffi::visitproc, arg: *mut ::std::ffi::c_void) -> ::std::os::raw::c_int {
                // SAFETY: called by the cycle collector on an instance.
                unsafe { #krate::__private::traverse::<#self_ty>(slf, visit, arg, #self_ty::__traverse__) }
            }
        }
    } else {
        quote! {
            #[doc(hidden)]
            unsafe extern "C" fn #wrap(slf: *mut #krate::ffi::PyObject) -> ::std::os::raw::c_int {
                // SAFETY: called by the cycle collector on an instance.
                unsafe { #krate::__private::clear::<#self_ty>(slf, #self_ty::__clear__) }
            }
        }
    }
}

/// `__getbuffer__` / `__releasebuffer__` (PyO3's raw form, `unsafe fn`s filling the
/// `Py_buffer` themselves): the C arguments passed through unconverted, the call made through
/// the runtime's `get_buffer` / `release_buffer`, which clean up a failed export and report a
/// failed release.
fn buffer_slot(ctx: &Ctx<'_>, m: &MethodSpec, magic: &Magic, call: Call) -> TokenStream {
    let Ctx { krate, .. } = ctx;
    let getbuffer = matches!(magic.shape, Shape::GetBuffer);
    let obj = object(krate);
    let c_int = quote!(::std::os::raw::c_int);
    // The C parameters after the instance, which the method receives unconverted.
    let mut raw = vec![(
        format_ident!("__pybound_view"),
        quote!(*mut #krate::ffi::Py_buffer),
    )];
    if getbuffer {
        raw.push((format_ident!("__pybound_flags"), c_int.clone()));
    }
    let (binds, vars) = super::bind_parameters(m, |i, _, var| {
        let raw = &raw[i].0;
        quote!(let #var = #raw;)
    });
    let Call {
        wrap,
        target,
        recv_bind,
        recv_arg,
        ..
    } = call;
    let recv_arg = recv_arg.iter();
    let (_, finish) = result_conversion(krate, &m.output, Returns::Status);
    let body_name = format_ident!("{}_body", wrap);
    let names: Vec<&syn::Ident> = raw.iter().map(|(n, _)| n).collect();
    let types: Vec<&TokenStream> = raw.iter().map(|(_, t)| t).collect();
    let (runtime, sig_ret) = if getbuffer {
        (quote!(get_buffer), quote!(-> #c_int))
    } else {
        (quote!(release_buffer), quote!())
    };
    quote! {
        #[doc(hidden)]
        unsafe extern "C" fn #wrap(__pybound_slf: #obj, #(#names: #types),*) #sig_ret {
            // SAFETY: CPython's arguments to the buffer slot, with the lock held.
            unsafe { #krate::__private::#runtime(__pybound_slf, #(#names,)* Self::#body_name) }
        }
        #[doc(hidden)]
        #[allow(non_snake_case, unused_mut, unused_variables, unused_unsafe, clippy::all)]
        unsafe fn #body_name(py: #krate::Python<'_>, (__pybound_slf, #(#names),*): (#obj, #(#types),*)) -> #krate::PyResult<#c_int> {
            #recv_bind
            #(#binds)*
            // SAFETY: the method's own contract (it is an `unsafe fn` taking CPython's view).
            let __pybound_ret = unsafe { #target(#(#recv_arg,)* #(#vars),*) };
            #finish
        }
    }
}

/// The slot functions of shared slots (`__setitem__` / `__delitem__`, …): the runtime's
/// `store_or_delete` over the halves the class defines.
pub fn shared_slots(ctx: &Ctx<'_>, table: &mut Table) {
    let Ctx { krate, self_ty, .. } = ctx;
    let option = |w: &Option<syn::Ident>| match w {
        Some(w) => quote!(::std::option::Option::Some(#self_ty::#w as #krate::__private::StoreFn)),
        None => quote!(::std::option::Option::None),
    };
    for (field, (kind, store, delete)) in std::mem::take(&mut table.shared) {
        let wrap = format_ident!("__pybound_shared_{}", field);
        let field = syn::Ident::new(field, Span::call_site());
        let kind = syn::Ident::new(kind, Span::call_site());
        let (store, delete) = (option(&store), option(&delete));
        table.wrappers.push(quote! {
            #[doc(hidden)]
            unsafe extern "C" fn #wrap(__pybound_slf: *mut #krate::ffi::PyObject, __pybound_key: *mut #krate::ffi::PyObject, __pybound_value: *mut #krate::ffi::PyObject) -> ::std::os::raw::c_int {
                // SAFETY: forwarded from CPython.
                unsafe { #krate::__private::store_or_delete(__pybound_slf, __pybound_key, __pybound_value, #store, #delete, #krate::__private::SharedSlot::#kind) }
            }
        });
        table
            .slots
            .push(quote!(#field: ::std::option::Option::Some(#self_ty::#wrap)));
    }
}
