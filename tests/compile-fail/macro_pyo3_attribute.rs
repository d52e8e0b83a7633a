// A port that renamed the crate but left `#[pyo3(...)]` attributes: each one is reported with
// what to write instead (the options themselves are the same).
use pybound::prelude::*;

#[pyfunction]
#[pyo3(signature = (a, b = 2))]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

#[pyclass]
struct Point {
    #[pyo3(get)]
    x: i64,
}

#[pymethods]
impl Point {
    #[pyo3(name = "shifted")]
    fn shift(&self, #[pyo3(from_py_with = len)] by: usize) -> i64 {
        self.x + by as i64
    }
}

fn len(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    obj.len()
}

#[derive(FromPyObject)]
struct Config {
    #[pyo3(item("name"))]
    name: String,
}

fn main() {}
