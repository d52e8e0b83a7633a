//! `#[pyclass]` on an enum. A field-less enum is one class with an instance per variant; an
//! enum with fields is an abstract base class with a subclass per variant ([`complex`]).

mod complex;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::impls::{class_impls, ClassHeader};
use super::ClassSpec;
use crate::callback::{callback, object, object_params, Params, Scope};
use crate::diagnostics::Errors;
use crate::names::python_name;
use crate::options::{Options, VARIANT};

/// The class of an enum; `errors` collects the mistakes.
pub fn generate(spec: &ClassSpec, en: &mut syn::ItemEnum, errors: &mut Errors) -> TokenStream {
    let (names, constructors) = variant_options(en, errors);
    // As in PyO3: an enum's variants are its instances (or, with fields, its subclasses), so
    // it neither derives from another class nor is derived from.
    if let Some(span) = spec.options.span_of("subclass") {
        errors.push_at(
            span,
            "an enum cannot be subclassed: `subclass` is for structs",
        );
    }
    if let Some(span) = spec.options.span_of("extends") {
        errors.push_at(
            span,
            "an enum cannot extend another class: `extends` is for structs",
        );
    }
    if !ClassSpec::check_not_generic(
        &en.generics,
        "a `#[pyclass]` enum cannot be generic",
        errors,
    ) {
        return quote!();
    }
    if en
        .variants
        .iter()
        .all(|v| matches!(v.fields, syn::Fields::Unit))
    {
        for (v, c) in en.variants.iter().zip(&constructors) {
            if let Some(c) = c {
                errors.push_at(
                    c.span,
                    format!(
                        "`constructor` is for variants of an enum with fields; `{}` is a variant of a field-less enum, whose variants are class attributes",
                        v.ident
                    ),
                );
            }
        }
        simple_enum(spec, en, &names)
    } else {
        complex::generate(spec, en, &names, &constructors, errors)
    }
}

/// Each variant's Python name (`#[pybound(name = "...")]` on it, else its own) and its
/// `#[pybound(constructor = (...))]` signature, if any (both taken off the variant).
fn variant_options(
    en: &mut syn::ItemEnum,
    errors: &mut Errors,
) -> (Vec<String>, Vec<Option<crate::signature::SignatureSpec>>) {
    en.variants
        .iter_mut()
        .map(|v| {
            let mut options = Options::take(&VARIANT, TokenStream::new(), &mut v.attrs, errors);
            let name = options
                .str("name")
                .map(|n| n.value())
                .unwrap_or_else(|| python_name(&v.ident));
            (name, options.take_signature("constructor"))
        })
        .unzip()
}

