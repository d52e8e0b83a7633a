// Mistakes in class options are each reported once, at their span, with what to write; the
// class is still generated from the valid options, so its `#[pymethods]` block reports nothing.
use pybound::prelude::*;

#[pyclass(frozen, frozen, name, rename_all = "shouting")]
struct A {
    #[pybound(get, name = 3)]
    value: i64,
}

#[pymethods]
impl A {
    fn double(&self) -> i64 {
        self.value * 2
    }
}

fn main() {}
