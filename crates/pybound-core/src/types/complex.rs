use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;

native_type!(
    /// Python's `complex`.
    PyComplex, "complex", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyComplex_Type),
    check: |obj| ffi::PyComplex_Check(obj.as_ptr()) != 0
);

impl PyComplex {
    /// `complex(real, imag)`.
    pub fn from_doubles(py: Python<'_>, real: f64, imag: f64) -> Bound<'_, PyComplex> {
        // SAFETY: attached; returns a new reference (NULL only on memory exhaustion).
        unsafe {
            Bound::from_owned_ptr(py, ffi::PyComplex_FromDoubles(real, imag)).cast_into_unchecked()
        }
    }
}

impl Bound<'_, PyComplex> {
    /// The real part.
    pub fn real(&self) -> f64 {
        // SAFETY: `self` is a complex; the accessor cannot fail for one.
        unsafe { ffi::PyComplex_RealAsDouble(self.as_ptr()) }
    }

    /// The imaginary part.
    pub fn imag(&self) -> f64 {
        // SAFETY: as above.
        unsafe { ffi::PyComplex_ImagAsDouble(self.as_ptr()) }
    }

    /// `abs(self)`: the magnitude, as Python computes it (`hypot(real, imag)`).
    pub fn abs(&self) -> f64 {
        self.real().hypot(self.imag())
    }
}
