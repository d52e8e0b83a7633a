//! Errors collected across a whole expansion, so one compile reports every mistake at its own
//! span (as serde_derive does), instead of stopping at the first.

use proc_macro2::{Span, TokenStream};

/// Accumulates errors so one expansion can report several at once.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    /// Add an error.
    pub fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(e) => e.combine(err),
            None => self.0 = Some(err),
        }
    }

    /// Add an error at `span`.
    pub fn push_at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `Err` with every error, if there is one.
    pub fn finish(self) -> syn::Result<()> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The `compile_error!` invocations for every error (nothing when there is none).
    pub fn to_compile_errors(&self) -> TokenStream {
        self.0
            .as_ref()
            .map(syn::Error::to_compile_error)
            .unwrap_or_default()
    }
}
