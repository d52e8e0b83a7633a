//! Type stubs (feature `stubs`) of a module filled at run time, as a `#[pymodule] fn` does
//! with `add_function` / `add_class`: `module_stub` finds what the module holds.

use pybound::prelude::*;
use pybound::stubs::module_stub;

/// A class for the stub.
#[pyclass]
struct Meter {
    #[pybound(get)]
    value: f64,
}

#[pymethods]
impl Meter {
    #[new]
    fn new(value: f64) -> Self {
        Meter { value }
    }

    fn plus(&self, other: PyRef<'_, Meter>) -> Meter {
        Meter {
            value: self.value + other.value,
        }
    }
}

/// A function for the stub.
#[pyfunction]
#[pybound(signature = (values, *, scale = 1))]
fn scaled(values: Vec<i64>, scale: i64) -> PyResult<Option<Vec<i64>>> {
    Ok(Some(values.into_iter().map(|v| v * scale).collect()))
}

/// Annotations written by hand: a parameter's, the result's.
#[pyfunction]
#[pybound(return_annotation = "collections.abc.Iterator[str]")]
fn words<'py>(
    #[pybound(annotation = "str | bytes")] text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    text.call_method0("split")?.try_iter().map(Bound::into_any)
}

/// A field's annotation written by hand.
#[pyclass]
struct Tagged {
    #[pybound(get, set, annotation = "typing.Literal['a', 'b']")]
    tag: String,
}

#[test]
fn written_annotations_replace_the_derived_ones() {
    Python::attach(|py| {
        let m = PyModule::new(py, "written").unwrap();
        m.add_function(wrap_pyfunction!(words, &m).unwrap())
            .unwrap();
        m.add_class::<Tagged>().unwrap();
        assert_lines(
            &module_stub(&m).unwrap(),
            &[
                "def words(text: str | bytes) -> collections.abc.Iterator[str]: ...",
                // Modules a written annotation names are imported.
                "import collections.abc",
                "    def tag(self) -> typing.Literal['a', 'b']: ...",
                "    def tag(self, value: typing.Literal['a', 'b']) -> None: ...",
            ],
        );
    });
}

#[test]
fn module_filled_at_run_time_has_annotated_stub() {
    Python::attach(|py| {
        let m = PyModule::new(py, "filled").unwrap();
        m.add_function(wrap_pyfunction!(scaled, &m).unwrap())
            .unwrap();
        m.add_class::<Meter>().unwrap();
        m.add("LIMIT", 3).unwrap();
        assert_lines(
            &module_stub(&m).unwrap(),
            &[
            "def scaled(values: typing.Sequence[int], *, scale: int = ...) -> list[int] | None: ...",
            "class Meter:",
            "    def __new__(cls, value: float) -> Meter: ...",
            "    def plus(self, other: Meter) -> Meter: ...",
            "    def value(self) -> float: ...",
            "LIMIT: int",
            "import typing",
            ],
        );
    });
}

/// Each of `expected` is a line of `stub`.
fn assert_lines(stub: &str, expected: &[&str]) {
    for line in expected {
        assert!(stub.lines().any(|l| l == *line), "{line:?} not in:\n{stub}");
    }
}
