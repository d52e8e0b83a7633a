//! `#[pyfunction]`: parse the function and its options into a [`FunctionSpec`], check it,
//! then generate the vectorcall wrapper and the module holding its definition.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;

use crate::callback::{callback, object, Convention, Scope};
use crate::diagnostics::Errors;
use crate::names::{c_string, doc_text, python_name};
use crate::options::{Options, FUNCTION};
use crate::signature::{plan, take_parameter_options, Plan};
use crate::wrapper::{return_conversion, wrapper_body, CallSpec, Entry};

/// Entry point of `#[pyfunction]`.
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
    let mut errors = Errors::default();
    let spec = FunctionSpec::parse(args, &mut func, &mut errors);
    if errors.is_empty() {
        let generated = function_def(&func, &spec);
        quote!(#func #generated)
    } else {
        // The function stays, with a stand-in definition, so that the module exporting it
        // and `wrap_pyfunction!` report nothing more than these errors.
        let errors = errors.to_compile_errors();
        let placeholder = placeholder_module(&func, &spec.krate);
        quote!(#func #errors #placeholder)
    }
}

/// What `#[pyfunction]` knows about a function, parsed and checked.
pub struct FunctionSpec {
    pub krate: syn::Path,
    /// The Python name (`name = "..."`, else the Rust name).
    pub py_name: String,
    pub text_signature: Option<String>,
    /// `text_signature = None`: the docstring carries no signature.
    pub no_text_signature: bool,
    /// `return_annotation = "..."`: the result's type in the stub.
    pub return_annotation: Option<String>,
    /// The statements of `warn(...)`, run first in each call.
    pub warnings: TokenStream,
    pub plan: Plan,
}

impl FunctionSpec {
    /// Parse the options (removing `#[pybound(...)]` from the function) and check the
    /// signature, collecting every error.
    fn parse(args: TokenStream, func: &mut syn::ItemFn, errors: &mut Errors) -> Self {
        let options = Options::take(&FUNCTION, args, &mut func.attrs, errors);
        let parameter_options = take_parameter_options(&mut func.sig.inputs, errors);
        let generics = &func.sig.generics;
        if !generics
            .params
            .iter()
            .all(|g| matches!(g, syn::GenericParam::Lifetime(_)))
        {
            errors.push_at(
                generics.span(),
                "a `#[pyfunction]` cannot be generic over types: Python calls one concrete function",
            );
        }
        let plan = plan(
            &func.sig.inputs,
            &parameter_options,
            options.signature("signature"),
            options.flag("pass_module"),
            errors,
        );
        FunctionSpec {
            krate: options.krate(),
            py_name: options
                .str("name")
                .map(|n| n.value())
                .unwrap_or_else(|| python_name(&func.sig.ident)),
            text_signature: options.str("text_signature").map(|t| t.value()),
            no_text_signature: options.text_signature_disabled(),
            return_annotation: options
                .str("return_annotation")
                .map(|t| t.value())
                .or_else(|| {
                    options
                        .signature("signature")
                        .and_then(|s| s.returns.clone())
                }),
            warnings: options.warning_statements(&options.krate()),
            plan,
        }
    }
}

/// Everything after the user's function: the wrapper, and a module named like the function
/// holding the definition (`__PYBOUND_DEF`) and its export entry (`__PYBOUND_EXPORT`).
fn function_def(func: &syn::ItemFn, spec: &FunctionSpec) -> TokenStream {
    let krate = &spec.krate;
    let rust_name = &func.sig.ident;
    let py_name = &spec.py_name;
    let text_sig = spec
        .text_signature
        .clone()
        .unwrap_or_else(|| spec.plan.text_signature.clone());
    let doc = doc_text(&func.attrs);
    let name_c = c_string(py_name);
    let doc_c = c_string(&match spec.no_text_signature {
        true => doc.clone(),
        false => format!("{py_name}{text_sig}\n--\n\n{doc}"),
    });
    let convention = Convention::of(&spec.plan, false);
    let call = CallSpec {
        target: quote!(#rust_name),
        receiver_binding: spec.warnings.clone(),
        receiver_arg: None,
        async_receiver: None,
        entry: Entry::from(convention),
        finish: match func.sig.asyncness {
            Some(_) => crate::wrapper::async_return(
                krate,
                &func.sig.output,
                py_name,
                spec.plan
                    .params
                    .iter()
                    .any(|p| matches!(p.source, crate::signature::Source::CancelHandle)),
            ),
            None => return_conversion(krate, &func.sig.output),
        },
        class_name: None,
    };
    let body = wrapper_body(&call, krate, py_name, &spec.plan);
    // The wrapper stands beside the function, not in the module below: rustc makes a codegen
    // unit of each module, and every unit gets its own copy of the inline helpers a wrapper
    // uses, so wrappers kept together (as the functions usually are) compile faster.
    let wrap = format_ident!("__pybound_wrap_{}", python_name(rust_name));
    let wrapper = callback(
        krate,
        Scope::Items,
        &wrap,
        &convention.params(krate),
        &object(krate),
        body,
    );
    let arity = convention.arity();
    let mut result = spec
        .return_annotation
        .clone()
        .unwrap_or_else(|| crate::stubs::returns(&func.sig.output, None));
    // An `async fn` returns a coroutine of its result.
    if func.sig.asyncness.is_some() {
        result = format!("typing.Coroutine[typing.Any, typing.Any, {result}]");
    }
    // A written `text_signature` may not match the plan: the stub then takes it from the
    // function object.
    let stub = match spec.text_signature {
        _ if spec.no_text_signature => String::new(),
        Some(_) => String::new(),
        None => crate::stubs::signature(&spec.plan, None, None, &result),
    };
    let definition = quote!(#krate::__private::PyFunctionDef::from_method_def(
        #krate::__private::method_def!(#name_c, #wrap, 0, #doc_c, #arity)
    ).with_stub(#krate::__private::stub!(text #stub)));
    let module = definition_module(func, krate, definition);
    quote! {
        #wrapper

        #module
    }
}

/// The module named like the function: its definition and export entry.
///
/// The definition itself is an associated constant of a marker type declared in the module
/// but implemented beside the function: an `impl` block resolves names where it stands, so
/// the wrapper it names is found even when the function is defined inside a function body
/// (where a module could not reach it through `super::`), as PyO3 allows.
fn definition_module(
    func: &syn::ItemFn,
    krate: &syn::Path,
    definition: TokenStream,
) -> TokenStream {
    let rust_name = &func.sig.ident;
    let vis = &func.vis;
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_upper_case_globals, clippy::all)]
        #vis mod #rust_name {
            /// Carries the definition (see the `impl` beside the function).
            pub struct __PyboundDef;

            /// The definition `wrap_pyfunction!` turns into a function object. Constants,
            /// not statics: a module holding only constants generates no codegen unit.
            pub const __PYBOUND_DEF: #krate::__private::PyFunctionDef = __PyboundDef::DEF;

            /// The entry `#[pymodule_export]` lists.
            pub const __PYBOUND_EXPORT: #krate::__private::Export =
                #krate::__private::Export::Function(&__PYBOUND_DEF);
        }

        #[doc(hidden)]
        impl #rust_name::__PyboundDef {
            pub const DEF: #krate::__private::PyFunctionDef = #definition;
        }
    }
}

/// The definition module of a function whose expansion failed.
fn placeholder_module(func: &syn::ItemFn, krate: &syn::Path) -> TokenStream {
    definition_module(
        func,
        krate,
        quote!(#krate::__private::PyFunctionDef::PLACEHOLDER),
    )
}
