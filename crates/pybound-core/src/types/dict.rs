//! Python's `dict` and its iterator.

use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyRuntimeError;
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::python::Python;
use crate::types::{PyAny, PyList, PyMapping};

native_type!(
    /// Python's `dict`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let d = PyDict::new(py);
    ///     d.set_item("a", 1).unwrap();
    ///     let a: Option<i32> = d.get_item("a").unwrap().map(|v| v.extract().unwrap());
    ///     assert_eq!(a, Some(1));
    ///     assert!(d.get_item("zzz").unwrap().is_none());
    ///     for (k, v) in &d {
    ///         println!("{k} = {v}");
    ///     }
    /// });
    /// ```
    PyDict, "dict", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyDict_Type),
    check: |obj| ffi::PyDict_Check(obj.as_ptr()) != 0,
    exact: |obj| ffi::PyDict_CheckExact(obj.as_ptr()) != 0
);

impl PyDict {
    /// A new empty dict.
    pub fn new(py: Python<'_>) -> Bound<'_, PyDict> {
        // SAFETY: attached; returns a new reference (NULL only on memory exhaustion).
        unsafe { Bound::from_owned_ptr(py, ffi::PyDict_New()).cast_into_unchecked() }
    }

    /// `dict(seq)` for an iterable of key/value pairs.
    pub fn from_sequence<'py>(seq: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(seq.py());
        // SAFETY: attached; returns -1 with an exception set on failure.
        if unsafe { ffi::PyDict_MergeFromSeq2(dict.as_ptr(), seq.as_ptr(), 1) } == -1 {
            return Err(PyErr::fetch(seq.py()));
        }
        Ok(dict)
    }
}

impl<'py> Bound<'py, PyDict> {
    /// Number of items.
    #[inline]
    pub fn len(&self) -> usize {
        // SAFETY: `self` is a dict.
        unsafe { ffi::PyDict_Size(self.as_ptr()) as usize }
    }

