//! An enum's variants are its instances: it can neither be subclassed nor extend a class.
use pybound::prelude::*;

#[pyclass(subclass)]
enum Open {
    A,
}

#[pyclass(subclass)]
struct Base {}

#[pyclass(extends = Base)]
enum Derived {
    B,
}

fn main() {}
