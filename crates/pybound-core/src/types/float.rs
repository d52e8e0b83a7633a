use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;

native_type!(
    /// Python's `float`.
    PyFloat, "float", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyFloat_Type),
    check: |obj| ffi::PyFloat_Check(obj.as_ptr()) != 0,
    exact: |obj| ffi::PyFloat_CheckExact(obj.as_ptr()) != 0
);

impl PyFloat {
    /// A new float.
    #[inline]
    pub fn new(py: Python<'_>, value: f64) -> Bound<'_, PyFloat> {
        // SAFETY: attached; returns a new reference (NULL only on memory exhaustion).
        unsafe { Bound::from_owned_ptr(py, ffi::PyFloat_FromDouble(value)).cast_into_unchecked() }
    }
}

impl Bound<'_, PyFloat> {
    /// The value (reads the object directly; cannot fail).
    #[inline]
    pub fn value(&self) -> f64 {
        // SAFETY: `self` is a float (or subclass), whose storage PyFloat_AS_DOUBLE reads.
        unsafe { crate::abi::float_value(self.as_ptr()) }
    }
}
