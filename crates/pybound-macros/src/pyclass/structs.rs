//! `#[pyclass]` on a struct: the fields exposed as properties (`get` / `set`, per field or
//! `get_all` / `set_all`), the slots derived from the type's traits (`eq`, `ord`, `hash`,
//! `str`), the conversion from Python for `Clone` types, and the class impls.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;

use super::impls::{class_impls, ClassHeader};
use super::ClassSpec;
use crate::callback::{callback, getter_params, object, setter, Scope};
use crate::diagnostics::Errors;
use crate::names::{c_string, python_name, rename};
use crate::options::{Options, FIELD};

/// A field exposed to Python.
struct FieldSpec {
    member: syn::Member,
    ty: syn::Type,
    /// The property's name.
    name: String,
    get: bool,
    set: bool,
    /// `annotation = "..."`: the property's type in the stub, instead of the field type's.
    annotation: Option<String>,
}

/// The class of a struct; `errors` collects the mistakes (the class is generated from what is
/// valid, or not at all for a generic struct).
pub fn generate(spec: &ClassSpec, st: &mut syn::ItemStruct, errors: &mut Errors) -> TokenStream {
    let generic_ok = ClassSpec::check_not_generic(
        &st.generics,
        "a `#[pyclass]` cannot have generic or lifetime parameters: Python sees one concrete type",
        errors,
    );
    let fields = exposed_fields(spec, st, errors);
    if spec.flag("frozen") && fields.iter().any(|f| f.set) {
        errors.push_at(
            st.ident.span(),
            "a `frozen` class cannot have setters: remove `set`/`set_all` or `frozen`",
        );
    }
    if !generic_ok {
        return quote!();
    }
    let krate = &spec.krate;
    let ident = &st.ident;
    let (accessor_fns, getset_defs) = accessors(krate, ident, &fields);
    let mut derived_slots = derived_slots(spec, ident);
    let str_format = match spec.options.flag_or_expr("str") {
        Some(Some(format)) => {
            let (slot, function) = str_format_slot(krate, ident, format, errors);
            derived_slots.push(slot);
            function
        }
        _ => quote!(),
    };
    let extra_methods = extra_methods(spec, st, errors);
    let field_stubs = field_stubs(krate, ident, &fields);
    let fields_items = quote! {
        #str_format
        #(#accessor_fns)*
        static FIELDS: #krate::__private::ClassItems = #krate::__private::ClassItems {
            methods: &[],
            getsets: &[#(#getset_defs),*],
            class_attrs: &[],
            slots: #krate::__private::ClassSlots { #(#derived_slots,)* ..#krate::__private::ClassSlots::EMPTY },
            number_slots: &[],
            new_text_signature: ::std::option::Option::None,
            new_vectorcall: ::std::option::Option::None,
            stubs: #krate::__private::stub!(members [#(#field_stubs),*]),
        };
    };
    let header = ClassHeader {
        spec,
        ident,
        basetype: spec.flag("subclass"),
        frozen: spec.flag("frozen"),
        has_dict: spec.flag("dict"),
        has_weakref: spec.flag("weakref"),
        base: spec.options.path("extends").cloned(),
        sequence: spec.flag("sequence"),
        mapping: spec.flag("mapping"),
        unsendable: spec.flag("unsendable"),
        extra_items: Some({
            let free_list = spec.options.expr("freelist").map(|n| {
                quote! {
                    const HAS_FREE_LIST: bool = true;
                    fn free_list() -> ::std::option::Option<&'static #krate::__private::FreeList> {
                        static LIST: #krate::__private::FreeList = #krate::__private::FreeList::new(#n);
                        ::std::option::Option::Some(&LIST)
                    }
                }
            });
            let immutable = spec.flag("immutable_type").then(|| {
                quote!(
                    const IMMUTABLE_TYPE: bool = true;
                )
            });
            quote!(#free_list #immutable)
        }),
    };
    // As in PyO3 0.30: extraction by clone only when asked for (`from_py_object`).
    let from_py = if spec.flag("from_py_object") {
        quote! {
            impl<'a, 'py> #krate::FromPyObject<'a, 'py> for #ident {
                type Error = #krate::PyErr;
                fn extract(obj: #krate::Borrowed<'a, 'py, #krate::types::PyAny>) -> #krate::PyResult<Self> {
                    let bound = obj.cast::<#ident>()?;
                    let value = bound.try_borrow()?;
                    ::std::result::Result::Ok(::std::clone::Clone::clone(&*value))
                }
            }
        }
    } else {
        quote!()
    };
    let class = class_impls(&header, fields_items, from_py);
    let deprecated = spec
        .flag("skip_from_py_object")
        .then(|| quote!(const _: () = #krate::__private::SKIP_FROM_PY_OBJECT_DEPRECATED;));
    quote!(#class #extra_methods #deprecated)
}

/// The fields' type-stub texts: a `get` and/or `set` `MemberStub` per exposed field.
fn field_stubs(krate: &syn::Path, ident: &syn::Ident, fields: &[FieldSpec]) -> Vec<TokenStream> {
    let self_name = ident.to_string();
    let mut stubs = Vec::new();
    for f in fields {
        let name = &f.name;
        for (on, kind, dir) in [
            (f.get, "get", crate::stubs::Dir::Out),
            (f.set, "set", crate::stubs::Dir::In),
        ] {
            if on {
                let text = match &f.annotation {
                    Some(a) => a.clone(),
                    None => crate::stubs::annotation(&f.ty, Some(&self_name), dir),
                };
                stubs.push(
                    quote!(#krate::__private::MemberStub { name: #name, kind: #kind, text: #text }),
                );
            }
        }
    }
    stubs
}

/// `str = "{x}, {y}"`: `__str__` formats the value's fields (named ones by name, `{0}` for a
/// tuple struct's first). Returns the slot entry and the slot function.
fn str_format_slot(
    krate: &syn::Path,
    ident: &syn::Ident,
    format: &syn::Expr,
    errors: &mut Errors,
) -> (TokenStream, TokenStream) {
    let lit = match format {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => s.clone(),
        other => {
            errors.push_at(
                other.span(),
                "write `str` alone (the `Display` impl) or `str = \"...\"` (a format string of the fields)",
            );
            return (quote!(), quote!());
        }
    };
    let (named, positional) = format_arguments(&lit.value());
    let named = named.iter().map(|n| {
        let field = format_ident!("{}", n);
        quote!(#field = &value.#field)
    });
    let positional = (0..positional).map(|i| {
        let i = syn::Index::from(i);
        quote!(&value.#i)
    });
    let function = callback(
        krate,
        Scope::Items,
        &format_ident!("__pybound_str_format"),
        &crate::callback::object_params(krate, &["__pybound_slf"]),
        &object(krate),
        quote! {
            // SAFETY: CPython calls `tp_str` with an instance of the class.
            let slf = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#ident>() };
            let value = slf.borrow_guard()?;
            #krate::__private::convert_return(py, ::std::format!(#lit, #(#positional,)* #(#named),*))
        },
    );
    (
        quote!(str: ::std::option::Option::Some(__pybound_str_format)),
        function,
    )
}

/// The names and the count of positional indices a format string refers to (`{name}`,
/// `{name:>5}`, `{0}`), skipping `{{` escapes.
fn format_arguments(format: &str) -> (Vec<String>, usize) {
    let mut named: Vec<String> = Vec::new();
    let mut positional = 0;
    let mut rest = format;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(after) = rest.strip_prefix('{') {
            rest = after;
            continue;
        }
        let end = rest.find(['}', ':']).unwrap_or(rest.len());
        let name = rest[..end].trim();
        if let Ok(i) = name.parse::<usize>() {
            positional = positional.max(i + 1);
        } else if !name.is_empty() && !named.iter().any(|n| n == name) {
            named.push(name.to_owned());
        }
        rest = &rest[end..];
    }
    (named, positional)
}

/// Methods some options add, as a `#[pymethods]` block of their own: `new = "from_fields"`
/// (a constructor taking every field, in order) and `generic` (`Class[T]` makes a
/// `types.GenericAlias`, as for built-in generic classes).
fn extra_methods(spec: &ClassSpec, st: &syn::ItemStruct, errors: &mut Errors) -> TokenStream {
    let krate = &spec.krate;
    let ident = &st.ident;
    let mut methods = Vec::new();
    if let Some(new) = spec.options.str("new") {
        if new.value() != "from_fields" {
            errors.push_at(
                new.span(),
                "the one `new = \"...\"` there is is `new = \"from_fields\"`",
            );
        } else if let syn::Fields::Named(named) = &st.fields {
            let names: Vec<&syn::Ident> = named
                .named
                .iter()
                .filter_map(|f| f.ident.as_ref())
                .collect();
            let types = named.named.iter().map(|f| &f.ty);
            methods.push(quote! {
                #[new]
                fn __pybound_from_fields(#(#names: #types),*) -> Self {
                    #ident { #(#names),* }
                }
            });
        } else {
            errors.push_at(
                new.span(),
                "`new = \"from_fields\"` needs a struct with named fields",
            );
        }
    }
    if spec.flag("generic") {
        methods.push(quote! {
            #[classmethod]
            fn __class_getitem__<'py>(
                cls: &#krate::Bound<'py, #krate::types::PyType>,
                key: &#krate::Bound<'py, #krate::types::PyAny>,
            ) -> #krate::PyResult<#krate::Bound<'py, #krate::types::PyAny>> {
                #krate::__private::generic_alias(cls, key)
            }
        });
    }
    if methods.is_empty() {
        return quote!();
    }
    let krate_str = quote!(#krate).to_string().replace(' ', "");
    quote! {
        #[#krate::pymethods(crate = #krate_str)]
        impl #ident {
            #(#methods)*
        }
    }
}

/// The fields with a getter or setter, their options taken off them.
fn exposed_fields(
    spec: &ClassSpec,
    st: &mut syn::ItemStruct,
    errors: &mut Errors,
) -> Vec<FieldSpec> {
    let mut fields = Vec::new();
    for (i, field) in st.fields.iter_mut().enumerate() {
        let o = Options::take(&FIELD, TokenStream::new(), &mut field.attrs, errors);
        let get = spec.flag("get_all") || o.flag("get");
        let set = spec.flag("set_all") || o.flag("set");
        if !(get || set) {
            continue;
        }
        let name = match (o.str("name"), &field.ident) {
            (Some(n), _) => n.value(),
            (None, Some(id)) => {
                let raw = python_name(id);
                match &spec.rename_all {
                    Some(rule) => rename(rule, &raw),
                    None => raw,
                }
            }
            (None, None) => {
                errors.push_at(
                    field.span(),
                    "a tuple-struct field needs `name = \"...\"` to be exposed",
                );
                continue;
            }
        };
        let member = match &field.ident {
            Some(id) => syn::Member::Named(id.clone()),
            None => syn::Member::Unnamed(syn::Index::from(i)),
        };
        fields.push(FieldSpec {
            member,
            ty: field.ty.clone(),
            name,
            get,
            set,
            annotation: o.str("annotation").map(|a| a.value()),
        });
    }
    fields
}

/// The getter and setter functions of the exposed fields, and their `PyGetSetDef`s.
fn accessors(
    krate: &syn::Path,
    ident: &syn::Ident,
    fields: &[FieldSpec],
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut functions = Vec::new();
    let mut defs = Vec::new();
    let none = quote!(::std::option::Option::None);
    for f in fields {
        let FieldSpec {
            member, ty, name, ..
        } = f;
        let getter = if f.get {
            let get_fn = format_ident!("__pybound_get_{}", name);
            // The method's name carries the field type's span, so a type that cannot convert
            // is reported at the field, not at `#[pyclass]` (method names are not hygienic,
            // so this is safe inside a caller's `macro_rules!` too).
            let get_field = syn::Ident::new("get_field", syn::spanned::Spanned::span(ty));
            functions.push(callback(
                krate,
                Scope::Items,
                &get_fn,
                &getter_params(krate),
                &object(krate),
                quote! {
                    // SAFETY: CPython calls getters with an instance of the class.
                    let slf = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#ident>() };
                    let value = slf.borrow_guard()?;
                    #[allow(unused_imports)]
                    use #krate::__private::{GetByClone as _, GetByRef as _};
                    (&#krate::__private::FieldGetter(&value.#member)).#get_field(py)
                },
            ));
            quote!(::std::option::Option::Some(#get_fn))
        } else {
            none.clone()
        };
        let set = if f.set {
            let set_fn = format_ident!("__pybound_set_{}", name);
            functions.push(setter(
                krate,
                Scope::Items,
                &set_fn,
                name,
                quote! {
                    // SAFETY: CPython calls setters with an instance of the class and a value.
                    let (slf, value) = unsafe {
                        (
                            #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#ident>(),
                            #krate::Bound::ref_from_ptr(py, &__pybound_value),
                        )
                    };
                    let value: #ty = #krate::__private::extract_argument(value, #name)?;
                    slf.borrow_mut_guard()?.#member = value;
                    ::std::result::Result::Ok(0)
                },
            ));
            quote!(::std::option::Option::Some(#set_fn))
        } else {
            none.clone()
        };
        defs.push(getset_def(krate, name, getter, set));
    }
    (functions, defs)
}

/// A `PyGetSetDef` named `name`.
pub fn getset_def(
    krate: &syn::Path,
    name: &str,
    getter: TokenStream,
    setter: TokenStream,
) -> TokenStream {
    let name_c = c_string(name);
    quote! {
        #krate::__private::GetSetDef(#krate::ffi::PyGetSetDef {
            name: #name_c.as_ptr(),
            get: #getter,
            set: #setter,
            doc: ::std::ptr::null(),
            closure: ::std::ptr::null_mut(),
        })
    }
}

/// The slots `eq`, `ord`, `hash` and `str` take from the type's own traits.
fn derived_slots(spec: &ClassSpec, ident: &syn::Ident) -> Vec<TokenStream> {
    let krate = &spec.krate;
    let mut slots = Vec::new();
    if spec.flag("ord") {
        slots.push(quote!(richcompare: ::std::option::Option::Some(#krate::__private::richcmp_ord::<#ident>)));
    } else if spec.flag("eq") {
        slots.push(quote!(richcompare: ::std::option::Option::Some(#krate::__private::richcmp_eq::<#ident>)));
    }
    if spec.flag("hash") {
        slots.push(
            quote!(hash: ::std::option::Option::Some(#krate::__private::hash_slot::<#ident>)),
        );
    }
    // `str` alone: from `Display`; `str = "..."` makes its own slot (see `str_format_slot`).
    if let Some(None) = spec.options.flag_or_expr("str") {
        slots.push(quote!(str: ::std::option::Option::Some(#krate::__private::str_slot::<#ident>)));
    }
    if spec.flag("buffer") {
        slots.push(
            quote!(getbuffer: ::std::option::Option::Some(#krate::buffer::export_buffer::<#ident>)),
        );
        slots.push(quote!(releasebuffer: ::std::option::Option::Some(#krate::buffer::release_exported_buffer::<#ident>)));
    }
    slots
}
