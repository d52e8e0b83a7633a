use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;

native_type!(
    /// Python's `bool`.
    PyBool, "bool", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyBool_Type),
    check: |obj| ffi::PyBool_Check(obj.as_ptr()) != 0
);

impl PyBool {
    /// `True` or `False` (borrowed singletons: no refcount traffic).
    #[inline]
    pub fn new(py: Python<'_>, value: bool) -> Borrowed<'static, '_, PyBool> {
        // SAFETY: True and False live as long as the interpreter.
        unsafe {
            Borrowed::from_ptr(
                py,
                if value {
                    ffi::Py_True()
                } else {
                    ffi::Py_False()
                },
            )
            .cast_unchecked()
        }
    }
}

impl Bound<'_, PyBool> {
    /// The Rust value.
    #[inline]
    pub fn is_true(&self) -> bool {
        // SAFETY: Py_True is a static object.
        self.as_ptr() == unsafe { ffi::Py_True() }
    }
}
