//! `#[pyclass]` on an enum with fields: the enum's class is an abstract base, and each variant
//! is a subclass (`Shape.Circle`) with a constructor taking the fields, a property per field and
//! `__match_args__`, so `match shape: case Shape.Circle(r): ...` works.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::impls::{class_impls, ClassHeader};
use super::super::structs::getset_def;
use super::super::ClassSpec;
use crate::callback::{callback, getter_params, new_params, object, object_params, Scope};
use crate::diagnostics::Errors;
use crate::wrapper::{wrapper_body, CallSpec, Entry};

/// The class of an enum with fields.
pub fn generate(
    spec: &ClassSpec,
    en: &syn::ItemEnum,
    names: &[String],
    constructors: &[Option<crate::signature::SignatureSpec>],
    errors: &mut Errors,
) -> TokenStream {
    let krate = &spec.krate;
    let ident = &en.ident;
    let (mut helpers, mut attrs, mut repr_arms) = (Vec::new(), Vec::new(), Vec::new());
    for ((v, vname), constructor) in en.variants.iter().zip(names).zip(constructors) {
        let items = variant(spec, ident, v, vname, constructor.as_ref(), errors);
        helpers.extend(items.helpers);
        attrs.extend(items.class_attr);
        repr_arms.extend(items.repr_arm);
    }
    let variant_names: Vec<(&syn::Ident, &String)> =
        en.variants.iter().map(|v| &v.ident).zip(names).collect();
    let variant_arms = variant_names
        .iter()
        .map(|(vident, vname)| quote!(#ident::#vident { .. } => #vname));
    let repr_callback = callback(
        krate,
        Scope::Items,
        &format_ident!("repr"),
        &object_params(krate, &["__pybound_slf"]),
        &object(krate),
        quote! {
            // SAFETY: called as tp_repr on an instance.
            let slf = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#ident>() };
            let text = match slf.get() { #(#repr_arms)* };
            ::std::result::Result::Ok(#krate::types::PyString::new(py, &text).into_ptr())
        },
    );
    let fields_items = quote! {
        #(#helpers)*
        #repr_callback
        static FIELDS: #krate::__private::ClassItems = #krate::__private::ClassItems {
            methods: &[],
            getsets: &[],
            class_attrs: &[#(#attrs),*],
            slots: #krate::__private::ClassSlots {
                repr: ::std::option::Option::Some(repr),
                ..#krate::__private::ClassSlots::EMPTY
            },
            number_slots: &[],
            new_text_signature: ::std::option::Option::None,
            new_vectorcall: ::std::option::Option::None,
            stubs: &[],
        };
    };
    let header = ClassHeader {
        unsendable: spec.flag("unsendable"),
        extra_items: Some(quote! {
            /// A value lives in its variant's class (`Shape.Circle`).
            fn instance_type(&self, py: #krate::Python<'_>) -> #krate::PyResult<*mut #krate::ffi::PyTypeObject> {
                let base = <#ident as #krate::type_object::PyTypeInfo>::type_object(py);
                let name = match self { #(#variant_arms,)* };
                let variant = base.getattr(name)?.cast_into::<#krate::types::PyType>()?;
                ::std::result::Result::Ok(variant.as_type_ptr())
            }
        }),
        ..ClassHeader::for_enum(spec, ident, true)
    };
    class_impls(&header, fields_items, super::clone_from_python(spec, ident))
}

/// What one variant adds: its helper functions, its class attribute (the subclass) and its arm
/// of `repr`.
#[derive(Default)]
struct VariantItems {
    helpers: Vec<TokenStream>,
    class_attr: Option<TokenStream>,
    repr_arm: Option<TokenStream>,
}

/// The subclass of variant `v`: a constructor over its fields, a property per field, and its
/// `repr`.
fn variant(
    spec: &ClassSpec,
    ident: &syn::Ident,
    v: &syn::Variant,
    vname: &str,
    constructor: Option<&crate::signature::SignatureSpec>,
    errors: &mut Errors,
) -> VariantItems {
    let krate = &spec.krate;
    let py_name = &spec.py_name;
    let mut out = VariantItems::default();
    let vident = &v.ident;
    // (field name as Python sees it, how to bind it in a pattern, its type)
    let fields: Vec<(String, syn::Ident, syn::Type)> = match &v.fields {
        syn::Fields::Named(n) => n
            .named
            .iter()
            .map(|f| {
                let id = f.ident.clone().expect("named");
                (id.to_string(), id, f.ty.clone())
            })
            .collect(),
        syn::Fields::Unnamed(u) => u
            .unnamed
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("_{i}"), format_ident!("_{}", i), f.ty.clone()))
            .collect(),
        syn::Fields::Unit => Vec::new(),
    };
    let binds: Vec<&syn::Ident> = fields.iter().map(|f| &f.1).collect();
    let tys: Vec<&syn::Type> = fields.iter().map(|f| &f.2).collect();
    let names: Vec<&String> = fields.iter().map(|f| &f.0).collect();
    // The variant's value, as an expression and as a pattern.
    let pattern = match &v.fields {
        syn::Fields::Named(_) => quote!(#ident::#vident { #(#binds),* }),
        syn::Fields::Unnamed(_) => quote!(#ident::#vident(#(#binds),*)),
        syn::Fields::Unit => quote!(#ident::#vident),
    };
    let make = format_ident!("__pybound_make_{}", vident);
    let new_fn = format_ident!("__pybound_new_{}", vident);
    let getsets_static = format_ident!("__PYBOUND_GETSETS_{}", vident);
    // The constructor: the generic argument parser over the fields, laid out by
    // `#[pybound(constructor = (...))]` if the variant has one (defaults, keyword-only, …).
    let inputs: syn::punctuated::Punctuated<syn::FnArg, syn::Token![,]> =
        syn::parse_quote!(#(#binds: #tys),*);
    let plan = crate::signature::plan(&inputs, &[], constructor, false, errors);
    let call = CallSpec {
        target: quote!(#make),
        receiver_binding: quote!(),
        receiver_arg: None,
        async_receiver: None,
        entry: Entry::TupleDict,
        finish: quote! {
            // SAFETY: `subtype` is this variant's class (CPython's tp_new contract).
            unsafe { #krate::__private::PyClassObject::create_with_args(py, __pybound_subtype, __pybound_ret, __pybound_args, __pybound_kwargs) }
        },
        class_name: None,
    };
    let body = wrapper_body(&call, krate, vname, &plan);
    out.helpers.push(quote! {
        #[allow(non_snake_case, clippy::all)]
        fn #make(#(#binds: #tys),*) -> #ident {
            #pattern
        }
    });
    out.helpers.push(callback(
        krate,
        Scope::Items,
        &new_fn,
        &new_params(krate),
        &object(krate),
        body,
    ));
    let getset_defs = field_getters(krate, ident, v, &fields, &mut out.helpers);
    out.helpers.push(quote! {
        #[allow(non_upper_case_globals)]
        static #getsets_static: &[#krate::__private::GetSetDef] = &[#(#getset_defs),*];
    });
    out.class_attr = Some(quote! {
        (#vname, |ty| #krate::__private::make_variant_type(ty, #vname, #new_fn, #getsets_static, &[#(#names),*]))
    });
    let repr_parts = fields.iter().map(|(fname, bind, _)| {
        let label = if fname.starts_with('_') {
            String::new()
        } else {
            format!("{fname}=")
        };
        quote!(
            format!("{}{}", #label, #krate::IntoPyObjectExt::into_bound_py_any(#bind, py)?.repr()?)
        )
    });
    let qual = format!("{py_name}.{vname}");
    out.repr_arm = Some(quote! {
        #[allow(unused_variables)]
        #pattern => {
            let parts: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#repr_parts),*];
            format!("{}({})", #qual, parts.join(", "))
        }
    });
    out
}

/// A read-only property per field of variant `v`: the getter functions (into `helpers`) and
/// their `PyGetSetDef`s.
fn field_getters(
    krate: &syn::Path,
    ident: &syn::Ident,
    v: &syn::Variant,
    fields: &[(String, syn::Ident, syn::Type)],
    helpers: &mut Vec<TokenStream>,
) -> Vec<TokenStream> {
    let vident = &v.ident;
    let mut getset_defs = Vec::new();
    for (fname, bind, _) in fields {
        let getter = format_ident!("__pybound_get_{}_{}", vident, fname.trim_start_matches('_'));
        let getter = if fname.starts_with('_') {
            format_ident!("{}_pos", getter)
        } else {
            getter
        };
        let field_pattern = match &v.fields {
            syn::Fields::Named(_) => quote!(#ident::#vident { #bind, .. }),
            _ => {
                let idx: usize = fname[1..].parse().unwrap_or(0);
                let pats =
                    (0..fields.len()).map(|i| if i == idx { quote!(#bind) } else { quote!(_) });
                quote!(#ident::#vident(#(#pats),*))
            }
        };
        helpers.push(callback(
            krate,
            Scope::Items,
            &getter,
            &getter_params(krate),
            &object(krate),
            quote! {
                // SAFETY: CPython calls getters with an instance of the class.
                let slf = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#ident>() };
                match slf.get() {
                    #field_pattern => #krate::__private::convert_return(py, #bind),
                    #[allow(unreachable_patterns)]
                    _ => ::std::result::Result::Err(#krate::exceptions::PyTypeError::new_err("wrong variant")),
                }
            },
        ));
        getset_defs.push(getset_def(
            krate,
            fname,
            quote!(::std::option::Option::Some(#getter)),
            quote!(::std::option::Option::None),
        ));
    }
    getset_defs
}
