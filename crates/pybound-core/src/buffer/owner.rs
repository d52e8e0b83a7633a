//! Ready owners: [`PyBufferOwner`], a Python object that takes a Rust container (`Vec<T>`,
//! `Box<[T]>`, anything that derefs to a slice) and lends its memory through the buffer
//! protocol, so `memoryview(obj)` and `numpy.asarray(obj)` use the container's memory in place.
//!
//! ```
//! use pybound::buffer::PyBufferOwner;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let samples: Vec<f64> = (0..1000).map(f64::from).collect();
//!     let address = samples.as_ptr() as usize;
//!     // No copy: Python sees the vector's own memory.
//!     let owner = PyBufferOwner::new(py, samples).unwrap();
//!     let view = PyMemoryView::from(&owner).unwrap();
//!     assert_eq!(view.getattr("format").unwrap().extract::<String>().unwrap(), "d");
//!     assert_eq!(view.len().unwrap(), 1000);
//!     let buf = pybound::buffer::PyBuffer::<f64>::get(&view).unwrap();
//!     assert_eq!(buf.buf_ptr() as usize, address);
//! });
//! ```
//!
//! Soundness: the container is moved into the object and never handed back, so no Rust code can
//! reach its memory again except through the buffer protocol; a read-only owner refuses
//! writable exports, and a writable one (made by [`PyBufferOwner::new_writable`]) is written
//! only by Python, as a `bytearray` is. Every export holds a strong reference to the object, so
//! the container is dropped only after the last export ends.

use std::any::Any;
use std::ffi::c_void;
use std::os::raw::c_int;

use super::export::{fill_view, Memory};
use super::NativeElement;
use crate::callback::trampoline::trampoline_with;
use crate::class::no_constructor;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Bound, Py};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyType};

crate::types::native_type!(
    /// A Python object (`pybound.RustBuffer`) owning a Rust container and exporting its
    /// memory through the buffer protocol: see the [module docs](self).
    PyBufferOwner, "RustBuffer", Some("pybound"),
    type_object: |py| owner_type(py),
    check: |obj| ffi::Py_TYPE(obj.as_ptr()) == owner_type(obj.py())
);

/// The instance layout.
#[repr(C)]
struct OwnerObject {
    ob_base: ffi::PyObject,
    memory: Memory,
    /// The container, dropped with the object.
    storage: std::mem::ManuallyDrop<Box<dyn Any + Send>>,
}

impl PyBufferOwner {
    /// A read-only owner of `storage` (a `Vec<T>`, `Box<[T]>`, `Arc<[T]>`, …): Python can read
    /// its items in place, never write them.
    pub fn new<'py, T, S>(py: Python<'py>, storage: S) -> PyResult<Bound<'py, PyBufferOwner>>
    where
        T: NativeElement,
        S: AsRef<[T]> + Send + 'static,
    {
        let storage: Box<dyn Any + Send> = Box::new(storage);
        let data = storage
            .downcast_ref::<S>()
            .expect("the box holds an S")
            .as_ref();
        let memory = Memory::of(data);
        new_owner(py, memory, storage)
    }

    /// A writable owner of `storage`: Python may also write its items (`memoryview(obj)[0] =
    /// …`, `numpy.asarray(obj)` is writable), which no Rust code reads afterwards.
    pub fn new_writable<'py, T, S>(
        py: Python<'py>,
        storage: S,
    ) -> PyResult<Bound<'py, PyBufferOwner>>
    where
        T: NativeElement,
        S: AsMut<[T]> + Send + 'static,
    {
        let mut storage: Box<dyn Any + Send> = Box::new(storage);
        let data = storage
            .downcast_mut::<S>()
            .expect("the box holds an S")
            .as_mut();
        let memory = Memory::of_mut(data);
        new_owner(py, memory, storage)
    }
}

