//! A safe exporter lends memory borrowed from `&self` for as long as the export lives; memory
//! behind interior mutability (a `RefCell`, which `&self` code could change or move) cannot be
//! handed out, because the guard that borrows it does not live long enough.
use std::cell::RefCell;

use pybound::buffer::ExportBuffer;
use pybound::prelude::*;

#[pyclass(buffer, unsendable)]
struct Growable {
    data: RefCell<Vec<u8>>,
}

impl ExportBuffer for Growable {
    type Item = u8;
    fn buffer(&self) -> &[u8] {
        &self.data.borrow()
    }
}

fn main() {}
