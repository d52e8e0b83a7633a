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
//! - `abi3`, `abi3-py39` … `abi3-py314`: build against CPython's stable ABI, so one wheel
//!   (`cp39-abi3`, …) serves every CPython from that minimum up. Some fast paths become C-API
//!   calls and a few features need a newer minimum (buffers: 3.11; native base classes: not
//!   at all); docs/threads-and-versions.md lists them and what they cost.
//! - `generate-import-lib`: passed to `pyo3-ffi` (Windows cross builds).

#![warn(missing_docs)]

pub use pybound_core::*;
pub use pybound_macros::{
    pyclass, pyfunction, pymethods, pymodule, FromPyObject, IntoPyObject, IntoPyObjectRef,
};

/// `use pybound::prelude::*;` brings the pointers, the token, the conversion traits and derive
/// macros, the error types, every native type marker and the attribute macros.
pub mod prelude {
    pub use pybound_core::prelude::*;
    pub use pybound_macros::{
        pyclass, pyfunction, pymethods, pymodule, FromPyObject, IntoPyObject, IntoPyObjectRef,
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

    #[doc = include_str!("../../../docs/buffers.md")]
    mod buffers {}

    #[cfg(feature = "serde")]
    #[doc = include_str!("../../../docs/conversions.md")]
    mod conversions {}

    #[doc = include_str!("../../../docs/threads-and-versions.md")]
    mod threads_and_versions {}

    #[doc = include_str!("../../../docs/embedding.md")]
    mod embedding {}

    #[doc = include_str!("../../../docs/errors.md")]
    mod errors {}

    #[doc = include_str!("../../../docs/getting-started.md")]
    mod getting_started {}

    #[cfg(feature = "stubs")]
    #[doc = include_str!("../../../docs/type-stubs.md")]
    mod type_stubs {}
}
