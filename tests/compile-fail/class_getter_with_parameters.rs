// A getter takes only `self`.
use pybound::prelude::*;

#[pyclass]
struct Thing {
    value: i64,
}

#[pymethods]
impl Thing {
    #[getter]
    fn value(&self, scale: i64) -> i64 {
        self.value * scale
    }
}

fn main() {}
