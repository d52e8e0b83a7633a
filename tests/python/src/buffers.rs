//! The buffer protocol: functions taking `PyBuffer<T>` (any exporter), classes lending their
//! memory (`#[pyclass(buffer)]` and PyO3's raw `__getbuffer__`), for `test_buffers.py`.

use std::ffi::CStr;
use std::os::raw::c_int;

use pybound::buffer::{ExportBuffer, PyBuffer, PyBufferOwner, PyUntypedBuffer};
use pybound::exceptions::PyBufferError;
use pybound::ffi;
use pybound::prelude::*;

/// The sum of any buffer of doubles (a numpy array, `array('d')`, a cast memoryview …).
#[pyfunction]
pub fn sum_f64(values: PyBuffer<f64>, py: Python<'_>) -> PyResult<f64> {
    if let Some(ptr) = values.as_slice_ptr() {
        // SAFETY: the memory is valid while `values` lives; the tests write these buffers only
        // from the thread that holds the interpreter lock, which is running this function.
        return Ok(unsafe { ptr.as_ref() }.iter().sum());
    }
    // Strided: gathered into C order by CPython.
    Ok(values.to_vec(py)?.iter().sum())
}

/// The sum through PyO3's (deprecated) cells, which ported code still uses.
#[pyfunction]
#[allow(deprecated)]
pub fn sum_f64_cells(values: PyBuffer<f64>, py: Python<'_>) -> Option<f64> {
    Some(values.as_slice(py)?.iter().map(|c| c.get()).sum())
}

/// The items of a buffer of `i64` (in C order, whatever the layout).
#[pyfunction]
pub fn i64_items(values: PyBuffer<i64>, py: Python<'_>) -> PyResult<Vec<i64>> {
    values.to_vec(py)
}

/// (format, item size, shape, strides, read-only, C-contiguous).
type BufferDescription = (String, usize, Vec<usize>, Vec<isize>, bool, bool);

/// How a buffer describes itself.
#[pyfunction]
pub fn describe_buffer(obj: &Bound<'_, PyAny>) -> PyResult<BufferDescription> {
    let buf = PyUntypedBuffer::get(obj)?;
    Ok((
        buf.format().to_string_lossy().into_owned(),
        buf.item_size(),
        buf.shape().to_vec(),
        buf.strides().to_vec(),
        buf.readonly(),
        buf.is_c_contiguous(),
    ))
}

/// Set every byte of a writable, contiguous buffer to `value`.
#[pyfunction]
pub fn fill_bytes(target: PyBuffer<u8>, value: u8) -> PyResult<()> {
    let ptr = target
        .as_mut_slice_ptr()
        .ok_or_else(|| PyBufferError::new_err("expected a writable, contiguous buffer of bytes"))?;
    // SAFETY: writable memory valid while `target` lives; the tests do not touch it from
    // another thread meanwhile.
    unsafe { std::ptr::write_bytes(ptr.cast::<u8>().as_ptr(), value, ptr.len()) };
    Ok(())
}

/// The bytes of an immutable exporter, borrowed; `None` for a mutable one.
#[pyfunction]
pub fn immutable_len(data: PyBuffer<u8>, py: Python<'_>) -> Option<usize> {
    data.as_immutable_slice(py).map(<[u8]>::len)
}

/// Rust-owned samples lent to Python read-only with `#[pyclass(buffer)]`.
#[pyclass(buffer)]
pub struct Samples {
    values: Vec<f64>,
    shape: Option<Vec<usize>>,
}

impl ExportBuffer for Samples {
    type Item = f64;
    fn buffer(&self) -> &[f64] {
        &self.values
    }
    fn shape(&self) -> Option<Vec<usize>> {
        self.shape.clone()
    }
}

#[pymethods]
impl Samples {
    #[new]
    #[pybound(signature = (values, shape = None))]
    fn new(values: Vec<f64>, shape: Option<Vec<usize>>) -> Self {
        Samples { values, shape }
    }

    /// Grows the vector (which may move it): refused while exported.
    fn push(&mut self, value: f64) {
        self.values.push(value);
    }

    fn __len__(&self) -> usize {
        self.values.len()
    }

    /// A read under a shared borrow: allowed while exported.
    fn total(&self) -> f64 {
        self.values.iter().sum()
    }
}

