//! Assembling a module's stub (feature `stubs`): which functions and classes are pybound's, and
//! the Python code that walks the live module (`generate.py`).

use std::ffi::CString;
use std::sync::Mutex;

use super::MemberStub;
use crate::class::ClassItems;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Bound, Py};
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyCFunction, PyDict, PyModule, PyType};
use crate::types::{PyFunctionDef, PyTuple};
use crate::IntoPyObject;

/// The definitions of the function objects created so far. A definition is recorded once;
/// there are as many as the binary has `#[pyfunction]`s, so the list is bounded.
static FUNCTIONS: Mutex<Vec<&'static PyFunctionDef>> = Mutex::new(Vec::new());

/// A class whose type object exists: its type (never freed: the class caches it), its Rust
/// name and its member tables.
struct ClassRecord {
    ty: usize,
    rust_name: &'static str,
    items: Vec<&'static ClassItems>,
}

static CLASSES: Mutex<Vec<ClassRecord>> = Mutex::new(Vec::new());

/// Note that a function object is being created from `def`.
pub(crate) fn record_function(def: &'static PyFunctionDef) {
    let mut functions = FUNCTIONS.lock().unwrap_or_else(|e| e.into_inner());
    if !functions.iter().any(|d| std::ptr::eq(*d, def)) {
        functions.push(def);
    }
}

/// Note a new class type object.
pub(crate) fn record_class(
    ty: &Bound<'_, PyType>,
    rust_name: &'static str,
    items: Vec<&'static ClassItems>,
) {
    CLASSES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(ClassRecord {
            ty: ty.as_ptr() as usize,
            rust_name,
            items,
        });
}

/// What pybound knows of `obj`: `("function", signature)` for a `#[pyfunction]`'s function
/// object, `("class", rust_name, [(name, kind, text), ...])` for a `#[pyclass]`, else `None`.
fn describe<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    if let Ok(function) = obj.cast::<PyCFunction>() {
        // SAFETY: attached; `function` is a `builtin_function_or_method`.
        let c_function = unsafe { ffi::PyCFunction_GetFunction(function.as_ptr()) }
            .map_or(std::ptr::null(), |f| f as *const std::ffi::c_void);
        let name: String = function.getattr("__name__")?.extract()?;
        let functions = FUNCTIONS.lock().unwrap_or_else(|e| e.into_inner());
        // The name as well as the C function: identical wrappers may be merged into one.
        let def = functions
            .iter()
            .find(|d| d.c_function() == c_function && d.name().to_bytes() == name.as_bytes());
        if let Some(def) = def {
            return ("function", def.stub())
                .into_pyobject(py)
                .map(Bound::into_any);
        }
    } else if obj.cast::<PyType>().is_ok() {
        let classes = CLASSES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = classes.iter().find(|c| c.ty == obj.as_ptr() as usize) {
            let members: Vec<(&str, &str, &str)> = c
                .items
                .iter()
                .flat_map(|it| it.stubs.iter())
                .map(|MemberStub { name, kind, text }| (*name, *kind, *text))
                .collect();
            return ("class", c.rust_name, members)
                .into_pyobject(py)
                .map(Bound::into_any);
        }
    }
    Ok(py.None().into_bound(py))
}

/// The stub (`.pyi` text) of `module`, from what it holds now (see the [module](super)
/// documentation).
pub fn module_stub(module: &Bound<'_, PyModule>) -> PyResult<String> {
    let py = module.py();
    // `generate.py`'s `generate`, compiled once per process.
    static GENERATE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let generate = GENERATE.get_or_try_init(py, || -> PyResult<_> {
        let source = CString::new(include_str!("generate.py")).expect("no NUL in generate.py");
        let globals = PyDict::new(py);
        py.run(&source, Some(&globals), None)?;
        Ok(globals
            .get_item("generate")?
            .expect("generate.py defines generate")
            .unbind())
    })?;
    let describe = PyCFunction::new_closure(
        py,
        Some(c"describe"),
        None,
        |args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>| -> PyResult<_> {
            describe(&args.get_item(0)?).map(Bound::unbind)
        },
    )?;
    generate.bind(py).call1((module, describe))?.extract()
}

/// Add `_pybound_stubs()` to a new module: it returns the module's stub.
pub(crate) fn add_stub_function(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let name: String = module.name()?.extract()?;
    let function = PyCFunction::new_closure(
        module.py(),
        Some(c"_pybound_stubs"),
        Some(c"_pybound_stubs()\n--\n\nThe type stub (`.pyi` text) of this module."),
        move |args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>| -> PyResult<String> {
            let py = args.py();
            // Found by name, not captured: a captured module would keep itself alive.
            let module = py.import("sys")?.getattr("modules")?.get_item(&name)?;
            module_stub(module.cast::<PyModule>()?)
        },
    )?;
    // Not `add`: that would list it in `__all__`.
    module.setattr("_pybound_stubs", function)
}
