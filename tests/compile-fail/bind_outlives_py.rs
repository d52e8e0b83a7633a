// `Py::bind` borrows the `Py`: the `&Bound` cannot outlive it.
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let bound = {
            let owned: Py<PyList> = PyList::empty(py).unbind();
            owned.bind(py)
        };
        println!("{}", bound.len());
    });
}
