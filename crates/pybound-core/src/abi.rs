//! Reads and writes of object internals, each with its stable-ABI form.
//!
//! The full C API lets an extension read a tuple's item array, a list's size field or a float's
//! value directly (CPython's own macros do); the stable ABI (`abi3` builds, `Py_LIMITED_API`)
//! hides those layouts, so the same operation is a checked function call there. Every such
//! access in pybound goes through this module, so the choice is made once, at compile time, and
//! the rest of the crate reads the same either way.
//!
//! What the limited forms cost is measured in bench/README.md (the `abi3` column).

use crate::ffi;

/// The number of items of a tuple.
///
/// # Safety
/// Attached; `tuple` is a live tuple.
#[inline(always)]
pub(crate) unsafe fn tuple_size(tuple: *mut ffi::PyObject) -> usize {
    // SAFETY: per the caller.
    unsafe {
        #[cfg(not(Py_LIMITED_API))]
        {
            ffi::PyTuple_GET_SIZE(tuple) as usize
        }
        #[cfg(Py_LIMITED_API)]
        {
            ffi::PyTuple_Size(tuple) as usize
        }
    }
}

/// Item `index` of a tuple, borrowed (tuples are immutable: it lives as long as the tuple).
///
/// # Safety
/// Attached; `tuple` is a live tuple and `index` below its size.
#[inline(always)]
pub(crate) unsafe fn tuple_item(tuple: *mut ffi::PyObject, index: usize) -> *mut ffi::PyObject {
    // SAFETY: per the caller (in bounds, so the limited form cannot fail).
    unsafe {
        #[cfg(not(Py_LIMITED_API))]
        {
            ffi::PyTuple_GET_ITEM(tuple, index as ffi::Py_ssize_t)
        }
        #[cfg(Py_LIMITED_API)]
        {
            ffi::PyTuple_GetItem(tuple, index as ffi::Py_ssize_t)
        }
    }
}

/// The current number of items of a list.
///
/// # Safety
/// Attached; `list` is a live list.
#[inline(always)]
pub(crate) unsafe fn list_size(list: *mut ffi::PyObject) -> usize {
    // SAFETY: per the caller.
    unsafe {
        #[cfg(not(any(Py_LIMITED_API, Py_GIL_DISABLED)))]
        {
            ffi::PyList_GET_SIZE(list) as usize
        }
        // Free-threaded: PyList_Size reads the size atomically.
        #[cfg(any(Py_LIMITED_API, Py_GIL_DISABLED))]
        {
            ffi::PyList_Size(list) as usize
        }
    }
}

/// Item `index` of a list, borrowed: valid only until the list next changes, so the caller
/// increfs it before running any Python code. (Full API with the GIL only: the stable ABI's
/// `PyList_GetItem` checks the bounds itself, and free-threaded builds use
/// `PyList_GetItemRef`; see `types::list::list_item`.)
///
/// # Safety
/// Attached; `list` is a live list and `index` below its size.
#[cfg(not(any(Py_GIL_DISABLED, Py_LIMITED_API)))]
#[inline(always)]
pub(crate) unsafe fn list_item(list: *mut ffi::PyObject, index: usize) -> *mut ffi::PyObject {
    // SAFETY: per the caller.
    unsafe { ffi::PyList_GET_ITEM(list, index as ffi::Py_ssize_t) }
}

/// The value of a float (or subclass).
///
/// # Safety
/// Attached; `float` is a live float.
#[inline(always)]
pub(crate) unsafe fn float_value(float: *mut ffi::PyObject) -> f64 {
    // SAFETY: per the caller (a float: the limited form cannot fail).
    unsafe {
        #[cfg(not(Py_LIMITED_API))]
        {
            ffi::PyFloat_AS_DOUBLE(float)
        }
        #[cfg(Py_LIMITED_API)]
        {
            ffi::PyFloat_AsDouble(float)
        }
    }
}

/// The number of items of a dict.
///
/// # Safety
/// Attached; `dict` is a live dict.
#[inline(always)]
pub(crate) unsafe fn dict_len(dict: *mut ffi::PyObject) -> usize {
    // SAFETY: per the caller.
    unsafe {
        #[cfg(not(any(Py_LIMITED_API, Py_GIL_DISABLED)))]
        {
            (*dict.cast::<ffi::PyDictObject>()).ma_used as usize
        }
        // Free-threaded: another thread may be writing the field; PyDict_Size reads it
        // atomically.
        #[cfg(any(Py_LIMITED_API, Py_GIL_DISABLED))]
        {
            ffi::PyDict_Size(dict) as usize
        }
    }
}

