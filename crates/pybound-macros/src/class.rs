//! `#[pyclass]` on a struct: the type information, field accessors and conversions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::Token;

use crate::callback::{
    callback, getter_params, new_params, object, object_params, setter, Params, Scope,
};
use crate::utils::{c_string, doc_text, Errors};

/// Options of `#[pyclass(...)]` / `#[pybound(...)]` on the struct.
#[derive(Default)]
struct ClassOptions {
    name: Option<String>,
    module: Option<String>,
    frozen: bool,
    subclass: bool,
    get_all: bool,
    set_all: bool,
    from_py_object: bool,
    dict: bool,
    weakref: bool,
    eq: bool,
    ord: bool,
    hash: bool,
    str: bool,
    eq_int: bool,
    extends: Option<syn::Path>,
    sequence: bool,
    mapping: bool,
    rename_all: Option<String>,
    unsendable: bool,
    freelist: Option<syn::Expr>,
    krate: Option<syn::Path>,
}

const SUPPORTED: &str =
    "`name`, `module`, `frozen`, `subclass`, `extends`, `unsendable`, `freelist`, `dict`, `weakref`, `eq`, `ord`, `hash`, `str`, `eq_int`, `sequence`, `mapping`, `rename_all`, `get_all`, `set_all`, `from_py_object`, `crate`";

/// `rename_all` rules, as serde spells them.
const RENAME_RULES: &[&str] = &[
    "camelCase",
    "PascalCase",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
    "lowercase",
    "UPPERCASE",
];

/// Apply a `rename_all` rule to a snake_case Rust field name.
fn rename(rule: &str, name: &str) -> String {
    let words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
    let cap = |w: &str| {
        let mut c = w.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        }
    };
    match rule {
        "camelCase" => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.to_string() } else { cap(w) })
            .collect(),
        "PascalCase" => words.iter().map(|w| cap(w)).collect(),
        "SCREAMING_SNAKE_CASE" => name.to_uppercase(),
        "kebab-case" => words.join("-"),
        "lowercase" => name.to_lowercase().replace('_', ""),
        "UPPERCASE" => name.to_uppercase().replace('_', ""),
        _ => name.to_owned(),
    }
}

struct RawOpt {
    key: syn::Ident,
    value: Option<syn::Expr>,
}

impl Parse for RawOpt {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: syn::Ident = if input.peek(Token![crate]) {
            let k: Token![crate] = input.parse()?;
            syn::Ident::new("crate", k.span)
        } else {
            input.parse()?
        };
        let value = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(RawOpt { key, value })
    }
}

fn lit_str(e: &Option<syn::Expr>, key: &syn::Ident, errors: &mut Errors) -> Option<String> {
    match e {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        })) => Some(s.value()),
        _ => {
            errors.push_at(
                key.span(),
                format!("`{key}` takes a string: `{key} = \"...\"`"),
            );
            None
        }
    }
}

