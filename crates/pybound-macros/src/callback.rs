//! The one shape of every C callback the macros generate: an `extern "C"` function that hands
//! its arguments to a body function through the runtime's trampoline.
//!
//! The body is a named function beside the callback, not a closure. The trampoline's
//! panic-catching frame then depends only on the argument and return types, so it is the same
//! code for all callbacks of a shape, and LLVM optimises each body once on its own and once
//! inlined into its callback. With a closure the body was optimised again at every layer of
//! `catch_unwind` (six times in all), which made up a third of the optimisation time of a crate
//! of wrappers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Where the callback and its body are placed, which decides how one names the other.
#[derive(Clone, Copy)]
pub enum Scope {
    /// In a module or a function body: the body is named by its plain name.
    Items,
    /// In an inherent `impl` block: the body is an associated function (`Self::…`).
    Impl,
}

/// The parameter list of a callback: `(name, type)` pairs, as CPython passes them.
pub type Params = Vec<(TokenStream, TokenStream)>;

/// `unsafe extern "C" fn #name(params) -> #ret` running `body` inside the trampoline, plus the
/// body function `#name_body`. `body` sees `py` and the parameters by name and evaluates to
/// `PyResult<#ret>`; an `Err` is raised and the slot's error value (NULL or -1) returned.
pub fn callback(
    krate: &syn::Path,
    scope: Scope,
    name: &syn::Ident,
    params: &Params,
    ret: &TokenStream,
    body: TokenStream,
) -> TokenStream {
    let body_name = format_ident!("{}_body", name);
    let names: Vec<&TokenStream> = params.iter().map(|(n, _)| n).collect();
    let types: Vec<&TokenStream> = params.iter().map(|(_, t)| t).collect();
    let path = match scope {
        Scope::Items => quote!(#body_name),
        Scope::Impl => quote!(Self::#body_name),
    };
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case)]
        unsafe extern "C" fn #name(#(#names: #types),*) -> #ret {
            // SAFETY: CPython calls this with the lock held and the arguments of its slot,
            // which are the body's.
            unsafe { #krate::__private::trampoline((#(#names,)*), #path) }
        }
        #[doc(hidden)]
        #[allow(non_snake_case, unused_mut, unused_variables, unused_unsafe, clippy::all)]
        unsafe fn #body_name(py: #krate::Python<'_>, (#(#names,)*): (#(#types,)*)) -> #krate::PyResult<#ret> {
            #body
        }
    }
}

