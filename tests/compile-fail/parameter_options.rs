//! Parameter options: `from_py_with` is the one there is, and it applies where arguments are
//! parsed (not to a magic method's operands).
use pybound::prelude::*;

fn get_length(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    obj.len()
}

#[pyfunction]
fn misspelt(#[pybound(from_py_wth = get_length)] n: usize) -> usize {
    n
}

#[pyclass]
struct Holder;

#[pymethods]
impl Holder {
    fn __getitem__(&self, #[pybound(from_py_with = get_length)] n: usize) -> usize {
        n
    }
}

fn main() {}
