//! The benchmark API written with PyO3 0.20 and its GIL-ref API (`&PyAny` owned by the
//! thread's release pool until the outermost GIL guard ends), idiomatically for that version.

use std::collections::HashMap;

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::types::PyBytes;
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
fn list_make(py: Python<'_>, n: usize) -> &PyList {
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

#[pyfunction]
fn buffer_sum(values: PyBuffer<f64>, py: Python<'_>) -> PyResult<f64> {
    match values.as_slice(py) {
        Some(cells) => Ok(cells.iter().map(|c| c.get()).sum()),
        None => Ok(values.to_vec(py)?.iter().sum()),
    }
}

/// PyO3 0.20 converts `Vec<u8>` to a list; `bytes` is made explicitly.
#[pyfunction]
fn bytes_return(py: Python<'_>, n: usize) -> &PyBytes {
    PyBytes::new(py, &vec![7; n])
}

#[pyfunction]
fn raise_value_error() -> PyResult<()> {
    Err(PyValueError::new_err("bad value"))
}

#[pyfunction]
fn callback(f: &PyAny) -> PyResult<i64> {
    let mut total = 0;
    for i in 0..100i64 {
        total += f.call1((i,))?.extract::<i64>()?;
    }
    Ok(total)
}

#[pyfunction]
fn getattr_sum(obj: &PyAny) -> PyResult<i64> {
    let name = pyo3::intern!(obj.py(), "value");
    let mut total = 0;
    for _ in 0..100 {
        total += obj.getattr(name)?.extract::<i64>()?;
    }
    Ok(total)
}

#[pyfunction]
fn make_temporaries(py: Python<'_>, n: usize) -> usize {
    for i in 0..n {
        // Each &PyList is owned by the pool until this call returns.
        let _list: &PyList = PyList::new(py, [i]);
    }
    n
}

#[pymodule]
fn bench_pyo3_gilrefs(_py: Python<'_>, m: &PyModule) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(noargs, m)?)?;
    m.add_function(wrap_pyfunction!(buffer_sum, m)?)?;
    m.add_function(wrap_pyfunction!(bytes_return, m)?)?;
    m.add_function(wrap_pyfunction!(positional, m)?)?;
    m.add_function(wrap_pyfunction!(keywords, m)?)?;
    m.add_function(wrap_pyfunction!(defaults, m)?)?;
    m.add_function(wrap_pyfunction!(list_sum, m)?)?;
    m.add_function(wrap_pyfunction!(list_sum_p, m)?)?;
    m.add_function(wrap_pyfunction!(str_len_p, m)?)?;
    m.add_function(wrap_pyfunction!(list_make, m)?)?;
    m.add_function(wrap_pyfunction!(str_len, m)?)?;
    m.add_function(wrap_pyfunction!(str_echo, m)?)?;
    m.add_function(wrap_pyfunction!(dict_sum, m)?)?;
    m.add_function(wrap_pyfunction!(tuple_return, m)?)?;
    m.add_function(wrap_pyfunction!(raise_value_error, m)?)?;
    m.add_function(wrap_pyfunction!(callback, m)?)?;
    m.add_function(wrap_pyfunction!(getattr_sum, m)?)?;
    m.add_function(wrap_pyfunction!(make_temporaries, m)?)?;
    m.add_class::<Counter>()?;
    m.add_class::<Ints>()?;
    m.add_class::<Base>()?;
    m.add_class::<Derived>()?;
    Ok(())
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
    fn __lt__(&self, other: PyRef<'_, Self>) -> bool {
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
    fn new() -> (Self, Base) {
        (Derived, Base { value: 2 })
    }
}