    /// Whether the dict is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `self.get(key)`: `Ok(None)` when absent; `Err` only if hashing or comparing the key
    /// raised.
    #[inline]
    pub fn get_item<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<Option<Bound<'py, PyAny>>> {
        let key = key.into_pyobject(self.py()).map_err(Into::into)?;
        let mut out = std::ptr::null_mut();
        // SAFETY: attached; returns 1 with a new reference in `out`, 0 if absent, -1 on error.
        match unsafe { ffi::compat::PyDict_GetItemRef(self.as_ptr(), key.as_ptr(), &mut out) } {
            -1 => Err(PyErr::fetch(self.py())),
            // SAFETY: `out` is a new reference when the result is 1.
            1 => Ok(Some(unsafe { Bound::from_owned_ptr(self.py(), out) })),
            _ => Ok(None),
        }
    }

    /// `self[key] = value`.
    #[inline]
    pub fn set_item<K, V>(&self, key: K, value: V) -> PyResult<()>
    where
        K: IntoPyObject<'py>,
        V: IntoPyObject<'py>,
    {
        let key = key.into_pyobject(self.py()).map_err(Into::into)?;
        let value = value.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; PyDict_SetItem does not steal; returns -1 on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyDict_SetItem(self.as_ptr(), key.as_ptr(), value.as_ptr())
        })
    }

    /// `del self[key]` (`KeyError` if absent).
    pub fn del_item<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<()> {
        let key = key.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; returns -1 with an exception set (KeyError when absent).
        crate::err::status(self.py(), unsafe {
            ffi::PyDict_DelItem(self.as_ptr(), key.as_ptr())
        })
    }

    /// `key in self`.
    pub fn contains<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<bool> {
        let key = key.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; returns 1, 0, or -1 with an exception set.
        crate::err::predicate(self.py(), unsafe {
            ffi::PyDict_Contains(self.as_ptr(), key.as_ptr())
        })
    }

    /// `list(self.keys())`.
    pub fn keys(&self) -> Bound<'py, PyList> {
        // SAFETY: attached; returns a new list (NULL only on memory exhaustion).
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PyDict_Keys(self.as_ptr())).cast_into_unchecked()
        }
    }

    /// `list(self.values())`.
    pub fn values(&self) -> Bound<'py, PyList> {
        // SAFETY: as `keys`.
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PyDict_Values(self.as_ptr()))
                .cast_into_unchecked()
        }
    }

    /// `list(self.items())` (a list of 2-tuples).
    pub fn items(&self) -> Bound<'py, PyList> {
        // SAFETY: as `keys`.
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PyDict_Items(self.as_ptr())).cast_into_unchecked()
        }
    }

    /// `self.update(other)` where `other` is a mapping.
    pub fn update(&self, other: &Bound<'py, PyMapping>) -> PyResult<()> {
        // SAFETY: attached; returns -1 on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyDict_Update(self.as_ptr(), other.as_ptr())
        })
    }

    /// `self.copy()` (shallow).
    pub fn copy(&self) -> PyResult<Bound<'py, PyDict>> {
        // SAFETY: attached; returns a new dict or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyDict_Copy(self.as_ptr()))
                .map(|d| d.cast_into_unchecked())
        }
    }

    /// `self.clear()`.
    pub fn clear(&self) {
        // SAFETY: attached; cannot fail.
        unsafe { ffi::PyDict_Clear(self.as_ptr()) }
    }

    /// View as a mapping.
    pub fn as_mapping(&self) -> &Bound<'py, PyMapping> {
        // SAFETY: every dict is a mapping.
        unsafe { self.cast_unchecked() }
    }

    /// The dict as a mapping, by value.
    pub fn into_mapping(self) -> Bound<'py, PyMapping> {
        // SAFETY: every dict is a mapping.
        unsafe { self.cast_into_unchecked() }
    }

    /// Add the pairs of `other` whose keys `self` lacks (`PyDict_Merge` without override).
    pub fn update_if_missing(&self, other: &Bound<'py, PyMapping>) -> PyResult<()> {
        // SAFETY: attached; returns -1 on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyDict_Merge(self.as_ptr(), other.as_ptr(), 0)
        })
    }

    /// Insert `default_value` under `key` unless the key is present: `Ok(true)` if it was
    /// inserted, `Ok(false)` if the key was there already.
    pub fn set_default<K, V>(&self, key: K, default_value: V) -> PyResult<bool>
    where
        K: IntoPyObject<'py>,
        V: IntoPyObject<'py>,
    {
        self.set_default_with_result(key, default_value)
            .map(|(inserted, _)| inserted)
    }

    /// [`set_default`](Bound::set_default), also returning the value now under `key`.
    ///
    /// ```
    /// use pybound::prelude::*;
    ///
    /// Python::attach(|py| {
    ///     let d = PyDict::new(py);
    ///     let (inserted, v) = d.set_default_with_result("k", 1).unwrap();
    ///     assert!(inserted && v.extract::<i32>().unwrap() == 1);
    ///     let (inserted, v) = d.set_default_with_result("k", 2).unwrap();
    ///     assert!(!inserted && v.extract::<i32>().unwrap() == 1);
    /// });
    /// ```
    pub fn set_default_with_result<K, V>(
        &self,
        key: K,
        default_value: V,
    ) -> PyResult<(bool, Bound<'py, PyAny>)>
    where
        K: IntoPyObject<'py>,
        V: IntoPyObject<'py>,
    {
        let py = self.py();
        let key = key
            .into_pyobject(py)
            .map_err(Into::<PyErr>::into)?
            .into_any()
            .into_bound();
        let default_value = default_value
            .into_pyobject(py)
            .map_err(Into::<PyErr>::into)?
            .into_any()
            .into_bound();
        // One lookup where CPython has it (3.13): `PyDict_SetDefaultRef` says whether it
        // inserted; before, a lookup and then an insertion (atomic while attached, as nothing
        // else runs between them unless the key's `__eq__` is Python code).
        #[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
        {
            let mut result = std::ptr::null_mut();
            // SAFETY: attached; returns 1 (present: nothing inserted), 0 (inserted) or -1, and
            // a new reference to the value now under `key` in `result` unless -1.
            let status = unsafe {
                ffi::PyDict_SetDefaultRef(
                    self.as_ptr(),
                    key.as_ptr(),
                    default_value.as_ptr(),
                    &mut result,
                )
            };
            if status < 0 {
                return Err(PyErr::fetch(py));
            }
            // SAFETY: a new reference, per the above.
            Ok((status == 0, unsafe { Bound::from_owned_ptr(py, result) }))
        }
        #[cfg(not(all(Py_3_13, not(Py_LIMITED_API))))]
        {
            match self.get_item(&key)? {
                Some(value) => Ok((false, value)),
                None => {
                    self.set_item(&key, &default_value)?;
                    Ok((true, default_value))
                }
            }
        }
    }

    /// Call `f` with each key and value, stopping at the first error. The walk is
    /// [`try_iter_items`](Bound::try_iter_items)'s (a dict changed meanwhile is a
    /// `RuntimeError`); unlike PyO3's on the free-threaded build, no critical section is held
    /// over the whole walk.
    pub fn locked_for_each<F>(&self, f: F) -> PyResult<()>
    where
        F: Fn(Bound<'py, PyAny>, Bound<'py, PyAny>) -> PyResult<()>,
    {
        self.try_iter_items()
            .try_for_each(|item| item.and_then(|(k, v)| f(k, v)))
    }

    /// Iterate over `(key, value)` pairs.
    ///
    /// Like Python's own dict iterator, changing the dict's size during iteration is an error:
    /// this iterator then panics with a `RuntimeError("dictionary changed size during
    /// iteration")` payload, which the call boundary raises in Python as that exception. Use
    /// [`try_iter_items`](Bound::try_iter_items) to get it as an `Err` instead.
    pub fn iter(&self) -> BoundDictIterator<'py> {
        BoundDictIterator {
            cursor: DictCursor::new(self.clone()),
        }
    }

    /// Iterate over `(key, value)` pairs, yielding `Err(RuntimeError)` (and then stopping) if
    /// the dict changes size meanwhile.
    pub fn try_iter_items(
        &self,
    ) -> impl Iterator<Item = PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
        let mut cursor = DictCursor::new(self.clone());
        std::iter::from_fn(move || cursor.next())
    }
}

