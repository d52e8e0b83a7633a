//! Python's `bytes`.

use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;

native_type!(
    /// Python's `bytes` (immutable, so its contents can be borrowed without copying).
    PyBytes, "bytes", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyBytes_Type),
    check: |obj| ffi::PyBytes_Check(obj.as_ptr()) != 0
);

impl PyBytes {
    /// New `bytes` holding a copy of `data`.
    #[inline]
    pub fn new<'py>(py: Python<'py>, data: &[u8]) -> Bound<'py, PyBytes> {
        // SAFETY: attached; copies `len` bytes; returns a new reference (NULL only on memory
        // exhaustion).
        unsafe {
            Bound::from_owned_ptr(
                py,
                ffi::PyBytes_FromStringAndSize(data.as_ptr().cast(), data.len() as ffi::Py_ssize_t),
            )
            .cast_into_unchecked()
        }
    }

    /// New `bytes` of length `len`, filled in place by `init` (which sees zeroed memory): no
    /// intermediate Rust buffer.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let b = PyBytes::new_with(py, 4, |buf| { buf.copy_from_slice(b"abcd"); Ok(()) }).unwrap();
    ///     assert_eq!(b.as_bytes(), b"abcd");
    /// });
    /// ```
    pub fn new_with<'py, F>(py: Python<'py>, len: usize, init: F) -> PyResult<Bound<'py, PyBytes>>
    where
        F: FnOnce(&mut [u8]) -> PyResult<()>,
    {
        // SAFETY: attached; with a NULL source CPython allocates `len` uninitialised bytes,
        // which we zero before handing them out. The object is not shared until returned.
        unsafe {
            let obj: Bound<'py, PyBytes> = Bound::from_owned_ptr_or_err(
                py,
                ffi::PyBytes_FromStringAndSize(std::ptr::null(), len as ffi::Py_ssize_t),
            )?
            .cast_into_unchecked();
            fill_new(ffi::PyBytes_AsString(obj.as_ptr()).cast::<u8>(), len, init)?;
            Ok(obj)
        }
    }
}

/// Zero the `len` bytes of a new object at `buf`, then let `init` fill them (`new_with` of
/// `bytes` and `bytearray`).
///
/// # Safety
/// `buf` is valid for `len` bytes of writes, and nothing else can reach them during the call.
pub(crate) unsafe fn fill_new<F>(buf: *mut u8, len: usize, init: F) -> PyResult<()>
where
    F: FnOnce(&mut [u8]) -> PyResult<()>,
{
    if len == 0 {
        return init(&mut []);
    }
    // SAFETY: per the caller.
    unsafe {
        std::ptr::write_bytes(buf, 0, len);
        init(std::slice::from_raw_parts_mut(buf, len))
    }
}

impl<'a> Borrowed<'a, '_, PyBytes> {
    #[inline]
    pub(crate) fn as_bytes_borrowed(self) -> &'a [u8] {
        // SAFETY: `self` is a bytes object; its buffer is immutable and lives as long as it.
        unsafe {
            let data = ffi::PyBytes_AsString(self.as_ptr()).cast::<u8>();
            let len = ffi::PyBytes_Size(self.as_ptr()) as usize;
            std::slice::from_raw_parts(data, len)
        }
    }
}

impl Bound<'_, PyBytes> {
    /// The contents, borrowed (no copy).
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        self.as_borrowed().as_bytes_borrowed()
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyBytesMethods;
