use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::Bound;
use crate::sync::PyOnceLock;
use crate::type_object::PyTypeCheck;
use crate::types::sequence::{abc as abc_type, abc_check};
use crate::types::{PyAny, PyDict, PyList, PyType};
use crate::{Py, Python};

/// Any mapping: `dict` (checked by flag) or an instance of `collections.abc.Mapping`.
#[repr(transparent)]
pub struct PyMapping(PyAny);

impl crate::type_object::DerefToPyAny for PyMapping {}

static ABC: PyOnceLock<Py<PyType>> = PyOnceLock::new();

impl PyTypeCheck for PyMapping {
    const NAME: &'static str = "Mapping";
    fn type_check(obj: &Bound<'_, PyAny>) -> bool {
        if obj.is_instance_of::<PyDict>() {
            return true;
        }
        abc_check(obj, &ABC, "Mapping")
    }
}

impl PyMapping {
    /// Register `ty` as a virtual subclass of `collections.abc.Mapping`.
    pub fn register<'py>(py: Python<'py>, ty: &Bound<'py, PyType>) -> PyResult<()> {
        abc_type(py, &ABC, "Mapping")?.call_method1("register", (ty,))?;
        Ok(())
    }
}

impl<'py> Bound<'py, PyMapping> {
    /// `len(self)`.
    pub fn len(&self) -> PyResult<usize> {
        self.as_any().len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> PyResult<bool> {
        self.len().map(|n| n == 0)
    }

    /// `key in self`.
    pub fn contains<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<bool> {
        self.as_any().contains(key)
    }

    /// `list(self.keys())`.
    pub fn keys(&self) -> PyResult<Bound<'py, PyList>> {
        // SAFETY: attached; returns a new list or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyMapping_Keys(self.as_ptr()))
                .map(|l| l.cast_into_unchecked())
        }
    }

    /// `list(self.values())`.
    pub fn values(&self) -> PyResult<Bound<'py, PyList>> {
        // SAFETY: as `keys`.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyMapping_Values(self.as_ptr()))
                .map(|l| l.cast_into_unchecked())
        }
    }

    /// `list(self.items())`.
    pub fn items(&self) -> PyResult<Bound<'py, PyList>> {
        // SAFETY: as `keys`.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyMapping_Items(self.as_ptr()))
                .map(|l| l.cast_into_unchecked())
        }
    }
}
