//! `#[pyfunction]`: parse → plan → generate the vectorcall wrapper and its definition.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::attributes::{take_options, Options};
use crate::callback::{callback, fastcall_params, object, Scope};
use crate::signature::{plan, Plan, Source};
use crate::utils::{c_string, doc_text, erase_lifetimes, is_result, Errors};

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut func: syn::ItemFn = match syn::parse2(item) {
        Ok(f) => f,
        Err(e) => {
            let mut e2 = syn::Error::new(
                e.span(),
                "`#[pyfunction]` goes on a free function (`fn name(...)`)",
            );
            e2.combine(e);
            return e2.to_compile_error();
        }
    };
    match generate(args, &mut func) {
        Ok(extra) => quote!(#func #extra),
        Err(err) => {
            let err = err.to_compile_error();
            quote!(#func #err)
        }
    }
}

fn generate(args: TokenStream, func: &mut syn::ItemFn) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let opts = take_options(args, &mut func.attrs, &mut errors);
    let options = Options::from_opts(
        opts,
        &[
            "name",
            "signature",
            "text_signature",
            "pass_module",
            "crate",
        ],
        "`#[pyfunction]`",
        &mut errors,
    );
    for input in func.sig.inputs.iter_mut() {
        if let syn::FnArg::Typed(p) = input {
            p.attrs.retain(|a| {
                if a.path().is_ident("pybound") {
                    errors.push_at(
                        a.span(),
                        "parameter options are not supported yet: remove this `#[pybound(...)]`",
                    );
                    false
                } else {
                    true
                }
            });
        }
    }
    if let Some(a) = &func.sig.asyncness {
        errors.push_at(
            a.span(),
            "`async fn` cannot be a `#[pyfunction]` yet: make it a plain `fn`",
        );
    }
    if !func
        .sig
        .generics
        .params
        .iter()
        .all(|g| matches!(g, syn::GenericParam::Lifetime(_)))
    {
        errors.push_at(
            func.sig.generics.span(),
            "a `#[pyfunction]` cannot be generic over types: Python calls one concrete function",
        );
    }
    let plan = plan(
        &func.sig.inputs,
        options.signature.as_ref(),
        options.pass_module,
        &mut errors,
    );
    errors.finish()?;
    Ok(function_def(func, &options, &plan))
}

/// The parameter names as written in the wrapper's locals.
fn local(i: usize) -> syn::Ident {
    format_ident!("__pybound_arg{}", i)
}

/// Everything after the user's function: the wrapper, and a module named like the function
/// holding the definition (`__PYBOUND_DEF`) and its export entry (`__PYBOUND_EXPORT`).
pub fn function_def(func: &syn::ItemFn, options: &Options, plan: &Plan) -> TokenStream {
    let krate = options.krate();
    let rust_name = &func.sig.ident;
    let vis = &func.vis;
    let py_name = options.name.as_ref().map(|n| n.value()).unwrap_or_else(|| {
        let s = rust_name.to_string();
        s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
    });
    let text_sig = options
        .text_signature
        .as_ref()
        .map(|t| t.value())
        .unwrap_or_else(|| plan.text_signature.clone());
    let doc = doc_text(&func.attrs);
    let full_doc = format!("{py_name}{text_sig}\n--\n\n{doc}");
    let name_c = c_string(&py_name);
    let doc_c = c_string(&full_doc);
    let spec = CallSpec {
        target: quote!(#rust_name),
        receiver_binding: quote!(),
        receiver_arg: None,
        entry: Entry::Fastcall,
        finish: return_conversion(&krate, &func.sig.output),
    };
    let body = wrapper_body(&spec, &krate, &py_name, plan);
    // The wrapper stands beside the function, not in the module below: rustc makes a codegen
    // unit of each module, and every unit gets its own copy of the inline helpers a wrapper
    // uses, so wrappers kept together (as the functions usually are) compile faster.
    let wrap = format_ident!("__pybound_wrap_{}", py_name_ident(rust_name));
    let wrapper = callback(
        &krate,
        Scope::Items,
        &wrap,
        &fastcall_params(&krate),
        &object(&krate),
        body,
    );

    quote! {
        #wrapper

        #[doc(hidden)]
        #[allow(non_snake_case, non_upper_case_globals, clippy::all)]
        #vis mod #rust_name {
            /// The definition `wrap_pyfunction!` turns into a function object. Constants,
            /// not statics: a module holding only constants generates no codegen unit.
            pub const __PYBOUND_DEF: #krate::__private::PyFunctionDef =
                #krate::__private::PyFunctionDef::new(#name_c, super::#wrap, #doc_c);

            /// The entry `#[pymodule_export]` lists.
            pub const __PYBOUND_EXPORT: #krate::__private::Export =
                #krate::__private::Export::Function(&__PYBOUND_DEF);
        }
    }
}

/// How the generated wrapper receives its arguments.
#[derive(Clone, Copy, PartialEq)]
pub enum Entry {
    /// Vectorcall: `(self, args, nargs, kwnames)`.
    Fastcall,
    /// `tp_new` / `tp_call`: `(self, args_tuple, kwargs_dict)`.
    TupleDict,
}

