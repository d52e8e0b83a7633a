// A frozen class hands out shared references only: `&mut self` is rejected.
use pybound::prelude::*;

#[pyclass(frozen)]
struct Fixed {
    value: i64,
}

#[pymethods]
impl Fixed {
    fn bump(&mut self) {
        self.value += 1;
    }
}

fn main() {}
