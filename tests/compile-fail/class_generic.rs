// A #[pyclass] names one concrete Python type: no type or lifetime parameters, on structs or
// enums. Each gets exactly one error.
use pybound::prelude::*;

#[pyclass]
struct Wrapper<T> {
    value: T,
}

#[pyclass]
enum Choice<T> {
    A,
    B,
}

fn main() {}
