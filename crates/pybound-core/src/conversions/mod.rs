//! Conversions for other crates' types, each behind a feature named after the crate (as PyO3
//! names them). Enable the feature on `pybound` and the types convert like any other:
//!
//! ```toml
//! pybound = { path = "…", features = ["chrono", "num-bigint"] }
//! ```
//!
//! docs/conversions.md has the full table of Rust and Python types, with the feature for each.

#[cfg(feature = "anyhow")]
pub mod anyhow;
#[cfg(feature = "bigdecimal")]
pub mod bigdecimal;
#[cfg(feature = "bytes")]
pub mod bytes;
#[cfg(feature = "chrono")]
pub mod chrono;
#[cfg(feature = "chrono-tz")]
pub mod chrono_tz;
#[cfg(any(feature = "chrono", feature = "time", feature = "jiff-02"))]
mod datetime_support;
#[cfg(any(feature = "rust_decimal", feature = "bigdecimal"))]
mod decimal_support;
#[cfg(feature = "either")]
pub mod either;
#[cfg(feature = "eyre")]
pub mod eyre;
#[cfg(feature = "hashbrown")]
pub mod hashbrown;
#[cfg(feature = "indexmap")]
pub mod indexmap;
#[cfg(feature = "jiff-02")]
pub mod jiff;
#[cfg(feature = "num-bigint")]
pub mod num_bigint;
#[cfg(feature = "num-complex")]
pub mod num_complex;
#[cfg(feature = "num-rational")]
pub mod num_rational;
#[cfg(feature = "ordered-float")]
pub mod ordered_float;
#[cfg(feature = "rust_decimal")]
pub mod rust_decimal;
#[cfg(feature = "smallvec")]
pub mod smallvec;
#[cfg(feature = "time")]
pub mod time;
#[cfg(feature = "uuid")]
pub mod uuid;
