//! `#[pyclass(buffer)]` needs the `ExportBuffer` implementation that says what memory to lend.
use pybound::prelude::*;

#[pyclass(buffer)]
struct Forgotten {
    data: Vec<u8>,
}

fn main() {}
