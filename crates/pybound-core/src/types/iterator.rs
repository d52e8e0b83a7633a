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
