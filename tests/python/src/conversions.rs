//! Parameter and return conversions through real calls.

use std::collections::{HashMap, HashSet};

use pybound::prelude::*;

#[pyfunction]
pub fn sum_list(values: Vec<i64>) -> i64 {
    values.iter().sum()
}

#[pyfunction]
pub fn sum_map(values: HashMap<String, i64>) -> i64 {
    values.values().sum()
}

#[pyfunction]
pub fn to_upper(s: &str) -> String {
    s.to_uppercase()
}

#[pyfunction]
pub fn byte_len(b: &[u8]) -> usize {
    b.len()
}

#[pyfunction]
pub fn narrow_u8(x: u8) -> u8 {
    x
}

#[pyfunction]
pub fn tuple_swap(t: (i64, String)) -> (String, i64) {
    (t.1, t.0)
}

#[pyfunction]
pub fn describe(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(format!("{}:{}", obj.get_type().name()?, obj.repr()?))
}

#[pyfunction]
pub fn first_item<'py>(items: &Bound<'py, PyList>) -> PyResult<Option<Bound<'py, PyAny>>> {
    Ok(if items.is_empty() {
        None
    } else {
        Some(items.get_item(0)?)
    })
}

#[pyfunction]
pub fn maybe_len(items: Option<&Bound<'_, PyList>>) -> Option<usize> {
    items.map(|l| l.len())
}

#[pyfunction]
pub fn optional_result(flag: bool) -> PyResult<Option<i64>> {
    Ok(flag.then_some(7))
}

#[pyfunction]
pub fn word_count(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w.to_owned()).or_insert(0) += 1;
    }
    counts
}

#[pyfunction]
pub fn list_of_lists(n: usize) -> Vec<Vec<usize>> {
    (0..n).map(|i| (0..i).collect()).collect()
}

#[pyfunction]
pub fn py_object_roundtrip(obj: Py<PyAny>) -> Py<PyAny> {
    obj
}

#[pyfunction]
pub fn bound_list_len(list: Bound<'_, PyList>) -> usize {
    list.len()
}

#[pyfunction]
pub fn set_len(s: HashSet<i64>) -> usize {
    s.len()
}
