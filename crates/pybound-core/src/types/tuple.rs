//! Python's `tuple` and its iterators.

use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyList};

native_type!(
    /// Python's `tuple`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let t = PyTuple::new(py, ["a", "b", "c"]).unwrap();
    ///     assert_eq!(t.len(), 3);
    ///     let s: String = t.get_item(1).unwrap().extract().unwrap();
    ///     assert_eq!(s, "b");
    /// });
    /// ```
    PyTuple, "tuple", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyTuple_Type),
    check: |obj| ffi::PyTuple_Check(obj.as_ptr()) != 0,
    exact: |obj| ffi::PyTuple_CheckExact(obj.as_ptr()) != 0
);

impl PyTuple {
    /// A tuple of the converted `elements`. The iterator must report its exact length.
    pub fn new<'py, T, U>(py: Python<'py>, elements: T) -> PyResult<Bound<'py, PyTuple>>
    where
        T: IntoIterator<Item = U>,
        T::IntoIter: ExactSizeIterator,
        U: IntoPyObject<'py>,
    {
        let iter = elements.into_iter();
        let len = iter.len();
        let tuple =
            crate::conversion::collect_exact(py, len, iter, crate::conversion::Exact::Tuple)?;
        // SAFETY: `collect_exact` made a tuple.
        Ok(unsafe { tuple.cast_into_unchecked() })
    }

    /// The empty tuple.
    pub fn empty(py: Python<'_>) -> Bound<'_, PyTuple> {
        // SAFETY: attached; returns a new reference (NULL only on memory exhaustion).
        unsafe { Bound::from_owned_ptr(py, ffi::PyTuple_New(0)).cast_into_unchecked() }
    }
}

impl<'a, 'py> Borrowed<'a, 'py, PyTuple> {
    /// Item `index` borrowed from the tuple, without bounds checking.
    ///
    /// # Safety
    /// `index < len`.
    #[inline]
    pub unsafe fn get_borrowed_item_unchecked(self, index: usize) -> Borrowed<'a, 'py, PyAny> {
        // SAFETY: the caller checked the index; tuple items are immutable and live as long as
        // the tuple, which outlives `'a`.
        unsafe { Borrowed::from_ptr(self.py(), crate::abi::tuple_item(self.as_ptr(), index)) }
    }

    /// Iterate over borrowed items (no refcount traffic).
    pub fn iter_borrowed(self) -> impl ExactSizeIterator<Item = Borrowed<'a, 'py, PyAny>> {
        // SAFETY: indices below the length of an immutable tuple.
        (0..self.len()).map(move |i| unsafe { self.get_borrowed_item_unchecked(i) })
    }
}

impl<'py> Bound<'py, PyTuple> {
    /// Number of items.
    #[inline]
    pub fn len(&self) -> usize {
        // SAFETY: `self` is a tuple.
        unsafe { crate::abi::tuple_size(self.as_ptr()) }
    }

    /// Whether the tuple is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Item `index` (owned), or `IndexError`.
    pub fn get_item(&self, index: usize) -> PyResult<Bound<'py, PyAny>> {
        self.get_borrowed_item(index).map(Borrowed::to_owned)
    }

    /// Item `index` borrowed from the tuple (no incref), or `IndexError`.
    pub fn get_borrowed_item<'a>(&'a self, index: usize) -> PyResult<Borrowed<'a, 'py, PyAny>> {
        if index < self.len() {
            // SAFETY: bounds checked above.
            Ok(unsafe { self.as_borrowed().get_borrowed_item_unchecked(index) })
        } else {
            Err(crate::exceptions::PyIndexError::new_err(
                "tuple index out of range",
            ))
        }
    }

    /// `self[low:high]` (indices clamped like Python slicing).
    pub fn get_slice(&self, low: usize, high: usize) -> Bound<'py, PyTuple> {
        let clamp = |v: usize| v.min(isize::MAX as usize) as ffi::Py_ssize_t;
        // SAFETY: attached; returns a new tuple (NULL only on memory exhaustion).
        unsafe {
            Bound::from_owned_ptr(
                self.py(),
                ffi::PyTuple_GetSlice(self.as_ptr(), clamp(low), clamp(high)),
            )
            .cast_into_unchecked()
        }
    }

    /// Iterate over the items (owned references).
    pub fn iter(&self) -> BoundTupleIterator<'py> {
        BoundTupleIterator {
            tuple: self.clone(),
            index: 0,
            end: self.len(),
        }
    }

    /// The tuple as a `PySequence`, by value.
    pub fn into_sequence(self) -> Bound<'py, crate::types::PySequence> {
        // SAFETY: every tuple supports the sequence protocol.
        unsafe { self.into_any().cast_into_unchecked() }
    }

    /// Iterate over borrowed items (no refcount traffic).
    pub fn iter_borrowed<'a>(&'a self) -> impl ExactSizeIterator<Item = Borrowed<'a, 'py, PyAny>> {
        self.as_borrowed().iter_borrowed()
    }

    /// A new list with the same items.
    pub fn to_list(&self) -> Bound<'py, PyList> {
        // SAFETY: attached; PySequence_List returns a new list (NULL only on memory exhaustion).
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PySequence_List(self.as_ptr()))
                .cast_into_unchecked()
        }
    }

    /// Whether `value` is an item (`value in self`).
    pub fn contains<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<bool> {
        self.as_any().contains(value)
    }

    /// The first index of `value`, or `ValueError`.
    pub fn index<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<usize> {
        crate::types::sequence::index_of(self.as_any(), value)
    }
}

/// Iterator over a tuple's items; holds the tuple alive.
pub struct BoundTupleIterator<'py> {
    tuple: Bound<'py, PyTuple>,
    index: usize,
    end: usize,
}

impl<'py> Iterator for BoundTupleIterator<'py> {
    type Item = Bound<'py, PyAny>;
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.index < self.end {
            // SAFETY: index below the (immutable) length.
            let item = unsafe {
                self.tuple
                    .as_borrowed()
                    .get_borrowed_item_unchecked(self.index)
            }
            .to_owned();
            self.index += 1;
            Some(item)
        } else {
            None
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.index;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for BoundTupleIterator<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.index < self.end {
            self.end -= 1;
            // SAFETY: index below the (immutable) length.
            Some(
                unsafe {
                    self.tuple
                        .as_borrowed()
                        .get_borrowed_item_unchecked(self.end)
                }
                .to_owned(),
            )
        } else {
            None
        }
    }
}

impl ExactSizeIterator for BoundTupleIterator<'_> {}

impl<'py> IntoIterator for Bound<'py, PyTuple> {
    type Item = Bound<'py, PyAny>;
    type IntoIter = BoundTupleIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        let end = self.len();
        BoundTupleIterator {
            tuple: self,
            index: 0,
            end,
        }
    }
}

impl<'py> IntoIterator for &Bound<'py, PyTuple> {
    type Item = Bound<'py, PyAny>;
    type IntoIter = BoundTupleIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyTupleMethods;
