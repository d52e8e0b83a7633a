//! Build script: learn which interpreter pyo3-ffi found and tell rustc.
//!
//! - `Py_3_X`, `Py_LIMITED_API`, `Py_GIL_DISABLED` cfgs, so code can follow the C API's version.
//! - An rpath to the found interpreter's `LIBDIR` for binaries that embed it (tests, examples),
//!   so they load that libpython rather than whichever one the loader finds first.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    pyo3_build_config::add_libpython_rpath_link_args();
    println!("cargo:rerun-if-changed=build.rs");
}
