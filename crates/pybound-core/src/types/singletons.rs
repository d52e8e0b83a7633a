//! The types of Python's other singletons and small built-ins PyO3 names: `Ellipsis`,
//! `NotImplemented`, `range`, `super`, `mappingproxy`, Python functions.

use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyType};

native_type!(
    /// The type of `...` (`Ellipsis`).
    PyEllipsis, "ellipsis", None,
    type_object: |py| ffi::Py_TYPE(ffi::Py_Ellipsis()),
    check: |obj| obj.as_ptr() == ffi::Py_Ellipsis()
);

impl PyEllipsis {
    /// `...` (borrowed: the singleton lives as long as the interpreter).
    #[inline]
    pub fn get(py: Python<'_>) -> Borrowed<'static, '_, PyEllipsis> {
        // SAFETY: Ellipsis is immortal for the interpreter's life.
        unsafe { Borrowed::from_ptr(py, ffi::Py_Ellipsis()).cast_unchecked() }
    }
}

native_type!(
    /// The type of `NotImplemented`.
    PyNotImplemented, "NotImplementedType", None,
    type_object: |py| ffi::Py_TYPE(ffi::Py_NotImplemented()),
    check: |obj| obj.as_ptr() == ffi::Py_NotImplemented()
);

impl PyNotImplemented {
    /// `NotImplemented` (borrowed).
    #[inline]
    pub fn get(py: Python<'_>) -> Borrowed<'static, '_, PyNotImplemented> {
        // SAFETY: NotImplemented is immortal for the interpreter's life.
        unsafe { Borrowed::from_ptr(py, ffi::Py_NotImplemented()).cast_unchecked() }
    }
}

native_type!(
    /// Python's `range`.
    PyRange, "range", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyRange_Type),
    check: |obj| ffi::Py_TYPE(obj.as_ptr()) == std::ptr::addr_of_mut!(ffi::PyRange_Type)
);

impl PyRange {
    /// `range(start, stop)`.
    pub fn new(py: Python<'_>, start: isize, stop: isize) -> PyResult<Bound<'_, PyRange>> {
        Self::new_with_step(py, start, stop, 1)
    }

    /// `range(start, stop, step)` (`ValueError` for a zero step).
    pub fn new_with_step(
        py: Python<'_>,
        start: isize,
        stop: isize,
        step: isize,
    ) -> PyResult<Bound<'_, PyRange>> {
        // SAFETY: the static range type; calling it makes a new range or raises.
        let range = unsafe {
            Bound::<PyAny>::from_borrowed_ptr(py, std::ptr::addr_of_mut!(ffi::PyRange_Type).cast())
        };
        Ok(range.call1((start, stop, step))?.cast_into()?)
    }
}

impl<'py> Bound<'py, PyRange> {
    /// The first value.
    pub fn start(&self) -> PyResult<isize> {
        self.getattr(crate::intern!(self.py(), "start"))?.extract()
    }

    /// The end (excluded).
    pub fn stop(&self) -> PyResult<isize> {
        self.getattr(crate::intern!(self.py(), "stop"))?.extract()
    }

    /// The step.
    pub fn step(&self) -> PyResult<isize> {
        self.getattr(crate::intern!(self.py(), "step"))?.extract()
    }
}

native_type!(
    /// Python's `super` objects (`super(type, obj)`), which look attributes up past `type` in
    /// `obj`'s method resolution order.
    PySuper, "super", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PySuper_Type),
    check: |obj| ffi::PyObject_TypeCheck(obj.as_ptr(), std::ptr::addr_of_mut!(ffi::PySuper_Type)) != 0
);

impl PySuper {
    /// `super(ty, obj)`.
    pub fn new<'py>(
        ty: &Bound<'py, PyType>,
        obj: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PySuper>> {
        let py = ty.py();
        // SAFETY: the static super type; calling it makes a new super object or raises.
        let sup = unsafe {
            Bound::<PyAny>::from_borrowed_ptr(py, std::ptr::addr_of_mut!(ffi::PySuper_Type).cast())
        };
        Ok(sup.call1((ty, obj))?.cast_into()?)
    }
}

