//! Python's `list` and its iterator.

use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyIndexError;
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::python::Python;
use crate::types::{PyAny, PyTuple};

native_type!(
    /// Python's `list`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let list = PyList::empty(py);
    ///     list.append(1).unwrap();
    ///     list.append("two").unwrap();
    ///     assert_eq!(list.to_string(), "[1, 'two']");
    /// });
    /// ```
    PyList, "list", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyList_Type),
    check: |obj| ffi::PyList_Check(obj.as_ptr()) != 0,
    exact: |obj| ffi::PyList_CheckExact(obj.as_ptr()) != 0
);

fn index_error() -> PyErr {
    PyIndexError::new_err("list index out of range")
}

fn ssize(i: usize) -> ffi::Py_ssize_t {
    i.min(isize::MAX as usize) as ffi::Py_ssize_t
}

impl PyList {
    /// A list of the converted `elements` (pre-sized). The iterator must report its exact
    /// length.
    #[inline]
    pub fn new<'py, T, U>(py: Python<'py>, elements: T) -> PyResult<Bound<'py, PyList>>
    where
        T: IntoIterator<Item = U>,
        T::IntoIter: ExactSizeIterator,
        U: IntoPyObject<'py>,
    {
        let iter = elements.into_iter();
        crate::conversion::list_from_exact_iter(py, iter.len(), iter)
    }

    /// A new empty list.
    pub fn empty(py: Python<'_>) -> Bound<'_, PyList> {
        // SAFETY: attached; returns a new reference (NULL only on memory exhaustion).
        unsafe { Bound::from_owned_ptr(py, ffi::PyList_New(0)).cast_into_unchecked() }
    }
}

impl<'py> Bound<'py, PyList> {
    /// Current number of items.
    #[inline]
    pub fn len(&self) -> usize {
        // SAFETY: `self` is a list.
        unsafe { crate::abi::list_size(self.as_ptr()) }
    }

    /// Whether the list is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Item `index` (a new reference, so it stays valid if the list changes), or `IndexError`.
    #[inline]
    pub fn get_item(&self, index: usize) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: attached; `self` is a list.
        unsafe { list_item(self.py(), self.as_ptr(), index) }.ok_or_else(index_error)
    }

    /// `self[index] = value`, or `IndexError`.
    pub fn set_item<V: IntoPyObject<'py>>(&self, index: usize, value: V) -> PyResult<()> {
        let value = value
            .into_pyobject(self.py())
            .map_err(Into::into)?
            .into_ptr();
        // SAFETY: attached; PyList_SetItem steals `value` (also on failure) and checks bounds.
        crate::err::status(self.py(), unsafe {
            ffi::PyList_SetItem(self.as_ptr(), ssize(index), value)
        })
    }

    /// `del self[index]`, or `IndexError`.
    pub fn del_item(&self, index: usize) -> PyResult<()> {
        if index >= self.len() {
            return Err(PyIndexError::new_err("list assignment index out of range"));
        }
        // SAFETY: attached; deleting the slice [index, index+1).
        crate::err::status(self.py(), unsafe {
            ffi::PyList_SetSlice(
                self.as_ptr(),
                ssize(index),
                ssize(index) + 1,
                std::ptr::null_mut(),
            )
        })
    }

    /// `self.append(value)`.
    #[inline]
    pub fn append<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<()> {
        let value = value.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; PyList_Append does not steal; returns -1 on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyList_Append(self.as_ptr(), value.as_ptr())
        })
    }

    /// `self.insert(index, value)` (index clamped like Python's).
    pub fn insert<V: IntoPyObject<'py>>(&self, index: usize, value: V) -> PyResult<()> {
        let value = value.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; PyList_Insert does not steal; returns -1 on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyList_Insert(self.as_ptr(), ssize(index), value.as_ptr())
        })
    }

    /// `self[low:high]` as a new list.
    pub fn get_slice(&self, low: usize, high: usize) -> Bound<'py, PyList> {
        // SAFETY: attached; returns a new list (NULL only on memory exhaustion).
        unsafe {
            Bound::from_owned_ptr(
                self.py(),
                ffi::PyList_GetSlice(self.as_ptr(), ssize(low), ssize(high)),
            )
            .cast_into_unchecked()
        }
    }

    /// `self[low:high] = seq` (indices clamped to the list, as slicing does).
    pub fn set_slice(&self, low: usize, high: usize, seq: &Bound<'_, PyAny>) -> PyResult<()> {
        // SAFETY: attached; returns 0, or -1 with an exception set.
        crate::err::status(self.py(), unsafe {
            ffi::PyList_SetSlice(self.as_ptr(), ssize(low), ssize(high), seq.as_ptr())
        })
    }

    /// `del self[low:high]`.
    pub fn del_slice(&self, low: usize, high: usize) -> PyResult<()> {
        // SAFETY: attached; a NULL item list deletes the slice; returns 0 or -1.
        crate::err::status(self.py(), unsafe {
            ffi::PyList_SetSlice(self.as_ptr(), ssize(low), ssize(high), std::ptr::null_mut())
        })
    }

    /// The list as a `PySequence` (a list always is one).
    pub fn as_sequence(&self) -> &Bound<'py, crate::types::PySequence> {
        // SAFETY: every list supports the sequence protocol.
        unsafe { self.as_any().cast_unchecked() }
    }

    /// The list as a `PySequence`, by value.
    pub fn into_sequence(self) -> Bound<'py, crate::types::PySequence> {
        // SAFETY: every list supports the sequence protocol.
        unsafe { self.into_any().cast_into_unchecked() }
    }

    /// Call `f` with each item, stopping at the first error. The walk is [`iter`](Bound::iter)'s;
    /// unlike PyO3's on the free-threaded build, no critical section is held over it.
    pub fn locked_for_each<F>(&self, f: F) -> PyResult<()>
    where
        F: Fn(Bound<'py, PyAny>) -> PyResult<()>,
    {
        self.iter().try_for_each(f)
    }

    /// `self.sort()`.
    pub fn sort(&self) -> PyResult<()> {
        // SAFETY: attached; returns -1 with an exception set (e.g. unorderable items).
        crate::err::status(self.py(), unsafe { ffi::PyList_Sort(self.as_ptr()) })
    }

    /// `self.reverse()`.
    pub fn reverse(&self) -> PyResult<()> {
        // SAFETY: attached; returns -1 on failure.
        crate::err::status(self.py(), unsafe { ffi::PyList_Reverse(self.as_ptr()) })
    }

    /// `self.index(value)`: the first position of `value`, or `ValueError`.
    pub fn index<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<usize> {
        crate::types::sequence::index_of(self.as_any(), value)
    }

    /// `value in self`.
    pub fn contains<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<bool> {
        self.as_any().contains(value)
    }

    /// `self.clear()`.
    pub fn clear(&self) -> PyResult<()> {
        // SAFETY: attached; replaces the whole slice with nothing.
        crate::err::status(self.py(), unsafe {
            ffi::PyList_SetSlice(self.as_ptr(), 0, ffi::PY_SSIZE_T_MAX, std::ptr::null_mut())
        })
    }

    /// `self.extend(iterable)`.
    pub fn extend<I: IntoPyObject<'py>>(&self, iterable: I) -> PyResult<()> {
        let iterable = iterable.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; returns -1 on failure.
        crate::err::status(self.py(), unsafe {
            ffi::compat::PyList_Extend(self.as_ptr(), iterable.as_ptr())
        })
    }

    /// `tuple(self)`.
    pub fn to_tuple(&self) -> Bound<'py, PyTuple> {
        // SAFETY: attached; returns a new tuple (NULL only on memory exhaustion).
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PyList_AsTuple(self.as_ptr()))
                .cast_into_unchecked()
        }
    }

    /// Iterate over the items. Safe when the list is changed meanwhile (by the loop body or by
    /// Python code it calls): the length is re-read at each step and each item is a new
    /// reference, so the iterator sees the list as it is then, like Python's own.
    pub fn iter(&self) -> BoundListIterator<'py> {
        BoundListIterator {
            list: self.clone(),
            index: 0,
        }
    }
}

