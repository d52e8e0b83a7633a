//! The body of a wrapper that calls a Rust function from Python with parsed arguments: the
//! argument description, the parse of CPython's frame (vectorcall or tuple + dict), one
//! binding per Rust parameter, the call, and the conversion of its result. `#[pyfunction]`,
//! methods, `__call__`, `#[new]` and complex-enum constructors all use it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::names::python_name;
use crate::signature::{Param, Plan, Source};
use crate::types::{class_reference, erase_lifetimes, is_option, returns_result};

/// How the generated wrapper receives its arguments.
#[derive(Clone, Copy, PartialEq)]
pub enum Entry {
    /// Vectorcall: `(self, args, nargs, kwnames)`.
    Fastcall,
    /// `METH_NOARGS`: `(self, NULL)`; CPython has checked there are no arguments.
    NoArgs,
    /// `METH_O`: `(self, arg)`; CPython has checked there is exactly one.
    Single,
    /// `tp_new` / `tp_call`: `(self, args_tuple, kwargs_dict)`.
    TupleDict,
}

impl From<crate::callback::Convention> for Entry {
    fn from(c: crate::callback::Convention) -> Self {
        match c {
            crate::callback::Convention::Fastcall | crate::callback::Convention::FastcallNoArgs => {
                Entry::Fastcall
            }
            crate::callback::Convention::NoArgs => Entry::NoArgs,
            crate::callback::Convention::Single => Entry::Single,
        }
    }
}

/// What the wrapper calls and how it finishes.
pub struct CallSpec {
    /// The function to call (`super::f`, `Self::method`).
    pub target: TokenStream,
    /// Statements run before the arguments are converted (borrowing `self`).
    pub receiver_binding: TokenStream,
    /// The first argument of the call, if any (the receiver).
    pub receiver_arg: Option<TokenStream>,
    /// An async method's receiver, lent from a borrow the future owns (`&*__pybound_owned`):
    /// the call is then made inside an `async move` block that owns that borrow and the
    /// arguments, so the future is `'static`.
    pub async_receiver: Option<TokenStream>,
    pub entry: Entry,
    /// Turns `__pybound_ret` into the wrapper's `PyResult<...>`.
    pub finish: TokenStream,
    /// The class a method belongs to, for error messages (`Point.__new__() takes …`): a
    /// constant expression of type `&'static str`, or `None` for functions.
    pub class_name: Option<TokenStream>,
}

