// A `#[pyfunction]` that no module exports is dead code: rustc's own warning points at it
// (`function ... is never used`), here made an error with `deny`. The fix: list it in the
// module's `#[pymodule_export] use super::{...};` (or `m.add_function(wrap_pyfunction!(...))`).
#![deny(dead_code)]

use pybound::prelude::*;

#[pyfunction]
fn exported() -> i32 {
    1
}

#[pyfunction]
fn forgotten() -> i32 {
    2
}

#[pymodule]
mod demo {
    #[pymodule_export]
    use super::exported;
}

fn main() {}
