//! The runtime of [pybound](https://docs.rs/pybound): the `Python` token, the `Bound` /
//! `Borrowed` / `Py` pointers, native types, conversions, errors and the class runtime.
//!
//! Depend on the `pybound` crate instead: it re-exports everything here together with the
//! procedural macros (`#[pyfunction]`, `#[pyclass]`, …). The two halves are separate crates so
//! that Cargo compiles this runtime in parallel with `syn` and the macros.

#![warn(missing_docs)]
#![allow(clippy::len_without_is_empty, clippy::missing_safety_doc)]

pub use pyo3_ffi as ffi;

mod abi;
mod attach;
#[cfg(any(not(Py_LIMITED_API), Py_3_11))]
pub mod buffer;
pub mod call;
mod callback;
pub mod class;
pub mod conversion;
pub mod conversions;
pub mod coroutine;
mod decref_queue;
mod err;
pub mod exceptions;
mod instance;
#[cfg(not(Py_LIMITED_API))]
pub mod marshal;
pub mod module;
pub mod prelude;
mod python;
#[cfg(feature = "serde")]
pub mod serde;
pub mod stubs;
pub mod sync;
pub mod type_object;
pub mod types;

/// PyO3's module of class-related names: [`CompareOp`], [`PyClass`] and the borrow guards.
pub mod pyclass {
    pub use crate::class::{
        PyClass, PyClassGuard, PyClassGuardMap, PyClassGuardMapMut, PyClassGuardMut,
    };
    pub use crate::types::any::CompareOp;
}

/// PyO3's `pycell` module: the owning borrows and their errors.
pub mod pycell {
    pub use crate::class::{PyBorrowError, PyBorrowMutError, PyRef, PyRefMut};
}

/// PyO3's `pyclass_init` module: [`PyClassInitializer`].
pub mod pyclass_init {
    pub use crate::class::PyClassInitializer;
}

/// PyO3's `pybacked` module: owned, `Send` views of `str` and `bytes` objects.
pub mod pybacked {
    pub use crate::conversion::{PyBackedBytes, PyBackedStr};
}

/// PyO3's `marker` module: the token and the bound of what may cross `detach`.
pub mod marker {
    pub use crate::python::{Python, Ungil};
}

/// PyO3's `panic` module: the exception a Rust panic becomes.
pub mod panic {
    pub use crate::exceptions::PanicException;
}

pub use conversion::{
    FromPyObject, FromPyObjectOwned, IntoPyObject, IntoPyObjectExt, PyBackedBytes, PyBackedStr,
};
pub use err::{CastError, CastIntoError, PyErr, PyErrArguments, PyResult, ToPyErr};
pub use instance::{Borrowed, Bound, BoundObject, Py, PyObject};
pub use python::{with_embedded_python_interpreter, Python, PythonVersionInfo, Ungil};
pub use types::any::CompareOp;
// Root names PyO3 has, so `use pyo3::{PyTypeInfo, PyRef, ...}` ports by the rename.
pub use class::{
    PyClass, PyClassGuard, PyClassGuardMut, PyClassInitializer, PyRef, PyRefMut, PyTraverseError,
    PyVisit,
};
pub use type_object::{PyTypeCheck, PyTypeInfo};
pub use types::PyAny;
// PyO3 has these modules at its root too (`use pyo3::gc::PyVisit`).
pub use class::{basic, gc};

/// Turn a `#[pyfunction]` into a function object: `wrap_pyfunction!(f, m)` with `m` a
/// `&Bound<PyModule>` (the function's `__module__`) or a `Python` token. With the function
/// alone, `wrap_pyfunction!(f)` is a closure taking the token (what
/// [`add_wrapped`](crate::Bound::add_wrapped) takes), as in PyO3.
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
    ($($function:ident)::+) => {
        &$crate::__private::function_maker(|py| {
            $crate::types::WrapPyFunctionArg::wrap(py, &$($function)::+::__PYBOUND_DEF)
        })
    };
}

/// A closure that creates the `#[pymodule]` at `path` as a module object (not through the
/// import system), as in PyO3: `m.add_wrapped(wrap_pymodule!(sub))` adds it as a submodule.
/// The closure returns `Py<PyModule>` and panics if the module's initialiser fails (a
/// `#[pymodule_export]` of the module reports that error instead).
///
/// ```
/// use pybound::prelude::*;
///
/// #[pymodule]
/// #[pybound(submodule)]
/// fn inner(m: &Bound<'_, PyModule>) -> PyResult<()> {
///     m.add("ANSWER", 42)
/// }
///
/// fn main() {
///     Python::attach(|py| {
///         let m = pybound::wrap_pymodule!(inner)(py);
///         assert_eq!(m.bind(py).getattr("ANSWER").unwrap().extract::<i64>().unwrap(), 42);
///     });
/// }
/// ```
#[macro_export]
macro_rules! wrap_pymodule {
    ($($module:ident)::+) => {
        &|py: $crate::Python<'_>| -> $crate::Py<$crate::types::PyModule> {
            $($module)::+::__PYBOUND_MODULE
                .make_submodule(py)
                .expect("failed to create the #[pymodule]")
                .unbind()
        }
    };
}

