//! `#[pyclass(freelist = N)]`: keep up to N freed instances' memory for reuse, skipping the
//! allocator on the hot create/destroy path (as CPython does for floats and tuples).

use std::cell::UnsafeCell;
use std::ffi::c_void;

use crate::class::PyClass;
use crate::ffi;

/// The memory blocks of freed instances of one class.
pub struct FreeList {
    capacity: usize,
    blocks: UnsafeCell<Vec<usize>>,
}

// SAFETY: only touched from tp_alloc / tp_free, which CPython calls with the interpreter lock
// held, so accesses never overlap. Free-threaded builds have no such lock, and keep no blocks
// (`pop` / `push` below do nothing there).
unsafe impl Sync for FreeList {}

impl FreeList {
    /// A list keeping at most `capacity` blocks.
    pub const fn new(capacity: usize) -> Self {
        FreeList {
            capacity,
            blocks: UnsafeCell::new(Vec::new()),
        }
    }

    /// # Safety
    /// Call with the interpreter lock held.
    unsafe fn pop(&self) -> Option<*mut ffi::PyObject> {
        // Free-threaded CPython allocates objects from per-thread heaps and keeps per-object
        // thread state: a block freed on one thread is not ours to hand to another. No reuse.
        if cfg!(Py_GIL_DISABLED) {
            return None;
        }
        // SAFETY: exclusive under the lock.
        unsafe { (*self.blocks.get()).pop().map(|p| p as *mut ffi::PyObject) }
    }

    /// # Safety
    /// As `pop`.
    unsafe fn push(&self, block: *mut ffi::PyObject) -> bool {
        if cfg!(Py_GIL_DISABLED) {
            return false;
        }
        // SAFETY: exclusive under the lock.
        let blocks = unsafe { &mut *self.blocks.get() };
        if blocks.len() < self.capacity {
            blocks.push(block as usize);
            true
        } else {
            false
        }
    }
}

/// `tp_alloc` of a class with a free list: reuse a block for the class itself (subclasses have
/// other sizes and use the generic allocator). Reached through `PerClass::free_list_alloc`,
/// its one caller, and inlined there (see `PerClass`).
#[inline]
pub(crate) unsafe fn alloc<T: PyClass>(
    subtype: *mut ffi::PyTypeObject,
    nitems: ffi::Py_ssize_t,
) -> *mut ffi::PyObject {
    // SAFETY: called by CPython with the lock held.
    unsafe {
        let py = crate::Python::assume_attached();
        if Some(subtype) == T::lazy_type_object().get_ptr(py) {
            if let Some(list) = T::free_list() {
                if let Some(block) = list.pop() {
                    // The exact type's instances are this size (its `tp_basicsize`).
                    let size = std::mem::size_of::<crate::class::PyClassObject<T>>();
                    std::ptr::write_bytes(block.cast::<u8>(), 0, size);
                    // Sets the type (taking a reference to the heap type) and the refcount.
                    ffi::PyObject_Init(block, subtype);
                    return block;
                }
            }
        }
        ffi::PyType_GenericAlloc(subtype, nitems)
    }
}

/// `tp_free` of a class with a free list (through `PerClass::free_list_free`).
#[inline]
pub(crate) unsafe fn free<T: PyClass>(block: *mut c_void) {
    // SAFETY: called during deallocation with the lock held; the object's type is still set.
    unsafe {
        let py = crate::Python::assume_attached();
        let obj = block.cast::<ffi::PyObject>();
        if Some(ffi::Py_TYPE(obj)) == T::lazy_type_object().get_ptr(py) {
            if let Some(list) = T::free_list() {
                if list.push(obj) {
                    return;
                }
            }
        }
        ffi::PyObject_Free(block);
    }
}
