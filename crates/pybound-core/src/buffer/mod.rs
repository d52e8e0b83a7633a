//! The buffer protocol, from Rust: read and write the memory of `bytes`, `bytearray`,
//! `memoryview`, `array.array`, `mmap`, numpy arrays — any object that exports a buffer —
//! without copying it into Python objects.
//!
//! [`PyBuffer<T>`] holds an export of an object's memory, typed as items of `T` (its format
//! and item size checked against `T` once, when it is made); [`PyUntypedBuffer`] holds one of
//! any format. While either is alive the exporter keeps the memory where it is: a `bytearray`
//! refuses to resize, an `mmap` to close.
//!
//! ```
//! use pybound::buffer::PyBuffer;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let array = py.import("array").unwrap().getattr("array").unwrap();
//!     let doubles = array.call1(("d", vec![1.0, 2.0, 3.5])).unwrap();
//!     let buf = PyBuffer::<f64>::get(&doubles).unwrap();
//!     assert_eq!(buf.shape(), [3]);
//!     assert_eq!(buf.to_vec(py).unwrap(), [1.0, 2.0, 3.5]);
//!     // Write through the buffer: the array sees the change.
//!     buf.copy_from_slice(py, &[0.5, 0.25, 0.125]).unwrap();
//!     assert_eq!(doubles.get_item(2).unwrap().extract::<f64>().unwrap(), 0.125);
//! });
//! ```
//!
//! # When a plain `&[T]` is sound, and what to do otherwise
//!
//! A buffer's memory belongs to Python, and others may write to it at any time: a `bytearray`
//! is writable by anyone who holds it, a read-only `memoryview` may look at a `bytearray`
//! someone else writes, a numpy array may share its memory with a dozen views — and a thread
//! that has released the interpreter lock (numpy does, for large operations; so does any
//! extension, and every thread of a free-threaded Python) may write it *while* Rust reads. A
//! Rust `&[T]` promises that nothing changes the memory while it lives, and even a
//! `Cell`-by-`Cell` read is a data race against such a thread. So:
//!
//! - the copies ([`to_vec`](PyBuffer::to_vec), [`copy_to_slice`](PyBuffer::copy_to_slice),
//!   [`copy_from_slice`](PyBuffer::copy_from_slice)) are made by CPython's own routines and are
//!   always safe to call;
//! - PyO3's cell accessors ([`as_slice`](PyBuffer::as_slice), …) exist for ported code but are
//!   deprecated, as in PyO3, for that race; [`as_slice_ptr`](PyBuffer::as_slice_ptr) gives
//!   the memory as a pointer, for code that can argue no one writes it;
//! - [`PyBuffer::as_immutable_slice`] gives a plain `&[T]` when the exporter is a `bytes`
//!   object, a read-only [`PyBufferOwner`] or a `memoryview` of one of those: `bytes` is
//!   immutable (no Python operation changes its contents), no Rust code can reach an owner's
//!   container after handing it over, and the memory lives as long as the exporter, which the
//!   buffer keeps alive, so nothing can change what the slice shows. Such a slice may be used
//!   with the interpreter released.
//!
//! The cells of the deprecated accessors are still not `Send` and borrow the `Python` token,
//! so pybound's own code cannot use them after detaching; what they cannot rule out is a
//! writer outside Rust.
//!
//! Python's own rule for exporters, that the memory stays valid and in place while an export
//! is alive, is what makes the pointers valid at all: the export is released when the
//! `PyBuffer` is dropped (or [`release`](PyBuffer::release)d), never earlier.

mod element;
mod export;
mod owner;

use std::cell::{Cell, UnsafeCell};
use std::ffi::{c_void, CStr};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::os::raw::c_char;
use std::pin::Pin;
use std::ptr::NonNull;

pub use element::{Element, ElementType};
#[doc(hidden)]
pub use export::{export_buffer, release_exported_buffer};
pub use export::{ExportBuffer, NativeElement};
pub use owner::PyBufferOwner;

use crate::conversion::FromPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyBufferError;
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::PyAny;

