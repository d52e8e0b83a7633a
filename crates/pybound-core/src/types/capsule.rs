use std::ffi::{CStr, CString};
use std::os::raw::c_void;

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;

native_type!(
    /// Python's `PyCapsule`: an opaque object carrying a Rust value (for example to share a
    /// table of function pointers between extension modules).
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let cap = PyCapsule::new(py, 42u32, Some(c"demo.answer".to_owned())).unwrap();
    ///     // SAFETY: the capsule was made from a u32 just above.
    ///     let v: &u32 = unsafe { cap.reference::<u32>() };
    ///     assert_eq!(*v, 42);
    ///     assert_eq!(cap.name().unwrap(), Some(c"demo.answer"));
    /// });
    /// ```
    PyCapsule, "PyCapsule", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyCapsule_Type),
    check: |obj| ffi::PyCapsule_CheckExact(obj.as_ptr()) != 0
);

/// What the capsule points to: the value first (so the value pointer is the capsule pointer),
/// then the name, which must live as long as the capsule.
#[repr(C)]
struct Contents<T> {
    value: T,
    name: Option<CString>,
}

unsafe extern "C" fn drop_contents<T>(capsule: *mut ffi::PyObject) {
    // SAFETY: called once by CPython when the capsule dies; its name pointer is the one we
    // stored, and the pointer is the Box we leaked in `new`.
    unsafe {
        let name = ffi::PyCapsule_GetName(capsule);
        let ptr = ffi::PyCapsule_GetPointer(capsule, name);
        drop(Box::from_raw(ptr.cast::<Contents<T>>()));
    }
}

impl PyCapsule {
    /// A capsule owning `value`, dropped when the capsule is freed. Other extensions look it
    /// up by `name` (conventionally `"module.attribute"`).
    pub fn new<T: 'static + Send>(
        py: Python<'_>,
        value: T,
        name: Option<CString>,
    ) -> PyResult<Bound<'_, PyCapsule>> {
        let contents = Box::new(Contents { value, name });
        let name_ptr = contents
            .name
            .as_ref()
            .map_or(std::ptr::null(), |n| n.as_ptr());
        let raw = Box::into_raw(contents);
        // SAFETY: attached; `raw` is non-null; on failure CPython does not call the destructor,
        // so we free the box ourselves.
        unsafe {
            let cap = ffi::PyCapsule_New(raw.cast::<c_void>(), name_ptr, Some(drop_contents::<T>));
            if cap.is_null() {
                drop(Box::from_raw(raw));
                return Err(PyErr::fetch(py));
            }
            Ok(Bound::from_owned_ptr(py, cap).cast_into_unchecked())
        }
    }

    /// The value of the capsule `name` (`"module.attribute"`), importing the module: how an
    /// extension reaches a table another one published (`PyCapsule_Import`).
    ///
    /// # Safety
    /// The capsule's pointer must point to a valid `T` for as long as the interpreter lives
    /// (the capsule is kept by its module).
    pub unsafe fn import<'py, T>(py: Python<'py>, name: &CStr) -> PyResult<&'py T> {
        // SAFETY: attached; returns the pointer or NULL with an error set.
        let ptr = unsafe { ffi::PyCapsule_Import(name.as_ptr(), 0) };
        if ptr.is_null() {
            return Err(PyErr::fetch(py));
        }
        // SAFETY: per the caller.
        Ok(unsafe { &*ptr.cast::<T>() })
    }

    /// PyO3's newer name for [`new`](Self::new).
    pub fn new_with_value<T: 'static + Send>(
        py: Python<'_>,
        value: T,
        name: Option<CString>,
    ) -> PyResult<Bound<'_, PyCapsule>> {
        Self::new(py, value, name)
    }
}

impl Bound<'_, PyCapsule> {
    /// The capsule's name.
    pub fn name(&self) -> PyResult<Option<&CStr>> {
        // SAFETY: attached; returns the stored name (may be NULL) or NULL with an error set.
        unsafe {
            let name = ffi::PyCapsule_GetName(self.as_ptr());
            if name.is_null() {
                if PyErr::occurred(self.py()) {
                    return Err(PyErr::fetch(self.py()));
                }
                return Ok(None);
            }
            Ok(Some(CStr::from_ptr(name)))
        }
    }

    /// The raw stored pointer.
    pub fn pointer(&self) -> *mut c_void {
        // SAFETY: attached; passing the capsule's own name always matches.
        unsafe { ffi::PyCapsule_GetPointer(self.as_ptr(), ffi::PyCapsule_GetName(self.as_ptr())) }
    }

    /// The stored value.
    ///
    /// # Safety
    /// The capsule must have been made by [`PyCapsule::new`] with a value of type `T`.
    pub unsafe fn reference<T>(&self) -> &T {
        // SAFETY: per the caller, the pointer is a `Contents<T>` whose first field is `T`.
        unsafe { &*self.pointer().cast::<T>() }
    }

    /// The capsule's context pointer (NULL unless set).
    pub fn context(&self) -> PyResult<*mut c_void> {
        // SAFETY: attached; NULL is a valid context, so an error is told by PyErr_Occurred.
        let ctx = unsafe { ffi::PyCapsule_GetContext(self.as_ptr()) };
        if ctx.is_null() {
            if let Some(err) = PyErr::take(self.py()) {
                return Err(err);
            }
        }
        Ok(ctx)
    }

    /// Set the context pointer: data for whoever reads the capsule (the capsule does not own
    /// or free it).
    // The pointer is stored, never dereferenced here: safe to pass any value, as in PyO3.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    pub fn set_context(&self, context: *mut c_void) -> PyResult<()> {
        // SAFETY: attached; returns 0 or -1 with an error set.
        crate::err::status(self.py(), unsafe {
            ffi::PyCapsule_SetContext(self.as_ptr(), context)
        })
    }

    /// Whether the capsule is valid and has exactly this name.
    pub fn is_valid(&self, name: Option<&CStr>) -> bool {
        // SAFETY: attached; PyCapsule_IsValid never raises.
        unsafe {
            ffi::PyCapsule_IsValid(self.as_ptr(), name.map_or(std::ptr::null(), CStr::as_ptr)) == 1
        }
    }
}
