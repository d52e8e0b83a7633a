//! Python's code objects: source compiled once, run as often as needed.

use std::ffi::CStr;

use crate::err::PyResult;
use crate::ffi;
use crate::instance::Bound;
use crate::python::Python;
use crate::types::{PyAny, PyDict};

native_type!(
    /// Python's `types.CodeType`: compiled source, as `compile()` makes it.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// use pybound::types::{PyCode, PyCodeInput};
    /// Python::attach(|py| {
    ///     let code = PyCode::compile(py, c"x * 2", c"<calc>", PyCodeInput::Eval).unwrap();
    ///     let ns = PyDict::new(py);
    ///     for x in [1, 5] {
    ///         ns.set_item("x", x).unwrap();
    ///         assert_eq!(code.run(Some(&ns), None).unwrap().extract::<i32>().unwrap(), x * 2);
    ///     }
    ///     assert!(PyCode::compile(py, c"1 +", c"<bad>", PyCodeInput::Eval).is_err());
    /// });
    /// ```
    PyCode, "code", Some("builtins"),
    type_object: |py| code_type(py),
    check: |obj| {
        #[cfg(not(Py_LIMITED_API))]
        return ffi::PyCode_Check(obj.as_ptr()) != 0;
        #[cfg(Py_LIMITED_API)]
        return crate::abi::type_check(obj.as_ptr(), code_type(obj.py()), false);
    }
);

/// `types.CodeType` (the stable ABI does not export `PyCode_Type`).
#[inline]
fn code_type(_py: Python<'_>) -> *mut ffi::PyTypeObject {
    #[cfg(not(Py_LIMITED_API))]
    return std::ptr::addr_of_mut!(ffi::PyCode_Type);
    #[cfg(Py_LIMITED_API)]
    {
        static TYPE: crate::sync::PyOnceLock<crate::Py<crate::types::PyType>> =
            crate::sync::PyOnceLock::new();
        crate::abi::imported_type(_py, &TYPE, "types", "CodeType")
    }
}

/// What the source is: one expression (its value is the result) or statements (`None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyCodeInput {
    /// An expression, as `eval()` takes.
    Eval,
    /// Statements, as a module's source or `exec()` takes.
    File,
}

impl PyCode {
    /// `compile(code, filename, mode)`: `SyntaxError` for bad source; `filename` appears in
    /// tracebacks.
    pub fn compile<'py>(
        py: Python<'py>,
        code: &CStr,
        filename: &CStr,
        input: PyCodeInput,
    ) -> PyResult<Bound<'py, PyCode>> {
        let start = match input {
            PyCodeInput::Eval => ffi::Py_eval_input,
            PyCodeInput::File => ffi::Py_file_input,
        };
        // SAFETY: attached; both strings are NUL-terminated; returns a new code object or NULL
        // with an exception set.
        unsafe {
            Ok(Bound::<PyAny>::from_owned_ptr_or_err(
                py,
                ffi::Py_CompileString(code.as_ptr(), filename.as_ptr(), start),
            )?
            .cast_into_unchecked())
        }
    }
}

impl<'py> Bound<'py, PyCode> {
    /// Run the code with these globals (default: `__main__`'s namespace) and locals (default:
    /// the globals). Globals without `__builtins__` get the `builtins` module, so `len`,
    /// `range`, … resolve. Returns an expression's value, or `None` for statements.
    pub fn run(
        &self,
        globals: Option<&Bound<'py, PyDict>>,
        locals: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py();
        let globals = match globals {
            Some(g) => g.clone(),
            None => py.import("__main__")?.dict(),
        };
        let builtins_key = crate::intern!(py, "__builtins__");
        if !globals.contains(builtins_key)? {
            globals.set_item(builtins_key, py.import("builtins")?)?;
        }
        let locals = locals.unwrap_or(&globals);
        // SAFETY: attached; both dicts are live for the call; returns a new reference or NULL
        // with an exception set.
        unsafe {
            Bound::from_owned_ptr_or_err(
                py,
                ffi::PyEval_EvalCode(self.as_ptr(), globals.as_ptr(), locals.as_ptr()),
            )
        }
    }
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyCodeMethods;
