//! An async method would keep `self` borrowed across `.await`: not supported (yet); the
//! message says what to take instead.
use pybound::prelude::*;

#[pyclass]
struct Counter {
    n: u64,
}

#[pymethods]
impl Counter {
    async fn get(&self) -> u64 {
        self.n
    }
}

fn main() {}
