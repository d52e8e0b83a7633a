use crate::ffi;
use crate::instance::Borrowed;
use crate::python::Python;

native_type!(
    /// The type of `None`.
    PyNone, "NoneType", None,
    type_object: |py| ffi::Py_TYPE(ffi::Py_None()),
    check: |obj| obj.as_ptr() == ffi::Py_None()
);

impl PyNone {
    /// `None` (a borrowed reference to the singleton: no refcount traffic).
    #[inline]
    pub fn get(py: Python<'_>) -> Borrowed<'static, '_, PyNone> {
        // SAFETY: None is immortal for the interpreter's life.
        unsafe { Borrowed::from_ptr(py, ffi::Py_None()).cast_unchecked() }
    }
}
