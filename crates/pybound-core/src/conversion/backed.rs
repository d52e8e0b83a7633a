//! `PyBackedStr` and `PyBackedBytes`: owned, `Send` views into Python-owned text and bytes.

use std::ops::Deref;
use std::ptr::NonNull;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound, Py};
use crate::python::Python;
use crate::types::{PyAny, PyByteArray, PyBytes, PyString};

/// A `str` kept alive by a reference to the Python string that owns its UTF-8 buffer.
///
/// It derefs to `&str` without copying, is `Send + Sync`, and can outlive the attach scope —
/// use it where a `&str` cannot live long enough (struct fields, collections, other threads).
///
/// ```
/// use pybound::prelude::*;
/// use pybound::PyBackedStr;
///
/// let name: PyBackedStr = Python::attach(|py| {
///     PyString::new(py, "Ada").extract().unwrap()
/// });
/// assert_eq!(&*name, "Ada");
/// ```
pub struct PyBackedStr {
    #[allow(dead_code)] // owns the buffer `data` points into
    storage: Py<PyAny>,
    data: NonNull<str>,
}

// SAFETY: `data` points into an immutable buffer owned by `storage` (a `str` object); the
// buffer is never written after creation, and `Py` is Send + Sync.
unsafe impl Send for PyBackedStr {}
// SAFETY: as above.
unsafe impl Sync for PyBackedStr {}

impl Deref for PyBackedStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        // SAFETY: the buffer lives as long as `storage`, which we own.
        unsafe { self.data.as_ref() }
    }
}

impl PyBackedStr {
    /// The Python `str` behind it. (Not in abi3 builds for 3.9, where the text is kept in a
    /// UTF-8 `bytes` copy: the stable ABI before 3.10 cannot lend a `str`'s own UTF-8 form.)
    #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
    pub fn as_py_str(&self) -> &Py<PyString> {
        // SAFETY: `storage` is always a `str` for this type.
        unsafe { &*(&self.storage as *const Py<PyAny>).cast::<Py<PyString>>() }
    }
}

impl TryFrom<Bound<'_, PyString>> for PyBackedStr {
    type Error = PyErr;
    fn try_from(s: Bound<'_, PyString>) -> PyResult<Self> {
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        {
            let data = NonNull::from(s.to_str()?);
            Ok(PyBackedStr {
                storage: s.into_any().unbind(),
                data,
            })
        }
        // The UTF-8 copy is the storage (see `as_py_str`).
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        {
            let bytes = s.as_borrowed().utf8_bytes()?;
            // SAFETY: UTF-8 from CPython's encoder, in a buffer `bytes` owns.
            let data = NonNull::from(unsafe { std::str::from_utf8_unchecked(bytes.as_bytes()) });
            Ok(PyBackedStr {
                storage: bytes.into_any().unbind(),
                data,
            })
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for PyBackedStr {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        PyBackedStr::try_from(obj.cast::<PyString>()?.to_owned())
    }
}

impl<'py> IntoPyObject<'py> for PyBackedStr {
    type Target = PyString;
    type Output = Bound<'py, PyString>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        return Ok(self.as_py_str().clone_ref(py).into_bound(py));
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        return Ok(PyString::new(py, &self));
    }
}

/// Bytes kept alive by the Python object that owns them (`bytes`), or copied out of a
/// `bytearray` (which is mutable, so it cannot be borrowed). Derefs to `&[u8]`; `Send + Sync`.
pub struct PyBackedBytes {
    storage: BytesStorage,
    data: NonNull<[u8]>,
}

enum BytesStorage {
    #[allow(dead_code)] // owns the buffer `data` points into
    Python(Py<PyBytes>),
    #[allow(dead_code)]
    Rust(Box<[u8]>),
}

// SAFETY: `data` points into an immutable buffer owned by `storage`.
unsafe impl Send for PyBackedBytes {}
// SAFETY: as above.
unsafe impl Sync for PyBackedBytes {}

impl Deref for PyBackedBytes {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        // SAFETY: the buffer lives as long as `storage`, which we own.
        unsafe { self.data.as_ref() }
    }
}

impl From<Bound<'_, PyBytes>> for PyBackedBytes {
    fn from(b: Bound<'_, PyBytes>) -> Self {
        let data = NonNull::from(b.as_bytes());
        PyBackedBytes {
            storage: BytesStorage::Python(b.unbind()),
            data,
        }
    }
}

impl From<Bound<'_, PyByteArray>> for PyBackedBytes {
    fn from(b: Bound<'_, PyByteArray>) -> Self {
        let boxed: Box<[u8]> = b.to_vec().into_boxed_slice();
        let data = NonNull::from(&*boxed);
        PyBackedBytes {
            storage: BytesStorage::Rust(boxed),
            data,
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for PyBackedBytes {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = obj.cast::<PyBytes>() {
            return Ok(PyBackedBytes::from(bytes.to_owned()));
        }
        Ok(PyBackedBytes::from(obj.cast::<PyByteArray>()?.to_owned()))
    }
}

impl<'py> IntoPyObject<'py> for PyBackedBytes {
    type Target = PyBytes;
    type Output = Bound<'py, PyBytes>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(match self.storage {
            BytesStorage::Python(b) => b.into_bound(py),
            BytesStorage::Rust(ref v) => PyBytes::new(py, v),
        })
    }
}

impl std::fmt::Debug for PyBackedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Debug for PyBackedBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for PyBackedStr {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl PartialEq<str> for PyBackedStr {
    fn eq(&self, other: &str) -> bool {
        &**self == other
    }
}

impl AsRef<[u8]> for PyBackedBytes {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl PartialEq for PyBackedBytes {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl PartialEq<[u8]> for PyBackedBytes {
    fn eq(&self, other: &[u8]) -> bool {
        &**self == other
    }
}
