//! `use pybound::prelude::*;` brings the pointers, the token, the conversion traits, the error
//! types and every native type marker.
//!
//! It also exports PyO3's extension-trait names (`PyAnyMethods`, `PyListMethods`, …) so that
//! `use` lines of ported code keep compiling. In pybound they are empty marker traits: the
//! methods are inherent on `Bound<'py, T>` and need no import.

pub use crate::class::{PyClassGuard, PyClassGuardMut, PyClassInitializer, PyRef, PyRefMut};
pub use crate::err::{PyErr, PyResult};
pub use crate::instance::{Borrowed, Bound, BoundObject, Py, PyObject};
pub use crate::python::Python;
pub use crate::types::{IntoPyDict, PyCFunction};
pub use crate::types::{
    PyAny, PyBool, PyByteArray, PyBytes, PyCapsule, PyComplex, PyDict, PyFloat, PyFrozenSet, PyInt,
    PyIterator, PyList, PyMapping, PyMemoryView, PyModule, PyNone, PySequence, PySet, PySlice,
    PyString, PyTraceback, PyTuple, PyType, PyWeakrefReference,
};
pub use crate::{wrap_pyfunction, wrap_pymodule};
pub use crate::{FromPyObject, FromPyObjectOwned, IntoPyObject, IntoPyObjectExt};

pub use crate::types::{
    PyAnyMethods, PyBoolMethods, PyByteArrayMethods, PyBytesMethods, PyCapsuleMethods,
    PyComplexMethods, PyDictMethods, PyFloatMethods, PyFrozenSetMethods, PyIteratorMethods,
    PyListMethods, PyMappingMethods, PyMappingProxyMethods, PyModuleMethods, PySequenceMethods,
    PySetMethods, PySliceMethods, PyStringMethods, PyTracebackMethods, PyTupleMethods,
    PyTypeMethods, PyWeakrefMethods,
};
