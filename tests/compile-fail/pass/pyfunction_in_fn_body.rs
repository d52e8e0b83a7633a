// A #[pyfunction] defined inside a function body (as PyO3 allows), wrapped and called there.
use pybound::prelude::*;

fn main() {
    #[pyfunction]
    fn double(x: i64) -> i64 {
        x * 2
    }

    Python::attach(|py| {
        let f = wrap_pyfunction!(double, py).unwrap();
        assert_eq!(f.call1((21,)).unwrap().extract::<i64>().unwrap(), 42);
    });
}
