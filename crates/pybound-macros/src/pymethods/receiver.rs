//! How a method receives its object: decided from the first parameter's parsed form, and the
//! code that binds it in the wrapper (a borrow guard for `&self` / `&mut self`, a `PyRef`, the
//! `&Bound`, or the class for class methods).

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

use super::model::MethodKind;
use crate::diagnostics::Errors;
use crate::types::{dereferenced, is_named};

/// How a method receives the object.
#[derive(Clone, Copy, PartialEq)]
pub enum Receiver {
    /// No receiver (`#[staticmethod]`, `#[new]`, `#[classattr]`).
    None,
    /// `&self`.
    Ref,
    /// `&mut self`.
    RefMut,
    /// `slf: PyRef<'_, Self>`.
    PyRef,
    /// `slf: PyRefMut<'_, Self>`.
    PyRefMut,
    /// `slf: PyClassGuard<'_, Self>` (what `&self` uses, named).
    Guard,
    /// `slf: PyClassGuardMut<'_, Self>`.
    GuardMut,
    /// `slf: &Bound<'_, Self>`.
    BoundRef,
    /// `slf: Bound<'_, Self>` (a new strong reference).
    BoundOwned,
    /// `slf: Py<Self>` (a new strong reference).
    Py,
    /// `cls: &Bound<'_, PyType>` of a `#[classmethod]`.
    Class,
}

type Inputs = Punctuated<syn::FnArg, syn::Token![,]>;

impl Receiver {
    /// The receiver of a method of `kind`, and the remaining (Python-visible) parameters.
    pub fn parse(sig: &syn::Signature, kind: &MethodKind, errors: &mut Errors) -> (Self, Inputs) {
        let mut inputs = sig.inputs.clone();
        let first = inputs.first();
        let receiver = match (first, kind) {
            (_, MethodKind::Static | MethodKind::New | MethodKind::ClassAttr) => {
                if let Some(syn::FnArg::Receiver(r)) = first {
                    errors.push_at(r.span(), "this kind of method does not take `self`");
                }
                return (Receiver::None, inputs);
            }
            (Some(syn::FnArg::Typed(_)), MethodKind::ClassMethod | MethodKind::NewWithClass) => {
                Receiver::Class
            }
            (Some(syn::FnArg::Receiver(r)), _) => Self::from_self(r, errors),
            // Any name (`slf`, `self_`, `this`): the first parameter of a method is its receiver.
            (Some(syn::FnArg::Typed(p)), _) => Self::from_typed(&p.ty, errors),
            _ => {
                errors.push_at(sig.span(), "this method needs a receiver: `&self`, `&mut self` or `slf: PyRef<'_, Self>` (or make it `#[staticmethod]`)");
                return (Receiver::None, inputs);
            }
        };
        inputs = inputs.into_iter().skip(1).collect();
        (receiver, inputs)
    }

    fn from_self(r: &syn::Receiver, errors: &mut Errors) -> Self {
        if r.reference.is_none() {
            errors.push_at(r.span(), "take `&self` or `&mut self` (the value lives inside the Python object), or `slf: PyRef<'_, Self>`");
            Receiver::Ref
        } else if r.mutability.is_some() {
            Receiver::RefMut
        } else {
            Receiver::Ref
        }
    }

    /// `slf: T`, by `T`'s outer type.
    fn from_typed(ty: &syn::Type, errors: &mut Errors) -> Self {
        let outer = dereferenced(ty);
        let by_reference = matches!(ty, syn::Type::Reference(_));
        if is_named(outer, "PyRefMut") {
            Receiver::PyRefMut
        } else if is_named(outer, "PyRef") {
            Receiver::PyRef
        } else if is_named(outer, "PyClassGuardMut") {
            Receiver::GuardMut
        } else if is_named(outer, "PyClassGuard") {
            Receiver::Guard
        } else if is_named(outer, "Bound") && by_reference {
            Receiver::BoundRef
        } else if is_named(outer, "Bound") {
            Receiver::BoundOwned
        } else if is_named(outer, "Py") && !by_reference {
            Receiver::Py
        } else {
            errors.push_at(
                ty.span(),
                "a method's receiver is `&self`, `&mut self`, or a first parameter of type `PyRef<'_, Self>`, `PyRefMut<'_, Self>`, `PyClassGuard<'_, Self>`, `PyClassGuardMut<'_, Self>`, `&Bound<'_, Self>`, `Bound<'_, Self>` or `Py<Self>` (or make it `#[staticmethod]`)",
            );
            Receiver::Ref
        }
    }

