//! Conversions for other crates' types, each behind a feature named after the crate (as PyO3
//! names them). Enable the feature on `pybound` and the types convert like any other:
//!
//! ```toml
//! pybound = { path = "…", features = ["chrono", "num-bigint"] }
//! ```
//!
//! docs/conversions.md has the full table of Rust and Python types, with the feature for each.

#[cfg(feature = "bigdecimal")]
pub mod bigdecimal;
#[cfg(feature = "chrono")]
pub mod chrono;
#[cfg(feature = "chrono-tz")]
pub mod chrono_tz;
#[cfg(any(feature = "rust_decimal", feature = "bigdecimal"))]
mod decimal_support;
#[cfg(all(feature = "num-bigint", not(Py_LIMITED_API)))]
pub mod num_bigint;
#[cfg(feature = "rust_decimal")]
pub mod rust_decimal;
#[cfg(feature = "uuid")]
pub mod uuid;
