//! What every class, struct or enum, generates around its member table: the `PyTypeInfo` and
//! `PyClass` impls, the conversion into Python, the base-class items and the module export.

use proc_macro2::TokenStream;
use quote::quote;

use super::ClassSpec;

/// What every class, struct or enum, generates around its member table.
pub struct ClassHeader<'a> {
    /// The class's options (path to pybound, names, doc).
    pub spec: &'a ClassSpec,
    pub ident: &'a syn::Ident,
    /// Python code may subclass it.
    pub basetype: bool,
    pub frozen: bool,
    pub has_dict: bool,
    pub has_weakref: bool,
    /// `extends = Base`.
    pub base: Option<syn::Path>,
    pub sequence: bool,
    pub mapping: bool,
    pub unsendable: bool,
    /// More items of the `PyClass` impl (a free list, a complex enum's `instance_type`).
    pub extra_items: Option<TokenStream>,
}

impl<'a> ClassHeader<'a> {
    /// An enum's class: frozen (variants are immutable values), no `__dict__`, weak
    /// references or base class.
    pub fn for_enum(spec: &'a ClassSpec, ident: &'a syn::Ident, basetype: bool) -> Self {
        ClassHeader {
            spec,
            ident,
            basetype,
            frozen: true,
            has_dict: false,
            has_weakref: false,
            base: None,
            sequence: false,
            mapping: false,
            unsendable: false,
            extra_items: None,
        }
    }
}

