// A `PyClassGuard` counts no reference: it must not outlive the `Bound` it borrows from (the
// object could be freed while the guard still reads it).
use pybound::prelude::*;

#[pyclass]
struct Point {
    x: i64,
}

fn main() {
    Python::attach(|py| {
        let guard = {
            let p = Bound::new(py, Point { x: 1 }).unwrap();
            PyClassGuard::try_from(&p).unwrap()
        };
        let _ = guard.x;
    });
}
