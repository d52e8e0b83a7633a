// The `Python` token is not a Python parameter: it cannot appear in the signature, nor have a
// default.
use pybound::prelude::*;

#[pyfunction]
#[pybound(signature = (py = None, a = 1))]
fn f(py: Python<'_>, a: i64) -> i64 {
    let _ = py;
    a
}

fn main() {}
