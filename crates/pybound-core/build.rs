//! Build script: learn which interpreter pyo3-ffi found and tell rustc.
//!
//! - `Py_3_X`, `Py_LIMITED_API`, `Py_GIL_DISABLED` cfgs, so code can follow the C API's version.
//! - `pybound_int_digit30` when that interpreter stores ints in 30-bit digits of 4 bytes (its
//!   `sys.int_info`), so small ints can be read without a run-time layout check. The digit size
//!   is part of an interpreter's build configuration, which C extensions also take from the
//!   interpreter they are built for (its `pyconfig.h`). Without an interpreter to ask
//!   (cross-compiling), or with `PYBOUND_INT_LAYOUT_AT_RUNTIME` set (the tests use it so that
//!   both forms run), the check is made once at run time instead.
//! - An rpath to the found interpreter's `LIBDIR` for binaries that embed it (tests, examples),
//!   so they load that libpython rather than whichever one the loader finds first.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    pyo3_build_config::add_libpython_rpath_link_args();
    println!("cargo:rustc-check-cfg=cfg(pybound_int_digit30)");
    // `RUSTFLAGS="--cfg loom"`: the model checks of the atomic state machines (tests/loom.sh).
    println!("cargo:rustc-check-cfg=cfg(loom)");
    if int_digit30() {
        println!("cargo:rustc-cfg=pybound_int_digit30");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

fn int_digit30() -> bool {
    println!("cargo:rerun-if-env-changed=PYBOUND_INT_LAYOUT_AT_RUNTIME");
    let config = pyo3_build_config::get();
    if std::env::var_os("PYBOUND_INT_LAYOUT_AT_RUNTIME").is_some()
        || matches!(
            config.target_abi().kind(),
            pyo3_build_config::PythonAbiKind::Stable(_)
        )
        || config.implementation() != pyo3_build_config::PythonImplementation::CPython
        || config.executable().is_none()
    {
        return false;
    }
    config
        .run_python_script(
            "import sys; print(sys.int_info.bits_per_digit, sys.int_info.sizeof_digit)",
        )
        .is_ok_and(|out| out.trim() == "30 4")
}
