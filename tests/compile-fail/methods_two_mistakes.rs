// Two independent mistakes in one `#[pymethods]` block are both reported, and nothing else:
// not in the block, not in the module exporting the class, not for a broken `#[pyfunction]`
// the module exports too.
use pybound::prelude::*;

#[pyclass]
struct Counter {
    n: i64,
}

#[pymethods]
impl Counter {
    #[getter]
    fn value(&self, scale: i64) -> i64 {
        self.n * scale
    }

    fn __len__(&self, extra: usize) -> usize {
        extra
    }

    fn fine(&self) -> i64 {
        self.n
    }
}

#[pyfunction]
#[pybound(signature = (a, zz))]
fn broken(a: i64) -> i64 {
    a
}

#[pymodule]
mod top {
    #[pymodule_export]
    use super::{broken, Counter};
}

fn main() {}
