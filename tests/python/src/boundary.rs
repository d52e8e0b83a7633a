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

/// A class whose every kind of C callback panics when asked to (`Panicky(True)`), or fails with
/// a Python error (`Panicky(False)`), so each slot shape's trampoline is exercised: a panic must
/// become `PanicException` and an error its exception, with the slot's own error return.
#[pyclass]
pub struct Panicky {
    panic: bool,
}

impl Panicky {
    fn fail<T>(&self, slot: &str) -> PyResult<T> {
        if self.panic {
            panic!("{slot} panicked");
        }
        Err(PyValueError::new_err(format!("{slot} failed")))
    }
}

#[pymethods]
impl Panicky {
    #[new]
    #[pybound(signature = (panic, in_new = false))]
    fn new(panic: bool, in_new: bool) -> PyResult<Self> {
        let p = Panicky { panic };
        if in_new {
            return p.fail("__new__");
        }
        Ok(p)
    }

    fn method(&self) -> PyResult<i64> {
        self.fail("method")
    }

    #[getter]
    fn prop(&self) -> PyResult<i64> {
        self.fail("getter")
    }

    #[setter]
    fn set_prop(&mut self, _value: i64) -> PyResult<()> {
        self.fail("setter")
    }

    fn __repr__(&self) -> PyResult<String> {
        self.fail("__repr__")
    }

    fn __hash__(&self) -> PyResult<u64> {
        self.fail("__hash__")
    }

    fn __len__(&self) -> PyResult<usize> {
        self.fail("__len__")
    }

    fn __bool__(&self) -> PyResult<bool> {
        self.fail("__bool__")
    }

    fn __getitem__(&self, _key: i64) -> PyResult<i64> {
        self.fail("__getitem__")
    }

    fn __setitem__(&mut self, _key: i64, _value: i64) -> PyResult<()> {
        self.fail("__setitem__")
    }

    fn __contains__(&self, _item: i64) -> PyResult<bool> {
        self.fail("__contains__")
    }

    fn __call__(&self) -> PyResult<i64> {
        self.fail("__call__")
    }

    fn __neg__(&self) -> PyResult<i64> {
        self.fail("__neg__")
    }

    fn __add__(&self, _other: i64) -> PyResult<i64> {
        self.fail("__add__")
    }

    fn __eq__(&self, _other: i64) -> PyResult<bool> {
        self.fail("__eq__")
    }
}
