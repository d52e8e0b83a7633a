// A #[pyclass] must be Send: Python may use the object from any thread.
use pybound::prelude::*;
use std::rc::Rc;

#[pyclass]
struct NotSend {
    shared: Rc<u32>,
}

fn main() {}