fn apply(opts: Vec<RawOpt>, o: &mut ClassOptions, errors: &mut Errors) {
    for RawOpt { key, value } in opts {
        let k = key.to_string();
        match k.as_str() {
            "name" => o.name = lit_str(&value, &key, errors),
            "module" => o.module = lit_str(&value, &key, errors),
            "frozen" => o.frozen = true,
            "subclass" => o.subclass = true,
            "get_all" => o.get_all = true,
            "set_all" => o.set_all = true,
            "from_py_object" => o.from_py_object = true,
            "sequence" => o.sequence = true,
            "unsendable" => o.unsendable = true,
            "freelist" => match value {
                Some(v) => o.freelist = Some(v),
                None => errors.push_at(key.span(), "`freelist` takes a size: `freelist = 64`"),
            },
            "mapping" => o.mapping = true,
            "rename_all" => {
                o.rename_all = lit_str(&value, &key, errors);
                if let Some(r) = &o.rename_all {
                    if !RENAME_RULES.contains(&r.as_str()) {
                        errors.push_at(
                            key.span(),
                            format!(
                                "unknown `rename_all` rule \"{r}\": expected one of {}",
                                RENAME_RULES.join(", ")
                            ),
                        );
                    }
                }
            }
            "dict" => o.dict = true,
            "eq" => o.eq = true,
            "ord" => o.ord = true,
            "hash" => o.hash = true,
            "str" => o.str = true,
            "eq_int" => o.eq_int = true,
            "extends" => match &value {
                Some(syn::Expr::Path(p)) => o.extends = Some(p.path.clone()),
                _ => errors.push_at(
                    key.span(),
                    "`extends` takes a type: `extends = PyException`",
                ),
            },
            "weakref" => o.weakref = true,
            "crate" => {
                if let Some(s) = lit_str(&value, &key, errors) {
                    match syn::parse_str(&s) {
                        Ok(p) => o.krate = Some(p),
                        Err(e) => errors.push(e),
                    }
                }
            }
            _ => errors.push_at(
                key.span(),
                format!("unknown `#[pyclass]` option `{k}`: expected one of {SUPPORTED}"),
            ),
        }
    }
}

fn parse_opts(tokens: TokenStream, errors: &mut Errors) -> Vec<RawOpt> {
    match syn::parse::Parser::parse2(Punctuated::<RawOpt, Token![,]>::parse_terminated, tokens) {
        Ok(p) => p.into_iter().collect(),
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    }
}

/// Field options: `#[pybound(get, set, name = "...")]`.
#[derive(Default)]
struct FieldOptions {
    get: bool,
    set: bool,
    name: Option<String>,
}

