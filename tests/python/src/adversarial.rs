//! What the adversarial tests (`test_adversarial.py`) need: a value whose `Drop` panics, a
//! constructor taking its arguments by keyword, Rust calling a callable with a dict the caller
//! keeps, and extractions that used to trust what objects said about themselves.

use pybound::prelude::*;
use pybound::types::PyDict;

/// A value whose `Drop` panics (when asked to), to check that freeing it while an exception
/// propagates neither crashes nor loses that exception.
#[pyclass]
pub struct PanicOnDrop {
    armed: bool,
}

#[pymethods]
impl PanicOnDrop {
    #[new]
    #[pybound(signature = (armed = true))]
    fn new(armed: bool) -> Self {
        PanicOnDrop { armed }
    }
}

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        if self.armed {
            panic!("PanicOnDrop dropped");
        }
    }
}

/// Two integers by keyword, for constructor argument parsing through a tuple and a dict.
#[pyclass]
pub struct KwPair {
    #[pybound(get)]
    a: i64,
    #[pybound(get)]
    b: i64,
}

#[pymethods]
impl KwPair {
    #[new]
    fn new(a: i64, b: i64) -> Self {
        KwPair { a, b }
    }

    fn __call__(&self, a: i64, b: i64) -> i64 {
        self.a * a + self.b * b
    }
}

/// `f(**kwargs)` from Rust, with the caller's own dict (not a copy, as Python's `f(**d)` makes).
#[pyfunction]
pub fn call_with_dict<'py>(
    f: &Bound<'py, PyAny>,
    kwargs: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyAny>> {
    f.call((), Some(kwargs))
}

/// The number of items of a sequence extracted as a `Vec`.
#[pyfunction]
pub fn vec_len(values: Vec<i64>) -> usize {
    values.len()
}

/// An `i128` argument, returned.
#[pyfunction]
pub fn echo_i128(value: i128) -> i128 {
    value
}

/// A `u128` argument, returned.
#[pyfunction]
pub fn echo_u128(value: u128) -> u128 {
    value
}

/// Keyword arguments collected into `**kwargs`.
#[pyfunction]
#[pybound(signature = (**kwargs))]
pub fn kwargs_keys(kwargs: Option<&Bound<'_, PyDict>>) -> usize {
    kwargs.map_or(0, |d| d.len())
}

/// One named parameter (so any other keyword is unexpected).
#[pyfunction]
pub fn one_named(x: i64) -> i64 {
    x
}

/// Exported under an always-true `#[cfg]` (the export list keeps it).
#[pyfunction]
pub fn cfg_kept() -> &'static str {
    "kept"
}

/// `*args` as a `Vec` and `**kwargs` as a `HashMap`, converted like any argument.
#[pyfunction]
#[pybound(signature = (*args, **kwargs))]
pub fn sum_args(args: Vec<i64>, kwargs: Option<std::collections::HashMap<String, i64>>) -> i64 {
    args.iter().sum::<i64>() + kwargs.map_or(0, |k| k.values().sum())
}