/// `callable()`, no arguments: a new reference, or NULL with an exception set.
///
/// # Safety
/// Attached; `callable` is a live object.
#[inline(always)]
pub(crate) unsafe fn call_no_args(callable: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: per the caller.
    unsafe {
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        {
            ffi::PyObject_CallNoArgs(callable)
        }
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        {
            ffi::PyObject_CallObject(callable, std::ptr::null_mut())
        }
    }
}

/// The empty slots of a list or tuple just created with `PyList_New(n)` / `PyTuple_New(n)`,
/// to be filled once each, in any order.
pub(crate) struct NewSlots {
    #[cfg(not(Py_LIMITED_API))]
    slots: *mut *mut ffi::PyObject,
    #[cfg(Py_LIMITED_API)]
    container: *mut ffi::PyObject,
    #[cfg(Py_LIMITED_API)]
    tuple: bool,
}

impl NewSlots {
    /// The slots of `container`, a new list (`tuple == false`) or tuple whose slots are all
    /// still NULL.
    ///
    /// # Safety
    /// As described; `container` outlives the returned value's use.
    #[inline(always)]
    pub(crate) unsafe fn new(container: *mut ffi::PyObject, tuple: bool) -> NewSlots {
        #[cfg(not(Py_LIMITED_API))]
        // SAFETY: per the caller; these arrays are what `PyList_SET_ITEM` / `PyTuple_SET_ITEM`
        // write to.
        unsafe {
            let slots = if tuple {
                (*container.cast::<ffi::PyTupleObject>())
                    .ob_item
                    .as_mut_ptr()
            } else {
                (*container.cast::<ffi::PyListObject>()).ob_item
            };
            NewSlots { slots }
        }
        #[cfg(Py_LIMITED_API)]
        NewSlots { container, tuple }
    }

    /// Put `item` (a strong reference, which the container takes) in slot `index`.
    ///
    /// # Safety
    /// Attached; `index` is below the container's size and its slot still empty.
    #[inline(always)]
    pub(crate) unsafe fn set(&self, index: usize, item: *mut ffi::PyObject) {
        #[cfg(not(Py_LIMITED_API))]
        // SAFETY: per the caller.
        unsafe {
            *self.slots.add(index) = item
        };
        #[cfg(Py_LIMITED_API)]
        // SAFETY: per the caller; in bounds, so neither call fails (both steal `item`).
        unsafe {
            if self.tuple {
                ffi::PyTuple_SetItem(self.container, index as ffi::Py_ssize_t, item);
            } else {
                ffi::PyList_SetItem(self.container, index as ffi::Py_ssize_t, item);
            }
        }
    }
}

/// A type object the stable ABI does not export (`types.CodeType`, …): looked up once per
/// process and kept in `cell`.
///
/// Panics if the import fails, which a working interpreter's standard library never does.
#[cfg(Py_LIMITED_API)]
pub(crate) fn imported_type(
    py: crate::Python<'_>,
    cell: &'static crate::sync::PyOnceLock<crate::Py<crate::types::PyType>>,
    module: &str,
    name: &str,
) -> *mut ffi::PyTypeObject {
    match cell.import(py, module, name) {
        Ok(ty) => ty.as_ptr().cast(),
        Err(e) => panic!("failed to import {module}.{name}: {e}"),
    }
}

/// `isinstance(obj, ty)` (`exact`: `type(obj) is ty`) without `__instancecheck__`, as the C
/// API's type checks.
///
/// # Safety
/// Attached; both pointers live.
#[cfg(Py_LIMITED_API)]
#[inline]
pub(crate) unsafe fn type_check(
    obj: *mut ffi::PyObject,
    ty: *mut ffi::PyTypeObject,
    exact: bool,
) -> bool {
    // SAFETY: per the caller.
    unsafe {
        let actual = ffi::Py_TYPE(obj);
        actual == ty || (!exact && ffi::PyType_IsSubtype(actual, ty) != 0)
    }
}

/// A type's instance size (`tp_basicsize`; the stable ABI reads the `__basicsize__`
/// attribute).
///
/// # Safety
/// Attached; `ty` a live type object.
pub(crate) unsafe fn type_basicsize(
    _py: crate::Python<'_>,
    ty: *mut ffi::PyTypeObject,
) -> crate::PyResult<usize> {
    #[cfg(not(Py_LIMITED_API))]
    // SAFETY: per the caller.
    return Ok(unsafe { (*ty).tp_basicsize } as usize);
    #[cfg(Py_LIMITED_API)]
    // SAFETY: per the caller.
    unsafe {
        crate::Bound::from_borrowed_ptr(_py, ty.cast())
            .getattr(crate::intern!(_py, "__basicsize__"))?
            .extract()
    }
}
