//! Build script: for binaries of this package that embed Python (tests, examples), an rpath to
//! the `LIBDIR` of the interpreter pyo3-ffi found, so they load that libpython rather than
//! whichever one the loader finds first; and the `Py_3_X` cfgs for version-specific tests. It
//! also passes on pyo3-ffi's interpreter configuration (`links = "pyo3-python"`), for the build
//! scripts of crates that depend on this one.
fn main() {
    if let Ok(config) = std::env::var("DEP_PYTHON_PYO3_CONFIG") {
        println!("cargo:PYO3_CONFIG={config}");
    }
    pyo3_build_config::use_pyo3_cfgs();
    pyo3_build_config::add_libpython_rpath_link_args();
    println!("cargo:rerun-if-changed=build.rs");
}
