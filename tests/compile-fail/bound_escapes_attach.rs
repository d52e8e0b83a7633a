// A `Bound` is tied to the attach scope it came from: it cannot be returned out of `attach`.
use pybound::prelude::*;

fn main() {
    let escaped = Python::attach(|py| PyList::empty(py));
    println!("{}", escaped.len());
}
