// A frozen class is never borrowed exclusively: no `PyClassGuardMut` of one.
use pybound::prelude::*;

#[pyclass(frozen)]
struct Fixed {
    value: i64,
}

fn main() {
    Python::attach(|py| {
        let f = Bound::new(py, Fixed { value: 1 }).unwrap();
        let _ = PyClassGuardMut::try_from(&f).map(|g| g.value);
    });
}
