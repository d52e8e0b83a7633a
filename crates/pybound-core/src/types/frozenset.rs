//! Python's `frozenset`.

use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::python::Python;
use crate::types::set::{any_set_contains, any_set_len};
use crate::types::{BoundSetIterator, PyAny};

native_type!(
    /// Python's `frozenset`.
    PyFrozenSet, "frozenset", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyFrozenSet_Type),
    check: |obj| ffi::PyFrozenSet_Check(obj.as_ptr()) != 0
);

impl PyFrozenSet {
    /// A frozenset of the converted `elements`.
    pub fn new<'py, T, U>(py: Python<'py>, elements: T) -> PyResult<Bound<'py, PyFrozenSet>>
    where
        T: IntoIterator<Item = U>,
        U: IntoPyObject<'py>,
    {
        // Build a mutable set first, then freeze it: PyFrozenSet_New copies from an iterable.
        let set = crate::types::PySet::new(py, elements)?;
        // SAFETY: attached; returns a new frozenset or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyFrozenSet_New(set.as_ptr()))
                .map(|s| s.cast_into_unchecked())
        }
    }

    /// The empty frozenset.
    pub fn empty(py: Python<'_>) -> PyResult<Bound<'_, PyFrozenSet>> {
        // SAFETY: attached; returns a new frozenset or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyFrozenSet_New(std::ptr::null_mut()))
                .map(|s| s.cast_into_unchecked())
        }
    }
}

impl<'py> Bound<'py, PyFrozenSet> {
    /// Number of members.
    pub fn len(&self) -> usize {
        any_set_len(self.as_any())
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `key in self`.
    pub fn contains<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<bool> {
        any_set_contains(self.as_any(), key)
    }

    /// Iterate over the members.
    pub fn iter(&self) -> BoundSetIterator<'py> {
        BoundSetIterator::new(self.as_any())
    }
}

impl<'py> IntoIterator for &Bound<'py, PyFrozenSet> {
    type Item = Bound<'py, PyAny>;
    type IntoIter = BoundSetIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyFrozenSetMethods;

/// Builds a `frozenset` item by item (PyO3's builder): a frozenset may be filled while it is
/// new and nobody else has it, which is what the builder guarantees.
///
/// ```
/// use pybound::types::PyFrozenSetBuilder;
/// use pybound::prelude::*;
///
/// Python::attach(|py| {
///     let mut b = PyFrozenSetBuilder::new(py).unwrap();
///     for i in [1, 2, 2, 3] {
///         b.add(i).unwrap();
///     }
///     assert_eq!(b.finalize().len(), 3);
/// });
/// ```
pub struct PyFrozenSetBuilder<'py> {
    set: Bound<'py, PyFrozenSet>,
}

impl<'py> PyFrozenSetBuilder<'py> {
    /// An empty builder.
    pub fn new(py: Python<'py>) -> PyResult<PyFrozenSetBuilder<'py>> {
        Ok(PyFrozenSetBuilder {
            set: PyFrozenSet::empty(py)?,
        })
    }

    /// Add `key` (`TypeError` if it is unhashable).
    pub fn add<K: IntoPyObject<'py>>(&mut self, key: K) -> PyResult<()> {
        let py = self.set.py();
        let key = key
            .into_pyobject(py)
            .map_err(Into::<crate::err::PyErr>::into)?;
        // SAFETY: the frozenset is new and only this builder has it (PySet_Add accepts a
        // frozenset then); returns -1 with an exception on failure.
        crate::err::status(py, unsafe {
            ffi::PySet_Add(self.set.as_ptr(), key.as_ptr())
        })
    }

    /// The frozenset built.
    pub fn finalize(self) -> Bound<'py, PyFrozenSet> {
        self.set
    }
}