impl<'py, T> Bound<'py, T> {
    /// `super(type(self), self)`: the object seen as an instance of its class's bases, for
    /// calling their methods (PyO3's `py_super`).
    pub fn py_super(&self) -> PyResult<Bound<'py, PySuper>> {
        let obj = self.as_any();
        PySuper::new(&obj.get_type(), obj)
    }
}

native_type!(
    /// Python's read-only mapping view (`types.MappingProxyType`, what `cls.__dict__` is).
    PyMappingProxy, "mappingproxy", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyDictProxy_Type),
    check: |obj| ffi::Py_TYPE(obj.as_ptr()) == std::ptr::addr_of_mut!(ffi::PyDictProxy_Type)
);

impl PyMappingProxy {
    /// A read-only view of `mapping` (`types.MappingProxyType(mapping)`).
    pub fn new<'py>(
        mapping: &Bound<'py, crate::types::PyMapping>,
    ) -> PyResult<Bound<'py, PyMappingProxy>> {
        // SAFETY: attached; returns a new proxy or NULL with an error set.
        unsafe {
            Ok(
                Bound::from_owned_ptr_or_err(mapping.py(), ffi::PyDictProxy_New(mapping.as_ptr()))?
                    .cast_into_unchecked(),
            )
        }
    }
}

native_type!(
    /// A function written in Python (`def`), as opposed to a built-in one.
    PyFunction, "function", Some("builtins"),
    type_object: |py| function_type(py),
    check: |obj| {
        #[cfg(not(Py_LIMITED_API))]
        return ffi::PyFunction_Check(obj.as_ptr()) != 0;
        #[cfg(Py_LIMITED_API)]
        return crate::abi::type_check(obj.as_ptr(), function_type(obj.py()), false);
    }
);

/// `types.FunctionType` (the stable ABI does not export `PyFunction_Type`).
#[inline]
fn function_type(_py: crate::Python<'_>) -> *mut ffi::PyTypeObject {
    #[cfg(not(Py_LIMITED_API))]
    return std::ptr::addr_of_mut!(ffi::PyFunction_Type);
    #[cfg(Py_LIMITED_API)]
    {
        static TYPE: crate::sync::PyOnceLock<crate::Py<crate::types::PyType>> =
            crate::sync::PyOnceLock::new();
        crate::abi::imported_type(_py, &TYPE, "types", "FunctionType")
    }
}

