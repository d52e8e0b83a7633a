//! Calls from Python into Rust: the argument parser of generated wrappers ([`args`]) and the
//! trampoline every C callback runs its body in ([`trampoline`]). Rust calling Python is
//! [`crate::call`].

pub(crate) mod args;
pub(crate) mod convention;
pub(crate) mod trampoline;
