// `#[pyfunction]` needs a plain, non-generic free function.
use pybound::prelude::*;

#[pyfunction]
fn generic<T: Clone>(x: i64) -> i64 {
    x
}

#[pyfunction]
fn pattern((a, b): (i64, i64)) -> i64 {
    a + b
}

#[pymodule]
struct NotAModule;

fn main() {}
