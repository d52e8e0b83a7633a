use std::ffi::CString;

use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::exceptions::PyValueError;
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::python::Python;
use crate::types::{PyAny, PyDict, PyList, PyString};

native_type!(
    /// Python's `module`.
    PyModule, "module", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyModule_Type),
    check: |obj| ffi::PyModule_Check(obj.as_ptr()) != 0
);

impl PyModule {
    /// `import name` (a dotted name returns the leaf module, like `importlib.import_module`).
    pub fn import<'py, N>(py: Python<'py>, name: N) -> PyResult<Bound<'py, PyModule>>
    where
        N: IntoPyObject<'py, Target = PyString>,
    {
        let name = name.into_pyobject(py).map_err(Into::into)?;
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyImport_Import(name.as_ptr()))
                .map(|m| m.cast_into_unchecked())
        }
    }

    /// A module made by running `code` (compiled as if from `file_name`) as module
    /// `module_name`, which is also added to `sys.modules` (PyO3's `from_code`).
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let m = PyModule::from_code(py, c"def twice(x):\n    return 2 * x\n", c"twice.py", c"twice").unwrap();
    ///     assert_eq!(m.getattr("twice").unwrap().call1((21,)).unwrap().extract::<i32>().unwrap(), 42);
    /// });
    /// ```
    pub fn from_code<'py>(
        py: Python<'py>,
        code: &std::ffi::CStr,
        file_name: &std::ffi::CStr,
        module_name: &std::ffi::CStr,
    ) -> PyResult<Bound<'py, PyModule>> {
        // SAFETY: attached; the strings are NUL-terminated; each call returns a new reference
        // or NULL with the error set.
        unsafe {
            let compiled = Bound::<PyAny>::from_owned_ptr_or_err(
                py,
                ffi::Py_CompileString(code.as_ptr(), file_name.as_ptr(), ffi::Py_file_input),
            )?;
            let module = Bound::<PyAny>::from_owned_ptr_or_err(
                py,
                ffi::PyImport_ExecCodeModuleEx(
                    module_name.as_ptr(),
                    compiled.as_ptr(),
                    file_name.as_ptr(),
                ),
            )?;
            Ok(module.cast_into()?)
        }
    }

    /// A new, empty module object named `name` (not added to `sys.modules`).
    pub fn new<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyModule>> {
        let name = CString::new(name)
            .map_err(|_| PyValueError::new_err("module name contains a NUL byte"))?;
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(py, ffi::PyModule_New(name.as_ptr()))
                .map(|m| m.cast_into_unchecked())
        }
    }
}

impl<'py> Bound<'py, PyModule> {
    /// Declare whether the module needs the GIL on the free-threaded build (PyO3's
    /// `gil_used`, for modules made at run time: `#[pymodule(gil_used = …)]` declares it for a
    /// module definition). Nothing to do on builds with a GIL.
    pub fn gil_used(&self, gil_used: bool) -> PyResult<()> {
        #[cfg(all(Py_GIL_DISABLED, not(Py_LIMITED_API)))]
        {
            let gil = if gil_used {
                ffi::Py_MOD_GIL_USED
            } else {
                ffi::Py_MOD_GIL_NOT_USED
            };
            // SAFETY: attached; returns -1 with an exception on failure.
            return crate::err::status(self.py(), unsafe {
                ffi::PyUnstable_Module_SetGIL(self.as_ptr(), gil)
            });
        }
        #[allow(unreachable_code)]
        {
            let _ = gil_used;
            Ok(())
        }
    }