/// A frozen class lending bytes.
#[pyclass(buffer, frozen, subclass)]
pub struct Blob {
    data: Box<[u8]>,
}

impl ExportBuffer for Blob {
    type Item = u8;
    fn buffer(&self) -> &[u8] {
        &self.data
    }
}

#[pymethods]
impl Blob {
    #[new]
    fn new(data: Vec<u8>) -> Self {
        Blob {
            data: data.into_boxed_slice(),
        }
    }
}

/// PyO3's raw form: `unsafe fn __getbuffer__` filling the `Py_buffer` by hand, counting
/// releases.
#[pyclass]
pub struct RawBuffer {
    data: Vec<u8>,
    #[pybound(get)]
    releases: usize,
}

#[pymethods]
impl RawBuffer {
    #[new]
    fn new(data: Vec<u8>) -> Self {
        RawBuffer { data, releases: 0 }
    }

    unsafe fn __getbuffer__(
        slf: PyRefMut<'_, Self>,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        if flags & ffi::PyBUF_WRITABLE == ffi::PyBUF_WRITABLE {
            return Err(PyBufferError::new_err("RawBuffer is read-only"));
        }
        if slf.data.first() == Some(&0xff) {
            // Half-filled, then failing: the wrapper must clear `obj`.
            unsafe {
                (*view).obj = slf.as_ptr();
                ffi::Py_INCREF((*view).obj);
            }
            return Err(PyBufferError::new_err("refusing to export 0xff"));
        }
        let bytes = slf.data.as_slice();
        unsafe {
            (*view).obj = slf.as_ptr();
            ffi::Py_INCREF((*view).obj);
            (*view).buf = bytes.as_ptr() as *mut std::ffi::c_void;
            (*view).len = bytes.len() as isize;
            (*view).readonly = 1;
            (*view).itemsize = 1;
            (*view).format = if flags & ffi::PyBUF_FORMAT == ffi::PyBUF_FORMAT {
                const FORMAT: &CStr = c"B";
                FORMAT.as_ptr() as *mut _
            } else {
                std::ptr::null_mut()
            };
            (*view).ndim = 1;
            (*view).shape = if flags & ffi::PyBUF_ND == ffi::PyBUF_ND {
                &mut (*view).len
            } else {
                std::ptr::null_mut()
            };
            (*view).strides = if flags & ffi::PyBUF_STRIDES == ffi::PyBUF_STRIDES {
                &mut (*view).itemsize
            } else {
                std::ptr::null_mut()
            };
            (*view).suboffsets = std::ptr::null_mut();
            (*view).internal = std::ptr::null_mut();
        }
        Ok(())
    }

    unsafe fn __releasebuffer__(mut slf: PyRefMut<'_, Self>, _view: *mut ffi::Py_buffer) {
        slf.releases += 1;
    }
}

/// `n` doubles (0, 1, …) in a read-only `pybound.RustBuffer` owning the Rust vector.
#[pyfunction]
pub fn owned_doubles(py: Python<'_>, n: usize) -> PyResult<Bound<'_, PyBufferOwner>> {
    let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
    PyBufferOwner::new(py, values)
}

/// A copy of `data` in a read-only `pybound.RustBuffer`.
#[pyfunction]
pub fn owned_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<Bound<'_, PyBufferOwner>> {
    PyBufferOwner::new(py, data)
}

/// `n` zero bytes in a writable `pybound.RustBuffer` (a boxed slice).
#[pyfunction]
pub fn owned_bytes_writable(py: Python<'_>, n: usize) -> PyResult<Bound<'_, PyBufferOwner>> {
    PyBufferOwner::new_writable(py, vec![0u8; n].into_boxed_slice())
}

/// `n` bytes counting up, returned as a `Vec<u8>` (Python sees `bytes`).
#[pyfunction]
pub fn counting_bytes(n: usize) -> Vec<u8> {
    (0..n).map(|i| i as u8).collect()
}

/// A `bytes` of `n` bytes filled in place (no Rust buffer in between).
#[pyfunction]
pub fn filled_bytes(py: Python<'_>, n: usize, value: u8) -> PyResult<Bound<'_, PyBytes>> {
    PyBytes::new_with(py, n, |buf| {
        buf.fill(value);
        Ok(())
    })
}
