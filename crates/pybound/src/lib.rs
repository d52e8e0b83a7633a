//! # pybound
//!
//! Write Python extension modules in Rust, and embed Python in Rust programs, with an ownership
//! model that costs nothing over hand-written C-API code.
//!
//! ## The ownership model
//!
//! Python objects are reached through three smart pointers, each tied to proof that the thread
//! is attached to the interpreter:
//!
//! - [`Python<'py>`](Python) — the token. [`Python::attach`] attaches the thread and hands you
//!   one; [`Python::detach`] releases the interpreter around Rust work.
//! - [`Bound<'py, T>`](Bound) — an owned strong reference, usable while attached. Dropping it
//!   decrefs **at once**: there is no pool of temporaries that grows until the end of the
//!   attach scope, so memory stays flat however many objects a loop makes.
//! - [`Borrowed<'a, 'py, T>`](Borrowed) — a borrowed reference: no refcount traffic at all.
//! - [`Py<T>`](Py) — a detached, `Send + Sync` reference for structs, statics and other
//!   threads. [`Py::bind`] / [`Py::into_bound`] / [`Bound::unbind`] move between the two. A
//!   `Py<T>` dropped on a thread that is not attached is queued and decref'd at the next attach.
//!
//! ```
//! use pybound::prelude::*;
//!
//! // Bound: owned, usable inside the attach scope.
//! let stored: Py<PyList> = Python::attach(|py| -> PyResult<Py<PyList>> {
//!     let list: Bound<'_, PyList> = PyList::new(py, [1, 2, 3])?;
//!     list.append(4)?;
//!
//!     // Borrowed: a view with no refcount change (here, a tuple item).
//!     let t = PyTuple::new(py, ["x", "y"])?;
//!     let first: Borrowed<'_, '_, PyAny> = t.get_borrowed_item(0)?;
//!     assert_eq!(first.extract::<&str>()?, "x");
//!
//!     // Py: detached, can leave the scope and cross threads.
//!     Ok(list.unbind())
//! })
//! .unwrap();
//!
//! let total = std::thread::spawn(move || {
//!     Python::attach(|py| stored.bind(py).iter().map(|x| x.extract::<i64>().unwrap()).sum::<i64>())
//! })
//! .join()
//! .unwrap();
//! assert_eq!(total, 10);
//! ```
//!
//! The compiler enforces the rules: a `Bound` cannot outlive its `attach` closure, cannot be sent
//! to another thread, and cannot be used inside `detach`.
//!
//! ## Objects, conversions, errors
//!
//! - The generic object protocol (`getattr`, `call1`, `get_item`, comparisons, arithmetic, …) is
//!   on `Bound<'py, PyAny>`, which every `Bound<'py, T>` derefs to; each native type in
//!   [`types`] adds its own inherent methods. No trait imports are needed.
//! - [`FromPyObject`] and [`IntoPyObject`] convert between Rust and Python values; see
//!   [`conversion`] for the table.
//! - Failures are [`PyErr`] values in a [`PyResult`]; [`exceptions`] has every built-in
//!   exception type, [`create_exception!`] and [`import_exception!`] declare more.
//!
//! ## Embedding
//!
//! With the `auto-initialize` feature, the first [`Python::attach`] starts the interpreter.
//!
//! ```
//! use pybound::prelude::*;
//!
//! Python::attach(|py| -> PyResult<()> {
//!     let counter = py.import("collections")?.getattr("Counter")?;
//!     let counts = counter.call1(("abracadabra",))?;
//!     let top: Vec<(String, usize)> = counts.call_method1("most_common", (2,))?.extract()?;
//!     assert_eq!(top, [("a".to_owned(), 5), ("b".to_owned(), 2)]);
//!     Ok(())
//! })
//! .unwrap();
//! ```
//!
//! ## Features
//!
//! - `extension-module`: building a Python extension (do not link libpython).
//! - `auto-initialize`: embedding; `Python::attach` initialises the interpreter on first use.
//! - `py-clone`: `impl Clone for Py<T>`, which panics when the thread is not attached; without
//!   it use [`Py::clone_ref`].
//! - `abi3`, `abi3-py39` … `abi3-py314`: accepted so that crates ported from PyO3 build, but
//!   currently **no-ops** — pybound builds against the full C API of the interpreter it finds.
//! - `generate-import-lib`: passed to `pyo3-ffi` (Windows cross builds).

#![warn(missing_docs)]
#![allow(clippy::len_without_is_empty, clippy::missing_safety_doc)]

pub use pyo3_ffi as ffi;

mod attach;
pub mod call;
pub mod class;
pub mod conversion;
mod err;
pub mod exceptions;
mod instance;
pub mod module;
pub mod prelude;
mod python;
pub mod sync;
pub mod type_object;
pub mod types;