/// Make a `#[pymodule]` importable from Python embedded in this program: call it before the
/// interpreter starts (before the first `Python::attach`), as PyO3's macro of the same name.
///
/// ```
/// use pybound::prelude::*;
///
/// #[pymodule]
/// mod greeter {
///     use pybound::prelude::*;
///
///     #[pyfunction]
///     fn hello(name: &str) -> String {
///         format!("hello, {name}")
///     }
/// }
///
/// fn main() -> PyResult<()> {
///     pybound::append_to_inittab!(greeter);
///     Python::attach(|py| {
///         let hello = py.import("greeter")?.getattr("hello")?;
///         assert_eq!(hello.call1(("you",))?.extract::<String>()?, "hello, you");
///         Ok(())
///     })
/// }
/// ```
///
/// # Panics
/// When an interpreter is already running in this process.
#[macro_export]
macro_rules! append_to_inittab {
    ($module:ident) => {
        $module::__PYBOUND_MODULE.append_to_inittab($module::__PyboundModule::INIT)
    };
}

/// Run Python statements with Rust values as variables, panicking (after printing the
/// traceback) if they raise: for tests and examples, as PyO3's `py_run!`. The code is
/// dedented first, so it can be indented with the Rust around it.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::py_run;
///
/// Python::attach(|py| {
///     let numbers = vec![1, 2, 3];
///     let label = "sum";
///     py_run!(py, numbers label, "assert sum(numbers) == 6 and label == 'sum'");
///     let locals = [("x", 5)].into_py_dict(py).unwrap();
///     py_run!(py, *locals, "
///         y = x * 2
///         assert y == 10
///     ");
/// });
/// ```
#[macro_export]
macro_rules! py_run {
    ($py:expr, $($val:ident)+, $code:expr) => {{
        let locals = $crate::types::PyDict::new($py);
        $(
            locals
                .set_item(::std::stringify!($val), &$val)
                .expect(::std::concat!("py_run!: cannot convert `", ::std::stringify!($val), "`"));
        )+
        $crate::__private::py_run($py, &locals, $code)
    }};
    ($py:expr, *$locals:expr, $code:expr) => {
        $crate::__private::py_run($py, &$locals, $code)
    };
}

/// The small surface the macros and `macro_rules!` expansions call. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::__method_def as method_def;
    pub use crate::__stub as stub;
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    pub use crate::attach::kept_utf8_copies;
    pub use crate::attach::pending_decref_count;
    pub use crate::callback::args::{
        argument_slot, convert_return, extract_argument, from_py_with, new_from_tuple_dict,
        new_from_tuple_dict_plain, optional_argument, required_argument, FieldGetter,
        FunctionDescription, GetByClone, GetByRef, KeywordOnlyParameter, KeywordValues, EMPTY_SLOT,
    };
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    pub use crate::callback::convention::fastcall_from_varargs;
    pub use crate::callback::convention::FastcallFn;
    pub use crate::callback::trampoline::{trampoline, trampoline_with};
    pub use crate::class::slot_support::{
        attribute_or_none, binary_op, generic_alias, generic_getattr, hash_value, inplace_result,
        is_instance_ptr, len_value, negated_comparison, none_if_null, power_op,
        set_or_delete_property, store_or_delete, BinaryOpResult, OperatorFn, SharedSlot, StoreFn,
    };
    #[cfg(any(Py_3_11, not(Py_LIMITED_API)))]
    pub use crate::class::slot_support::{get_buffer, release_buffer};
    pub use crate::class::vectorcall_new::{
        direct_new_allowed, new_through_type_call, vectorcall_nargs,
    };
    pub use crate::class::{
        assert_mutable, assert_pyclass_send, clear, frozen, hash_slot, into_new_object,
        make_variant_type, richcmp_eq, richcmp_ord, str_slot, traverse, Absent, ClassItems,
        ClassSlots, FreeList, GetSetDef, LazyTypeObject, MethodDef, MethodsRegistry,
        MutablePyClass, Present, PyClass, PyClassBaseType, PyClassBaseValue, PyClassObject,
        RegistryNode, SlotFn,
    };
    pub use crate::class::{
        borrow_part, operand_guard, operand_guard_mut, release_part, OwnedBorrow,
    };
    pub use crate::conversion::derive_support::{
        enum_error, field_error, field_extract, field_extract_with,
    };
    pub use crate::conversion::ints::{
        small_int_fast_path_active, small_int_layout_known_at_build,
    };
    pub use crate::coroutine::{coroutine_output, coroutine_result};
    pub use crate::module::{add_class, Export, ModuleDef, ModuleInitializer};
    pub use crate::stubs::MemberStub;
    pub use crate::sync::PyOnceLock;
    pub use crate::types::function::function_maker;
    pub use crate::types::PyFunctionDef;

    use crate::instance::{Bound, Py};
    use crate::types::PyType;
    use crate::{PyResult, Python};

    /// Named by `#[pyclass(skip_from_py_object)]`, to warn as PyO3 0.30 does.
    #[deprecated(
        since = "0.1.0",
        note = "`skip_from_py_object` is the default (as in PyO3 0.30): classes are extracted by clone only with `from_py_object`; remove the option"
    )]
    pub const SKIP_FROM_PY_OBJECT_DEPRECATED: () = ();

    /// What `py_run!` runs: `code`, dedented, with `locals`; panics with the traceback printed
    /// if it raises.
    #[track_caller]
    pub fn py_run(py: Python<'_>, locals: &Bound<'_, crate::types::PyDict>, code: &str) {
        let code = dedent(code);
        let source = std::ffi::CString::new(code.as_str()).expect("py_run!: code contains a NUL");
        if let Err(err) = py.run(&source, None, Some(locals)) {
            err.print(py);
            panic!("py_run! failed running:\n{code}");
        }
    }

    /// `code` without the leading whitespace its non-blank lines share.
    fn dedent(code: &str) -> String {
        let indent = code
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        code.lines()
            .map(|l| l.get(indent..).unwrap_or("").trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }

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