/// An export of an object's memory through the buffer protocol, of any item format.
///
/// Made by [`PyUntypedBuffer::get`]; [`into_typed`](Self::into_typed) /
/// [`as_typed`](Self::as_typed) check the format against a Rust type for
/// [`PyBuffer<T>`]'s typed access. The export is released when this is dropped.
pub struct PyUntypedBuffer(Pin<Box<ffi::Py_buffer>>);

// SAFETY: the `Py_buffer` describes memory whose layout (pointer, shape, strides) cannot change
// while the export lives; every access to the memory itself takes the `Python` token or is
// `unsafe`. Releasing attaches first (see `Drop`).
unsafe impl Send for PyUntypedBuffer {}
// SAFETY: as above; `&self` methods read only the immutable description.
unsafe impl Sync for PyUntypedBuffer {}

/// An export of an object's memory through the buffer protocol, with items of type `T`.
///
/// [`get`](Self::get) checks that the buffer's format and item size are `T`'s; the
/// format-independent accessors ([`shape`](PyUntypedBuffer::shape),
/// [`readonly`](PyUntypedBuffer::readonly), …) come from [`PyUntypedBuffer`] through `Deref`.
/// Also a function parameter type: `fn total(values: PyBuffer<f64>)` takes any object
/// exporting doubles. See the [module docs](self) for what can be read how.
#[repr(transparent)]
pub struct PyBuffer<T>(PyUntypedBuffer, PhantomData<[T]>);

// The flags of every export we ask for: strides and suboffsets allowed (so any layout is
// accepted), the format filled in, read-only accepted (writes check `readonly` themselves).
const FLAGS: std::os::raw::c_int = ffi::PyBUF_FULL_RO;

