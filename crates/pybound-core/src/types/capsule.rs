//! Python's capsules: Rust values and pointers shared between extension modules.

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
    ///     assert_eq!(cap.name().unwrap().unwrap(), c"demo.answer");
    /// });
    /// ```
    PyCapsule, "PyCapsule", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyCapsule_Type),
    check: |obj| ffi::PyCapsule_CheckExact(obj.as_ptr()) != 0
);

/// What the capsule points to: the value first (so the value pointer is the capsule pointer),
/// then the destructor to run with it, then the name, which must live as long as the capsule.
#[repr(C)]
struct Contents<T, D> {
    value: T,
    destructor: Option<D>,
    name: Option<CString>,
}

/// The capsule destructor of `Contents<T, D>`: runs the user's destructor with the value and
/// the capsule's context, or just drops the value. A panic in either is reported as unraisable
/// (it must not unwind into CPython's deallocation).
unsafe extern "C" fn drop_contents<T, D: FnOnce(T, *mut c_void)>(capsule: *mut ffi::PyObject) {
    // SAFETY: called once by CPython, attached, when the capsule dies; its name pointer is the
    // one we stored, and the pointer is the Box we leaked when making it.
    unsafe {
        let py = Python::assume_attached();
        // Counted as a call scope in abi3 builds, as every other entry from Python (attach.rs).
        #[cfg(Py_LIMITED_API)]
        let _scope = crate::attach::CallScope::enter();
        let name = ffi::PyCapsule_GetName(capsule);
        let ptr = ffi::PyCapsule_GetPointer(capsule, name);
        let context = ffi::PyCapsule_GetContext(capsule);
        let contents = Box::from_raw(ptr.cast::<Contents<T, D>>());
        let saved = crate::err::SavedException::take();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let Contents {
                value,
                destructor,
                name,
            } = *contents;
            if let Some(destructor) = destructor {
                destructor(value, context);
            }
            drop(name);
        }));
        if let Err(payload) = result {
            crate::exceptions::PanicException::from_panic_payload(payload)
                .write_unraisable(py, None);
        }
        saved.restore();
    }
}

/// The type of the destructor a capsule made without one has (never called).
type NoDestructor<T> = fn(T, *mut c_void);

/// The name of a capsule (PyO3's type): a pointer to the C string the capsule was given.
#[derive(Clone, Copy)]
pub struct CapsuleName {
    ptr: std::ptr::NonNull<std::os::raw::c_char>,
}

impl CapsuleName {
    /// The name as a `CStr`.
    ///
    /// # Safety
    /// The capsule's name must not change or be freed while the result is used (a capsule made
    /// by pybound keeps its name for its whole life).
    pub unsafe fn as_cstr<'a>(self) -> &'a CStr {
        // SAFETY: per the caller.
        unsafe { CStr::from_ptr(self.ptr.as_ptr()) }
    }

    /// The name as a C pointer.
    pub fn as_ptr(self) -> *const std::os::raw::c_char {
        self.ptr.as_ptr()
    }
}

impl PartialEq<&CStr> for CapsuleName {
    fn eq(&self, other: &&CStr) -> bool {
        // SAFETY: compared at once, while the capsule that gave the name is alive.
        unsafe { self.as_cstr() == *other }
    }
}

impl std::fmt::Debug for CapsuleName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SAFETY: as above.
        write!(f, "CapsuleName({:?})", unsafe { self.as_cstr() })
    }
}

