// A #[pyclass] must be Sync too, as in PyO3: on free-threaded CPython several threads may run
// its `&self` methods at once. A `Cell` field is the usual culprit (use an atomic, a `Mutex`,
// or `#[pyclass(unsendable)]`).
use pybound::prelude::*;
use std::cell::Cell;

#[pyclass]
struct Counter {
    hits: Cell<u32>,
}

fn main() {}