impl PyUntypedBuffer {
    /// Ask `obj` for a buffer. `TypeError` if it does not export one (CPython's message:
    /// "a bytes-like object is required, not 'int'"); the exporter's own error otherwise.
    pub fn get(obj: &Bound<'_, PyAny>) -> PyResult<PyUntypedBuffer> {
        let mut view = Box::pin(ffi::Py_buffer::new());
        // SAFETY: attached (we hold a `Bound`); `view` is a valid, pinned `Py_buffer` that the
        // exporter fills; on failure it is left unexported and the error is set.
        let status = unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *view.as_mut(), FLAGS) };
        if status == -1 {
            return Err(PyErr::fetch(obj.py()));
        }
        let buffer = PyUntypedBuffer(view);
        // With `PyBUF_ND | PyBUF_STRIDES` asked for, the exporter must describe every
        // dimension; refuse one that does not rather than index through NULL later.
        if buffer.0.ndim > 0 && (buffer.0.shape.is_null() || buffer.0.strides.is_null()) {
            return Err(PyBufferError::new_err(
                "the exporter gave no shape or strides for a buffer with dimensions",
            ));
        }
        if buffer.0.itemsize <= 0 {
            return Err(PyBufferError::new_err(
                "the exporter gave a buffer with an item size of zero",
            ));
        }
        Ok(buffer)
    }

    /// This buffer as a [`PyBuffer<T>`], if its items are `T`s; `BufferError` (saying what
    /// the format is) if not.
    pub fn into_typed<T: Element>(self) -> PyResult<PyBuffer<T>> {
        self.check_items::<T>()?;
        Ok(PyBuffer(self, PhantomData))
    }

    /// A [`PyBuffer<T>`] view of this buffer, if its items are `T`s (see
    /// [`into_typed`](Self::into_typed)).
    pub fn as_typed<T: Element>(&self) -> PyResult<&PyBuffer<T>> {
        self.check_items::<T>()?;
        // SAFETY: `PyBuffer<T>` is a transparent wrapper of `PyUntypedBuffer`.
        Ok(unsafe { &*(self as *const PyUntypedBuffer).cast::<PyBuffer<T>>() })
    }

    fn check_items<T: Element>(&self) -> PyResult<()> {
        let format = self.format();
        if self.item_size() == std::mem::size_of::<T>() && T::is_compatible_format(format) {
            return Ok(());
        }
        Err(PyBufferError::new_err(format!(
            "buffer contents are not compatible with {}: its items have format '{}' ({} byte{} each)",
            std::any::type_name::<T>(),
            format.to_string_lossy(),
            self.item_size(),
            if self.item_size() == 1 { "" } else { "s" },
        )))
    }

    /// Release the export now (dropping does the same; this one needs no attach).
    pub fn release(self, _py: Python<'_>) {
        let mut this = std::mem::ManuallyDrop::new(self);
        // SAFETY: attached; the view was exported by `get` and is released exactly once (the
        // `Drop` that would release it again does not run).
        unsafe {
            ffi::PyBuffer_Release(&mut *this.0.as_mut());
            std::ptr::drop_in_place(&mut this.0);
        }
    }

    /// The object that exported the buffer (for a `memoryview`, the view itself).
    pub fn obj<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyAny>> {
        // SAFETY: attached; `obj` is a strong reference the export holds, or NULL for
        // exports of raw memory.
        unsafe { Bound::from_borrowed_ptr_or_opt(py, self.0.obj) }
    }

    /// The start of the memory. Reading or writing through it is `unsafe`: other code may
    /// write to it, and it is valid only while this buffer lives.
    pub fn buf_ptr(&self) -> *mut c_void {
        self.0.buf
    }

    /// The address of the item at `indices` (one per dimension; fewer give the start of a
    /// sub-array). Panics if an index is out of range or there are too many.
    pub fn get_ptr(&self, indices: &[usize]) -> *mut c_void {
        let shape = self.shape();
        let strides = self.strides();
        assert!(
            indices.len() <= shape.len(),
            "{} indices for a buffer of {} dimensions",
            indices.len(),
            shape.len()
        );
        let suboffsets = self.suboffsets();
        let mut pointer = self.0.buf.cast::<u8>();
        for (dim, &index) in indices.iter().enumerate() {
            assert!(
                index < shape[dim],
                "index {index} out of range for dimension {dim} of length {}",
                shape[dim]
            );
            // Within the exported memory by the exporter's description (checked index).
            pointer = pointer.wrapping_offset(index as isize * strides[dim]);
            if let Some(suboffset) = suboffsets.map(|s| s[dim]).filter(|&s| s >= 0) {
                // SAFETY: a PIL-style buffer: the item there is a pointer to the sub-array.
                pointer = unsafe { (*pointer.cast::<*mut u8>()).wrapping_offset(suboffset) };
            }
        }
        pointer.cast()
    }

    /// Whether the memory may not be written through this export.
    pub fn readonly(&self) -> bool {
        self.0.readonly != 0
    }

    /// The size of one item in bytes.
    pub fn item_size(&self) -> usize {
        self.0.itemsize as usize
    }

    /// The number of items (the product of the shape).
    pub fn item_count(&self) -> usize {
        self.len_bytes() / self.item_size()
    }

    /// The size of the data in bytes (`item_size() * item_count()`): for a contiguous buffer
    /// the length of its memory, otherwise the size a contiguous copy would have.
    pub fn len_bytes(&self) -> usize {
        self.0.len as usize
    }

    /// The number of dimensions (0 for a single value).
    pub fn dimensions(&self) -> usize {
        self.0.ndim as usize
    }

    /// The length of each dimension.
    pub fn shape(&self) -> &[usize] {
        // SAFETY: `get` checked that a buffer with dimensions has a shape of `ndim` entries,
        // which are non-negative and live as long as the export.
        unsafe { dimension_slice(self.0.shape.cast::<usize>(), self.dimensions()) }
    }

    /// The step in bytes between items of each dimension (negative steps go backwards).
    pub fn strides(&self) -> &[isize] {
        // SAFETY: as for `shape`.
        unsafe { dimension_slice(self.0.strides, self.dimensions()) }
    }

    /// For PIL-style buffers (arrays of pointers to sub-arrays), the offset added after
    /// following each dimension's pointer (negative: no pointer to follow there).
    pub fn suboffsets(&self) -> Option<&[isize]> {
        if self.0.suboffsets.is_null() {
            return None;
        }
        // SAFETY: a non-NULL suboffsets array has `ndim` entries, valid while the export is.
        Some(unsafe { dimension_slice(self.0.suboffsets, self.dimensions()) })
    }

    /// The `struct`-module format of one item (`"B"` when the exporter gives none).
    pub fn format(&self) -> &CStr {
        if self.0.format.is_null() {
            return c"B";
        }
        // SAFETY: a NUL-terminated string the exporter keeps while the export lives.
        unsafe { CStr::from_ptr(self.0.format) }
    }

    /// Whether the items lie in C (row-major) order without gaps.
    pub fn is_c_contiguous(&self) -> bool {
        self.is_contiguous(b'C')
    }

    /// Whether the items lie in Fortran (column-major) order without gaps.
    pub fn is_fortran_contiguous(&self) -> bool {
        self.is_contiguous(b'F')
    }

    fn is_contiguous(&self, order: u8) -> bool {
        // SAFETY: reads the description only; cannot fail.
        unsafe { ffi::PyBuffer_IsContiguous(self.view_ptr(), order as c_char) != 0 }
    }

    /// The raw description, for C-API calls this type does not wrap.
    pub fn as_raw(&self) -> &ffi::Py_buffer {
        &self.0
    }

    /// The description as the pointer C-API calls take (`*mut` on older interpreters even
    /// where nothing is written to it; it coerces to `*const` where that is declared).
    fn view_ptr(&self) -> *mut ffi::Py_buffer {
        (&*self.0 as *const ffi::Py_buffer).cast_mut()
    }
}