/// The position in a dict walk, with the size seen at the start.
struct DictCursor<'py> {
    dict: Bound<'py, PyDict>,
    pos: ffi::Py_ssize_t,
    expected_len: usize,
    remaining: usize,
    done: bool,
}

impl<'py> DictCursor<'py> {
    fn new(dict: Bound<'py, PyDict>) -> Self {
        let len = dict.len();
        DictCursor {
            dict,
            pos: 0,
            expected_len: len,
            remaining: len,
            done: false,
        }
    }

    fn next(&mut self) -> Option<PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
        if self.done {
            return None;
        }
        // SAFETY: `dict` is a dict; reading its item count is what CPython's own iterator does
        // at each step.
        let len = unsafe { crate::abi::dict_len(self.dict.as_ptr()) };
        if len != self.expected_len {
            self.done = true;
            return Some(Err(PyRuntimeError::new_err(
                "dictionary changed size during iteration",
            )));
        }
        let py = self.dict.py();
        let dict = self.dict.as_ptr();
        let pos = &mut self.pos;
        // The step and the increfs inside the dict's critical section (free-threaded builds;
        // nothing else runs meanwhile with the interpreter lock).
        let pair = crate::sync::with_critical_section(self.dict.as_any(), || {
            let (mut key, mut value) = (std::ptr::null_mut(), std::ptr::null_mut());
            // SAFETY: attached; PyDict_Next yields borrowed references, increfed at once
            // before any Python code can run.
            unsafe {
                if ffi::PyDict_Next(dict, pos, &mut key, &mut value) == 0 {
                    None
                } else {
                    Some((
                        Bound::from_borrowed_ptr(py, key),
                        Bound::from_borrowed_ptr(py, value),
                    ))
                }
            }
        });
        match pair {
            Some(pair) => {
                self.remaining = self.remaining.saturating_sub(1);
                Some(Ok(pair))
            }
            None => {
                self.done = true;
                None
            }
        }
    }
}

/// Iterator over a dict's `(key, value)` pairs; see [`Bound::<PyDict>::iter`](Bound::iter).
pub struct BoundDictIterator<'py> {
    cursor: DictCursor<'py>,
}

impl<'py> Iterator for BoundDictIterator<'py> {
    type Item = (Bound<'py, PyAny>, Bound<'py, PyAny>);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self.cursor.next()? {
            Ok(pair) => Some(pair),
            Err(err) => std::panic::panic_any(err),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.cursor.remaining, Some(self.cursor.remaining))
    }
}

impl<'py> IntoIterator for Bound<'py, PyDict> {
    type Item = (Bound<'py, PyAny>, Bound<'py, PyAny>);
    type IntoIter = BoundDictIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        BoundDictIterator {
            cursor: DictCursor::new(self),
        }
    }
}

impl<'py> IntoIterator for &Bound<'py, PyDict> {
    type Item = (Bound<'py, PyAny>, Bound<'py, PyAny>);
    type IntoIter = BoundDictIterator<'py>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Build a `dict` from key-value pairs (PyO3's trait): any iterable of `(key, value)` whose
/// parts convert.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::types::IntoPyDict;
///
/// Python::attach(|py| {
///     let d = [("a", 1), ("b", 2)].into_py_dict(py).unwrap();
///     assert_eq!(d.get_item("b").unwrap().unwrap().extract::<i32>().unwrap(), 2);
/// });
/// ```
pub trait IntoPyDict<'py>: Sized {
    /// The new dict.
    fn into_py_dict(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>>;
}

impl<'py, I, K, V> IntoPyDict<'py> for I
where
    I: IntoIterator<Item = (K, V)>,
    K: crate::IntoPyObject<'py>,
    V: crate::IntoPyObject<'py>,
{
    fn into_py_dict(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (key, value) in self {
            dict.set_item(key, value)?;
        }
        Ok(dict)
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyDictMethods;