pub fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    if let Ok(mut en) = syn::parse2::<syn::ItemEnum>(item.clone()) {
        return match generate_enum(args, &mut en) {
            Ok(extra) => quote!(#en #extra),
            Err(e) => {
                let e = e.to_compile_error();
                quote!(#en #e)
            }
        };
    }
    let mut st: syn::ItemStruct = match syn::parse2(item.clone()) {
        Ok(s) => s,
        Err(_) => {
            let err = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[pyclass]` goes on a struct or an enum",
            )
            .to_compile_error();
            return quote!(#item #err);
        }
    };
    match generate(args, &mut st) {
        Ok(extra) => quote!(#st #extra),
        Err(e) => {
            let e = e.to_compile_error();
            quote!(#st #e)
        }
    }
}

/// What every kind of `#[pyclass]` item needs from its options to name itself.
struct Naming {
    /// The path to pybound (`crate = ...`, default `::pybound`).
    krate: syn::Path,
    /// The Python name (`name = ...`, default the Rust name).
    py_name: String,
    /// `module = ...` as an `Option<&str>` expression.
    module: TokenStream,
    /// The doc comment as a C string literal.
    doc: TokenStream,
}

impl ClassOptions {
    fn naming(&self, ident: &syn::Ident, attrs: &[syn::Attribute]) -> Naming {
        Naming {
            krate: self
                .krate
                .clone()
                .unwrap_or_else(|| syn::parse_quote!(::pybound)),
            py_name: self.name.clone().unwrap_or_else(|| ident.to_string()),
            module: match &self.module {
                Some(m) => quote!(::std::option::Option::Some(#m)),
                None => quote!(::std::option::Option::None),
            },
            doc: c_string(&doc_text(attrs)),
        }
    }
}

/// The class options: those inside `#[pyclass(...)]` and those in separate `#[pybound(...)]`
/// attributes on the item (which are removed from it).
fn class_options(
    args: TokenStream,
    attrs: &mut Vec<syn::Attribute>,
    errors: &mut Errors,
) -> ClassOptions {
    let mut o = ClassOptions::default();
    let opts = parse_opts(args, errors);
    apply(opts, &mut o, errors);
    attrs.retain(|a| {
        if a.path().is_ident("pybound") {
            if let syn::Meta::List(l) = &a.meta {
                let opts = parse_opts(l.tokens.clone(), errors);
                apply(opts, &mut o, errors);
            }
            false
        } else {
            true
        }
    });
    o
}

fn generate(args: TokenStream, st: &mut syn::ItemStruct) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let o = class_options(args, &mut st.attrs, &mut errors);
    if !st.generics.params.is_empty() {
        errors.push_at(st.generics.span(), "a `#[pyclass]` cannot have generic or lifetime parameters: Python sees one concrete type");
    }
    let derives_clone = st
        .attrs
        .iter()
        .any(|a| a.path().is_ident("derive") && a.meta.to_token_stream_string().contains("Clone"));

    // Field accessors.
    let mut fields = Vec::new();
    for (i, field) in st.fields.iter_mut().enumerate() {
        let mut fo = FieldOptions {
            get: o.get_all,
            set: o.set_all,
            name: None,
        };
        field.attrs.retain(|a| {
            if !a.path().is_ident("pybound") {
                return true;
            }
            if let syn::Meta::List(l) = &a.meta {
                for opt in parse_opts(l.tokens.clone(), &mut errors) {
                    match opt.key.to_string().as_str() {
                        "get" => fo.get = true,
                        "set" => fo.set = true,
                        "name" => fo.name = lit_str(&opt.value, &opt.key, &mut errors),
                        other => errors.push_at(opt.key.span(), format!("unknown field option `{other}`: expected `get`, `set` or `name = \"...\"`")),
                    }
                }
            }
            false
        });
        if fo.get || fo.set {
            let member: syn::Member = match &field.ident {
                Some(id) => syn::Member::Named(id.clone()),
                None => syn::Member::Unnamed(syn::Index::from(i)),
            };
            let name = fo.name.clone().unwrap_or_else(|| match &field.ident {
                Some(id) => {
                    let raw = id.to_string().trim_start_matches("r#").to_owned();
                    match &o.rename_all {
                        Some(rule) => rename(rule, &raw),
                        None => raw,
                    }
                }
                None => {
                    errors.push_at(
                        field.span(),
                        "a tuple-struct field needs `name = \"...\"` to be exposed",
                    );
                    String::new()
                }
            });
            fields.push((member, field.ty.clone(), name, fo));
        }
    }
    if o.frozen && fields.iter().any(|f| f.3.set) {
        errors.push_at(
            st.ident.span(),
            "a `frozen` class cannot have setters: remove `set`/`set_all` or `frozen`",
        );
    }
    errors.finish()?;

    let Naming {
        krate,
        py_name,
        module,
        doc,
    } = o.naming(&st.ident, &st.attrs);
    let ident = &st.ident;
    let basetype = o.subclass;
    let has_dict = o.dict;
    let mutable = if o.frozen {
        quote!()
    } else {
        quote!(impl #krate::__private::MutablePyClass for #ident {})
    };
    let has_weakref = o.weakref;
    let frozen = if o.frozen {
        quote!(#krate::__private::frozen::Yes)
    } else {
        quote!(#krate::__private::frozen::No)
    };

    let mut accessor_fns = Vec::new();
    let mut getset_defs = Vec::new();
    for (member, ty, name, fo) in &fields {
        let get_fn = format_ident!("__pybound_get_{}", name);
        let set_fn = format_ident!("__pybound_set_{}", name);
        let name_c = c_string(name);
        let getter = if fo.get {
            accessor_fns.push(callback(
                &krate,
                Scope::Items,
                &get_fn,
                &getter_params(&krate),
                &object(&krate),
                quote! {
                    // SAFETY: CPython calls getters with an instance of the class.
                    let slf = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#ident>() };
                    let value = slf.borrow_guard()?;
                    #krate::__private::convert_return(py, &value.#member)
                },
            ));
            quote!(::std::option::Option::Some(#get_fn))
        } else {
            quote!(::std::option::Option::None)
        };
        let set_slot = if fo.set {
            accessor_fns.push(setter(
                &krate,
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
            quote!(::std::option::Option::None)
        };
        getset_defs.push(quote! {
            #krate::__private::GetSetDef(#krate::ffi::PyGetSetDef {
                name: #name_c.as_ptr(),
                get: #getter,
                set: #set_slot,
                doc: ::std::ptr::null(),
                closure: ::std::ptr::null_mut(),
            })
        });
    }

    let from_py = if derives_clone || o.from_py_object {
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

    let mut auto_slots = Vec::new();
    if o.ord {
        auto_slots.push(quote!(richcompare: ::std::option::Option::Some(#krate::__private::richcmp_ord::<#ident>)));
    } else if o.eq {
        auto_slots.push(quote!(richcompare: ::std::option::Option::Some(#krate::__private::richcmp_eq::<#ident>)));
    }
    if o.hash {
        auto_slots.push(
            quote!(hash: ::std::option::Option::Some(#krate::__private::hash_slot::<#ident>)),
        );
    }
    if o.str {
        auto_slots
            .push(quote!(str: ::std::option::Option::Some(#krate::__private::str_slot::<#ident>)));
    }
    let fields_items = quote! {
        #(#accessor_fns)*
        static FIELDS: #krate::__private::ClassItems = #krate::__private::ClassItems {
            methods: &[],
            getsets: &[#(#getset_defs),*],
            class_attrs: &[],
            slots: #krate::__private::ClassSlots { #(#auto_slots,)* ..#krate::__private::ClassSlots::EMPTY },
            number_slots: &[],
        };
    };
    let header = ClassHeader {
        krate: &krate,
        ident,
        py_name: &py_name,
        module,
        doc,
        basetype,
        frozen,
        has_dict,
        has_weakref,
        mutable,
        base: o.extends.clone(),
        sequence: o.sequence,
        mapping: o.mapping,
        unsendable: o.unsendable,
        instance_type: o.freelist.as_ref().map(|n| {
            quote! {
                const HAS_FREE_LIST: bool = true;
                fn free_list() -> ::std::option::Option<&'static #krate::__private::FreeList> {
                    static LIST: #krate::__private::FreeList = #krate::__private::FreeList::new(#n);
                    ::std::option::Option::Some(&LIST)
                }
            }
        }),
    };
    Ok(class_impls(&header, fields_items, from_py))
}

/// `#[pyclass]` on a field-less enum: a class with one class attribute per variant (each an
/// instance), `repr` like `Color.Red`, equality and hashing by variant, `int()` giving the
/// discriminant and, with `eq_int`, equality with ints.
fn generate_enum(args: TokenStream, en: &mut syn::ItemEnum) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let o = class_options(args, &mut en.attrs, &mut errors);
    if !en.generics.params.is_empty() {
        errors.push_at(en.generics.span(), "a `#[pyclass]` enum cannot be generic");
    }
    if en
        .variants
        .iter()
        .any(|v| !matches!(v.fields, syn::Fields::Unit))
    {
        errors.finish()?;
        return generate_complex_enum(o, en);
    }
    errors.finish()?;
    let Naming {
        krate,
        py_name,
        module,
        doc,
    } = o.naming(&en.ident, &en.attrs);
    let ident = &en.ident;
    let variants: Vec<&syn::Ident> = en.variants.iter().map(|v| &v.ident).collect();
    let names: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
    let reprs: Vec<String> = names.iter().map(|n| format!("{py_name}.{n}")).collect();
    let eq_int = o.eq_int;
    // The slots of a field-less enum, each starting from its instance.
    let enum_slot = |name: &str, params: Params, ret: TokenStream, rest: TokenStream| {
        callback(
            &krate,
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
        object_params(&krate, &["slf"]),
        object(&krate),
        quote! {
            let text = match slf.get() { #(#ident::#variants => #reprs,)* };
            ::std::result::Result::Ok(#krate::types::PyString::new(py, text).into_ptr())
        },
    );
    let int_callback = enum_slot(
        "int",
        object_params(&krate, &["slf"]),
        object(&krate),
        quote!(#krate::__private::convert_return(py, discriminant(slf.get()))),
    );
    let hash_callback = enum_slot(
        "hash",
        object_params(&krate, &["slf"]),
        quote!(#krate::ffi::Py_hash_t),
        quote!(::std::result::Result::Ok(#krate::__private::hash_value(discriminant(slf.get())))),
    );
    let mut richcompare_params = object_params(&krate, &["slf", "other"]);
    richcompare_params.push((quote!(op), quote!(::std::os::raw::c_int)));
    let richcompare_callback = enum_slot(
        "richcompare",
        richcompare_params,
        object(&krate),
        quote! {
            // SAFETY: CPython passes a valid operand.
            let other = unsafe { #krate::Bound::ref_from_ptr(py, &other) };
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
        };
    };
    let derives_clone = en
        .attrs
        .iter()
        .any(|a| a.path().is_ident("derive") && a.meta.to_token_stream_string().contains("Clone"));
    let from_py = if derives_clone {
        quote! {
            impl<'a, 'py> #krate::FromPyObject<'a, 'py> for #ident {
                type Error = #krate::PyErr;
                fn extract(obj: #krate::Borrowed<'a, 'py, #krate::types::PyAny>) -> #krate::PyResult<Self> {
                    ::std::result::Result::Ok(::std::clone::Clone::clone(obj.cast::<#ident>()?.get()))
                }
            }
        }
    } else {
        quote!()
    };
    let header = ClassHeader {
        krate: &krate,
        ident,
        py_name: &py_name,
        module,
        doc,
        basetype: false,
        frozen: quote!(#krate::__private::frozen::Yes),
        has_dict: false,
        has_weakref: false,
        mutable: quote!(),
        base: None,
        sequence: false,
        mapping: false,
        unsendable: false,
        instance_type: None,
    };
    Ok(class_impls(&header, fields_items, from_py))
}

/// `#[pyclass]` on an enum with fields: the enum's class is an abstract base, and each variant
/// is a subclass (`Shape.Circle`) with a constructor taking the fields, a property per field and
/// `__match_args__`, so `match shape: case Shape.Circle(r): ...` works.
fn generate_complex_enum(o: ClassOptions, en: &syn::ItemEnum) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let Naming {
        krate,
        py_name,
        module,
        doc,
    } = o.naming(&en.ident, &en.attrs);
    let ident = &en.ident;
    let mut helpers = Vec::new();
    let mut attrs = Vec::new();
    let mut repr_arms = Vec::new();
    let mut variant_names = Vec::new();
    for v in &en.variants {
        let vident = &v.ident;
        let vname = vident.to_string();
        variant_names.push((vident.clone(), vname.clone()));
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
        let construct = match &v.fields {
            syn::Fields::Named(_) => quote!(#ident::#vident { #(#binds),* }),
            syn::Fields::Unnamed(_) => quote!(#ident::#vident(#(#binds),*)),
            syn::Fields::Unit => quote!(#ident::#vident),
        };
        let pattern = match &v.fields {
            syn::Fields::Named(_) => quote!(#ident::#vident { #(#binds),* }),
            syn::Fields::Unnamed(_) => quote!(#ident::#vident(#(#binds),*)),
            syn::Fields::Unit => quote!(#ident::#vident),
        };
        let make = format_ident!("__pybound_make_{}", vident);
        let new_fn = format_ident!("__pybound_new_{}", vident);
        let getsets_static = format_ident!("__PYBOUND_GETSETS_{}", vident);
        // The constructor: the generic argument parser over the fields.
        let inputs: syn::punctuated::Punctuated<syn::FnArg, syn::Token![,]> =
            syn::parse_quote!(#(#binds: #tys),*);
        let plan = crate::signature::plan(&inputs, None, false, &mut errors);
        let spec = crate::function::CallSpec {
            target: quote!(#make),
            receiver_binding: quote!(),
            receiver_arg: None,
            entry: crate::function::Entry::TupleDict,
            finish: quote! {
                // SAFETY: `subtype` is this variant's class (CPython's tp_new contract).
                unsafe { #krate::__private::PyClassObject::create_with_args(py, __pybound_subtype, __pybound_ret, __pybound_args, __pybound_kwargs) }
            },
        };
        let body = crate::function::wrapper_body(&spec, &krate, &vname, &plan);
        helpers.push(quote! {
            #[allow(non_snake_case, clippy::all)]
            fn #make(#(#binds: #tys),*) -> #ident {
                #construct
            }
        });
        helpers.push(callback(
            &krate,
            Scope::Items,
            &new_fn,
            &new_params(&krate),
            &object(&krate),
            body,
        ));
        // A property per field.
        let mut getset_defs = Vec::new();
        for (fname, bind, _) in &fields {
            let getter =
                format_ident!("__pybound_get_{}_{}", vident, fname.trim_start_matches('_'));
            let getter = if fname.starts_with('_') {
                format_ident!("{}_pos", getter)
            } else {
                getter
            };
            let fname_c = c_string(fname);
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
                &krate,
                Scope::Items,
                &getter,
                &getter_params(&krate),
                &object(&krate),
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
            getset_defs.push(quote! {
                #krate::__private::GetSetDef(#krate::ffi::PyGetSetDef {
                    name: #fname_c.as_ptr(),
                    get: ::std::option::Option::Some(#getter),
                    set: ::std::option::Option::None,
                    doc: ::std::ptr::null(),
                    closure: ::std::ptr::null_mut(),
                })
            });
        }
        helpers.push(quote! {
            #[allow(non_upper_case_globals)]
            static #getsets_static: &[#krate::__private::GetSetDef] = &[#(#getset_defs),*];
        });
        attrs.push(quote! {
            (#vname, |ty| #krate::__private::make_variant_type(ty, #vname, #new_fn, #getsets_static, &[#(#names),*]))
        });
        let repr_parts = fields.iter().map(|(fname, bind, _)| {
            let label = if fname.starts_with('_') { String::new() } else { format!("{fname}=") };
            quote!(format!("{}{}", #label, #krate::IntoPyObjectExt::into_bound_py_any(#bind, py)?.repr()?))
        });
        let qual = format!("{py_name}.{vname}");
        repr_arms.push(quote! {
            #[allow(unused_variables)]
            #pattern => {
                let parts: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#repr_parts),*];
                format!("{}({})", #qual, parts.join(", "))
            }
        });
    }
    errors.finish()?;
    let variant_arms = variant_names
        .iter()
        .map(|(vident, vname)| quote!(#ident::#vident { .. } => #vname));
    let repr_callback = callback(
        &krate,
        Scope::Items,
        &format_ident!("repr"),
        &object_params(&krate, &["__pybound_slf"]),
        &object(&krate),
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
        };
    };
    let header = ClassHeader {
        krate: &krate,
        ident,
        py_name: &py_name,
        module,
        doc,
        basetype: true,
        frozen: quote!(#krate::__private::frozen::Yes),
        has_dict: false,
        has_weakref: false,
        mutable: quote!(),
        base: None,
        sequence: false,
        mapping: false,
        unsendable: o.unsendable,
        instance_type: Some(quote! {
            /// A value lives in its variant's class (`Shape.Circle`).
            fn instance_type(&self, py: #krate::Python<'_>) -> #krate::PyResult<*mut #krate::ffi::PyTypeObject> {
                let base = <#ident as #krate::type_object::PyTypeInfo>::type_object(py);
                let name = match self { #(#variant_arms,)* };
                let variant = base.getattr(name)?.cast_into::<#krate::types::PyType>()?;
                ::std::result::Result::Ok(variant.as_type_ptr())
            }
        }),
    };
    Ok(class_impls(&header, fields_items, quote!()))
}

/// What every class, struct or enum, generates around its member table.
struct ClassHeader<'a> {
    krate: &'a syn::Path,
    ident: &'a syn::Ident,
    py_name: &'a str,
    module: TokenStream,
    doc: TokenStream,
    basetype: bool,
    frozen: TokenStream,
    has_dict: bool,
    has_weakref: bool,
    mutable: TokenStream,
    /// `extends = Base`.
    base: Option<syn::Path>,
    sequence: bool,
    mapping: bool,
    unsendable: bool,
    /// Overrides `PyClass::instance_type` (complex enums).
    instance_type: Option<TokenStream>,
}

fn class_impls(
    h: &ClassHeader<'_>,
    fields_items: TokenStream,
    from_py: TokenStream,
) -> TokenStream {
    let ClassHeader {
        krate,
        ident,
        py_name,
        module,
        doc,
        basetype,
        frozen,
        has_dict,
        has_weakref,
        mutable,
        base,
        sequence,
        mapping,
        unsendable,
        instance_type,
    } = h;
    // Each optional instance field exists only when the class asks for it.
    let slot = |present: bool, value: TokenStream| {
        if present {
            quote!(#krate::__private::Present<#value>)
        } else {
            quote!(#krate::__private::Absent)
        }
    };
    let object_ptr = quote!(*mut #krate::ffi::PyObject);
    let thread_slot = slot(*unsendable, quote!(usize));
    let dict_slot = slot(*has_dict, object_ptr.clone());
    let weaklist_slot = slot(*has_weakref, object_ptr);
    let send_check = if *unsendable {
        quote!()
    } else {
        quote! {
            // A #[pyclass] must be Send (Python may use it from any thread), unless `unsendable`.
            const _: () = {
                #[allow(dead_code)]
                fn check() {
                    #krate::__private::assert_pyclass_send::<#ident>();
                }
            };
        }
    };
    let base_items = match base {
        Some(b) => quote! {
            type BaseHeader = <#b as #krate::__private::PyClassBaseType>::Header;
            const NATIVE_BASE_NEW: bool = <#b as #krate::__private::PyClassBaseType>::NATIVE;
            fn base_type_object(py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                <#b as #krate::type_object::PyTypeInfo>::type_object_raw(py)
            }
            type BaseValue = <#b as #krate::__private::PyClassBaseType>::Value;
            unsafe fn init_base(obj: *mut #krate::ffi::PyObject, value: Self::BaseValue) {
                // SAFETY: forwarded.
                unsafe { <#b as #krate::__private::PyClassBaseType>::init_part(obj, value) }
            }
            unsafe fn drop_base(obj: *mut #krate::ffi::PyObject) {
                // SAFETY: forwarded.
                unsafe { <#b as #krate::__private::PyClassBaseType>::drop_part(obj) }
            }
        },
        None => quote! {
            type BaseHeader = #krate::ffi::PyObject;
            fn base_type_object(_py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                // SAFETY: the address of the static `object` type.
                unsafe { ::std::ptr::addr_of_mut!(#krate::ffi::PyBaseObject_Type) }
            }
            type BaseValue = ();
            unsafe fn init_base(_obj: *mut #krate::ffi::PyObject, _value: ()) {}
            unsafe fn drop_base(_obj: *mut #krate::ffi::PyObject) {}
        },
    };
    // A subclassable class without a base of its own can be the base of another `#[pyclass]`.
    let as_base = if *basetype && base.is_none() {
        quote! {
            impl #krate::__private::PyClassBaseType for #ident {
                type Header = #krate::__private::PyClassObject<#ident>;
                type Value = #ident;
                const NATIVE: bool = false;
                unsafe fn init_part(obj: *mut #krate::ffi::PyObject, value: #ident) {
                    // SAFETY: forwarded.
                    unsafe { #krate::__private::PyClassObject::<#ident>::init_in_place(obj, value) }
                }
                unsafe fn drop_part(obj: *mut #krate::ffi::PyObject) {
                    // SAFETY: forwarded; the collector or dealloc holds the interpreter.
                    unsafe { #krate::__private::PyClassObject::<#ident>::drop_in_place(#krate::Python::assume_attached(), obj) }
                }
            }
        }
    } else {
        quote!()
    };
    // Creating a subclass of a `#[pyclass]` needs the base value too: no plain conversion.
    let into_py = quote! {
        impl<'py> #krate::IntoPyObject<'py> for #ident {
            type Target = #ident;
            type Output = #krate::Bound<'py, #ident>;
            type Error = #krate::PyErr;
            fn into_pyobject(self, py: #krate::Python<'py>) -> #krate::PyResult<Self::Output> {
                #krate::__private::into_new_object(py, self)
            }
        }
    };
    quote! {
        // SAFETY: the type object is built from this class's layout by pybound.
        unsafe impl #krate::type_object::PyTypeInfo for #ident {
            const NAME: &'static str = #py_name;
            const MODULE: ::std::option::Option<&'static str> = #module;
            #[inline]
            fn type_object_raw(py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                <#ident as #krate::__private::PyClass>::lazy_type_object().get_or_init::<#ident>(py)
            }
        }

        impl #krate::type_object::DerefToPyAny for #ident {}

        #mutable

        impl #krate::__private::PyClass for #ident {
            const NAME: &'static str = #py_name;
            const MODULE: ::std::option::Option<&'static str> = #module;
            const BASETYPE: bool = #basetype;
            type ThreadSlot = #thread_slot;
            type DictSlot = #dict_slot;
            type WeaklistSlot = #weaklist_slot;
            type Frozen = #frozen;
            const SEQUENCE: bool = #sequence;
            #instance_type
            const MAPPING: bool = #mapping;
            #base_items
            fn doc() -> &'static ::std::ffi::CStr {
                #doc
            }
            fn items() -> &'static #krate::__private::ClassItems {
                #fields_items
                &FIELDS
            }
            fn methods_registry() -> &'static #krate::__private::MethodsRegistry {
                static REGISTRY: #krate::__private::MethodsRegistry = #krate::__private::MethodsRegistry::new();
                &REGISTRY
            }
            fn lazy_type_object() -> &'static #krate::__private::LazyTypeObject {
                static TYPE: #krate::__private::LazyTypeObject = #krate::__private::LazyTypeObject::new();
                &TYPE
            }
        }

        #into_py

        #as_base

        #send_check

        #from_py

        impl #ident {
            /// Add this class to `module` (for `#[pymodule_export]`).
            #[doc(hidden)]
            pub fn __pybound_add_to_module(module: &#krate::Bound<'_, #krate::types::PyModule>) -> #krate::PyResult<()> {
                #krate::__private::add_class(
                    module,
                    &<#ident as #krate::type_object::PyTypeInfo>::type_object(module.py()),
                    #py_name,
                    <#ident as #krate::__private::PyClass>::MODULE.is_some(),
                )
            }

            /// The entry `#[pymodule_export]` lists.
            #[doc(hidden)]
            pub const __PYBOUND_EXPORT: #krate::__private::Export =
                #krate::__private::Export::With(Self::__pybound_add_to_module);
        }
    }
}

trait MetaString {
    fn to_token_stream_string(&self) -> String;
}

impl MetaString for syn::Meta {
    fn to_token_stream_string(&self) -> String {
        quote::ToTokens::to_token_stream(self).to_string()
    }
}