/// `len` entries at `ptr`, or none when there are no dimensions (then `ptr` may be NULL).
///
/// # Safety
/// With `len > 0`, `ptr` must point to `len` values that outlive the result.
unsafe fn dimension_slice<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    if len == 0 {
        return &[];
    }
    // SAFETY: forwarded from the caller.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

impl Drop for PyUntypedBuffer {
    fn drop(&mut self) {
        // SAFETY: the view was exported by `get` and is released exactly once, attached.
        Python::attach(|_| unsafe { ffi::PyBuffer_Release(&mut *self.0.as_mut()) });
    }
}

impl fmt::Debug for PyUntypedBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PyUntypedBuffer")
            .field("buf", &self.0.buf)
            .field("len", &self.0.len)
            .field("itemsize", &self.0.itemsize)
            .field("readonly", &self.readonly())
            .field("format", &self.format())
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("suboffsets", &self.suboffsets())
            .finish()
    }
}

impl<T> fmt::Debug for PyBuffer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PyBuffer").field(&self.0).finish()
    }
}

impl<T> Deref for PyBuffer<T> {
    type Target = PyUntypedBuffer;
    fn deref(&self) -> &PyUntypedBuffer {
        &self.0
    }
}

/// The order a copy reads or writes items in.
#[derive(Clone, Copy)]
enum Order {
    C,
    Fortran,
}

impl Order {
    fn code(self) -> c_char {
        match self {
            Order::C => b'C' as c_char,
            Order::Fortran => b'F' as c_char,
        }
    }
}

impl<T: Element> PyBuffer<T> {
    /// Ask `obj` for a buffer of `T` items: `TypeError` if it exports none, `BufferError` if
    /// its items are not `T`s (a different format or item size).
    ///
    /// ```
    /// use pybound::buffer::PyBuffer;
    /// use pybound::prelude::*;
    ///
    /// Python::attach(|py| {
    ///     let data = PyBytes::new(py, b"abc");
    ///     assert_eq!(PyBuffer::<u8>::get(&data).unwrap().item_count(), 3);
    ///     let err = PyBuffer::<f64>::get(&data).unwrap_err();
    ///     assert!(err.to_string().starts_with("BufferError: buffer contents are not compatible with f64"));
    /// });
    /// ```
    pub fn get(obj: &Bound<'_, PyAny>) -> PyResult<PyBuffer<T>> {
        PyUntypedBuffer::get(obj)?.into_typed()
    }

    /// The format-independent view of this buffer.
    pub fn as_untyped(&self) -> &PyUntypedBuffer {
        &self.0
    }

