//! Parameter and return conversions through real calls.

use std::collections::{HashMap, HashSet};

use pybound::prelude::*;

#[pyfunction]
pub fn sum_list(values: Vec<i64>) -> i64 {
    values.iter().sum()
}

#[pyfunction]
pub fn sum_map(values: HashMap<String, i64>) -> i64 {
    values.values().sum()
}

#[pyfunction]
pub fn to_upper(s: &str) -> String {
    s.to_uppercase()
}

#[pyfunction]
pub fn byte_len(b: &[u8]) -> usize {
    b.len()
}

#[pyfunction]
pub fn narrow_u8(x: u8) -> u8 {
    x
}

/// A `bool` parameter (accepts `True`/`False` and `numpy.bool_`).
#[pyfunction]
pub fn negate(flag: bool) -> bool {
    !flag
}

/// An int that refuses anything else with a `TypeError` whose cause says why (a chain the
/// argument error must keep), and negative ints with a `TypeError` subclass (passed through).
pub struct Strict(i64);

pybound::create_exception!(
    pybound_testext,
    NegativeError,
    pybound::exceptions::PyTypeError
);

impl<'a, 'py> FromPyObject<'a, 'py> for Strict {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if !obj.is_exact_instance_of::<PyInt>() {
            let err = pybound::exceptions::PyTypeError::new_err("expected a strict int");
            err.set_cause(
                obj.py(),
                Some(pybound::exceptions::PyValueError::new_err("inner reason")),
            );
            return Err(err);
        }
        let v: i64 = obj.extract()?;
        if v < 0 {
            return Err(NegativeError::new_err("negative"));
        }
        Ok(Strict(v))
    }
}

#[pyfunction]
pub fn strict_value(v: Strict) -> i64 {
    v.0
}

#[pyfunction]
pub fn tuple_swap(t: (i64, String)) -> (String, i64) {
    (t.1, t.0)
}

#[pyfunction]
pub fn describe(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(format!("{}:{}", obj.get_type().name()?, obj.repr()?))
}

#[pyfunction]
pub fn first_item<'py>(items: &Bound<'py, PyList>) -> PyResult<Option<Bound<'py, PyAny>>> {
    Ok(if items.is_empty() {
        None
    } else {
        Some(items.get_item(0)?)
    })
}

#[pyfunction]
pub fn maybe_len(items: Option<&Bound<'_, PyList>>) -> Option<usize> {
    items.map(|l| l.len())
}

#[pyfunction]
pub fn optional_result(flag: bool) -> PyResult<Option<i64>> {
    Ok(flag.then_some(7))
}

#[pyfunction]
pub fn word_count(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w.to_owned()).or_insert(0) += 1;
    }
    counts
}

#[pyfunction]
pub fn list_of_lists(n: usize) -> Vec<Vec<usize>> {
    (0..n).map(|i| (0..i).collect()).collect()
}

#[pyfunction]
pub fn py_object_roundtrip(obj: Py<PyAny>) -> Py<PyAny> {
    obj
}

#[pyfunction]
pub fn bound_list_len(list: Bound<'_, PyList>) -> usize {
    list.len()
}

#[pyfunction]
pub fn set_len(s: HashSet<i64>) -> usize {
    s.len()
}

/// Fields read as attributes (the default), items, defaults.
#[derive(Debug, pybound::FromPyObject, pybound::IntoPyObject)]
pub struct Config {
    name: String,
    #[pybound(item("max-size"))]
    max_size: u32,
    #[pybound(default)]
    verbose: bool,
}

/// Item keys of any literal type, `default = expr`, and `from_py_with` on fields.
#[derive(Debug, pybound::FromPyObject)]
pub struct Record {
    #[pybound(item(0), annotation = "str")]
    first: String,
    #[pybound(item(1), from_py_with = text_len)]
    second_len: usize,
    #[pybound(attribute("missing"), default = 7)]
    fallback: i64,
    /// A method path with generic arguments, as PyO3's guide writes `from_py_with`.
    #[pybound(item(2), default, from_py_with = Bound::<'_, PyAny>::len)]
    third_len: usize,
}

fn text_len(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    Ok(obj.extract::<String>()?.chars().count())
}