    /// For an async method taking `&self` / `&mut self`: statements taking a borrow the
    /// future will own (`__pybound_owned`), and the receiver lent from it inside the future.
    pub fn async_binding(
        &self,
        krate: &syn::Path,
        self_ty: &syn::Type,
    ) -> Option<(TokenStream, TokenStream)> {
        let bound = quote! {
            // SAFETY: CPython passes an instance of the class.
            let __pybound_slf_bound = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#self_ty>() };
        };
        match self {
            Receiver::Ref => Some((
                quote!(#bound let __pybound_owned = #krate::__private::OwnedBorrow::shared(__pybound_slf_bound)?;),
                quote!(&*__pybound_owned),
            )),
            Receiver::RefMut => Some((
                quote! {
                    #krate::__private::assert_mutable::<#self_ty>();
                    #bound
                    let mut __pybound_owned = #krate::__private::OwnedBorrow::exclusive(__pybound_slf_bound)?;
                },
                quote!(&mut *__pybound_owned),
            )),
            _ => None,
        }
    }

    /// Statements binding the receiver (from `__pybound_slf`), and the expression passed as the
    /// method's first argument.
    pub fn binding(
        self,
        krate: &syn::Path,
        self_ty: &syn::Type,
    ) -> (TokenStream, Option<TokenStream>) {
        let bound = quote! {
            // SAFETY: CPython passes an instance of the class (or the class, for classmethods).
            let __pybound_slf_bound = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#self_ty>() };
        };
        let assert_mutable = quote!(#krate::__private::assert_mutable::<#self_ty>(););
        match self {
            Receiver::None => (quote!(), None),
            Receiver::Ref => (
                quote!(#bound let __pybound_guard = __pybound_slf_bound.borrow_guard()?;),
                Some(quote!(&*__pybound_guard)),
            ),
            Receiver::RefMut => (
                quote!(#assert_mutable #bound let mut __pybound_guard = __pybound_slf_bound.borrow_mut_guard()?;),
                Some(quote!(&mut *__pybound_guard)),
            ),
            Receiver::PyRef => (bound, Some(quote!(__pybound_slf_bound.try_borrow()?))),
            Receiver::PyRefMut => (
                quote!(#assert_mutable #bound),
                Some(quote!(__pybound_slf_bound.try_borrow_mut()?)),
            ),
            Receiver::Guard => (bound, Some(quote!(__pybound_slf_bound.borrow_guard()?))),
            Receiver::GuardMut => (
                quote!(#assert_mutable #bound),
                Some(quote!(__pybound_slf_bound.borrow_mut_guard()?)),
            ),
            Receiver::BoundRef => (bound, Some(quote!(__pybound_slf_bound))),
            Receiver::BoundOwned => (
                bound,
                Some(quote!(::std::clone::Clone::clone(__pybound_slf_bound))),
            ),
            Receiver::Py => (
                bound,
                Some(quote!(
                    ::std::clone::Clone::clone(__pybound_slf_bound).unbind()
                )),
            ),
            Receiver::Class => (
                quote! {
                    // SAFETY: classmethods receive the class.
                    let __pybound_cls = unsafe { #krate::Bound::ref_from_ptr(py, &__pybound_slf).cast_unchecked::<#krate::types::PyType>() };
                },
                Some(quote!(__pybound_cls)),
            ),
        }
    }
}