    /// The items, if they lie in C order without gaps, as cells (PyO3's API; deprecated as
    /// there, see the [module docs](self)).
    #[deprecated(
        since = "0.1.0",
        note = "reading through cells races with threads that write the buffer without the interpreter lock (numpy, other extensions, free-threaded Python), as in PyO3: copy with `to_vec` / `copy_to_slice`, use `as_immutable_slice` for memory nothing can change, or `as_slice_ptr` (reading is then `unsafe`)"
    )]
    pub fn as_slice<'a>(&'a self, _py: Python<'a>) -> Option<&'a [ReadOnlyCell<T>]> {
        self.cells(Order::C)
    }

    /// The items for writing, if the buffer is writable and C-contiguous.
    #[deprecated(
        since = "0.1.0",
        note = "reading through cells races with threads that write the buffer without the interpreter lock (numpy, other extensions, free-threaded Python), as in PyO3: copy with `to_vec` / `copy_to_slice`, use `as_immutable_slice` for memory nothing can change, or `as_slice_ptr` (reading is then `unsafe`)"
    )]
    pub fn as_mut_slice<'a>(&'a self, _py: Python<'a>) -> Option<&'a [Cell<T>]> {
        self.writable_cells(Order::C)
    }

    /// The items, if they lie in Fortran order without gaps.
    #[deprecated(
        since = "0.1.0",
        note = "reading through cells races with threads that write the buffer without the interpreter lock (numpy, other extensions, free-threaded Python), as in PyO3: copy with `to_vec` / `copy_to_slice`, use `as_immutable_slice` for memory nothing can change, or `as_slice_ptr` (reading is then `unsafe`)"
    )]
    pub fn as_fortran_slice<'a>(&'a self, _py: Python<'a>) -> Option<&'a [ReadOnlyCell<T>]> {
        self.cells(Order::Fortran)
    }

    /// The items for writing, if the buffer is writable and Fortran-contiguous.
    #[deprecated(
        since = "0.1.0",
        note = "reading through cells races with threads that write the buffer without the interpreter lock (numpy, other extensions, free-threaded Python), as in PyO3: copy with `to_vec` / `copy_to_slice`, use `as_immutable_slice` for memory nothing can change, or `as_slice_ptr` (reading is then `unsafe`)"
    )]
    pub fn as_fortran_mut_slice<'a>(&'a self, _py: Python<'a>) -> Option<&'a [Cell<T>]> {
        self.writable_cells(Order::Fortran)
    }

    /// A pointer to the items, if they lie in C order without gaps (PyO3's replacement for
    /// `as_slice`). Valid while `self` lives; reading through it is sound only while no one
    /// writes the memory (see the [module docs](self)).
    pub fn as_slice_ptr(&self) -> Option<NonNull<[T]>> {
        self.slice_ptr(Order::C, false)
    }

    /// As [`as_slice_ptr`](Self::as_slice_ptr), for writing: `None` if the buffer is read-only.
    pub fn as_mut_slice_ptr(&self) -> Option<NonNull<[T]>> {
        self.slice_ptr(Order::C, true)
    }

    /// A pointer to the items, if they lie in Fortran order without gaps.
    pub fn as_fortran_slice_ptr(&self) -> Option<NonNull<[T]>> {
        self.slice_ptr(Order::Fortran, false)
    }

    /// As [`as_fortran_slice_ptr`](Self::as_fortran_slice_ptr), for writing.
    pub fn as_fortran_mut_slice_ptr(&self) -> Option<NonNull<[T]>> {
        self.slice_ptr(Order::Fortran, true)
    }

    fn slice_ptr(&self, order: Order, writable: bool) -> Option<NonNull<[T]>> {
        if (writable && self.readonly()) || !self.is_contiguous(order.code() as u8) {
            return None;
        }
        let data = NonNull::new(self.0 .0.buf.cast::<T>()).unwrap_or(NonNull::dangling());
        Some(NonNull::slice_from_raw_parts(data, self.item_count()))
    }

    /// The items as a plain slice, when nothing can change them: the exporter is a `bytes`
    /// object, a read-only [`PyBufferOwner`](crate::buffer::PyBufferOwner), or a `memoryview`
    /// of one of those (see the [module docs](self)); `None` for any other exporter, and for
    /// memory that is not C-contiguous.
    ///
    /// ```
    /// use pybound::buffer::PyBuffer;
    /// use pybound::prelude::*;
    ///
    /// Python::attach(|py| {
    ///     let data = PyBytes::new(py, b"hello");
    ///     let buf = PyBuffer::<u8>::get(&data).unwrap();
    ///     assert_eq!(buf.as_immutable_slice(py), Some(&b"hello"[..]));
    ///     let mutable = PyByteArray::new(py, b"hello");
    ///     assert!(PyBuffer::<u8>::get(&mutable).unwrap().as_immutable_slice(py).is_none());
    /// });
    /// ```
    pub fn as_immutable_slice(&self, py: Python<'_>) -> Option<&[T]> {
        let exporter = self.obj(py)?;
        if !immutable_exporter(exporter) || !self.is_c_contiguous() {
            return None;
        }
        // SAFETY: the exporter's memory never changes (checked above) and lives as long as the
        // exporter, which the export keeps alive for the slice's lifetime; the items were
        // checked to be `T`s, and `Element` types accept any bit pattern. The alignment is
        // checked rather than assumed.
        let ptr = self.0 .0.buf.cast::<T>();
        if ptr.align_offset(std::mem::align_of::<T>()) != 0 {
            return None;
        }
        Some(unsafe { std::slice::from_raw_parts(ptr, self.item_count()) })
    }

    fn cells<C>(&self, order: Order) -> Option<&[C]> {
        if !self.is_contiguous(order.code() as u8) {
            return None;
        }
        // SAFETY: contiguous memory of `item_count` items of `T`, valid while `self` is;
        // `C` is `ReadOnlyCell<T>` or `Cell<T>`, both transparent over `T`, whose interior
        // mutability tells the compiler the memory may change behind the reference.
        Some(unsafe { std::slice::from_raw_parts(self.0 .0.buf.cast::<C>(), self.item_count()) })
    }

    fn writable_cells(&self, order: Order) -> Option<&[Cell<T>]> {
        if self.readonly() {
            return None;
        }
        self.cells(order)
    }

    /// Copy the items, in C order, into `target` (which must hold exactly `item_count()`).
    pub fn copy_to_slice(&self, py: Python<'_>, target: &mut [T]) -> PyResult<()> {
        self.copy_out(py, target, Order::C)
    }

    /// Copy the items, in Fortran order, into `target`.
    pub fn copy_to_fortran_slice(&self, py: Python<'_>, target: &mut [T]) -> PyResult<()> {
        self.copy_out(py, target, Order::Fortran)
    }

    /// The items, in C order, as a new `Vec`.
    pub fn to_vec(&self, py: Python<'_>) -> PyResult<Vec<T>> {
        self.collect(py, Order::C)
    }

    /// The items, in Fortran order, as a new `Vec`.
    pub fn to_fortran_vec(&self, py: Python<'_>) -> PyResult<Vec<T>> {
        self.collect(py, Order::Fortran)
    }

    /// Overwrite the items, in C order, with `source` (exactly `item_count()` values).
    /// `BufferError` if the buffer is read-only.
    pub fn copy_from_slice(&self, py: Python<'_>, source: &[T]) -> PyResult<()> {
        self.copy_in(py, source, Order::C)
    }

    /// Overwrite the items, in Fortran order, with `source`.
    pub fn copy_from_fortran_slice(&self, py: Python<'_>, source: &[T]) -> PyResult<()> {
        self.copy_in(py, source, Order::Fortran)
    }

    /// Release the export now (see [`PyUntypedBuffer::release`]).
    pub fn release(self, py: Python<'_>) {
        self.0.release(py)
    }

    fn check_length(&self, len: usize, what: &str) -> PyResult<()> {
        if len == self.item_count() {
            return Ok(());
        }
        Err(PyBufferError::new_err(format!(
            "slice to copy {what} (of length {len}) does not match buffer length of {}",
            self.item_count()
        )))
    }

    fn copy_out(&self, py: Python<'_>, target: &mut [T], order: Order) -> PyResult<()> {
        self.check_length(target.len(), "to")?;
        // SAFETY: `target` has room for exactly `len_bytes` bytes (checked length times the
        // item size `T` was checked to have); the view is valid while `self` is.
        let status = unsafe {
            ffi::PyBuffer_ToContiguous(
                target.as_mut_ptr().cast(),
                self.0.view_ptr(),
                self.0 .0.len,
                order.code(),
            )
        };
        if status == -1 {
            return Err(PyErr::fetch(py));
        }
        Ok(())
    }

    fn collect(&self, py: Python<'_>, order: Order) -> PyResult<Vec<T>> {
        let count = self.item_count();
        let mut items = Vec::<T>::with_capacity(count);
        // SAFETY: the vector has room for `count` items, `len_bytes` bytes; after a successful
        // copy all of them are initialised (any bit pattern is a `T`).
        unsafe {
            let status = ffi::PyBuffer_ToContiguous(
                items.as_mut_ptr().cast(),
                self.0.view_ptr(),
                self.0 .0.len,
                order.code(),
            );
            if status == -1 {
                return Err(PyErr::fetch(py));
            }
            items.set_len(count);
        }
        Ok(items)
    }

    fn copy_in(&self, py: Python<'_>, source: &[T], order: Order) -> PyResult<()> {
        if self.readonly() {
            return Err(PyBufferError::new_err("cannot write to a read-only buffer"));
        }
        self.check_length(source.len(), "from")?;
        // SAFETY: `source` holds exactly `len_bytes` bytes; the view is writable and valid.
        let status = unsafe {
            ffi::PyBuffer_FromContiguous(
                self.0.view_ptr(),
                source.as_ptr().cast_mut().cast(),
                self.0 .0.len,
                order.code(),
            )
        };
        if status == -1 {
            return Err(PyErr::fetch(py));
        }
        Ok(())
    }
}