/// What the wrapper calls and how it finishes.
pub struct CallSpec {
    /// The function to call (`super::f`, `Self::method`).
    pub target: TokenStream,
    /// Statements run before the arguments are converted (borrowing `self`).
    pub receiver_binding: TokenStream,
    /// The first argument of the call, if any (the receiver).
    pub receiver_arg: Option<TokenStream>,
    pub entry: Entry,
    /// Turns `__pybound_ret` into the wrapper's `PyResult<...>`.
    pub finish: TokenStream,
}

/// Convert the user function's return value into the owned pointer returned to Python.
pub fn return_conversion(krate: &syn::Path, output: &syn::ReturnType) -> TokenStream {
    let ret_is_result = match output {
        syn::ReturnType::Type(_, ty) => is_result(ty),
        syn::ReturnType::Default => false,
    };
    if ret_is_result {
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

pub fn wrapper_body(spec: &CallSpec, krate: &syn::Path, py_name: &str, plan: &Plan) -> TokenStream {
    let n_slots = plan.slot_count();
    let positional = &plan.positional;
    let positional_only = plan.positional_only;
    let required_positional = plan.required_positional;
    let kw_names = plan.keyword_only.iter().map(|(n, _)| n);
    let kw_required = plan.keyword_only.iter().map(|(_, r)| r);
    let accept_varargs = plan.varargs.is_some();
    let accept_varkwargs = plan.kwargs.is_some();

    // Where the converted arguments are read from (`argv`, one entry per named parameter):
    // without `*args`/`**kwargs`/keyword-only parameters, CPython's own argument array when the
    // call passes exactly the positional parameters, else `slots` filled by the parser (the
    // runtime's `*_frame` helpers, inlined); otherwise always `slots`, plus the extras.
    let parse = match (spec.entry, plan.fast_path()) {
        (Entry::TupleDict, true) => quote! {
            // SAFETY: `args` is the call's tuple and `kwargs` NULL or its dict.
            let __pybound_argv = unsafe {
                DESCRIPTION.tuple_dict_frame(py, __pybound_args, __pybound_kwargs, &mut __pybound_slots)?
            };
        },
        (Entry::TupleDict, false) => quote! {
            // SAFETY: `args` is the call's tuple and `kwargs` NULL or its dict.
            let (__pybound_varargs, __pybound_varkwargs) = unsafe {
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
    };

    let mut bindings = Vec::new();
    let mut call_args = Vec::new();
    for (i, p) in plan.params.iter().enumerate() {
        let var = local(i);
        let ty = &erase_lifetimes(&p.ty);
        let name = p.ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        let span = ty.span();
        let binding = match &p.source {
            Source::Python => quote!(let #var = py;),
            Source::Module => quote_spanned! {span=>
                // SAFETY: `pass_module` functions are created with the module as `self`.
                let #var: #ty = unsafe {
                    #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#krate::types::PyModule>()
                };
            },
            Source::Slot { index, default } => match default {
                // SAFETY (both): `argv` has an entry per named parameter, each NULL or an
                // argument pointer valid for this call; the parsers fill every required one.
                None => quote_spanned! {span=>
                    let #var: #ty = unsafe { #krate::__private::required_argument(py, __pybound_argv, #index, #name)? };
                },
                Some(d) => {
                    let d = quote_spanned!(d.span()=> #d);
                    quote_spanned! {span=>
                        let #var: #ty = match unsafe { #krate::__private::optional_argument(py, __pybound_argv, #index, #name)? } {
                            ::std::option::Option::Some(value) => value,
                            ::std::option::Option::None => #d,
                        };
                    }
                }
            },
            Source::VarArgs => quote_spanned! {span=>
                let __pybound_varargs = __pybound_varargs.unwrap_or_else(|| #krate::types::PyTuple::empty(py));
                let #var: #ty = #krate::__private::extract_argument(__pybound_varargs.as_any(), #name)?;
            },
            Source::KwArgs => quote_spanned! {span=>
                let #var: #ty = match __pybound_varkwargs.as_ref() {
                    ::std::option::Option::Some(d) => #krate::__private::extract_argument(d.as_any(), #name)?,
                    ::std::option::Option::None => ::std::option::Option::None,
                };
            },
        };
        bindings.push(binding);
        call_args.push(var);
    }

    let target = &spec.target;
    let receiver_binding = &spec.receiver_binding;
    let receiver_arg = spec.receiver_arg.iter();
    let finish = &spec.finish;

    quote! {
        static DESCRIPTION: #krate::__private::FunctionDescription = #krate::__private::FunctionDescription {
            func_name: #py_name,
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
        #receiver_binding
        #(#bindings)*
        let __pybound_ret = #target(#(#receiver_arg,)* #(#call_args),*);
        #finish
    }
}

/// A function's name without a raw-identifier prefix, for names derived from it.
fn py_name_ident(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}
