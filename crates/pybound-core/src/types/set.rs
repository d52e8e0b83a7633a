//! Python's `set` and its iterator.

use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::python::Python;
use crate::types::{PyAny, PyIterator};

native_type!(
    /// Python's `set`.
    PySet, "set", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PySet_Type),
    check: |obj| ffi::PySet_Check(obj.as_ptr()) != 0
);

impl PySet {
    /// A set of the converted `elements`.
    pub fn new<'py, T, U>(py: Python<'py>, elements: T) -> PyResult<Bound<'py, PySet>>
    where
        T: IntoIterator<Item = U>,
        U: IntoPyObject<'py>,
    {
        let set = PySet::empty(py)?;
        for item in elements {
            set.add(item)?;
        }
        Ok(set)
    }

    /// A new empty set.
    pub fn empty(py: Python<'_>) -> PyResult<Bound<'_, PySet>> {
        // SAFETY: attached; returns a new set or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PySet_New(std::ptr::null_mut()))
                .map(|s| s.cast_into_unchecked())
        }
    }
}

impl<'py> Bound<'py, PySet> {
    /// Number of members.
    pub fn len(&self) -> usize {
        any_set_len(self.as_any())
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `self.add(key)`.
    pub fn add<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<()> {
        let key = key.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; returns -1 on failure (e.g. unhashable key).
        crate::err::predicate(self.py(), unsafe {
            ffi::PySet_Add(self.as_ptr(), key.as_ptr())
        })
        .map(drop)
    }

    /// `key in self`.
    pub fn contains<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<bool> {
        any_set_contains(self.as_any(), key)
    }

    /// `self.discard(key)`; returns whether it was present.
    pub fn discard<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<bool> {
        let key = key.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; returns 1, 0, or -1.
        crate::err::predicate(self.py(), unsafe {
            ffi::PySet_Discard(self.as_ptr(), key.as_ptr())
        })
    }

    /// `self.pop()`, or `None` when empty.
    pub fn pop(&self) -> Option<Bound<'py, PyAny>> {
        // SAFETY: attached; returns a new reference, or NULL with KeyError when empty.
        let r = unsafe { Bound::from_owned_ptr_or_err(self.py(), ffi::PySet_Pop(self.as_ptr())) };
        r.ok()
    }

    /// `self.clear()`.
    pub fn clear(&self) {
        // SAFETY: attached; cannot fail for a set.
        unsafe { ffi::PySet_Clear(self.as_ptr()) };
    }

    /// Iterate over the members. Changing the set's size meanwhile makes the iterator panic
    /// with a `RuntimeError("Set changed size during iteration")` payload, as Python raises.
    pub fn iter(&self) -> BoundSetIterator<'py> {
        BoundSetIterator::new(self.as_any())
    }
}

/// Iterator over a `set` or `frozenset`.
pub struct BoundSetIterator<'py> {
    it: Option<Bound<'py, PyIterator>>,
    remaining: usize,
}

impl<'py> BoundSetIterator<'py> {
    pub(crate) fn new(set: &Bound<'py, PyAny>) -> Self {
        let remaining = set.len().unwrap_or(0);
        BoundSetIterator {
            it: set.try_iter().ok(),
            remaining,
        }
    }
}

impl<'py> Iterator for BoundSetIterator<'py> {
    type Item = Bound<'py, PyAny>;
    fn next(&mut self) -> Option<Self::Item> {
        match self.it.as_mut()?.next()? {
            Ok(item) => {
                self.remaining = self.remaining.saturating_sub(1);
                Some(item)
            }
            Err(err) => std::panic::panic_any(err),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<'py> IntoIterator for &Bound<'py, PySet> {
    type Item = Bound<'py, PyAny>;
    type IntoIter = BoundSetIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'py> IntoIterator for Bound<'py, PySet> {
    type Item = Bound<'py, PyAny>;
    type IntoIter = BoundSetIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// `len()` of a set or frozenset.
pub(crate) fn any_set_len(set: &Bound<'_, PyAny>) -> usize {
    // SAFETY: callers pass a set or frozenset, for which PySet_Size cannot fail.
    unsafe { ffi::PySet_Size(set.as_ptr()) as usize }
}

/// `key in set` for a set or frozenset.
pub(crate) fn any_set_contains<'py, K: IntoPyObject<'py>>(
    set: &Bound<'py, PyAny>,
    key: K,
) -> PyResult<bool> {
    let key = key.into_pyobject(set.py()).map_err(Into::into)?;
    // SAFETY: attached; returns 1, 0, or -1 (unhashable key).
    crate::err::predicate(set.py(), unsafe {
        ffi::PySet_Contains(set.as_ptr(), key.as_ptr())
    })
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PySetMethods;
