//! The benchmark API written with the latest PyO3 (Bound API), idiomatically.

use std::collections::HashMap;

#[cfg(not(feature = "abi3"))]
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

#[pyfunction]
fn noargs() {}

#[pyfunction]
fn positional(a: i64, b: f64, c: &str) -> i64 {
    a + b as i64 + c.len() as i64
}

#[pyfunction]
fn keywords(a: i64, b: i64, c: i64) -> i64 {
    a + b + c
}

#[pyfunction]
#[pyo3(signature = (a, b = 2, c = 3))]
fn defaults(a: i64, b: i64, c: i64) -> i64 {
    a + b + c
}

#[pyfunction]
fn list_sum(values: Vec<i64>) -> i64 {
    values.iter().sum()
}

/// `list_sum` with its parameter positional-only.
#[pyfunction]
#[pyo3(signature = (values, /))]
fn list_sum_p(values: Vec<i64>) -> i64 {
    values.iter().sum()
}

#[pyfunction]
fn list_make(py: Python<'_>, n: usize) -> PyResult<Bound<'_, PyList>> {
    PyList::new(py, 0..n)
}

#[pyfunction]
fn str_len(s: &str) -> usize {
    s.len()
}

/// `str_len` with its parameter positional-only.
#[pyfunction]
#[pyo3(signature = (s, /))]
fn str_len_p(s: &str) -> usize {
    s.len()
}

#[pyfunction]
fn str_echo(s: &str) -> String {
    s.to_owned()
}

#[pyfunction]
fn dict_sum(d: HashMap<String, i64>) -> i64 {
    d.values().sum()
}

#[pyfunction]
fn tuple_return() -> (i64, f64, &'static str) {
    (1, 2.5, "abc")
}

#[cfg(not(feature = "abi3"))]
#[pyfunction]
fn buffer_sum(values: PyBuffer<f64>, py: Python<'_>) -> PyResult<f64> {
    match values.as_slice_ptr() {
        // SAFETY: valid while `values` lives; nothing else writes the benchmark's array.
        Some(items) => Ok(unsafe { items.as_ref() }.iter().sum()),
        None => Ok(values.to_vec(py)?.iter().sum()),
    }
}

#[pyfunction]
fn bytes_return(n: usize) -> Vec<u8> {
    vec![7; n]
}

#[pyfunction]
fn raise_value_error() -> PyResult<()> {
    Err(PyValueError::new_err("bad value"))
}

#[pyfunction]
fn callback(f: &Bound<'_, PyAny>) -> PyResult<i64> {
    let mut total = 0;
    for i in 0..100i64 {
        total += f.call1((i,))?.extract::<i64>()?;
    }
    Ok(total)
}

#[pyfunction]
fn getattr_sum(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    let name = pyo3::intern!(obj.py(), "value");
    let mut total = 0;
    for _ in 0..100 {
        total += obj.getattr(name)?.extract::<i64>()?;
    }
    Ok(total)
}

#[pyfunction]
fn make_temporaries(py: Python<'_>, n: usize) -> PyResult<usize> {
    for i in 0..n {
        let list = PyList::new(py, [i])?;
        drop(list);
    }
    Ok(n)
}

#[cfg(feature = "ecosystem")]
mod ecosystem;

#[pymodule]
mod bench_pyo3 {
    #[cfg(feature = "ecosystem")]
    #[pymodule_export]
    use super::ecosystem::{
        bigint_roundtrip, datetime_roundtrip, decimal_roundtrip, serde_from_python, serde_to_python,
    };

    #[pymodule_export]
    use super::{
        bytes_return, callback, defaults, dict_sum, getattr_sum, keywords, list_make, list_sum,
        make_temporaries, noargs, positional, raise_value_error, str_echo, str_len, tuple_return,
        list_sum_p, str_len_p, Base, Counter, Derived, Ints,
    };

    #[cfg(not(feature = "abi3"))]
    #[pymodule_export]
    use super::buffer_sum;
}

/// The class cases: construction, a method, a property read and write.
#[pyclass]
struct Counter {
    #[pyo3(get, set)]
    value: i64,
}

#[pymethods]
impl Counter {
    #[new]
    fn new(start: i64) -> Self {
        Counter { value: start }
    }

    fn incr(&mut self, k: i64) -> i64 {
        self.value += k;
        self.value
    }

    /// `incr` with its parameter positional-only.
    #[pyo3(signature = (k, /))]
    fn incr_p(&mut self, k: i64) -> i64 {
        self.value += k;
        self.value
    }

    /// `a < b`: the rich comparison case.
    fn __lt__(&self, other: &Self) -> bool {
        self.value < other.value
    }
}

/// The iteration case: `for i in Ints(n)` yields 0 … n-1.
#[pyclass]
struct Ints {
    next: usize,
    end: usize,
}

#[pymethods]
impl Ints {
    #[new]
    fn new(n: usize) -> Self {
        Ints { next: 0, end: n }
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self) -> Option<usize> {
        (self.next < self.end).then(|| {
            self.next += 1;
            self.next - 1
        })
    }
}

/// The inheritance case: a method of a base class called on an instance of its subclass.
#[pyclass(subclass)]
struct Base {
    value: i64,
}

#[pymethods]
impl Base {
    #[new]
    fn new() -> Self {
        Base { value: 1 }
    }

    fn get(&self) -> i64 {
        self.value
    }
}

#[pyclass(extends = Base)]
struct Derived;

#[pymethods]
impl Derived {
    #[new]
    fn new() -> PyClassInitializer<Self> {
        PyClassInitializer::from(Base { value: 2 }).add_subclass(Derived)
    }
}
