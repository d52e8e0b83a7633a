//! The call boundary: panics, errors, callbacks, closures.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use pybound::exceptions::PyValueError;
use pybound::prelude::*;

use crate::CustomError;

#[pyfunction]
pub fn panics() {
    panic!("rust panicked here");
}

#[pyfunction]
pub fn panics_with_format(n: i64) -> i64 {
    if n > 0 {
        panic!("bad n = {n}");
    }
    n
}

#[pyfunction]
pub fn raises_value_error(msg: &str) -> PyResult<()> {
    Err(PyValueError::new_err(msg.to_owned()))
}

#[pyfunction]
pub fn raises_custom() -> PyResult<()> {
    Err(CustomError::new_err("custom failure"))
}

/// `Result<T, E>` with `E: Into<PyErr>`: an I/O error becomes `FileNotFoundError`.
#[pyfunction]
pub fn returns_err_io(path: &str) -> Result<u64, std::io::Error> {
    Ok(std::fs::metadata(path)?.len())
}

#[pyfunction]
pub fn returns_unit() {}

/// Call `f(*args)` and return its result; exceptions propagate with their traceback.
#[pyfunction]
#[pybound(signature = (f, *args))]
pub fn call_back<'py>(
    f: &Bound<'py, PyAny>,
    args: &Bound<'py, PyTuple>,
) -> PyResult<Bound<'py, PyAny>> {
    f.call1(args)
}

#[pyfunction]
pub fn call_back_with_kwargs<'py>(
    f: &Bound<'py, PyAny>,
    key: &str,
    value: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(f.py());
    kwargs.set_item(key, value)?;
    f.call((), Some(&kwargs))
}

/// A dict mutated by a Python callback while Rust iterates it: the iterator raises
/// `RuntimeError` through the boundary.
#[pyfunction]
pub fn mutate_dict_while_iterating(d: &Bound<'_, PyDict>, f: &Bound<'_, PyAny>) -> PyResult<usize> {
    let mut n = 0;
    for (k, _) in d.iter() {
        f.call1((k,))?;
        n += 1;
    }
    Ok(n)
}

/// A Rust closure as a Python callable: counts its calls.
#[pyfunction]
pub fn make_counter(py: Python<'_>) -> PyResult<Bound<'_, PyCFunction>> {
    let count = Arc::new(AtomicUsize::new(0));
    PyCFunction::new_closure(
        py,
        Some(c"counter"),
        Some(c"Count calls."),
        move |args, kwargs| {
            let step: usize = match args.get_borrowed_item(0) {
                Ok(v) => v.extract()?,
                Err(_) => 1,
            };
            if kwargs.is_some_and(|k| k.contains("fail").unwrap_or(false)) {
                return Err(PyValueError::new_err("asked to fail"));
            }
            Ok(count.fetch_add(step, Ordering::SeqCst) + step)
        },
    )
}
