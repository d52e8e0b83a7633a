use crate::err::PyResult;
use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;
use crate::types::PyAny;

native_type!(
    /// Python's `bytearray`. It is mutable, so its contents are copied out rather than borrowed
    /// (Python code could resize it while a Rust slice points into it).
    PyByteArray, "bytearray", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyByteArray_Type),
    check: |obj| ffi::PyByteArray_Check(obj.as_ptr()) != 0
);

impl PyByteArray {
    /// A new `bytearray` holding a copy of `data`.
    pub fn new<'py>(py: Python<'py>, data: &[u8]) -> Bound<'py, PyByteArray> {
        // SAFETY: attached; copies `len` bytes; returns a new reference (NULL only on memory
        // exhaustion).
        unsafe {
            Bound::from_owned_ptr(
                py,
                ffi::PyByteArray_FromStringAndSize(
                    data.as_ptr().cast(),
                    data.len() as ffi::Py_ssize_t,
                ),
            )
            .cast_into_unchecked()
        }
    }

    /// A new `bytearray` of length `len`, filled in place by `init` (which sees zeroed memory):
    /// no intermediate Rust buffer. `init` runs before the object is shared, so nothing else
    /// can see or resize it meanwhile.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let b = PyByteArray::new_with(py, 3, |buf| { buf.copy_from_slice(b"xyz"); Ok(()) }).unwrap();
    ///     assert_eq!(b.to_vec(), b"xyz");
    /// });
    /// ```
    pub fn new_with<'py, F>(
        py: Python<'py>,
        len: usize,
        init: F,
    ) -> PyResult<Bound<'py, PyByteArray>>
    where
        F: FnOnce(&mut [u8]) -> PyResult<()>,
    {
        // SAFETY: attached; with a NULL source CPython allocates `len` bytes, which we zero
        // before handing them out. The object is not shared until returned, and `init` cannot
        // reach it (it only gets the slice), so the slice stays valid during the call.
        unsafe {
            let obj: Bound<'py, PyByteArray> = Bound::from_owned_ptr_or_err(
                py,
                ffi::PyByteArray_FromStringAndSize(std::ptr::null(), len as ffi::Py_ssize_t),
            )?
            .cast_into_unchecked();
            let buf = ffi::PyByteArray_AsString(obj.as_ptr()).cast::<u8>();
            crate::types::bytes::fill_new(buf, len, init)?;
            Ok(obj)
        }
    }

    /// `bytearray(obj)` for any object supporting the buffer protocol (or an iterable of ints).
    pub fn from<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyByteArray>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(obj.py(), ffi::PyByteArray_FromObject(obj.as_ptr()))
                .map(|b| b.cast_into_unchecked())
        }
    }
}

impl Bound<'_, PyByteArray> {
    /// The current length.
    pub fn len(&self) -> usize {
        // SAFETY: `self` is a bytearray.
        unsafe { ffi::PyByteArray_Size(self.as_ptr()) as usize }
    }

    /// The start of the contents. Valid until the bytearray is resized or freed; reading or
    /// writing through it is the caller's `unsafe` business (Python code may resize it
    /// meanwhile).
    pub fn data(&self) -> *mut u8 {
        // SAFETY: `self` is a bytearray.
        unsafe { ffi::PyByteArray_AsString(self.as_ptr()).cast() }
    }

    /// Resize to `len` bytes; `BufferError` while a memoryview of it exists. Bytes added are
    /// zero (CPython leaves them unset; pybound clears them, so that no read of the contents
    /// sees uninitialised memory).
    pub fn resize(&self, len: usize) -> crate::err::PyResult<()> {
        let new_len = ffi::Py_ssize_t::try_from(len).map_err(|_| {
            crate::exceptions::PyOverflowError::new_err("bytearray length overflows Py_ssize_t")
        })?;
        let old = self.len();
        // SAFETY: attached; returns -1 with an exception on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyByteArray_Resize(self.as_ptr(), new_len)
        })?;
        if len > old {
            // SAFETY: the buffer now holds `len` bytes; the ones from `old` on are ours to set.
            unsafe { std::ptr::write_bytes(self.data().add(old), 0, len - old) };
        }
        Ok(())
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the contents.
    pub fn to_vec(&self) -> Vec<u8> {
        // SAFETY: `self` is a bytearray; we copy its current contents while attached, and no
        // Python code runs during the copy.
        unsafe {
            let data = ffi::PyByteArray_AsString(self.as_ptr()).cast::<u8>();
            std::slice::from_raw_parts(data, self.len()).to_vec()
        }
    }
}
