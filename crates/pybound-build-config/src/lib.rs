//! Interpreter discovery for the build scripts of crates that use pybound: the configuration
//! pybound itself builds with, found by `pyo3-build-config` (which pybound uses through
//! `pyo3-ffi`), under pybound's name. A build script ported from PyO3 by the rename
//! (`pyo3_build_config::use_pyo3_cfgs()` → `pybound_build_config::use_pyo3_cfgs()`) works as
//! it did: the functions and types are `pyo3-build-config`'s own.
//!
//! In `build.rs`, whose `fn main` calls:
//!
//! ```no_run
//! pybound_build_config::use_pyo3_cfgs();
//! ```

pub use pyo3_build_config::*;