/// `*mut ffi::PyObject`, the type of most callback parameters and results.
pub fn object(krate: &syn::Path) -> TokenStream {
    quote!(*mut #krate::ffi::PyObject)
}

/// Parameters that are all object pointers, by name.
pub fn object_params(krate: &syn::Path, names: &[&str]) -> Params {
    names
        .iter()
        .map(|n| {
            let n = syn::Ident::new(n, proc_macro2::Span::call_site());
            (quote!(#n), object(krate))
        })
        .collect()
}

/// A vectorcall (`METH_FASTCALL | METH_KEYWORDS`) function or method.
pub fn fastcall_params(krate: &syn::Path) -> Params {
    let obj = object(krate);
    vec![
        (quote!(__pybound_slf), obj.clone()),
        (quote!(__pybound_args), quote!(*const #obj)),
        (quote!(__pybound_nargs), quote!(#krate::ffi::Py_ssize_t)),
        (quote!(__pybound_kwnames), obj),
    ]
}

/// The calling convention a function or method is registered with, from its argument plan.
#[derive(Clone, Copy, PartialEq)]
pub enum Convention {
    /// Vectorcall (`METH_FASTCALL | METH_KEYWORDS`): any signature.
    Fastcall,
    /// Vectorcall for a function without parameters: CPython 3.11+ specialises calls of
    /// vectorcall functions, not of `METH_NOARGS` ones (`f()` took 0.59 of a `METH_NOARGS` C
    /// function's time, bench/README.md). An abi3 build for 3.9 registers it `METH_NOARGS`.
    FastcallNoArgs,
    /// `METH_NOARGS`: a method without parameters (as fast as vectorcall for methods, and
    /// nothing to parse).
    NoArgs,
    /// `METH_O`: exactly one argument, positional-only and required (`signature = (x, /)`).
    Single,
}

impl Convention {
    /// The cheapest convention that takes the plan's arguments; `method` for an instance
    /// method (called through a method descriptor). CPython checks the count of `METH_NOARGS`
    /// and `METH_O` calls itself (with its own messages: `f() takes no arguments (1 given)`,
    /// `f() takes exactly one argument (0 given)`), and passes the one argument without an
    /// array.
    pub fn of(plan: &crate::signature::Plan, method: bool) -> Self {
        if !plan.fast_path() {
            Convention::Fastcall
        } else if plan.slot_count() == 0 && method {
            Convention::NoArgs
        } else if plan.slot_count() == 0 {
            Convention::FastcallNoArgs
        } else if plan.slot_count() == 1
            && plan.positional_only == 1
            && plan.required_positional == 1
        {
            Convention::Single
        } else {
            Convention::Fastcall
        }
    }

    /// The callback's parameters.
    pub fn params(self, krate: &syn::Path) -> Params {
        let obj = object(krate);
        match self {
            Convention::Fastcall | Convention::FastcallNoArgs => fastcall_params(krate),
            Convention::NoArgs => {
                vec![(quote!(__pybound_slf), obj.clone()), (quote!(_unused), obj)]
            }
            Convention::Single => vec![
                (quote!(__pybound_slf), obj.clone()),
                (quote!(__pybound_arg), obj),
            ],
        }
    }

    /// What `method_def!` is told: `noargs`, `single`, `args` or `args0`.
    pub fn arity(self) -> proc_macro2::Ident {
        let name = match self {
            Convention::Fastcall => "args",
            Convention::FastcallNoArgs => "args0",
            Convention::NoArgs => "noargs",
            Convention::Single => "single",
        };
        proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
    }
}

/// `tp_new`.
pub fn new_params(krate: &syn::Path) -> Params {
    let obj = object(krate);
    vec![
        (
            quote!(__pybound_subtype),
            quote!(*mut #krate::ffi::PyTypeObject),
        ),
        (quote!(__pybound_args), obj.clone()),
        (quote!(__pybound_kwargs), obj),
    ]
}

/// A property getter (`PyGetSetDef::get`).
pub fn getter_params(krate: &syn::Path) -> Params {
    vec![
        (quote!(__pybound_slf), object(krate)),
        (quote!(_closure), quote!(*mut ::std::ffi::c_void)),
    ]
}

/// A property setter (`PyGetSetDef::set`; the value is NULL for a deletion).
pub fn setter_params(krate: &syn::Path) -> Params {
    vec![
        (quote!(__pybound_slf), object(krate)),
        (quote!(__pybound_value), object(krate)),
        (quote!(_closure), quote!(*mut ::std::ffi::c_void)),
    ]
}

/// A property setter callback named `name` for attribute `attr`: refuses deletion (a NULL
/// value) with CPython's `AttributeError`, then runs `body`, which sees `__pybound_slf` and
/// `__pybound_value` and ends in `Ok(0)`.
pub fn setter(
    krate: &syn::Path,
    scope: Scope,
    name: &syn::Ident,
    attr: &str,
    body: TokenStream,
) -> TokenStream {
    callback(
        krate,
        scope,
        name,
        &setter_params(krate),
        &quote!(::std::os::raw::c_int),
        quote! {
            if __pybound_value.is_null() {
                return ::std::result::Result::Err(#krate::exceptions::PyAttributeError::new_err(
                    concat!("can't delete attribute '", #attr, "'"),
                ));
            }
            #body
        },
    )
}

/// `tp_richcompare`.
pub fn richcompare_params(krate: &syn::Path) -> Params {
    vec![
        (quote!(__pybound_slf), object(krate)),
        (quote!(__pybound_other), object(krate)),
        (quote!(__pybound_op), quote!(::std::os::raw::c_int)),
    ]
}
