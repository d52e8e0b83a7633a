//! Python's `slice`.

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;

native_type!(
    /// Python's `slice`.
    PySlice, "slice", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PySlice_Type),
    check: |obj| ffi::PySlice_Check(obj.as_ptr()) != 0
);

/// A slice resolved against a sequence length (`slice.indices(length)` plus the item count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PySliceIndices {
    /// First index.
    pub start: isize,
    /// Stop index (exclusive).
    pub stop: isize,
    /// Step (never 0).
    pub step: isize,
    /// Number of items the slice selects.
    pub slicelength: usize,
}

impl PySlice {
    /// `slice(start, stop, step)`.
    pub fn new(py: Python<'_>, start: isize, stop: isize, step: isize) -> Bound<'_, PySlice> {
        use crate::IntoPyObject;
        let [a, b, c] =
            [start, stop, step].map(|v| v.into_pyobject(py).unwrap_or_else(|e| match e {}));
        // SAFETY: attached; PySlice_New borrows its arguments and returns a new reference.
        unsafe {
            Bound::from_owned_ptr(py, ffi::PySlice_New(a.as_ptr(), b.as_ptr(), c.as_ptr()))
                .cast_into_unchecked()
        }
    }

    /// `slice(None)`: everything.
    pub fn full(py: Python<'_>) -> Bound<'_, PySlice> {
        // SAFETY: attached; NULL arguments mean None.
        unsafe {
            Bound::from_owned_ptr(
                py,
                ffi::PySlice_New(
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                ),
            )
            .cast_into_unchecked()
        }
    }
}

impl Bound<'_, PySlice> {
    /// Resolve against a sequence of `length` items, like `slice.indices(length)`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let s = PySlice::new(py, -3, 100, 1);
    ///     let i = s.indices(10).unwrap();
    ///     assert_eq!((i.start, i.stop, i.step, i.slicelength), (7, 10, 1, 3));
    /// });
    /// ```
    pub fn indices(&self, length: isize) -> PyResult<PySliceIndices> {
        let (mut start, mut stop, mut step) = (0, 0, 0);
        // SAFETY: attached; PySlice_Unpack returns -1 with an exception (e.g. step 0).
        unsafe {
            if ffi::PySlice_Unpack(self.as_ptr(), &mut start, &mut stop, &mut step) == -1 {
                return Err(PyErr::fetch(self.py()));
            }
            let n = ffi::PySlice_AdjustIndices(length, &mut start, &mut stop, step);
            Ok(PySliceIndices {
                start,
                stop,
                step,
                slicelength: n as usize,
            })
        }
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PySliceMethods;