/// Whether `exporter`'s memory can never change: an exact `bytes`, a read-only
/// `pybound.RustBuffer`, or a `memoryview` whose underlying object is one of those.
fn immutable_exporter(exporter: Bound<'_, PyAny>) -> bool {
    let mut current = exporter;
    // A memoryview of a memoryview records the original exporter, so one step down suffices;
    // the bound only guards against unusual exporters.
    for _ in 0..4 {
        // SAFETY: exact-type checks only read the type pointer.
        if unsafe { ffi::PyBytes_CheckExact(current.as_ptr()) } != 0 {
            return true;
        }
        if let Ok(owner) = current.cast::<PyBufferOwner>() {
            return owner.is_readonly();
        }
        // SAFETY: as above.
        if unsafe { ffi::PyMemoryView_Check(current.as_ptr()) } == 0 {
            return false;
        }
        match current.getattr(crate::intern!(current.py(), "obj")) {
            Ok(base) if !base.is_none() => current = base,
            _ => return false,
        }
    }
    false
}

impl<'a, 'py, T: Element> FromPyObject<'a, 'py> for PyBuffer<T> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        PyBuffer::get(&obj)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for PyUntypedBuffer {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        PyUntypedBuffer::get(&obj)
    }
}

/// Like [`Cell`], but only for reading: an item of a buffer that other code may change, read
/// by a copy.
#[repr(transparent)]
pub struct ReadOnlyCell<T: Element>(UnsafeCell<T>);

impl<T: Element> ReadOnlyCell<T> {
    /// The value now.
    #[inline]
    pub fn get(&self) -> T {
        // SAFETY: the cell is an item of a live buffer (or a value); a plain read, which other
        // writers on this thread cannot interleave with.
        unsafe { *self.0.get() }
    }

    /// A pointer to the item.
    #[inline]
    pub fn as_ptr(&self) -> *const T {
        self.0.get()
    }
}

impl<T: Element + fmt::Debug> fmt::Debug for ReadOnlyCell<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}