impl Bound<'_, PyBufferOwner> {
    /// The number of items.
    pub fn item_count(&self) -> usize {
        self.memory().count
    }

    /// Whether Python may only read the memory (made by [`PyBufferOwner::new`]).
    pub fn is_readonly(&self) -> bool {
        self.memory().readonly
    }

    fn memory(&self) -> Memory {
        // SAFETY: an instance of the owner type has this layout (the type is not subclassable).
        unsafe { (*self.as_ptr().cast::<OwnerObject>()).memory }
    }
}

/// Allocate the object and move the container in. Not generic: compiled once.
fn new_owner<'py>(
    py: Python<'py>,
    memory: Memory,
    storage: Box<dyn Any + Send>,
) -> PyResult<Bound<'py, PyBufferOwner>> {
    let ty = owner_type(py);
    // SAFETY: attached; `PyType_GenericAlloc` returns a new, zeroed instance of the owner type
    // (or NULL with MemoryError set), whose payload is written once before anyone sees it.
    unsafe {
        let obj = Bound::<PyAny>::from_owned_ptr_or_err(py, ffi::PyType_GenericAlloc(ty, 0))?;
        let this = obj.as_ptr().cast::<OwnerObject>();
        std::ptr::addr_of_mut!((*this).memory).write(memory);
        std::ptr::addr_of_mut!((*this).storage).write(std::mem::ManuallyDrop::new(storage));
        Ok(obj.cast_into_unchecked())
    }
}

/// The `pybound.RustBuffer` type, created on first use.
fn owner_type(py: Python<'_>) -> *mut ffi::PyTypeObject {
    static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    TYPE.get_or_init(py, || {
        create_owner_type(py).unwrap_or_else(|e| panic!("cannot create pybound.RustBuffer: {e}"))
    })
    .as_ptr()
    .cast()
}

fn create_owner_type(py: Python<'_>) -> PyResult<Py<PyType>> {
    let slot = |slot: c_int, pfunc: *mut c_void| ffi::PyType_Slot { slot, pfunc };
    let mut slots = [
        // `RustBuffer()` from Python is refused: an owner is made from Rust, with its container.
        slot(ffi::Py_tp_new, no_constructor as *mut c_void),
        slot(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot(ffi::Py_bf_getbuffer, get_buffer as *mut c_void),
        slot(ffi::Py_mp_length, length as *mut c_void),
        slot(
            ffi::Py_tp_doc,
            c"Memory owned by Rust, readable (and, if made writable, writable) through the buffer protocol: memoryview(obj), numpy.asarray(obj).".as_ptr() as *mut c_void,
        ),
        slot(0, std::ptr::null_mut()),
    ];
    let mut spec = ffi::PyType_Spec {
        name: c"pybound.RustBuffer".as_ptr(),
        basicsize: std::mem::size_of::<OwnerObject>() as c_int,
        itemsize: 0,
        flags: ffi::Py_TPFLAGS_DEFAULT as _,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: attached; the spec is valid for the call; returns a new type or NULL.
    unsafe {
        Ok(
            Bound::from_owned_ptr_or_err(py, ffi::PyType_FromSpec(&mut spec))?
                .cast_into_unchecked::<PyType>()
                .unbind(),
        )
    }
}

unsafe extern "C" fn dealloc(obj: *mut ffi::PyObject) {
    // SAFETY: the last reference is gone (exports hold references, so none is alive); the
    // payload was written by `new_owner` and is dropped once.
    unsafe {
        let this = obj.cast::<OwnerObject>();
        std::mem::ManuallyDrop::drop(&mut (*this).storage);
        crate::class::free_instance(obj);
    }
}

unsafe extern "C" fn get_buffer(
    obj: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: called by CPython with an instance of the owner type and a view to fill; the
    // container's memory lives as long as the object, which the view holds.
    unsafe {
        trampoline_with(|_py| {
            let memory = (*obj.cast::<OwnerObject>()).memory;
            fill_view(view, obj, flags, memory, None, "RustBuffer")?;
            Ok(0)
        })
    }
}

unsafe extern "C" fn length(obj: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    // SAFETY: an instance of the owner type.
    unsafe { (*obj.cast::<OwnerObject>()).memory.count as ffi::Py_ssize_t }
}
