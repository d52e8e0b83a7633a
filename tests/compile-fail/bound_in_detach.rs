// While detached the thread may not touch Python objects: `detach` rejects closures that
// capture a `Bound`.
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let list = PyList::empty(py);
        py.detach(|| list.len());
    });
}
