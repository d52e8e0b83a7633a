// `constructor = (...)` lays out a variant's constructor; a field-less enum's variants are class
// attributes, constructed by no one.
use pybound::prelude::*;

#[pyclass]
enum Color {
    #[pybound(constructor = ())]
    Red,
    Green,
}

fn main() {}
