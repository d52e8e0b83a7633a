use crate::err::PyResult;
use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;
use crate::type_object::PyTypeInfo;
use crate::types::PyString;

native_type!(
    /// Python's `type`: a class object.
    PyType, "type", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyType_Type),
    check: |obj| ffi::PyType_Check(obj.as_ptr()) != 0
);

impl PyType {
    /// The type object `ptr` points to, as a new reference.
    ///
    /// # Safety
    /// `ptr` is a valid, non-null pointer to a live type object.
    pub unsafe fn from_borrowed_type_ptr(
        py: Python<'_>,
        ptr: *mut ffi::PyTypeObject,
    ) -> Bound<'_, PyType> {
        // SAFETY: per the caller; a type object is a `type` instance.
        unsafe { Bound::from_borrowed_ptr(py, ptr.cast()).cast_into_unchecked() }
    }
}

impl<'py> Bound<'py, PyType> {
    /// The raw type object pointer.
    #[inline]
    pub fn as_type_ptr(&self) -> *mut ffi::PyTypeObject {
        self.as_ptr().cast()
    }

    /// Whether the type's attributes cannot be set (`Py_TPFLAGS_IMMUTABLETYPE`, Python 3.10+;
    /// on earlier versions only static types, which have no such flag, refuse, so this is
    /// `false` there).
    pub(crate) fn is_immutable(&self) -> bool {
        #[cfg(Py_3_10)]
        {
            // SAFETY: reads the flags of a live type object.
            unsafe { ffi::PyType_GetFlags(self.as_type_ptr()) & ffi::Py_TPFLAGS_IMMUTABLETYPE != 0 }
        }
        #[cfg(not(Py_3_10))]
        {
            false
        }
    }

    fn str_attr(&self, name: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
        Ok(self.getattr(name)?.cast_into::<PyString>()?)
    }

    /// `__name__`.
    pub fn name(&self) -> PyResult<Bound<'py, PyString>> {
        self.str_attr(crate::intern!(self.py(), "__name__"))
    }

    /// `__qualname__`.
    pub fn qualname(&self) -> PyResult<Bound<'py, PyString>> {
        self.str_attr(crate::intern!(self.py(), "__qualname__"))
    }

    /// `__module__`.
    pub fn module(&self) -> PyResult<Bound<'py, PyString>> {
        self.str_attr(crate::intern!(self.py(), "__module__"))
    }

    /// `module.qualname`, or just `qualname` for builtins.
    pub fn fully_qualified_name(&self) -> PyResult<String> {
        let module = self.module()?;
        let qualname = self.qualname()?;
        let module = module.to_str()?;
        Ok(if module == "builtins" || module == "__main__" {
            qualname.to_str()?.to_owned()
        } else {
            format!("{module}.{}", qualname.to_str()?)
        })
    }

    /// `issubclass(self, other)`.
    pub fn is_subclass(&self, other: &Bound<'py, PyType>) -> PyResult<bool> {
        // SAFETY: attached; returns 1, 0, or -1 with an exception set.
        crate::err::predicate(self.py(), unsafe {
            ffi::PyObject_IsSubclass(self.as_ptr(), other.as_ptr())
        })
    }

    /// `issubclass(self, T)`.
    pub fn is_subclass_of<T: PyTypeInfo>(&self) -> PyResult<bool> {
        self.is_subclass(&T::type_object(self.py()))
    }

    /// The method resolution order, `self.__mro__`.
    pub fn mro(&self) -> Bound<'py, crate::types::PyTuple> {
        self.tuple_attr("__mro__")
    }

    /// The direct bases, `self.__bases__`.
    pub fn bases(&self) -> Bound<'py, crate::types::PyTuple> {
        self.tuple_attr("__bases__")
    }

    fn tuple_attr(&self, name: &str) -> Bound<'py, crate::types::PyTuple> {
        // Every type has both, as tuples (set by `type.__new__` and PyType_Ready).
        self.getattr(name)
            .and_then(|t| Ok(t.cast_into::<crate::types::PyTuple>()?))
            .expect("every type has a tuple of bases and an MRO")
    }
}
