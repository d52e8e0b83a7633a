//! Every signature form.

use pybound::prelude::*;

/// Add an int, a float and a string length.
#[pyfunction]
pub fn add(a: i64, b: f64, c: &str) -> i64 {
    a + b as i64 + c.len() as i64
}

#[pyfunction]
pub fn no_args() -> &'static str {
    "nothing"
}

#[pyfunction]
pub fn double(x: i64) -> i64 {
    x * 2
}

/// Defaults of several kinds, including a computed one.
#[pyfunction]
#[pybound(signature = (a, b = 2, c = "x", d = -1.5, e = None, f = String::from("computed")))]
pub fn defaults(a: i64, b: i64, c: &str, d: f64, e: Option<bool>, f: String) -> String {
    format!("{a}|{b}|{c}|{d}|{e:?}|{f}")
}

#[pyfunction(signature = (*args, **kwargs))]
pub fn args_kwargs(
    args: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> (usize, Vec<String>) {
    let mut keys: Vec<String> = kwargs
        .map(|k| {
            k.keys()
                .iter()
                .map(|x| x.extract::<String>().unwrap())
                .collect()
        })
        .unwrap_or_default();
    keys.sort();
    (args.len(), keys)
}

#[pyfunction]
#[pybound(signature = (**kwargs))]
pub fn echo_kwargs(kwargs: Option<Bound<'_, PyDict>>) -> Option<Bound<'_, PyDict>> {
    kwargs
}

#[pyfunction]
#[pybound(signature = (a, *, b, c = 3))]
pub fn kw_only(a: i64, b: i64, c: i64) -> (i64, i64, i64) {
    (a, b, c)
}

/// One positional-only parameter: registered as `METH_O`.
#[pyfunction]
#[pybound(signature = (x, /))]
pub fn square(x: i64) -> i64 {
    x * x
}

#[pyfunction]
#[pybound(signature = (a, b, /, c))]
pub fn pos_only(a: i64, b: i64, c: i64) -> i64 {
    a * 100 + b * 10 + c
}

/// Many parameters, two of them defaulted, and a borrowed `&str` among them: every call shape
/// (exact, omitted defaults, keywords, errors) on a wide slot array.
#[pyfunction]
#[pybound(signature = (a, b, c, d, e, f, g, h, name, i = 9, j = 10))]
#[allow(clippy::too_many_arguments)]
pub fn ten(
    a: i64,
    b: i64,
    c: i64,
    d: i64,
    e: i64,
    f: i64,
    g: i64,
    h: i64,
    name: &str,
    i: i64,
    j: i64,
) -> String {
    format!(
        "{name}:{}",
        [a, b, c, d, e, f, g, h, i, j]
            .map(|v| v.to_string())
            .join(",")
    )
}

#[pyfunction]
#[pybound(signature = (a, /, b = 1, *args, c, d = 4, **kw))]
pub fn mixed_all(
    a: i64,
    b: i64,
    args: Bound<'_, PyTuple>,
    c: i64,
    d: i64,
    kw: Option<Bound<'_, PyDict>>,
) -> String {
    format!(
        "a={a} b={b} args={args} c={c} d={d} kw={}",
        kw.map_or(0, |k| k.len())
    )
}

/// Trailing `Option` parameters default to `None` without a signature.
#[pyfunction]
pub fn optional_trailing(a: i64, b: Option<i64>, c: Option<&str>) -> String {
    format!("{a} {b:?} {c:?}")
}

#[pyfunction]
#[pybound(name = "renamed")]
pub fn renamed_option() -> &'static str {
    "renamed via #[pybound(name)]"
}

#[pyfunction(name = "renamed_inline_name")]
pub fn renamed_inline() -> &'static str {
    "renamed inline"
}

#[pyfunction]
#[pybound(text_signature = "(value, /)")]
pub fn text_sig_override(value: i64) -> i64 {
    value
}

/// Adds two numbers (no signature shown).
#[pyfunction]
#[pybound(signature = (a, b = 0, /), text_signature = None)]
pub fn no_text_sig(a: u64, b: u64) -> u64 {
    a + b
}

