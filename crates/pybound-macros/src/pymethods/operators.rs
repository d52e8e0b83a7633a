//! Generation of the operator families: the sides of binary operators (`__add__`, `__radd__`,
//! `__iadd__`) combined into number slots, and the individual comparisons (`__eq__`, …)
//! combined into `tp_richcompare`. Each method becomes a side function
//! `fn(py, self, other) -> BinaryOpResult` (`None` for an operand of another type); the runtime's
//! `binary_op` / `power_op` dispatch between them.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use super::magic::{BinaryOperator, Side};
use super::model::MethodSpec;
use super::{Call, Ctx, Table};
use crate::callback::{callback, object, richcompare_params, Scope};
use crate::wrapper::{propagate_error, return_conversion};

/// The side functions of one operator.
pub struct Sides {
    op: &'static BinaryOperator,
    functions: Vec<(Side, syn::Ident)>,
}

/// One side of a binary operator.
pub fn side(
    ctx: &Ctx<'_>,
    m: &MethodSpec,
    op: &'static BinaryOperator,
    side: Side,
    call: Call,
    table: &mut Table,
) {
    let krate = ctx.krate;
    let finish = if side == Side::InPlace {
        let propagate = propagate_error(krate, &m.output);
        quote! {
            #propagate
            let _ = __pybound_ret;
            // In-place operators return the (mutated) object itself.
            // SAFETY: `__pybound_slf` is the valid object the slot received.
            unsafe { #krate::__private::inplace_result(__pybound_slf) }
        }
    } else {
        let conv = return_conversion(krate, &m.output);
        quote!((#conv).map(::std::option::Option::Some))
    };
    let function = format_ident!("__pybound_side_{}", m.rust_name);
    table
        .wrappers
        .push(side_function(ctx, m, &function, call, finish));
    table
        .operators
        .entry(op.stem)
        .or_insert_with(|| Sides {
            op,
            functions: Vec::new(),
        })
        .functions
        .push((side, function));
}

/// An individual comparison method.
pub fn comparison(ctx: &Ctx<'_>, m: &MethodSpec, op: &'static str, call: Call, table: &mut Table) {
    let conv = return_conversion(ctx.krate, &m.output);
    let finish = quote!((#conv).map(::std::option::Option::Some));
    let function = format_ident!("__pybound_cmp_{}", m.rust_name);
    table
        .wrappers
        .push(side_function(ctx, m, &function, call, finish));
    table.comparisons.push((op, function));
}

/// `fn name(py, self, other) -> BinaryOpResult`: `Ok(None)` when `other` does not convert
/// to the method's operand type, so Python tries the other side.
fn side_function(
    ctx: &Ctx<'_>,
    m: &MethodSpec,
    name: &syn::Ident,
    call: Call,
    finish: TokenStream,
) -> TokenStream {
    let krate = ctx.krate;
    let (binds, vars) = super::bind_parameters(m, |_, p, var| {
        super::other_operand(p, var, krate, quote!(::std::option::Option::None))
    });
    let invoke = call.invoke(&vars);
    quote! {
        #[doc(hidden)]
        fn #name(py: #krate::Python<'_>, __pybound_slf: *mut #krate::ffi::PyObject, __pybound_other: *mut #krate::ffi::PyObject) -> #krate::__private::BinaryOpResult {
            #(#binds)*
            #invoke
            #finish
        }
    }
}

/// The number slots of the operators defined: the forward/reflected slot and the in-place one.
pub fn number_slots(ctx: &Ctx<'_>, table: &mut Table) {
    let Ctx { krate, self_ty, .. } = ctx;
    for (stem, sides) in std::mem::take(&mut table.operators) {
        let find = |side: Side| {
            sides
                .functions
                .iter()
                .find(|(s, _)| *s == side)
                .map(|(_, f)| quote!(::std::option::Option::Some(#self_ty::#f as #krate::__private::OperatorFn)))
        };
        let none = || quote!(::std::option::Option::None);
        let is_ours = quote!(#krate::__private::is_instance_ptr::<#self_ty>);
        let (forward, reflected) = (find(Side::Forward), find(Side::Reflected));
        if forward.is_some() || reflected.is_some() {
            let (f, r) = (forward.unwrap_or_else(none), reflected.unwrap_or_else(none));
            let wrap = format_ident!("__pybound_nb_{}", stem);
            let body = if sides.op.ternary {
                quote!(#krate::__private::power_op(a, b, m, #is_ours, #f, #r))
            } else {
                quote!(#krate::__private::binary_op(a, b, #is_ours, #f, #r))
            };
            number_slot(ctx, sides.op.slot, sides.op.ternary, &wrap, body, table);
        }
        if let (Some(inplace), Some(slot)) = (find(Side::InPlace), sides.op.inplace_slot) {
            let wrap = format_ident!("__pybound_nb_i{}", stem);
            // An in-place `pow` ignores the modulo CPython passes (always `None` for `**=`).
            let body = quote!(#krate::__private::binary_op(a, b, #is_ours, #inplace, ::std::option::Option::None));
            number_slot(ctx, slot, sides.op.ternary, &wrap, body, table);
        }
    }
}

/// A binary (or, for `pow`, ternary) number slot function running `body`.
fn number_slot(
    ctx: &Ctx<'_>,
    slot: &str,
    ternary: bool,
    wrap: &syn::Ident,
    body: TokenStream,
    table: &mut Table,
) {
    let Ctx { krate, self_ty, .. } = ctx;
    let obj = object(krate);
    let slot = syn::Ident::new(slot, Span::call_site());
    let (modulo, kind) = if ternary {
        (quote!(, m: #obj), quote!(Ternary))
    } else {
        (quote!(), quote!(Binary))
    };
    table.wrappers.push(quote! {
        #[doc(hidden)]
        #[allow(unused_variables)]
        unsafe extern "C" fn #wrap(a: #obj, b: #obj #modulo) -> #obj {
            // SAFETY: forwarded from CPython.
            unsafe { #body }
        }
    });
    table
        .number_slots
        .push(quote!((#krate::ffi::#slot, #krate::__private::SlotFn::#kind(#self_ty::#wrap))));
}

/// `tp_richcompare` from the individual comparison methods; `!=` is the negation of `==` when
/// only `__eq__` is defined, as in Python.
pub fn richcompare(ctx: &Ctx<'_>, table: &mut Table) {
    if table.comparisons.is_empty() {
        return;
    }
    let Ctx { krate, self_ty, .. } = ctx;
    let arms = table.comparisons.iter().map(|(op, f)| {
        let op = syn::Ident::new(op, Span::call_site());
        quote!(::std::option::Option::Some(#krate::CompareOp::#op) => #self_ty::#f(py, __pybound_slf, __pybound_other)?)
    });
    let has_ne = table.comparisons.iter().any(|(o, _)| *o == "Ne");
    let eq = table.comparisons.iter().find(|(o, _)| *o == "Eq");
    let ne_from_eq = match (eq, has_ne) {
        (Some((_, eq)), false) => quote! {
            ::std::option::Option::Some(#krate::CompareOp::Ne) => {
                let __pybound_eq = #self_ty::#eq(py, __pybound_slf, __pybound_other)?;
                // SAFETY: a result of `__eq__` is a new reference.
                unsafe { #krate::__private::negated_comparison(py, __pybound_eq)? }
            }
        },
        _ => quote!(),
    };
    let wrap = format_ident!("__pybound_richcompare");
    table.wrappers.push(callback(
        krate,
        Scope::Impl,
        &wrap,
        &richcompare_params(krate),
        &object(krate),
        quote! {
            let __pybound_result = match #krate::CompareOp::from_raw(__pybound_op) {
                #(#arms,)*
                #ne_from_eq
                _ => ::std::option::Option::None,
            };
            ::std::result::Result::Ok(__pybound_result.unwrap_or_else(|| py.NotImplemented().into_ptr()))
        },
    ));
    table
        .slots
        .push(quote!(richcompare: ::std::option::Option::Some(#self_ty::#wrap)));
}
