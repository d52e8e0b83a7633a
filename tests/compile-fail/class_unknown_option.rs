// Unknown class and field options name the valid ones.
use pybound::prelude::*;

#[pyclass(frozn)]
struct A {
    #[pybound(gett)]
    value: i64,
}

fn main() {}
