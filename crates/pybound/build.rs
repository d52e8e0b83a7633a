//! Build script: for binaries of this package that embed Python (tests, examples), an rpath to
//! the `LIBDIR` of the interpreter pyo3-ffi found, so they load that libpython rather than
//! whichever one the loader finds first; and the `Py_3_X` cfgs for version-specific tests.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    pyo3_build_config::add_libpython_rpath_link_args();
    println!("cargo:rerun-if-changed=build.rs");
}