/// Iterator over a list; see [`Bound::<PyList>::iter`](Bound::iter).
pub struct BoundListIterator<'py> {
    list: Bound<'py, PyList>,
    index: usize,
}

impl<'py> Iterator for BoundListIterator<'py> {
    type Item = Bound<'py, PyAny>;
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        // SAFETY: attached; `self.list` is a list.
        let item = unsafe { list_item(self.list.py(), self.list.as_ptr(), self.index) }?;
        self.index += 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.list.len().saturating_sub(self.index);
        (n, Some(n))
    }
}

impl<'py> IntoIterator for Bound<'py, PyList> {
    type Item = Bound<'py, PyAny>;
    type IntoIter = BoundListIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        BoundListIterator {
            list: self,
            index: 0,
        }
    }
}

impl<'py> IntoIterator for &Bound<'py, PyList> {
    type Item = Bound<'py, PyAny>;
    type IntoIter = BoundListIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyListMethods;

/// Item `index` of a list as a new reference, `None` past its end. With the interpreter lock,
/// a bounds check and an incref of the borrowed slot (nothing can run in between); on
/// free-threaded builds another thread may replace the slot meanwhile, so `PyList_GetItemRef`
/// takes the reference under the list's lock.
///
/// # Safety
/// Attached, and `list` is a live list.
#[inline]
pub(crate) unsafe fn list_item<'py>(
    py: crate::Python<'py>,
    list: *mut ffi::PyObject,
    index: usize,
) -> Option<Bound<'py, PyAny>> {
    #[cfg(not(any(Py_GIL_DISABLED, Py_LIMITED_API)))]
    // SAFETY: per the caller; bounds checked before the read.
    unsafe {
        if index < crate::abi::list_size(list) {
            Some(Bound::from_borrowed_ptr(
                py,
                crate::abi::list_item(list, index),
            ))
        } else {
            None
        }
    }
    // The stable ABI: `PyList_GetItem` checks the bounds itself (one call, not two).
    #[cfg(all(Py_LIMITED_API, not(Py_GIL_DISABLED)))]
    // SAFETY: per the caller; a borrowed reference, or NULL with IndexError (cleared here).
    unsafe {
        let item = ffi::PyList_GetItem(list, index as ffi::Py_ssize_t);
        if item.is_null() {
            ffi::PyErr_Clear();
            None
        } else {
            Some(Bound::from_borrowed_ptr(py, item))
        }
    }
    #[cfg(Py_GIL_DISABLED)]
    // SAFETY: per the caller; a new reference, or NULL with IndexError (cleared here).
    unsafe {
        let item = ffi::PyList_GetItemRef(list, index as ffi::Py_ssize_t);
        if item.is_null() {
            ffi::PyErr_Clear();
            None
        } else {
            Some(Bound::from_owned_ptr(py, item))
        }
    }
}