/// `rename_all` on a derived type: fields read and written under camelCase names; one
/// written by `into_py_with`.
#[derive(Debug, pybound::FromPyObject, pybound::IntoPyObject, pybound::IntoPyObjectRef)]
#[pybound(rename_all = "camelCase", from_item_all)]
pub struct Settings {
    max_retries: u32,
    #[pybound(into_py_with = shout)]
    base_url: String,
}

// PyO3's `into_py_with` signature takes `Cow<'_, FieldType>`.
#[allow(clippy::owned_cow)]
fn shout<'py>(text: std::borrow::Cow<'_, String>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
    Ok(PyString::new(py, &text.to_uppercase()).into_any())
}

/// Round trip of `Settings` (items in, a dict out).
#[pyfunction]
pub fn bump_settings(s: Settings) -> Settings {
    Settings {
        max_retries: s.max_retries + 1,
        base_url: s.base_url,
    }
}

/// A derive over a type with a `'py` lifetime: `str` or `bytes`, kept as Python objects.
#[derive(pybound::FromPyObject, pybound::IntoPyObject)]
pub enum StrOrBytes<'py> {
    Str(Bound<'py, PyString>),
    Bytes(Bound<'py, PyBytes>),
}

/// The length of a `str` (in characters) or `bytes`; the value back unchanged.
#[pyfunction]
pub fn str_or_bytes(value: StrOrBytes<'_>) -> PyResult<(usize, StrOrBytes<'_>)> {
    let len = match &value {
        StrOrBytes::Str(s) => s.to_str()?.chars().count(),
        StrOrBytes::Bytes(b) => b.as_bytes().len(),
    };
    Ok((len, value))
}

/// A derive over a generic type.
#[derive(pybound::FromPyObject, pybound::IntoPyObject, pybound::IntoPyObjectRef)]
#[pybound(from_item_all)]
pub struct Tagged<T> {
    tag: String,
    value: T,
}

/// `#[derive(IntoPyObjectRef)]`: each value converted by reference, twice (it is not consumed).
#[pyfunction]
pub fn by_reference_twice<'py>(
    py: Python<'py>,
    s: Settings,
    t: Tagged<Vec<i64>>,
    shapes: Vec<Shape>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let mut out = Vec::new();
    for _ in 0..2 {
        out.push((&s).into_pyobject(py)?);
        out.push((&t).into_pyobject(py)?);
        for shape in &shapes {
            out.push(shape.into_pyobject(py)?);
        }
    }
    Ok(out)
}

/// Doubles the value of a `{"tag": ..., "value": int}` dict.
#[pyfunction]
pub fn double_tagged(t: Tagged<i64>) -> Tagged<i64> {
    Tagged {
        tag: t.tag,
        value: t.value * 2,
    }
}

#[pyfunction]
pub fn read_record(r: Record) -> (String, usize, i64, usize) {
    (r.first, r.second_len, r.fallback, r.third_len)
}

#[derive(Debug, pybound::FromPyObject)]
#[pybound(from_item_all)]
pub struct Pair {
    left: i64,
    right: i64,
}

/// Enums: the first variant that extracts wins.
#[derive(Debug, pybound::FromPyObject, pybound::IntoPyObject, pybound::IntoPyObjectRef)]
pub enum Shape {
    Circle { radius: f64 },
    Rect(f64, f64),
    Label(String),
}

#[derive(pybound::FromPyObject, pybound::IntoPyObject)]
#[pybound(transparent)]
pub struct Meters(f64);

#[pyfunction]
pub fn read_config(c: Config) -> String {
    format!("{}:{}:{}", c.name, c.max_size, c.verbose)
}

#[pyfunction]
pub fn roundtrip_config(c: Config) -> Config {
    c
}

#[pyfunction]
pub fn pair_sum(p: Pair) -> i64 {
    p.left + p.right
}

#[pyfunction]
pub fn describe_shape(s: Shape) -> String {
    format!("{s:?}")
}

#[pyfunction]
pub fn echo_shape(s: Shape) -> Shape {
    s
}

#[pyfunction]
pub fn double_meters(m: Meters) -> Meters {
    Meters(m.0 * 2.0)
}
