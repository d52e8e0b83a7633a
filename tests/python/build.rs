//! Build script: the `Py_3_X` / `Py_LIMITED_API` cfgs of the build (from this crate's `abi3-*`
//! features and the interpreter), so the module leaves out what the stable ABI cannot do.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    println!("cargo:rerun-if-changed=build.rs");
}
