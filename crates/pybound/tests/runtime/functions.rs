//! `#[pyfunction]` wrappers called through the interpreter from an embedded program (the full
//! Python-side suite lives in tests/python).

use pybound::prelude::*;

#[pyfunction]
fn add(a: i64, b: f64, c: &str) -> i64 {
    a + b as i64 + c.len() as i64
}

#[pyfunction]
#[pybound(signature = (a, b = 10, *args, c, **kwargs))]
fn everything(
    a: i64,
    b: i64,
    args: &Bound<'_, PyTuple>,
    c: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> String {
    format!(
        "a={a} b={b} args={} c={c} kwargs={}",
        args.len(),
        kwargs.map_or(0, |k| k.len())
    )
}

#[test]
fn pyfunction_positional_fast_path() {
    Python::attach(|py| {
        let f = wrap_pyfunction!(add, py).unwrap();
        let r: i64 = f.call1((1, 2.5, "abc")).unwrap().extract().unwrap();
        assert_eq!(r, 6);
    });
}

#[test]
fn pyfunction_signature_forms() {
    Python::attach(|py| {
        let f = wrap_pyfunction!(everything, py).unwrap();
        let kw = PyDict::new(py);
        kw.set_item("c", "see").unwrap();
        kw.set_item("zz", 1).unwrap();
        let r: String = f.call((1, 2, 3, 4), Some(&kw)).unwrap().extract().unwrap();
        assert_eq!(r, "a=1 b=2 args=2 c=see kwargs=1");
        let err = f.call1((1,)).unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "everything() missing 1 required keyword-only argument: 'c'"
        );
    });
}