/// `#[pyclass]` on a field-less enum: a class with one class attribute per variant (each an
/// instance), `repr` like `Color.Red`, equality and hashing by variant, `int()` giving the
/// discriminant and, with `eq_int`, equality with ints.
fn simple_enum(spec: &ClassSpec, en: &syn::ItemEnum, names: &[String]) -> TokenStream {
    let krate = &spec.krate;
    let py_name = &spec.py_name;
    let ident = &en.ident;
    let variants: Vec<&syn::Ident> = en.variants.iter().map(|v| &v.ident).collect();
    let reprs: Vec<String> = names.iter().map(|n| format!("{py_name}.{n}")).collect();
    let eq_int = spec.flag("eq_int");
    // The slots of a field-less enum, each starting from its instance.
    let enum_slot = |name: &str, params: Params, ret: TokenStream, rest: TokenStream| {
        callback(
            krate,
            Scope::Items,
            &format_ident!("{}", name),
            &params,
            &ret,
            quote! {
                // SAFETY: CPython calls a type's slots on an instance of the type.
                let slf = unsafe { #krate::Bound::ref_from_ptr(py, &slf).cast_unchecked::<#ident>() };
                #rest
            },
        )
    };
    let repr_callback = enum_slot(
        "repr",
        object_params(krate, &["slf"]),
        object(krate),
        quote! {
            let text = match slf.get() { #(#ident::#variants => #reprs,)* };
            ::std::result::Result::Ok(#krate::types::PyString::new(py, text).into_ptr())
        },
    );
    let int_callback = enum_slot(
        "int",
        object_params(krate, &["slf"]),
        object(krate),
        quote!(#krate::__private::convert_return(py, discriminant(slf.get()))),
    );
    let hash_callback = enum_slot(
        "hash",
        object_params(krate, &["slf"]),
        quote!(#krate::ffi::Py_hash_t),
        quote!(::std::result::Result::Ok(#krate::__private::hash_value(discriminant(slf.get())))),
    );
    // `ord`: `<`, `<=`, `>`, `>=` between two members by the enum's `PartialOrd`.
    let ordering = if spec.flag("ord") {
        quote! {
            if let (::std::option::Option::Some(op), ::std::result::Result::Ok(o)) =
                (#krate::CompareOp::from_raw(op), other.cast::<#ident>())
            {
                if !::std::matches!(op, #krate::CompareOp::Eq | #krate::CompareOp::Ne) {
                    return match ::std::cmp::PartialOrd::partial_cmp(slf.get(), o.get()) {
                        ::std::option::Option::Some(ord) => #krate::__private::convert_return(py, op.matches(ord)),
                        ::std::option::Option::None => ::std::result::Result::Ok(py.NotImplemented().into_ptr()),
                    };
                }
            }
        }
    } else {
        quote!()
    };
    let mut richcompare_params = object_params(krate, &["slf", "other"]);
    richcompare_params.push((quote!(op), quote!(::std::os::raw::c_int)));
    let richcompare_callback = enum_slot(
        "richcompare",
        richcompare_params,
        object(krate),
        quote! {
            // SAFETY: CPython passes a valid operand.
            let other = unsafe { #krate::Bound::ref_from_ptr(py, &other) };
            #ordering
            let mine = discriminant(slf.get());
            let theirs: ::std::option::Option<isize> = if let ::std::result::Result::Ok(o) = other.cast::<#ident>() {
                ::std::option::Option::Some(discriminant(o.get()))
            } else if #eq_int {
                other.extract::<isize>().ok()
            } else {
                ::std::option::Option::None
            };
            let result = match (theirs, #krate::CompareOp::from_raw(op)) {
                (::std::option::Option::Some(t), ::std::option::Option::Some(#krate::CompareOp::Eq)) => mine == t,
                (::std::option::Option::Some(t), ::std::option::Option::Some(#krate::CompareOp::Ne)) => mine != t,
                _ => return ::std::result::Result::Ok(py.NotImplemented().into_ptr()),
            };
            #krate::__private::convert_return(py, result)
        },
    );
    let fields_items = quote! {
        fn discriminant(v: &#ident) -> isize {
            match v { #(#ident::#variants => #ident::#variants as isize,)* }
        }
        #repr_callback
        #int_callback
        #hash_callback
        #richcompare_callback
        static FIELDS: #krate::__private::ClassItems = #krate::__private::ClassItems {
            methods: &[],
            getsets: &[],
            class_attrs: &[#(
                (#names, |ty| {
                    // SAFETY: `ty` is this enum's type object, just created.
                    unsafe {
                        let obj = #krate::__private::PyClassObject::create(ty.py(), ty.as_type_ptr(), #ident::#variants)?;
                        ::std::result::Result::Ok(#krate::Bound::from_owned_ptr(ty.py(), obj))
                    }
                })
            ),*],
            slots: #krate::__private::ClassSlots {
                repr: ::std::option::Option::Some(repr),
                hash: ::std::option::Option::Some(hash),
                richcompare: ::std::option::Option::Some(richcompare),
                ..#krate::__private::ClassSlots::EMPTY
            },
            number_slots: &[
                (#krate::ffi::Py_nb_int, #krate::__private::SlotFn::Unary(int)),
                (#krate::ffi::Py_nb_index, #krate::__private::SlotFn::Unary(int)),
            ],
            new_text_signature: ::std::option::Option::None,
            new_vectorcall: ::std::option::Option::None,
            stubs: &[],
        };
    };
    let header = ClassHeader::for_enum(spec, ident, false);
    class_impls(&header, fields_items, clone_from_python(spec, ident))
}

/// `FromPyObject` by cloning the value out, for an enum that says `from_py_object` (as in PyO3
/// 0.30, never by default). Enum classes are frozen, so the value is read without a borrow.
fn clone_from_python(spec: &ClassSpec, ident: &syn::Ident) -> TokenStream {
    if !spec.flag("from_py_object") {
        return quote!();
    }
    let krate = &spec.krate;
    quote! {
        impl<'a, 'py> #krate::FromPyObject<'a, 'py> for #ident {
            type Error = #krate::PyErr;
            fn extract(obj: #krate::Borrowed<'a, 'py, #krate::types::PyAny>) -> #krate::PyResult<Self> {
                ::std::result::Result::Ok(::std::clone::Clone::clone(obj.cast::<#ident>()?.get()))
            }
        }
    }
}
