//! Lending a `#[pyclass]`'s memory to Python, safely: `#[pyclass(buffer)]` and an
//! [`ExportBuffer`] implementation make `memoryview(obj)`, `numpy.asarray(obj)`,
//! `bytes(obj)`, `hashlib.sha256(obj)` … read the value's memory in place.
//!
//! ```
//! use pybound::buffer::ExportBuffer;
//! use pybound::prelude::*;
//!
//! /// Samples owned by Rust, readable from Python without a copy.
//! #[pyclass(buffer)]
//! struct Samples {
//!     values: Vec<f64>,
//! }
//!
//! impl ExportBuffer for Samples {
//!     type Item = f64;
//!     fn buffer(&self) -> &[f64] {
//!         &self.values
//!     }
//! }
//!
//! #[pymethods]
//! impl Samples {
//!     fn push(&mut self, value: f64) {
//!         self.values.push(value);
//!     }
//! }
//!
//! Python::attach(|py| {
//!     let samples = Bound::new(py, Samples { values: vec![1.0, 2.5] }).unwrap();
//!     let view = py.import("builtins").unwrap().getattr("memoryview").unwrap().call1((&samples,)).unwrap();
//!     assert_eq!(view.getattr("format").unwrap().extract::<String>().unwrap(), "d");
//!     assert_eq!(view.call_method0("tolist").unwrap().extract::<Vec<f64>>().unwrap(), [1.0, 2.5]);
//!     // While the view lives, `&mut self` methods are refused (the memory could move).
//!     let err = samples.call_method1("push", (3.0,)).unwrap_err();
//!     assert!(err.is_instance_of::<pybound::exceptions::PyBufferError>(py));
//!     view.call_method0("release").unwrap();
//!     samples.call_method1("push", (3.0,)).unwrap();
//! });
//! ```
//!
//! # Why this is sound
//!
//! The memory handed out is a `&[Item]` borrowed from `&self`, so it stays valid and unchanged
//! for as long as no `&mut` to the value exists and the value is not dropped. An export is a
//! shared borrow of the instance, held from `bf_getbuffer` until the matching
//! `bf_releasebuffer`: while it lasts every exclusive borrow (`&mut self` methods, `PyRefMut`,
//! setters) fails with `BufferError`, and the export holds a strong reference to the object, so
//! the value cannot be dropped. Safe code cannot return from `&self` a slice of memory that
//! changes under a shared borrow (a `RefCell`'s or `Mutex`'s contents are reachable only
//! through a guard that the slice cannot outlive). The export is read-only: Python cannot
//! write through it to memory Rust code reads as a `&[Item]`.

use std::ffi::{c_void, CStr};
use std::os::raw::c_int;

use super::Element;
use crate::callback::trampoline::trampoline_with;
use crate::class::{acquire_export, release_export, PyClass, PyClassObject};
use crate::err::PyResult;
use crate::exceptions::PyBufferError;
use crate::ffi;

/// An [`Element`] with a `struct`-module format code of its own, which exports announce.
///
/// # Safety
/// `FORMAT` must describe exactly this type (size, kind, this machine's byte order).
pub unsafe trait NativeElement: Element {
    /// The format string (`"d"` for `f64`, …).
    const FORMAT: &'static CStr;
}

macro_rules! native_element {
    ($($t:ty => $format:literal),* $(,)?) => {$(
        // SAFETY: the format code of this type with native size and order.
        unsafe impl NativeElement for $t {
            const FORMAT: &'static CStr = $format;
        }
    )*};
}

native_element!(
    u8 => c"B", i8 => c"b", u16 => c"H", i16 => c"h", u32 => c"I", i32 => c"i",
    u64 => c"Q", i64 => c"q", usize => c"N", isize => c"n", f32 => c"f", f64 => c"d",
);

