//! Python's iterators (`PyIterator`).

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::Bound;
use crate::type_object::PyTypeCheck;
use crate::types::PyAny;

/// A Python iterator (any object with `__next__`). `Bound<PyIterator>` is a Rust `Iterator` of
/// `PyResult<Bound<PyAny>>`: an exception raised by `__next__` is yielded as `Err`.
///
/// ```
/// use pybound::prelude::*;
/// Python::attach(|py| {
///     let gen = py.eval(c"(x * 2 for x in range(3))", None, None).unwrap();
///     let it = gen.cast::<PyIterator>().unwrap();
///     let v: PyResult<Vec<i32>> = it.clone().map(|x| x?.extract()).collect();
///     assert_eq!(v.unwrap(), [0, 2, 4]);
/// });
/// ```
#[repr(transparent)]
pub struct PyIterator(PyAny);

impl PyTypeCheck for PyIterator {
    const NAME: &'static str = "Iterator";
    #[inline]
    fn type_check(obj: &Bound<'_, PyAny>) -> bool {
        // SAFETY: attached; PyIter_Check only reads the type's tp_iternext slot.
        unsafe { ffi::PyIter_Check(obj.as_ptr()) != 0 }
    }
}

impl crate::type_object::DerefToPyAny for PyIterator {}

impl PyIterator {
    /// `iter(obj)`.
    pub fn from_object<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyIterator>> {
        // SAFETY: attached; returns a new iterator reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(obj.py(), ffi::PyObject_GetIter(obj.as_ptr()))
                .map(|it| it.cast_into_unchecked())
        }
    }
}

/// What [`send`](Bound::send) got back: the generator's next value, or its return value when it
/// finished (Python 3.10+).
#[cfg(Py_3_10)]
#[derive(Debug)]
pub enum PySendResult<'py> {
    /// The value the generator yielded.
    Next(Bound<'py, PyAny>),
    /// The value it returned (it is finished).
    Return(Bound<'py, PyAny>),
}

#[cfg(Py_3_10)]
impl<'py> Bound<'py, PyIterator> {
    /// `generator.send(value)` without the `StopIteration`: the yielded value, or the return
    /// value once the generator finishes (`PyIter_Send`, Python 3.10+).
    pub fn send(&self, value: &Bound<'py, PyAny>) -> PyResult<PySendResult<'py>> {
        let py = self.py();
        let mut result = std::ptr::null_mut();
        // SAFETY: attached; PyIter_Send stores a new reference (NEXT / RETURN) or sets an error.
        match unsafe { ffi::PyIter_Send(self.as_ptr(), value.as_ptr(), &mut result) } {
            ffi::PySendResult::PYGEN_NEXT => {
                // SAFETY: a new reference, per the result.
                Ok(PySendResult::Next(unsafe {
                    Bound::from_owned_ptr(py, result)
                }))
            }
            ffi::PySendResult::PYGEN_RETURN => {
                // SAFETY: as above.
                Ok(PySendResult::Return(unsafe {
                    Bound::from_owned_ptr(py, result)
                }))
            }
            ffi::PySendResult::PYGEN_ERROR => Err(crate::PyErr::fetch(py)),
        }
    }
}

impl<'py> Iterator for Bound<'py, PyIterator> {
    type Item = PyResult<Bound<'py, PyAny>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let py = self.py();
        // SAFETY: attached; PyIter_Next returns a new reference, or NULL at the end (no error)
        // or on failure (error set).
        match unsafe { Bound::from_owned_ptr_or_opt(py, ffi::PyIter_Next(self.as_ptr())) } {
            Some(item) => Some(Ok(item)),
            None => PyErr::take(py).map(Err),
        }
    }

    /// The object's `__length_hint__` as the lower bound (abi3 builds: no hint, as the stable
    /// ABI has no `PyObject_LengthHint`).
    #[cfg(Py_LIMITED_API)]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }

    #[cfg(not(Py_LIMITED_API))]
    fn size_hint(&self) -> (usize, Option<usize>) {
        // SAFETY: attached; returns the hint or -1 with an error, which is cleared.
        let hint = unsafe { ffi::PyObject_LengthHint(self.as_ptr(), 0) };
        if hint < 0 {
            let _ = PyErr::take(self.py());
            (0, None)
        } else {
            (hint as usize, None)
        }
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyIteratorMethods;