/// A dict view type of PyO3's: `dict_keys`, `dict_values` or `dict_items` (what `d.keys()`,
/// `d.values()`, `d.items()` return).
macro_rules! dict_view {
    ($(#[$meta:meta])* $name:ident, $pyname:literal, $ffi:ident) => {
        native_type!(
            $(#[$meta])*
            $name, $pyname, Some("builtins"),
            type_object: |py| std::ptr::addr_of_mut!(ffi::$ffi),
            check: |obj| ffi::Py_TYPE(obj.as_ptr()) == std::ptr::addr_of_mut!(ffi::$ffi)
        );
    };
}

dict_view!(
    /// Python's `dict_keys` (`d.keys()`).
    PyDictKeys, "dict_keys", PyDictKeys_Type
);
dict_view!(
    /// Python's `dict_values` (`d.values()`).
    PyDictValues, "dict_values", PyDictValues_Type
);
dict_view!(
    /// Python's `dict_items` (`d.items()`).
    PyDictItems, "dict_items", PyDictItems_Type
);

native_type!(
    /// Python's `types.GenericAlias` (what `list[int]` is).
    PyGenericAlias, "GenericAlias", Some("types"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::Py_GenericAliasType),
    check: |obj| ffi::PyObject_TypeCheck(obj.as_ptr(), std::ptr::addr_of_mut!(ffi::Py_GenericAliasType)) != 0
);

impl PyGenericAlias {
    /// `origin[args]` as `types.GenericAlias(origin, args)` makes it (`args` a tuple, or one
    /// argument).
    ///
    /// ```
    /// use pybound::prelude::*;
    /// use pybound::types::PyGenericAlias;
    ///
    /// Python::attach(|py| {
    ///     let list = py.get_type::<PyList>();
    ///     let int = py.get_type::<PyInt>();
    ///     let alias = PyGenericAlias::new(py, list.as_any(), int.as_any()).unwrap();
    ///     assert_eq!(alias.repr().unwrap().to_string(), "list[int]");
    /// });
    /// ```
    pub fn new<'py>(
        py: Python<'py>,
        origin: &Bound<'py, PyAny>,
        args: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyGenericAlias>> {
        // SAFETY: both are live objects; `Py_GenericAlias` returns a new reference or NULL with
        // an exception.
        unsafe {
            let alias = ffi::Py_GenericAlias(origin.as_ptr(), args.as_ptr());
            Ok(Bound::from_owned_ptr_or_err(py, alias)?.cast_into_unchecked())
        }
    }
}

#[cfg(not(Py_LIMITED_API))]
native_type!(
    /// Python's frame objects (`sys._getframe()`, a traceback's `tb_frame`); full API only.
    PyFrame, "frame", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyFrame_Type),
    check: |obj| ffi::Py_TYPE(obj.as_ptr()) == std::ptr::addr_of_mut!(ffi::PyFrame_Type)
);

#[cfg(not(Py_LIMITED_API))]
impl<'py> Bound<'py, PyFrame> {
    /// The line the frame is executing.
    pub fn line_number(&self) -> i32 {
        // SAFETY: a live frame object.
        unsafe { ffi::PyFrame_GetLineNumber(self.as_ptr().cast()) }
    }

    /// The calling frame, if any (`f_back`).
    pub fn outer(&self) -> Option<Bound<'py, PyFrame>> {
        // SAFETY: a live frame; returns a new reference, or NULL (no exception) at the
        // outermost frame.
        let back = unsafe { ffi::PyFrame_GetBack(self.as_ptr().cast()) };
        // SAFETY: non-null: a new reference to a frame.
        (!back.is_null())
            .then(|| unsafe { Bound::from_owned_ptr(self.py(), back.cast()).cast_into_unchecked() })
    }

    /// The code object the frame runs (`f_code`).
    pub fn code(&self) -> Bound<'py, crate::types::PyCode> {
        // SAFETY: a live frame; returns a new (non-null) reference to its code object.
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PyFrame_GetCode(self.as_ptr().cast()).cast())
                .cast_into_unchecked()
        }
    }

    /// The frame's builtins (`f_builtins`).
    #[cfg(Py_3_11)]
    pub fn builtins(&self) -> Bound<'py, crate::types::PyDict> {
        // SAFETY: a live frame; returns a new (non-null) reference to a dict.
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PyFrame_GetBuiltins(self.as_ptr().cast()))
                .cast_into_unchecked()
        }
    }

    /// The frame's globals (`f_globals`).
    #[cfg(Py_3_11)]
    pub fn globals(&self) -> Bound<'py, crate::types::PyDict> {
        // SAFETY: as above.
        unsafe {
            Bound::from_owned_ptr(self.py(), ffi::PyFrame_GetGlobals(self.as_ptr().cast()))
                .cast_into_unchecked()
        }
    }

    /// The frame's locals (`f_locals`: a dict, or from 3.13 a write-through proxy in a function).
    #[cfg(Py_3_11)]
    pub fn locals(&self) -> Bound<'py, PyAny> {
        // SAFETY: a live frame; returns a new (non-null) reference.
        unsafe { Bound::from_owned_ptr(self.py(), ffi::PyFrame_GetLocals(self.as_ptr().cast())) }
    }

    /// The frame's variable `name` (`NameError` if it has none, `UnboundLocalError` if unset).
    #[cfg(Py_3_12)]
    pub fn var(&self, name: &std::ffi::CStr) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: a live frame and a NUL-terminated name; returns a new reference or NULL with
        // an exception.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PyFrame_GetVarString(self.as_ptr().cast(), name.as_ptr().cast_mut()),
            )
        }
    }
}