/// Memory a `#[pyclass(buffer)]` value lends to Python, read-only, in place (see the
/// [module docs](self) for an example and the soundness argument).
#[diagnostic::on_unimplemented(
    message = "`#[pyclass(buffer)]` needs `impl ExportBuffer for {Self}`",
    label = "the memory this class exports is chosen by `ExportBuffer::buffer`"
)]
pub trait ExportBuffer: PyClass {
    /// The item type (`u8`, `f64`, …).
    type Item: NativeElement;

    /// The memory to lend: called once per export, while the instance is borrowed.
    fn buffer(&self) -> &[Self::Item];

    /// The dimensions, in C (row-major) order, when the items form an array of more (or
    /// fewer) than one dimension; their product must be the slice's length. `None`: one
    /// dimension, the slice's length.
    fn shape(&self) -> Option<Vec<usize>> {
        None
    }
}

/// Ends an export if the export slot fails half-way (an error or a panic in `buffer`).
struct ExportGuard<'a, T: PyClass>(Option<&'a PyClassObject<T>>);

impl<T: PyClass> Drop for ExportGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(cell) = self.0 {
            release_export(cell);
        }
    }
}

/// `bf_getbuffer` of `#[pyclass(buffer)]` classes.
///
/// # Safety
/// CPython's arguments to `bf_getbuffer`: an instance of `T`, a view to fill, the flags.
pub unsafe extern "C" fn export_buffer<T: ExportBuffer>(
    slf: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: called by CPython with the lock held.
    unsafe {
        trampoline_with(|_py| {
            if view.is_null() {
                return Err(PyBufferError::new_err("getbuffer called without a view"));
            }
            let cell = PyClassObject::<T>::from_ptr(slf);
            acquire_export(cell)?;
            let mut guard = ExportGuard(Some(cell));
            let value: &T = &*cell.contents.get();
            let data = value.buffer();
            let memory = Memory::of(data);
            fill_view(view, slf, flags, memory, value.shape(), T::NAME)?;
            guard.0 = None;
            Ok(0)
        })
    }
}

/// `bf_releasebuffer` of `#[pyclass(buffer)]` classes: frees what the export allocated and
/// ends its borrow. (`PyBuffer_Release` drops the view's reference to the object after.)
///
/// # Safety
/// CPython's arguments to `bf_releasebuffer`: a view [`export_buffer`] filled.
pub unsafe extern "C" fn release_exported_buffer<T: ExportBuffer>(
    slf: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
) {
    // SAFETY: the view `export_buffer` filled: with more than one dimension, `internal` is
    // the shape-and-strides allocation of `2 * ndim` entries.
    unsafe {
        let ndim = (*view).ndim as usize;
        if ndim > 1 && !(*view).internal.is_null() {
            let dims =
                std::ptr::slice_from_raw_parts_mut((*view).internal.cast::<isize>(), 2 * ndim);
            drop(Box::from_raw(dims));
            (*view).internal = std::ptr::null_mut();
        }
        release_export(PyClassObject::<T>::from_ptr(slf));
    }
}

/// CPython's `PyBUF_MAX_NDIM` (the same in every version; its declared type varies).
const MAX_DIMENSIONS: usize = 64;

/// Contiguous memory of `count` items to describe in a `Py_buffer`.
#[derive(Clone, Copy)]
pub(crate) struct Memory {
    pub(crate) buf: *mut c_void,
    pub(crate) count: usize,
    pub(crate) item_size: usize,
    pub(crate) format: &'static CStr,
    pub(crate) readonly: bool,
}

impl Memory {
    /// The memory of `data`, for reading.
    pub(crate) fn of<I: NativeElement>(data: &[I]) -> Memory {
        Memory {
            buf: data.as_ptr().cast_mut().cast(),
            count: data.len(),
            item_size: std::mem::size_of::<I>(),
            format: I::FORMAT,
            readonly: true,
        }
    }