/// The class name of `self_ty` for error messages: its `PyTypeInfo::NAME`, when the type can
/// be named from inside a wrapper's `static` (not a generic type).
pub fn class_name_of(krate: &syn::Path, self_ty: &syn::Type) -> Option<TokenStream> {
    match self_ty {
        syn::Type::Path(tp)
            if tp.qself.is_none()
                && tp
                    .path
                    .segments
                    .iter()
                    .all(|seg| matches!(seg.arguments, syn::PathArguments::None)) =>
        {
            Some(quote!(<#self_ty as #krate::PyTypeInfo>::NAME))
        }
        _ => None,
    }
}

/// Convert the user function's return value (`__pybound_ret`) into the owned pointer returned
/// to Python.
pub fn return_conversion(krate: &syn::Path, output: &syn::ReturnType) -> TokenStream {
    if returns_result(output) {
        quote! {
            match __pybound_ret {
                ::std::result::Result::Ok(v) => #krate::__private::convert_return(py, v),
                ::std::result::Result::Err(e) => ::std::result::Result::Err(::std::convert::Into::into(e)),
            }
        }
    } else {
        quote!(#krate::__private::convert_return(py, __pybound_ret))
    }
}

/// The result of an `async fn`: a coroutine driving its future (`__pybound_ret`), whose
/// output becomes a Python object as a plain function's result would. `qualname` is the
/// coroutine's `__qualname__`; `cancel` whether a `CancelHandle` parameter is bound (as
/// `__pybound_cancel`).
pub fn async_return(
    krate: &syn::Path,
    output: &syn::ReturnType,
    qualname: &str,
    cancel: bool,
) -> TokenStream {
    let convert = return_conversion(krate, output);
    let cancel = if cancel {
        quote!(__pybound_cancel)
    } else {
        quote!(::std::option::Option::None)
    };
    quote! {
        let __pybound_future = __pybound_ret;
        #krate::__private::coroutine_result(#krate::coroutine::Coroutine::new(
            py,
            ::std::option::Option::Some(#krate::types::PyString::intern(py, #qualname)),
            #cancel,
            async move {
                let __pybound_ret = __pybound_future.await;
                #krate::Python::attach(|py| #krate::__private::coroutine_output(py, #convert))
            },
        ))
    }
}

/// `?` on a `Result` return value (its `Ok` value kept in `__pybound_ret`), nothing otherwise.
pub fn propagate_error(krate: &syn::Path, output: &syn::ReturnType) -> TokenStream {
    if returns_result(output) {
        quote!(let __pybound_ret = __pybound_ret.map_err(::std::convert::Into::<#krate::PyErr>::into)?;)
    } else {
        quote!()
    }
}

/// The wrapper's body: evaluates to the wrapper's `PyResult<...>`.
pub fn wrapper_body(spec: &CallSpec, krate: &syn::Path, py_name: &str, plan: &Plan) -> TokenStream {
    let n_slots = plan.slot_count();
    let positional = &plan.positional;
    let positional_only = plan.positional_only;
    let required_positional = plan.required_positional;
    let kw_names = plan.keyword_only.iter().map(|(n, _)| n);
    let kw_required = plan.keyword_only.iter().map(|(_, r)| r);
    let accept_varargs = plan.varargs.is_some();
    let accept_varkwargs = plan.kwargs.is_some();
    let (bindings, call_args): (Vec<TokenStream>, Vec<syn::Ident>) = plan
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let var = format_ident!("__pybound_arg{}", i);
            (argument_binding(p, &var, krate), var)
        })
        .unzip();
    let target = &spec.target;
    let receiver_binding = &spec.receiver_binding;
    let receiver_arg = spec.receiver_arg.iter();
    let finish = &spec.finish;
    let cls_name = match &spec.class_name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    let invoke = match &spec.async_receiver {
        Some(receiver) => quote! {
            async move { #target(#receiver, #(#call_args),*).await }
        },
        None => quote!(#target(#(#receiver_arg,)* #(#call_args),*)),
    };
    let call = quote! {
        #receiver_binding
        #(#bindings)*
        let __pybound_ret = #invoke;
        #finish
    };
    // CPython counted the arguments of these: nothing to parse, no description.
    match spec.entry {
        Entry::NoArgs => return call,
        Entry::Single => {
            return quote! {
                let __pybound_argv: *const *mut #krate::ffi::PyObject = &__pybound_arg;
                #call
            }
        }
        Entry::Fastcall | Entry::TupleDict => {}
    }
    let parse = parse_frame(spec.entry, plan, krate);

    quote! {
        static DESCRIPTION: #krate::__private::FunctionDescription = #krate::__private::FunctionDescription {
            func_name: #py_name,
            cls_name: #cls_name,
            positional_names: &[#(#positional),*],
            positional_only: #positional_only,
            required_positional: #required_positional,
            keyword_only: &[#(#krate::__private::KeywordOnlyParameter { name: #kw_names, required: #kw_required }),*],
            accept_varargs: #accept_varargs,
            accept_varkwargs: #accept_varkwargs,
            interned_names: #krate::__private::PyOnceLock::new(),
        };
        let mut __pybound_slots: [*mut #krate::ffi::PyObject; #n_slots] = [#krate::__private::EMPTY_SLOT; #n_slots];
        #parse
    }
    .into_iter()
    .chain(call_from_frame(spec.entry, plan, krate, call))
    .collect()
}

/// The conversions, the call and the result (`convert_and_call`), after the frame is parsed.
/// A tuple-and-dict call of the exact positional shape runs them on the tuple's own items; any
/// other shape runs them on the parsed slots while it holds the keyword values (the caller's
/// dict may be emptied by a conversion). As a closure called from both paths, so that the
/// common one carries no holder.
fn call_from_frame(
    entry: Entry,
    plan: &Plan,
    krate: &syn::Path,
    convert_and_call: TokenStream,
) -> TokenStream {
    if !(entry == Entry::TupleDict && plan.fast_path()) {
        return convert_and_call;
    }
    quote! {
        let __pybound_convert_and_call = |__pybound_argv: *const *mut #krate::ffi::PyObject| {
            #convert_and_call
        };
        // SAFETY: `args` is the call's tuple and `kwargs` NULL or its dict.
        match unsafe { DESCRIPTION.exact_tuple_frame(__pybound_args, __pybound_kwargs, &__pybound_slots) } {
            ::std::option::Option::Some(__pybound_argv) => __pybound_convert_and_call(__pybound_argv),
            ::std::option::Option::None => {
                // SAFETY: as above; the slots are all NULL.
                let __pybound_keyword_values = unsafe {
                    #krate::__private::new_from_tuple_dict_plain(&DESCRIPTION, py, __pybound_args, __pybound_kwargs, &mut __pybound_slots)?
                };
                __pybound_convert_and_call(__pybound_slots.as_ptr())
            }
        }
    }
}

/// Where the converted arguments are read from (`argv`, one entry per named parameter):
/// without `*args`/`**kwargs`/keyword-only parameters, CPython's own argument array when the
/// call passes exactly the positional parameters, else `slots` filled by the parser (the
/// runtime's `*_frame` helpers, inlined); otherwise always `slots`, plus the extras.
fn parse_frame(entry: Entry, plan: &Plan, krate: &syn::Path) -> TokenStream {
    let required_positional = plan.required_positional;
    match (entry, plan.fast_path()) {
        (Entry::NoArgs | Entry::Single, _) => unreachable!("no frame to parse"),
        // Parsed in `call_from_frame`.
        (Entry::TupleDict, true) => quote!(),
        (Entry::TupleDict, false) => quote! {
            // SAFETY: `args` is the call's tuple and `kwargs` NULL or its dict. The keyword values
            // are held until the arguments are converted (the dict may change meanwhile).
            let (__pybound_varargs, __pybound_varkwargs, __pybound_keyword_values) = unsafe {
                #krate::__private::new_from_tuple_dict(&DESCRIPTION, py, __pybound_args, __pybound_kwargs, &mut __pybound_slots)?
            };
            let __pybound_argv = __pybound_slots.as_ptr();
        },
        (Entry::Fastcall, true) => quote! {
            // SAFETY: a vectorcall frame as CPython passes it.
            let __pybound_argv = unsafe {
                DESCRIPTION.fastcall_frame(py, __pybound_args, __pybound_nargs, __pybound_kwnames, &mut __pybound_slots, #required_positional)?
            };
        },
        (Entry::Fastcall, false) => quote! {
            // SAFETY: a vectorcall frame as CPython passes it; `slots` has one entry per named
            // parameter, all NULL.
            let (__pybound_varargs, __pybound_varkwargs) = unsafe {
                DESCRIPTION.extract_fastcall(py, __pybound_args, __pybound_nargs, __pybound_kwnames, &mut __pybound_slots)?
            };
            let __pybound_argv = __pybound_slots.as_ptr();
        },
    }
}

/// `let #var: Ty = ...;` for one Rust parameter, from where the plan says it comes.
///
/// Only the conversion helper's path carries the parameter type's span (so that a type that
/// cannot be extracted is reported at the user's type); the wrapper's own locals (`py`,
/// `__pybound_argv`, …) keep the macro's, so that they resolve when the user's item comes from a
/// `macro_rules!` of theirs (whose hygiene would otherwise hide them).
fn argument_binding(p: &Param, var: &syn::Ident, krate: &syn::Path) -> TokenStream {
    let ty = &erase_lifetimes(&p.ty);
    let name = python_name(&p.ident);
    let span = ty.span();
    let private = quote_spanned!(span=> #krate::__private);
    match &p.source {
        Source::Python => quote!(let #var = py;),
        Source::CancelHandle => quote! {
            let #var = #krate::coroutine::CancelHandle::new();
            let __pybound_cancel = ::std::option::Option::Some(#var.share());
        },
        Source::Module => quote! {
            // SAFETY: `pass_module` functions are created with the module as `self`.
            let #var: #ty = unsafe {
                #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#krate::types::PyModule>()
            };
        },
        Source::Slot { index, default } => {
            if let Some(f) = &p.from_py_with {
                return from_py_with_binding(var, ty, &private, *index, &name, default, f);
            }
            if let Some(binding) = class_reference_binding(p, var, krate, *index, default) {
                return binding;
            }
            slot_binding(var, ty, &private, *index, &name, default)
        }
        Source::VarArgs => quote! {
            let __pybound_varargs = __pybound_varargs.unwrap_or_else(|| #krate::types::PyTuple::empty(py));
            let #var: #ty = #private::extract_argument(__pybound_varargs.as_any(), #name)?;
        },
        Source::KwArgs => quote! {
            let #var: #ty = match __pybound_varkwargs.as_ref() {
                ::std::option::Option::Some(d) => #private::extract_argument(d.as_any(), #name)?,
                ::std::option::Option::None => ::std::option::Option::None,
            };
        },
    }
}

/// `#[pybound(from_py_with = f)]`: the argument converted by `f` (errors renamed as
/// conversion errors are); an omitted optional argument takes the default.
fn from_py_with_binding(
    var: &syn::Ident,
    ty: &syn::Type,
    private: &TokenStream,
    index: usize,
    name: &str,
    default: &Option<syn::Expr>,
    f: &syn::Path,
) -> TokenStream {
    let missing = match default {
        Some(d) => quote!(#d),
        // The parsers fill every required slot.
        None => quote!(::std::unreachable!("required argument '{}' was not parsed", #name)),
    };
    quote! {
        // SAFETY: `argv` has an entry per named parameter, NULL or an argument pointer valid
        // for this call.
        let #var: #ty = match unsafe { #private::argument_slot(py, __pybound_argv, #index) } {
            ::std::option::Option::Some(obj) => #private::from_py_with(obj, #name, #f)?,
            ::std::option::Option::None => #missing,
        };
    }
}

/// The binding of a parameter filled from the argument slots.
fn slot_binding(
    var: &syn::Ident,
    ty: &syn::Type,
    private: &TokenStream,
    index: usize,
    name: &str,
    default: &Option<syn::Expr>,
) -> TokenStream {
    match default {
        // SAFETY (both): `argv` has an entry per named parameter, each NULL or an
        // argument pointer valid for this call; the parsers fill every required one.
        None => quote! {
            let #var: #ty = unsafe { #private::required_argument(py, __pybound_argv, #index, #name)? };
        },
        Some(d) => quote! {
            let #var: #ty = match unsafe { #private::optional_argument(py, __pybound_argv, #index, #name)? } {
                ::std::option::Option::Some(value) => value,
                ::std::option::Option::None => #d,
            };
        },
    }
}

/// `&T` / `&mut T` / `Option<&T>` / `Option<&mut T>` of a `#[pyclass]` (see
/// [`class_reference`]): the argument is borrowed into a guard kept for the call (a `PyRef`
/// without the reference count: the argument slot keeps the object alive), and the parameter
/// is a reference into it.
fn class_reference_binding(
    p: &Param,
    var: &syn::Ident,
    krate: &syn::Path,
    index: usize,
    default: &Option<syn::Expr>,
) -> Option<TokenStream> {
    let (optional, reference) = match class_reference(&p.ty) {
        Some(r) => (false, r),
        None => (
            true,
            crate::types::type_argument(&p.ty, 0)
                .filter(|_| is_option(&p.ty))
                .and_then(class_reference)?,
        ),
    };
    let (inner, mutable) = reference;
    let inner = erase_lifetimes(inner);
    let holder = format_ident!("{}_holder", var);
    // The guards borrow the value through the argument slot: no reference is counted.
    let holder_ty = if mutable {
        quote!(#krate::PyClassGuardMut<'_, #inner>)
    } else {
        quote!(#krate::PyClassGuard<'_, #inner>)
    };
    let reborrow = if mutable { quote!(&mut *) } else { quote!(&*) };
    let name = python_name(&p.ident);
    let private = quote_spanned!(p.ty.span()=> #krate::__private);
    let mut_kw = mutable.then(|| quote!(mut));
    Some(if !optional {
        let fetch = slot_binding(
            &holder,
            &syn::parse_quote!(#holder_ty),
            &private,
            index,
            &name,
            default,
        );
        quote! {
            #fetch
            let #mut_kw #holder = #holder;
            let #var = #reborrow #holder;
        }
    } else {
        // An optional class reference defaults to `None` (its only sensible default).
        let holder_option: syn::Type = syn::parse_quote!(::std::option::Option<#holder_ty>);
        let none: Option<syn::Expr> = default
            .as_ref()
            .map(|_| syn::parse_quote!(::std::option::Option::None));
        let fetch = slot_binding(&holder, &holder_option, &private, index, &name, &none);
        quote! {
            #fetch
            let #mut_kw #holder = #holder;
            let #var = match #holder { ::std::option::Option::Some(ref #mut_kw h) => ::std::option::Option::Some(#reborrow *h), ::std::option::Option::None => ::std::option::Option::None };
        }
    })
}