pub use conversion::{
    FromPyObject, FromPyObjectOwned, IntoPyObject, IntoPyObjectExt, PyBackedBytes, PyBackedStr,
};
pub use err::{CastError, CastIntoError, PyErr, PyErrArguments, PyResult};
pub use instance::{Borrowed, Bound, BoundObject, Py, PyObject};
pub use python::{Python, PythonVersionInfo, Ungil};
pub use types::any::CompareOp;

pub use pybound_macros::{pyclass, pyfunction, pymethods, pymodule, FromPyObject, IntoPyObject};

/// Turn a `#[pyfunction]` into a function object: `wrap_pyfunction!(f, m)` with `m` a
/// `&Bound<PyModule>` (the function's `__module__`) or a `Python` token.
///
/// ```
/// use pybound::prelude::*;
///
/// /// Add two numbers.
/// #[pyfunction]
/// fn add(a: i64, b: i64) -> i64 {
///     a + b
/// }
///
/// fn main() {
///     Python::attach(|py| {
///         let f = pybound::wrap_pyfunction!(add, py).unwrap();
///         assert_eq!(f.call1((2, 3)).unwrap().extract::<i64>().unwrap(), 5);
///     });
/// }
/// ```
#[macro_export]
macro_rules! wrap_pyfunction {
    ($($function:ident)::+, $module_or_py:expr) => {
        $crate::types::WrapPyFunctionArg::wrap($module_or_py, &$($function)::+::__PYBOUND_DEF)
    };
}

/// The user guide's chapters, compiled here so that their examples run as doctests.
#[cfg(doctest)]
mod guide {
    #[doc = include_str!("../../../docs/functions-and-modules.md")]
    mod functions_and_modules {}

    #[doc = include_str!("../../../docs/classes.md")]
    mod classes {}

    #[doc = include_str!("../../../docs/porting-from-pyo3.md")]
    mod porting_from_pyo3 {}
}

/// The small surface the macros and `macro_rules!` expansions call. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::attach::pending_decref_count;
    pub use crate::call::args::{
        convert_return, extract_argument, missing_argument, slot, Extras, FunctionDescription,
        KeywordOnlyParameter, EMPTY_SLOT,
    };
    pub use crate::call::args::{copy_arguments, new_from_tuple_dict, tuple_frame};
    pub use crate::call::trampoline::trampoline;
    pub use crate::call::trampoline::{
        binary_op, hash_value, is_instance_ptr, len_value, trampoline_hash, trampoline_len,
        trampoline_status, unsupported_descriptor_op, unsupported_item_op, BinaryOpResult,
    };
    pub use crate::class::{
        assert_mutable, assert_pyclass_send, clear, frozen, hash_slot, into_new_object,
        make_variant_type, richcmp_eq, richcmp_ord, str_slot, traverse, ClassItems, ClassSlots,
        FreeList, GetSetDef, LazyTypeObject, MethodDef, MethodsRegistry, MutablePyClass, PyClass,
        PyClassBaseType, PyClassObject, RegistryNode, SlotFn,
    };
    pub use crate::conversion::derive_support::{enum_error, field_error, field_extract};
    pub use crate::conversion::ints::small_int_fast_path_active;
    pub use crate::module::ModuleDef;
    pub use crate::sync::PyOnceLock;
    pub use crate::types::PyFunctionDef;

    use crate::instance::{Bound, Py};
    use crate::types::PyType;
    use crate::{PyResult, Python};

    /// Create an exception class `qualified_name` (NUL-terminated, `"module.Name\0"`).
    pub fn new_exception_type(
        py: Python<'_>,
        qualified_name: &'static str,
        doc: &'static str,
        base: &Bound<'_, PyType>,
    ) -> Py<PyType> {
        let name = std::ffi::CStr::from_bytes_with_nul(qualified_name.as_bytes())
            .expect("exception name must be NUL-terminated without inner NULs");
        let doc = std::ffi::CString::new(doc).ok();
        let doc_ptr = doc.as_ref().map_or(std::ptr::null(), |d| d.as_ptr());
        // SAFETY: attached; returns a new reference to the class, or NULL (then we panic with
        // the error: a class that cannot be created is a programming error).
        unsafe {
            Bound::from_owned_ptr(
                py,
                crate::ffi::PyErr_NewExceptionWithDoc(
                    name.as_ptr(),
                    doc_ptr,
                    base.as_ptr(),
                    std::ptr::null_mut(),
                ),
            )
            .cast_into_unchecked()
            .unbind()
        }
    }

    /// Import `module.name` and check it is a class; panics with the import error otherwise
    /// (the marker type cannot exist without its class).
    pub fn import_exception_type(py: Python<'_>, module: &str, name: &str) -> Py<PyType> {
        let load = || -> PyResult<Py<PyType>> {
            Ok(py
                .import(module)?
                .getattr(name)?
                .cast_into::<PyType>()?
                .unbind())
        };
        load().unwrap_or_else(|err| panic!("cannot import exception {module}.{name}: {err}"))
    }
}