    /// The memory of `data`, for reading and writing (the pointer comes from the `&mut`).
    pub(crate) fn of_mut<I: NativeElement>(data: &mut [I]) -> Memory {
        let count = data.len();
        Memory {
            buf: data.as_mut_ptr().cast(),
            count,
            item_size: std::mem::size_of::<I>(),
            format: I::FORMAT,
            readonly: false,
        }
    }
}

/// Fill `view` for an export of `memory` (C order) owned by `obj`, honouring the consumer's
/// `flags` (which parts of the description it asked for, and whether it wants to write).
/// Not generic, so compiled once.
///
/// # Safety
/// `view` is writable; `memory` stays valid until the view is released (and unchanged, if
/// read-only); `obj` is the exporting object.
pub(crate) unsafe fn fill_view(
    view: *mut ffi::Py_buffer,
    obj: *mut ffi::PyObject,
    flags: c_int,
    memory: Memory,
    shape: Option<Vec<usize>>,
    class: &str,
) -> PyResult<()> {
    if memory.readonly && flags & ffi::PyBUF_WRITABLE == ffi::PyBUF_WRITABLE {
        return Err(PyBufferError::new_err("Object is not writable."));
    }
    let item = memory.item_size as isize;
    let count = memory.count;
    if let Some(dims) = &shape {
        let described = dims.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
        if described != Some(count) || dims.len() > MAX_DIMENSIONS {
            return Err(PyBufferError::new_err(format!(
                "{class} exports {count} items but a shape of {dims:?}"
            )));
        }
        let spread = dims.iter().filter(|&&d| d > 1).count();
        if flags & ffi::PyBUF_F_CONTIGUOUS == ffi::PyBUF_F_CONTIGUOUS && spread > 1 {
            return Err(PyBufferError::new_err(format!(
                "{class}'s buffer is in C order, not Fortran order"
            )));
        }
    }
    let dims = shape.filter(|dims| dims.len() != 1);
    // SAFETY: `view` is writable per the caller; the pointers stored into it are either into
    // the view itself (valid as long as it, which CPython keeps in place until release) or
    // into the allocation released by `release_exported_buffer`.
    unsafe {
        let (ndim, shape_ptr, strides_ptr, internal) = match dims {
            // One dimension, no allocation: the item count is kept in `internal` and read
            // through `shape`, and the stride is the item size.
            None => (
                1,
                std::ptr::addr_of_mut!((*view).internal).cast::<isize>(),
                std::ptr::addr_of_mut!((*view).itemsize),
                count as *mut c_void,
            ),
            Some(dims) => {
                if dims.is_empty() {
                    // A scalar: no shape or strides at all.
                    (
                        0,
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                        std::ptr::null_mut(),
                    )
                } else {
                    let n = dims.len();
                    let mut table = vec![0isize; 2 * n].into_boxed_slice();
                    let mut stride = item;
                    for i in (0..n).rev() {
                        table[i] = dims[i] as isize;
                        table[n + i] = stride;
                        stride *= dims[i] as isize;
                    }
                    let table = Box::into_raw(table).cast::<isize>();
                    (n, table, table.add(n), table.cast::<c_void>())
                }
            }
        };
        let wants = |flag: c_int| flags & flag == flag;
        (*view).buf = memory.buf;
        (*view).obj = obj;
        ffi::Py_INCREF(obj);
        (*view).len = count as isize * item;
        (*view).itemsize = item;
        (*view).readonly = c_int::from(memory.readonly);
        (*view).ndim = ndim as c_int;
        (*view).format = if wants(ffi::PyBUF_FORMAT) {
            memory.format.as_ptr().cast_mut()
        } else {
            std::ptr::null_mut()
        };
        (*view).internal = internal;
        (*view).shape = if wants(ffi::PyBUF_ND) {
            shape_ptr
        } else {
            std::ptr::null_mut()
        };
        (*view).strides = if wants(ffi::PyBUF_STRIDES) {
            strides_ptr
        } else {
            std::ptr::null_mut()
        };
        (*view).suboffsets = std::ptr::null_mut();
    }
    Ok(())
}