/// Stub annotations written in the signature, as PyO3 0.30 allows.
#[pyfunction]
#[pybound(signature = (values: "list[int]", *rest: "int", scale: "float" = 1.0) -> "list[float]")]
pub fn annotated_sig(values: Vec<i64>, rest: Vec<i64>, scale: f64) -> Vec<f64> {
    values
        .iter()
        .chain(&rest)
        .map(|v| *v as f64 * scale)
        .collect()
}

/// A method with `text_signature = None` and annotations in its signature.
#[pyclass]
pub struct Scaler {
    factor: f64,
}

#[pymethods]
impl Scaler {
    #[new]
    #[pybound(signature = (factor: "float"), text_signature = None)]
    fn new(factor: f64) -> Self {
        Scaler { factor }
    }

    #[pybound(signature = (x: "float") -> "float")]
    fn scale(&self, x: f64) -> f64 {
        x * self.factor
    }

    /// Scaled, no signature shown.
    #[pybound(text_signature = None)]
    fn scale_quiet(&self, x: f64) -> f64 {
        x * self.factor
    }
}

/// First line of the docs.
///
/// More details after a blank line.
#[pyfunction]
pub fn with_doc() {}

#[pyfunction]
#[pybound(pass_module)]
pub fn with_module(m: &Bound<'_, PyModule>, suffix: &str) -> PyResult<String> {
    Ok(format!("{}{}", m.name()?, suffix))
}

/// The token can sit anywhere and is not a Python parameter.
#[pyfunction]
pub fn token_and_args(a: i64, py: Python<'_>, b: i64) -> PyResult<Bound<'_, PyAny>> {
    (a + b).into_bound_py_any(py)
}

/// `from_py_with` helpers, as PyO3's guide writes them.
fn get_length(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    obj.len()
}

fn parse_hex(obj: &Bound<'_, PyAny>) -> PyResult<u32> {
    let text: String = obj.extract()?;
    u32::from_str_radix(&text, 16)
        .map_err(|e| pybound::exceptions::PyValueError::new_err(e.to_string()))
}

/// A parameter converted by a function of ours instead of its type's `FromPyObject`.
#[pyfunction]
pub fn object_length(#[pybound(from_py_with = get_length)] argument: usize) -> usize {
    argument
}

/// `from_py_with` with PyO3's older string form, a default, and a keyword.
#[pyfunction]
#[pybound(signature = (a, b = 0xff))]
pub fn hex_sum(
    #[pybound(from_py_with = "parse_hex")] a: u32,
    #[pybound(from_py_with = parse_hex)] b: u32,
) -> u32 {
    a + b
}

/// `from_py_with` on a method's parameter.
#[pyclass]
pub struct Measurer;

#[pymethods]
impl Measurer {
    #[new]
    fn new() -> Self {
        Measurer
    }

    fn measure(&self, #[pybound(from_py_with = get_length)] n: usize) -> usize {
        n * 10
    }
}

/// `warn(...)` (PyO3's guide): a `UserWarning` on each call.
#[pyfunction]
#[pybound(warn(message = "old_api is deprecated"))]
pub fn old_api() -> i64 {
    42
}

/// Two warnings, one of a given category, on a function taking an argument.
#[pyfunction]
#[pybound(warn(message = "first"), warn(message = "second", category = pybound::exceptions::PyFutureWarning))]
pub fn twice_warned(x: i64) -> i64 {
    x + 1
}

/// `warn(...)` on methods, a constructor and a getter.
#[pyclass]
pub struct Legacy {
    value: i64,
}

#[pymethods]
impl Legacy {
    #[new]
    #[pybound(warn(message = "Legacy is deprecated", category = pybound::exceptions::PyDeprecationWarning))]
    fn new() -> Self {
        Legacy { value: 3 }
    }

    #[pybound(warn(message = "use value"))]
    fn get(&self) -> i64 {
        self.value
    }

    #[getter]
    #[pybound(warn(message = "reading old"))]
    fn old(&self) -> i64 {
        self.value
    }

    #[pybound(warn(message = "len of a Legacy"))]
    fn __len__(&self) -> usize {
        1
    }
}
