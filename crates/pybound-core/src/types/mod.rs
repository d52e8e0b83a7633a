//! Marker types for Python's built-in types. Each file holds one type and its methods, which are
//! inherent methods on `Bound<'py, ThatType>`.
//!
//! Every `Bound<'py, T>` derefs to `Bound<'py, PyAny>`, so the generic object methods in
//! [`any`](PyAny) work on all of them.

/// Declare a native type marker: the struct, its `PyTypeInfo` (with the fast check CPython
/// provides for it), and `Deref` to `PyAny`.
macro_rules! native_type {
    (
        $(#[$meta:meta])*
        $name:ident, $pyname:literal, $module:expr,
        type_object: |$py:ident| $type_object:expr,
        check: |$obj:ident| $check:expr
        $(, exact: |$eobj:ident| $exact:expr)?
    ) => {
        $(#[$meta])*
        #[repr(transparent)]
        pub struct $name($crate::types::PyAny);

        // SAFETY: the type object is CPython's static (or cached) type for this marker, and the
        // check is CPython's own type check for it.
        unsafe impl $crate::type_object::PyTypeInfo for $name {
            const NAME: &'static str = $pyname;
            const MODULE: Option<&'static str> = $module;
            #[inline]
            fn type_object_raw($py: $crate::Python<'_>) -> *mut $crate::ffi::PyTypeObject {
                let _ = $py;
                #[allow(unused_unsafe)]
                // SAFETY: reading the address of (or pointer to) a type object the interpreter
                // keeps alive.
                unsafe { $type_object }
            }
            #[inline]
            fn is_type_of($obj: &$crate::Bound<'_, $crate::types::PyAny>) -> bool {
                #[allow(unused_unsafe)]
                // SAFETY: attached (through the Bound); the check only reads the type.
                unsafe { $check }
            }
            $(
            #[inline]
            fn is_exact_type_of($eobj: &$crate::Bound<'_, $crate::types::PyAny>) -> bool {
                #[allow(unused_unsafe)]
                // SAFETY: as above.
                unsafe { $exact }
            }
            )?
        }

        impl $crate::type_object::DerefToPyAny for $name {}

        /// Any typed object is a `Py<PyAny>` too (as `Py<T>` from `Bound<T>`), as in PyO3.
        impl<'py> From<$crate::Bound<'py, $name>> for $crate::Py<$crate::types::PyAny> {
            #[inline]
            fn from(object: $crate::Bound<'py, $name>) -> Self {
                object.into_any().unbind()
            }
        }
    };
}
pub(crate) use native_type;

pub(crate) mod any;
mod boolobject;
mod bytearray;
pub mod bytes;
pub mod capsule;
pub mod code;
mod complex;
pub mod datetime;
pub mod dict;
mod float;
pub mod frozenset;
pub(crate) mod function;
mod int;
pub mod iterator;
pub mod list;
mod mapping;
mod memoryview;
mod module;
mod none;
pub(crate) mod sequence;
pub mod set;
mod singletons;
pub mod slice;
pub mod string;
mod traceback;
pub mod tuple;
mod type_;
mod weakref;

pub use any::PyAny;
pub use boolobject::PyBool;
pub use bytearray::PyByteArray;
pub use bytes::PyBytes;
pub use capsule::{CapsuleName, PyCapsule};
pub use code::{PyCode, PyCodeInput};
pub use complex::PyComplex;
#[allow(deprecated)]
pub use datetime::{
    timezone_utc, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyTime, PyTimeAccess,
    PyTzInfo, PyTzInfoAccess,
};
pub use dict::{BoundDictIterator, IntoPyDict, PyDict};
pub use float::PyFloat;
pub use frozenset::{PyFrozenSet, PyFrozenSetBuilder};
pub use function::{ClosureReturn, PyCFunction, PyFunctionDef, WrapPyFunctionArg};
pub use int::PyInt;
pub use iterator::PyIterator;
#[cfg(Py_3_10)]
pub use iterator::PySendResult;
pub use list::{BoundListIterator, PyList};
pub use mapping::PyMapping;
pub use memoryview::PyMemoryView;
pub use module::{PyModule, WrappedObject};
pub use none::PyNone;
pub use sequence::PySequence;
pub use set::{BoundSetIterator, PySet};
#[cfg(not(Py_LIMITED_API))]
pub use singletons::PyFrame;
pub use singletons::{
    PyDictItems, PyDictKeys, PyDictValues, PyEllipsis, PyFunction, PyGenericAlias, PyMappingProxy,
    PyNotImplemented, PyRange, PySuper,
};
pub use slice::{PySlice, PySliceIndices};
pub use string::PyString;
pub use traceback::PyTraceback;
pub use tuple::{BoundTupleIterator, PyTuple};
pub use type_::PyType;
pub use weakref::{PyWeakref, PyWeakrefProxy, PyWeakrefReference, WeakrefKind};

// PyO3's extension-trait names, importable from `types` as in PyO3 (and from the prelude).
macro_rules! compat_traits {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("PyO3 compatibility name; empty in pybound (the methods are inherent).")]
        pub trait $name {}
    )*};
}

compat_traits!(
    PyIteratorMethods,
    PyAnyMethods,
    PyBoolMethods,
    PyByteArrayMethods,
    PyBytesMethods,
    PyCapsuleMethods,
    PyCodeMethods,
    PyComplexMethods,
    PyDictMethods,
    PyFloatMethods,
    PyFrameMethods,
    PyFrozenSetMethods,
    PyListMethods,
    PyMappingMethods,
    PyMappingProxyMethods,
    PyModuleMethods,
    PyRangeMethods,
    PySequenceMethods,
    PySetMethods,
    PySliceMethods,
    PyStringMethods,
    PyTracebackMethods,
    PyTupleMethods,
    PyTypeMethods,
    PyWeakrefMethods,
);

/// PyO3's name for [`PyInt`].
pub type PyLong = PyInt;

/// PyO3's `types::iter` module: the iterator types of the built-in containers.
pub mod iter {
    pub use super::dict::BoundDictIterator;
    pub use super::list::BoundListIterator;
    pub use super::set::BoundSetIterator;
    pub use super::tuple::BoundTupleIterator;
    /// A frozen set's iterator (the same type as a set's).
    pub type BoundFrozenSetIterator<'py> = BoundSetIterator<'py>;
}

/// PyO3's `types::mappingproxy` module.
pub mod mappingproxy {
    pub use super::singletons::PyMappingProxy;
    pub use super::PyMappingProxyMethods;
}
