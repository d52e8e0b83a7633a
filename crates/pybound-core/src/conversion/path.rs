//! Paths and OS strings. Extraction goes through `os.fspath` (so `str`, `bytes` and
//! `pathlib.Path` all work) and the filesystem encoding, as `open()` does; `PathBuf`/`&Path`
//! become `pathlib.Path`, `OsString` becomes `str`.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyBytes, PyString};
use crate::Py;

/// `os.fspath(obj)` encoded to the filesystem encoding.
fn fs_bytes<'py>(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let py = obj.py();
    // SAFETY: attached; PyOS_FSPath returns a new reference to a str or bytes, or NULL.
    let path =
        unsafe { Bound::<PyAny>::from_owned_ptr_or_err(py, ffi::PyOS_FSPath(obj.as_ptr()))? };
    if let Ok(bytes) = path.cast::<PyBytes>() {
        return Ok(bytes.clone());
    }
    // SAFETY: attached; `path` is a str here; returns a new bytes reference or NULL.
    unsafe {
        Bound::from_owned_ptr_or_err(py, ffi::PyUnicode_EncodeFSDefault(path.as_ptr()))
            .map(|b| b.cast_into_unchecked())
    }
}

#[cfg(unix)]
fn os_string_from_bytes(bytes: &[u8]) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    OsStr::from_bytes(bytes).to_owned()
}

#[cfg(not(unix))]
fn os_string_from_bytes(bytes: &[u8]) -> OsString {
    OsString::from(String::from_utf8_lossy(bytes).into_owned())
}

impl<'a, 'py> FromPyObject<'a, 'py> for OsString {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(os_string_from_bytes(fs_bytes(obj)?.as_bytes()))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for PathBuf {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        OsString::extract(obj).map(PathBuf::from)
    }
}

/// An OS string as `str`, decoded with the filesystem encoding (undecodable bytes become
/// surrogates, so the round trip is lossless on Unix).
fn os_str_to_py<'py>(py: Python<'py>, s: &OsStr) -> Bound<'py, PyString> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = s.as_bytes();
        // SAFETY: attached; decodes `len` bytes and returns a new str (NULL only on memory
        // exhaustion).
        unsafe {
            Bound::from_owned_ptr(
                py,
                ffi::PyUnicode_DecodeFSDefaultAndSize(
                    bytes.as_ptr().cast(),
                    bytes.len() as ffi::Py_ssize_t,
                ),
            )
            .cast_into_unchecked()
        }
    }
    #[cfg(not(unix))]
    {
        PyString::new(py, &s.to_string_lossy())
    }
}

macro_rules! os_str_into_py {
    ($($t:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $t {
            type Target = PyString;
            type Output = Bound<'py, PyString>;
            type Error = std::convert::Infallible;
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
                Ok(os_str_to_py(py, self.as_ref()))
            }
        }
    )*};
}

os_str_into_py!(
    OsString,
    &OsString,
    &OsStr,
    std::borrow::Cow<'_, OsStr>,
    &std::borrow::Cow<'_, OsStr>
);

/// `pathlib.Path(text)`.
fn make_path<'py>(py: Python<'py>, p: &Path) -> PyResult<Bound<'py, PyAny>> {
    static PATH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let cls = PATH.get_or_try_init(py, || {
        py.import("pathlib")?.getattr("Path").map(Bound::unbind)
    })?;
    cls.bind(py).call1((os_str_to_py(py, p.as_os_str()),))
}

macro_rules! path_into_py {
    ($($t:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for $t {
            type Target = PyAny;
            type Output = Bound<'py, PyAny>;
            type Error = PyErr;
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
                make_path(py, self.as_ref())
            }
        }
    )*};
}

path_into_py!(
    PathBuf,
    &PathBuf,
    &Path,
    std::borrow::Cow<'_, Path>,
    &std::borrow::Cow<'_, Path>
);

impl<'a, 'py> FromPyObject<'a, 'py> for std::borrow::Cow<'a, Path> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        PathBuf::extract(obj).map(std::borrow::Cow::Owned)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for std::borrow::Cow<'a, OsStr> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        OsString::extract(obj).map(std::borrow::Cow::Owned)
    }
}