/// The trait impls and items of a class around `fields_items` (which defines the static
/// `FIELDS`, the class's own member table) and `from_py` (its `FromPyObject`, if any).
pub fn class_impls(
    h: &ClassHeader<'_>,
    fields_items: TokenStream,
    from_py: TokenStream,
) -> TokenStream {
    let ClassHeader {
        spec,
        ident,
        basetype,
        frozen,
        has_dict,
        has_weakref,
        base,
        sequence,
        mapping,
        unsendable,
        extra_items,
    } = h;
    let ClassSpec {
        krate,
        py_name,
        module,
        doc,
        ..
    } = spec;
    let (frozen, mutable) = if *frozen {
        (quote!(#krate::__private::frozen::Yes), quote!())
    } else {
        (
            quote!(#krate::__private::frozen::No),
            quote!(impl #krate::__private::MutablePyClass for #ident {}),
        )
    };
    // Each optional instance field exists only when the class asks for it.
    let field = |present: bool, value: TokenStream| {
        if present {
            quote!(#krate::__private::Present<#value>)
        } else {
            quote!(#krate::__private::Absent)
        }
    };
    let object_ptr = quote!(*mut #krate::ffi::PyObject);
    let thread_field = field(*unsendable, quote!(usize));
    let dict_field = field(*has_dict, object_ptr.clone());
    let weaklist_field = field(*has_weakref, object_ptr);
    let send_check = send_check(krate, ident, *unsendable);
    let base_items = base_items(krate, base.as_ref());
    let as_base = as_base(krate, ident, *basetype, base.is_some());
    let into_py = into_py(krate, ident);
    let export = module_export(krate, ident, py_name);
    quote! {
        // SAFETY: the type object is built from this class's layout by pybound.
        unsafe impl #krate::type_object::PyTypeInfo for #ident {
            const NAME: &'static str = #py_name;
            const MODULE: ::std::option::Option<&'static str> = #module;
            #[inline]
            fn type_object_raw(py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                <#ident as #krate::__private::PyClass>::lazy_type_object().get_or_init::<#ident>(py)
            }
            #[inline]
            fn is_type_of(obj: &#krate::Bound<'_, #krate::PyAny>) -> bool {
                <#ident as #krate::__private::PyClass>::lazy_type_object().is_type_of::<#ident>(obj)
            }
            #[inline]
            fn is_exact_type_of(obj: &#krate::Bound<'_, #krate::PyAny>) -> bool {
                <#ident as #krate::__private::PyClass>::lazy_type_object().is_exact_type_of::<#ident>(obj)
            }
        }

        impl #krate::type_object::DerefToPyAny for #ident {}

        #mutable

        impl #krate::__private::PyClass for #ident {
            const NAME: &'static str = #py_name;
            const RUST_NAME: &'static str = ::std::stringify!(#ident);
            const MODULE: ::std::option::Option<&'static str> = #module;
            const BASETYPE: bool = #basetype;
            type ThreadField = #thread_field;
            type DictField = #dict_field;
            type WeaklistField = #weaklist_field;
            type Frozen = #frozen;
            const SEQUENCE: bool = #sequence;
            #extra_items
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

        #export
    }
}
/// The compile-time check that a class is `Send + Sync` (unless `unsendable`).
fn send_check(krate: &syn::Path, ident: &syn::Ident, unsendable: bool) -> TokenStream {
    if unsendable {
        quote!()
    } else {
        quote! {
            // A #[pyclass] must be Send + Sync (Python may use it from any thread, several at
            // once on free-threaded builds), unless `unsendable`.
            const _: () = {
                #[allow(dead_code)]
                fn check() {
                    #krate::__private::assert_pyclass_send::<#ident>();
                }
            };
        }
    }
}

/// The `PyClass` items that depend on the base class.
fn base_items(krate: &syn::Path, base: Option<&syn::Path>) -> TokenStream {
    match base {
        Some(b) => quote! {
            type BaseHeader = <#b as #krate::__private::PyClassBaseType>::Header;
            type BaseType = #b;
            const NATIVE_BASE_NEW: bool = <#b as #krate::__private::PyClassBaseType>::NATIVE;
            const NATIVE_BASE_INIT: bool = <#b as #krate::__private::PyClassBaseType>::NATIVE_INIT;
            fn base_type_object(py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                <#b as #krate::type_object::PyTypeInfo>::type_object_raw(py)
            }
            fn native_base_type_object(py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                <#b as #krate::__private::PyClassBaseType>::native_type_object(py)
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
            #[inline]
            unsafe fn borrow_bases(
                obj: *mut #krate::ffi::PyObject,
                exclusive: bool,
            ) -> ::std::result::Result<(), #krate::pycell::PyBorrowMutError> {
                // SAFETY: forwarded.
                unsafe { <#b as #krate::__private::PyClassBaseType>::borrow_part(obj, exclusive) }
            }
            #[inline]
            unsafe fn release_bases(obj: *mut #krate::ffi::PyObject, exclusive: bool) {
                // SAFETY: forwarded.
                unsafe { <#b as #krate::__private::PyClassBaseType>::release_part(obj, exclusive) }
            }
        },
        None => quote! {
            type BaseHeader = #krate::ffi::PyObject;
            type BaseType = #krate::types::PyAny;
            fn base_type_object(_py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                // SAFETY: the address of the static `object` type.
                unsafe { ::std::ptr::addr_of_mut!(#krate::ffi::PyBaseObject_Type) }
            }
            type BaseValue = ();
            unsafe fn init_base(_obj: *mut #krate::ffi::PyObject, _value: ()) {}
            unsafe fn drop_base(_obj: *mut #krate::ffi::PyObject) {}
        },
    }
}

/// A subclassable class can be the base of another `#[pyclass]`. Its part of a subclass
/// instance is its value, and, when it extends a `#[pyclass]` itself, its own base part: so
/// chains of any depth are built (and dropped) base first.
fn as_base(
    krate: &syn::Path,
    ident: &syn::Ident,
    subclassable: bool,
    has_base: bool,
) -> TokenStream {
    if !subclassable {
        return quote!();
    }
    let (value, init, base_value) = if has_base {
        (
            quote!((#ident, <#ident as #krate::__private::PyClass>::BaseValue)),
            quote!(#krate::__private::PyClassObject::<#ident>::init_in_place_with_base(obj, value.0, value.1)),
            quote!(init.into_parts()),
        )
    } else {
        (
            quote!(#ident),
            quote!(#krate::__private::PyClassObject::<#ident>::init_in_place(obj, value)),
            quote!(init.into_parts().0),
        )
    };
    quote! {
        impl #krate::__private::PyClassBaseType for #ident {
            type Header = #krate::__private::PyClassObject<#ident>;
            type Value = #value;
            const NATIVE: bool = <#ident as #krate::__private::PyClass>::NATIVE_BASE_NEW;
            const NATIVE_INIT: bool = <#ident as #krate::__private::PyClass>::NATIVE_BASE_INIT;
            unsafe fn init_part(obj: *mut #krate::ffi::PyObject, value: Self::Value) {
                // SAFETY: forwarded.
                unsafe { #init }
            }
            unsafe fn drop_part(obj: *mut #krate::ffi::PyObject) {
                // SAFETY: forwarded; the collector or dealloc holds the interpreter.
                unsafe { #krate::__private::PyClassObject::<#ident>::drop_in_place(#krate::Python::assume_attached(), obj) }
            }
            fn native_type_object(py: #krate::Python<'_>) -> *mut #krate::ffi::PyTypeObject {
                <#ident as #krate::__private::PyClass>::native_base_type_object(py)
            }
            #[inline]
            unsafe fn borrow_part(
                obj: *mut #krate::ffi::PyObject,
                exclusive: bool,
            ) -> ::std::result::Result<(), #krate::pycell::PyBorrowMutError> {
                // SAFETY: forwarded.
                unsafe { #krate::__private::borrow_part::<#ident>(obj, exclusive) }
            }
            #[inline]
            unsafe fn release_part(obj: *mut #krate::ffi::PyObject, exclusive: bool) {
                // SAFETY: forwarded.
                unsafe { #krate::__private::release_part::<#ident>(obj, exclusive) }
            }
        }

        impl #krate::__private::PyClassBaseValue for #ident {
            fn base_value(init: #krate::PyClassInitializer<Self>) -> Self::Value {
                #base_value
            }
        }
    }
}

/// `IntoPyObject`: a new instance holding the value. (Creating a subclass of a `#[pyclass]`
/// needs the base value too: the runtime refuses that.)
fn into_py(krate: &syn::Path, ident: &syn::Ident) -> TokenStream {
    quote! {
        impl<'py> #krate::IntoPyObject<'py> for #ident {
            type Target = #ident;
            type Output = #krate::Bound<'py, #ident>;
            type Error = #krate::PyErr;
            fn into_pyobject(self, py: #krate::Python<'py>) -> #krate::PyResult<Self::Output> {
                #krate::__private::into_new_object(py, self)
            }
        }
    }
}

/// The class's entry for `#[pymodule_export]`.
fn module_export(krate: &syn::Path, ident: &syn::Ident, py_name: &str) -> TokenStream {
    quote! {
        impl #ident {
            /// Add this class to `module` (for `#[pymodule_export]`).
            #[doc(hidden)]
            pub fn __pybound_add_to_module(module: &#krate::Bound<'_, #krate::types::PyModule>) -> #krate::PyResult<()> {
                #krate::__private::add_class::<#ident>(module, #py_name)
            }

            /// The entry `#[pymodule_export]` lists.
            #[doc(hidden)]
            pub const __PYBOUND_EXPORT: #krate::__private::Export =
                #krate::__private::Export::With(Self::__pybound_add_to_module);
        }
    }
}