    /// The module's namespace (`__dict__`).
    pub fn dict(&self) -> Bound<'py, PyDict> {
        // SAFETY: attached; PyModule_GetDict returns a borrowed reference (never NULL for a
        // module), increfed here.
        unsafe {
            Bound::from_borrowed_ptr(self.py(), ffi::PyModule_GetDict(self.as_ptr()))
                .cast_into_unchecked()
        }
    }

    /// `__name__`.
    pub fn name(&self) -> PyResult<Bound<'py, PyString>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyModule_GetNameObject(self.as_ptr()))
                .map(|s| s.cast_into_unchecked())
        }
    }

    /// `__file__` (`SystemError` for modules without one, such as builtins).
    pub fn filename(&self) -> PyResult<Bound<'py, PyString>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyModule_GetFilenameObject(self.as_ptr()))
                .map(|s| s.cast_into_unchecked())
        }
    }

    /// `__all__`, created empty if missing.
    pub fn index(&self) -> PyResult<Bound<'py, PyList>> {
        let all = crate::intern!(self.py(), "__all__");
        match self.getattr_opt(all)? {
            Some(list) => Ok(list.cast_into::<PyList>()?),
            None => {
                let list = PyList::empty(self.py());
                self.setattr(all, &list)?;
                Ok(list)
            }
        }
    }

    /// Set attribute `name` to `value` and list it in `__all__`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let m = PyModule::new(py, "config").unwrap();
    ///     m.add("VERSION", "1.0").unwrap();
    ///     assert_eq!(m.getattr("VERSION").unwrap().to_string(), "1.0");
    /// });
    /// ```
    pub fn add<N, V>(&self, name: N, value: V) -> PyResult<()>
    where
        N: IntoPyObject<'py, Target = PyString>,
        V: IntoPyObject<'py>,
    {
        let name = name.into_pyobject(self.py()).map_err(Into::into)?;
        self.index()?.append(name.as_borrowed())?;
        self.setattr(name.as_borrowed(), value)
    }

    /// Add `submodule` as an attribute named after it.
    pub fn add_submodule(&self, submodule: &Bound<'py, PyModule>) -> PyResult<()> {
        let name = submodule.name()?;
        self.add(name, submodule)
    }

    /// Add what `wrapper` makes — a function from `wrap_pyfunction!(f)` or a module from
    /// `wrap_pymodule!(m)` — under its `__name__`, as PyO3's `add_wrapped` does.
    pub fn add_wrapped<T>(&self, wrapper: &impl Fn(Python<'py>) -> T) -> PyResult<()>
    where
        T: WrappedObject<'py>,
    {
        let object = wrapper(self.py()).into_wrapped(self.py())?;
        let name = object.getattr(crate::intern!(self.py(), "__name__"))?;
        let name = name.cast_into::<PyString>()?;
        self.add(name, object)
    }

    /// Add the `#[pyclass]` `T` under its Python name (what `#[pymodule_export]` does for a
    /// class). Unless the class names its own `module = "..."`, its `__module__` becomes this
    /// module's name.
    ///
    /// ```
    /// use pybound::prelude::*;
    ///
    /// #[pyclass]
    /// struct Point {
    ///     #[pybound(get)]
    ///     x: i64,
    /// }
    ///
    /// #[pymodule]
    /// fn geometry(m: &Bound<'_, PyModule>) -> PyResult<()> {
    ///     m.add_class::<Point>()
    /// }
    /// # fn main() {
    /// #     Python::attach(|py| {
    /// #         let m = PyModule::new(py, "geometry").unwrap();
    /// #         m.add_class::<Point>().unwrap();
    /// #         assert_eq!(m.getattr("Point").unwrap().getattr("__module__").unwrap().to_string(), "geometry");
    /// #     });
    /// # }
    /// ```
    pub fn add_class<T>(&self) -> PyResult<()>
    where
        T: crate::class::PyClass + crate::type_object::PyTypeInfo,
    {
        crate::module::add_class::<T>(self, <T as crate::class::PyClass>::NAME)
    }
}

/// What [`add_wrapped`](Bound::add_wrapped) accepts from its closure: an object, a detached
/// one, or the result of making one.
pub trait WrappedObject<'py> {
    /// The object.
    fn into_wrapped(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

impl<'py, T> WrappedObject<'py> for Bound<'py, T> {
    fn into_wrapped(self, _py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_any())
    }
}

impl<'py, T> WrappedObject<'py> for crate::Py<T> {
    fn into_wrapped(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.into_bound(py).into_any())
    }
}

impl<'py, T: WrappedObject<'py>> WrappedObject<'py> for PyResult<T> {
    fn into_wrapped(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self?.into_wrapped(py)
    }
}
