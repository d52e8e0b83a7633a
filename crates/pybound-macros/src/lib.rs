//! Procedural macros for `pybound` (`#[pyfunction]`, `#[pymodule]`, `#[pyclass]`,
//! `#[pymethods]`).
//!
//! Not written yet: the function and class macros are the next issues. This crate exists so the
//! workspace has its final shape and `pybound` can re-export the macros once they land.