impl PyCapsule {
    /// A capsule owning `value`, dropped when the capsule is freed. Other extensions look it
    /// up by `name` (conventionally `"module.attribute"`). PyO3's older form;
    /// [`new_with_value`](Self::new_with_value) takes a static name.
    pub fn new<T: 'static + Send>(
        py: Python<'_>,
        value: T,
        name: Option<CString>,
    ) -> PyResult<Bound<'_, PyCapsule>> {
        Self::make::<T, NoDestructor<T>>(py, value, None, name, None)
    }

    /// A capsule owning `value`, with the name `"module.attribute"` other extensions look it
    /// up by (PyO3 0.29+'s constructor).
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let cap = PyCapsule::new_with_value(py, 123u32, c"demo.value").unwrap();
    ///     let ptr = cap.pointer_checked(Some(c"demo.value")).unwrap().cast::<u32>();
    ///     // SAFETY: the capsule holds a u32 and is alive.
    ///     assert_eq!(unsafe { *ptr.as_ref() }, 123);
    ///     assert!(cap.pointer_checked(Some(c"other.name")).is_err());
    /// });
    /// ```
    pub fn new_with_value<'py, T: 'static + Send>(
        py: Python<'py>,
        value: T,
        name: &'static CStr,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        Self::make::<T, NoDestructor<T>>(py, value, None, None, Some(name))
    }

    /// As [`new_with_value`](Self::new_with_value), and when the capsule is freed `destructor`
    /// gets the value and the capsule's context pointer (on whichever thread frees it, hence
    /// `Send`). A panic in it is reported as unraisable.
    pub fn new_with_value_and_destructor<'py, T, F>(
        py: Python<'py>,
        value: T,
        name: &'static CStr,
        destructor: F,
    ) -> PyResult<Bound<'py, PyCapsule>>
    where
        T: 'static + Send,
        F: FnOnce(T, *mut c_void) + Send + 'static,
    {
        Self::make(py, value, Some(destructor), None, Some(name))
    }

    /// PyO3's older form of [`new_with_value_and_destructor`](Self::new_with_value_and_destructor),
    /// with an owned, optional name.
    #[deprecated(note = "use `PyCapsule::new_with_value_and_destructor`")]
    pub fn new_with_destructor<T, F>(
        py: Python<'_>,
        value: T,
        name: Option<CString>,
        destructor: F,
    ) -> PyResult<Bound<'_, PyCapsule>>
    where
        T: 'static + Send,
        F: FnOnce(T, *mut c_void) + Send + 'static,
    {
        Self::make(py, value, Some(destructor), name, None)
    }

    /// The one constructor: box the contents, hand the box to CPython with its destructor.
    fn make<'py, T: 'static + Send, D: FnOnce(T, *mut c_void) + Send + 'static>(
        py: Python<'py>,
        value: T,
        destructor: Option<D>,
        owned_name: Option<CString>,
        static_name: Option<&'static CStr>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let contents = Box::new(Contents {
            value,
            destructor,
            name: owned_name,
        });
        let name_ptr = match (&contents.name, static_name) {
            (Some(owned), _) => owned.as_ptr(),
            (None, Some(name)) => name.as_ptr(),
            (None, None) => std::ptr::null(),
        };
        let raw = Box::into_raw(contents);
        // SAFETY: attached; `raw` is non-null; on failure CPython does not call the destructor,
        // so we free the box ourselves.
        unsafe {
            let cap =
                ffi::PyCapsule_New(raw.cast::<c_void>(), name_ptr, Some(drop_contents::<T, D>));
            if cap.is_null() {
                drop(Box::from_raw(raw));
                return Err(PyErr::fetch(py));
            }
            Ok(Bound::from_owned_ptr(py, cap).cast_into_unchecked())
        }
    }

    /// A capsule of a raw pointer, with no destructor.
    ///
    /// # Safety
    /// `pointer` must stay valid for as long as anything may read it through the capsule.
    pub unsafe fn new_with_pointer<'py>(
        py: Python<'py>,
        pointer: std::ptr::NonNull<c_void>,
        name: &'static CStr,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // SAFETY: per the caller.
        unsafe { Self::new_with_pointer_and_destructor(py, pointer, name, None) }
    }

    /// A capsule of a raw pointer with a C destructor (`PyCapsule_New`).
    ///
    /// # Safety
    /// `pointer` must stay valid until `destructor` runs (or for as long as the capsule may be
    /// read, without one); `destructor` must be safe to call on any thread.
    pub unsafe fn new_with_pointer_and_destructor<'py>(
        py: Python<'py>,
        pointer: std::ptr::NonNull<c_void>,
        name: &'static CStr,
        destructor: Option<ffi::PyCapsule_Destructor>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // SAFETY: attached; returns a new capsule or NULL with an exception set.
        unsafe {
            Ok(Bound::<crate::types::PyAny>::from_owned_ptr_or_err(
                py,
                ffi::PyCapsule_New(pointer.as_ptr(), name.as_ptr(), destructor),
            )?
            .cast_into_unchecked())
        }
    }

    /// The value of the capsule `name` (`"module.attribute"`), importing the module: how an
    /// extension reaches a table another one published (`PyCapsule_Import`). A pointer not
    /// aligned for `T` is a `SystemError`.
    ///
    /// # Safety
    /// The capsule's pointer must point to a valid `T` for as long as the interpreter lives
    /// (the capsule is kept by its module).
    pub unsafe fn import<'py, T>(py: Python<'py>, name: &CStr) -> PyResult<&'py T> {
        let ptr = Self::import_pointer(py, name)?.cast::<T>();
        if !ptr.as_ptr().is_aligned() {
            return Err(crate::exceptions::PySystemError::new_err(format!(
                "the pointer of the capsule {} is not aligned for {}",
                name.to_string_lossy(),
                std::any::type_name::<T>()
            )));
        }
        // SAFETY: per the caller.
        Ok(unsafe { ptr.as_ref() })
    }

    /// The pointer of the capsule `name`, importing its module (`PyCapsule_Import`).
    pub fn import_pointer(py: Python<'_>, name: &CStr) -> PyResult<std::ptr::NonNull<c_void>> {
        // SAFETY: attached; returns the pointer or NULL with an error set.
        let ptr = unsafe { ffi::PyCapsule_Import(name.as_ptr(), 0) };
        std::ptr::NonNull::new(ptr).ok_or_else(|| PyErr::fetch(py))
    }
}

impl Bound<'_, PyCapsule> {
    /// The capsule's name (`None` for a capsule made without one).
    pub fn name(&self) -> PyResult<Option<CapsuleName>> {
        // SAFETY: attached; returns the stored name (may be NULL) or NULL with an error set.
        let name = unsafe { ffi::PyCapsule_GetName(self.as_ptr()) };
        match std::ptr::NonNull::new(name.cast_mut()) {
            Some(ptr) => Ok(Some(CapsuleName { ptr })),
            None => match PyErr::take(self.py()) {
                Some(err) => Err(err),
                None => Ok(None),
            },
        }
    }

    /// The stored pointer, if the capsule's name is `name` (`ValueError` otherwise).
    pub fn pointer_checked(&self, name: Option<&CStr>) -> PyResult<std::ptr::NonNull<c_void>> {
        // SAFETY: attached; returns the pointer or NULL with an error set.
        let ptr = unsafe {
            ffi::PyCapsule_GetPointer(self.as_ptr(), name.map_or(std::ptr::null(), CStr::as_ptr))
        };
        std::ptr::NonNull::new(ptr).ok_or_else(|| PyErr::fetch(self.py()))
    }

    /// Whether the capsule is valid and has exactly this name (PyO3 0.30's name for
    /// [`is_valid`](Self::is_valid)).
    pub fn is_valid_checked(&self, name: Option<&CStr>) -> bool {
        self.is_valid(name)
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

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyCapsuleMethods;
