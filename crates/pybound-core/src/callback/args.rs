//! Argument parsing for `#[pyfunction]` wrappers (vectorcall: `METH_FASTCALL | METH_KEYWORDS`).
//!
//! The macro generates, per function, a straight-line fast path for the common call shape
//! (exactly the positional parameters, no keywords): the arguments are converted straight from
//! CPython's argument array. For functions without `*args`/`**kwargs`, the other shapes go
//! through one out-of-line call, [`FunctionDescription::extract_positional_or_keyword`], which
//! places keywords given by the parameters' interned names directly. Every other shape goes
//! through [`FunctionDescription::extract_fastcall`], which places keywords, collects `*args`
//! and `**kwargs`, and raises CPython's own errors for wrong calls.

use std::ptr;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyTypeError;
use crate::ffi;
use crate::instance::{Bound, BoundObject, Py};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::type_object::PyTypeCheck;
use crate::types::{PyAny, PyDict, PyString, PyTuple};

/// A keyword-only parameter (after `*` or `*args`).
#[derive(Debug)]
pub struct KeywordOnlyParameter {
    /// Its name.
    pub name: &'static str,
    /// Whether the call must supply it (no default).
    pub required: bool,
}

/// The shape of a function's parameters, as the macro saw its signature.
#[derive(Debug)]
pub struct FunctionDescription {
    /// The name used in error messages (`name()`).
    pub func_name: &'static str,
    /// The class of a method or constructor, named before it in messages
    /// (`Point.__new__() takes …`, as CPython names methods).
    pub cls_name: Option<&'static str>,
    /// Positional parameters in order (positional-only first).
    pub positional_names: &'static [&'static str],
    /// How many of `positional_names` are positional-only (before `/`).
    pub positional_only: usize,
    /// How many leading positional parameters have no default.
    pub required_positional: usize,
    /// Keyword-only parameters.
    pub keyword_only: &'static [KeywordOnlyParameter],
    /// Whether `*args` collects extra positional arguments.
    pub accept_varargs: bool,
    /// Whether `**kwargs` collects extra keyword arguments.
    pub accept_varkwargs: bool,
    /// The parameter names as interned Python strings, in slot order, made on first use:
    /// keyword names at call sites are interned too, so most lookups are pointer compares.
    pub interned_names: PyOnceLock<Box<[Py<PyString>]>>,
}

/// What [`FunctionDescription::extract_fastcall`] collected beyond the named parameters.
pub type Extras<'py> = (Option<Bound<'py, PyTuple>>, Option<Bound<'py, PyDict>>);

impl FunctionDescription {
    /// `func` or `Class.func`, as error messages name it.
    fn display_name(&self) -> std::borrow::Cow<'static, str> {
        match self.cls_name {
            Some(cls) => std::borrow::Cow::Owned(format!("{cls}.{}", self.func_name)),
            None => std::borrow::Cow::Borrowed(self.func_name),
        }
    }

    /// Total number of named parameters (the length of the output array).
    pub const fn parameter_count(&self) -> usize {
        self.positional_names.len() + self.keyword_only.len()
    }

    /// Place a vectorcall's arguments into `output` (one borrowed pointer per named parameter,
    /// NULL where not given), and collect `*args` / `**kwargs`.
    ///
    /// # Safety
    /// `args` must hold `nargs` positional arguments followed by one value per name in
    /// `kwnames` (a tuple of str, or NULL), as CPython's vectorcall passes them; `output` must
    /// have [`parameter_count`](Self::parameter_count) slots, all NULL.
    pub unsafe fn extract_fastcall<'py>(
        &self,
        py: Python<'py>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
        output: &mut [*mut ffi::PyObject],
    ) -> PyResult<Extras<'py>> {
        let nargs = nargs as usize;
        let n_positional = self.positional_names.len();
        // SAFETY: CPython guarantees `nargs` readable pointers (the slice is empty for 0).
        let positional: &[*mut ffi::PyObject] = if nargs == 0 {
            &[]
        } else {
            unsafe { std::slice::from_raw_parts(args, nargs) }
        };

        let taken = nargs.min(n_positional);
        // SAFETY: `taken <= nargs` readable pointers, `taken <= output.len()`.
        unsafe { copy_arguments(args, taken, output) };
        let varargs = if nargs > n_positional {
            if !self.accept_varargs {
                return Err(self.too_many_positional(nargs));
            }
            Some(PyTuple::new(
                py,
                positional[n_positional..].iter().map(|&p| {
                    // SAFETY: a valid borrowed argument, increfed into the tuple.
                    unsafe { Bound::from_borrowed_ptr(py, p) }
                }),
            )?)
        } else if self.accept_varargs {
            Some(PyTuple::empty(py))
        } else {
            None
        };

        let mut varkwargs: Option<Bound<'py, PyDict>> = None;
        if !kwnames.is_null() {
            // SAFETY: `kwnames` is a tuple of str; the values follow the positionals in `args`.
            let names: &Bound<'py, PyTuple> =
                unsafe { Bound::ref_from_ptr(py, &kwnames).cast_unchecked() };
            let interned = self.interned_names(py);
            let mut positional_only_as_keyword: Vec<&str> = Vec::new();
            for (i, name_obj) in names.iter_borrowed().enumerate() {
                // SAFETY: value `i` of the keywords, valid for the call.
                let value = unsafe { *args.add(nargs + i) };
                // Fast: the call site's name is the interned parameter name itself.
                if let Some(slot) = interned
                    .iter()
                    .position(|n| n.as_ptr() == name_obj.as_ptr())
                {
                    if slot >= self.positional_only {
                        if !output[slot].is_null() {
                            return Err(self.multiple_values(self.slot_name(slot)));
                        }
                        output[slot] = value;
                        continue;
                    }
                }
                // SAFETY: kwnames holds str objects only.
                let name_ref = unsafe { name_obj.cast_unchecked::<PyString>() };
                // A name UTF-8 cannot hold (a lone surrogate) is no parameter's name: it goes to
                // `**kwargs` or is unexpected, as in CPython.
                let name_str = name_ref.to_str_borrowed().ok();
                match name_str.and_then(|n| self.find_keyword(n)) {
                    Some(slot) => {
                        if !output[slot].is_null() {
                            return Err(self.multiple_values(self.slot_name(slot)));
                        }
                        output[slot] = value;
                    }
                    None => {
                        if self.accept_varkwargs {
                            let dict = varkwargs.get_or_insert_with(|| PyDict::new(py));
                            // SAFETY: `value` is a valid borrowed argument.
                            dict.set_item(name_obj, unsafe { Bound::ref_from_ptr(py, &value) })?;
                        } else if let Some(name) = name_str
                            .filter(|n| self.positional_names[..self.positional_only].contains(n))
                        {
                            positional_only_as_keyword.push(self.positional_name(name));
                        } else {
                            return Err(PyTypeError::new_err(format!(
                                "{}() got an unexpected keyword argument '{}'",
                                self.display_name(),
                                name_ref.to_string_lossy()
                            )));
                        }
                    }
                }
            }
            if !positional_only_as_keyword.is_empty() {
                return Err(PyTypeError::new_err(format!(
                    "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                    self.display_name(),
                    positional_only_as_keyword.join(", ")
                )));
            }
        }
        self.check_required(output)?;
        Ok((varargs, varkwargs))
    }

    /// The call shapes [`fastcall_frame`](Self::fastcall_frame) does not take itself (it
    /// handles exactly the positional parameters and omitted defaults): keywords by interned
    /// name are placed directly, anything else, including every wrong call, goes through
    /// [`extract_fastcall`](Self::extract_fastcall). Out of line, so that the wrapper's own
    /// fast path stays small.
    ///
    /// # Safety
    /// As [`extract_fastcall`](Self::extract_fastcall): `output` is all NULL on entry (the
    /// wrappers' slot arrays start so), which spares clearing it before the common shapes.
    #[inline(never)]
    pub unsafe fn extract_positional_or_keyword(
        &self,
        py: Python<'_>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
        output: &mut [*mut ffi::PyObject],
    ) -> PyResult<()> {
        debug_assert!(output.iter().all(|p| p.is_null()), "slots start empty");
        // SAFETY: per the caller (a vectorcall frame).
        unsafe {
            if !kwnames.is_null() && self.place_keywords(py, args, nargs, kwnames, output) {
                return Ok(());
            }
            output.fill(ptr::null_mut());
            self.extract_fastcall(py, args, nargs, kwnames, output)
                .map(drop)
        }
    }

    /// Where a wrapper for a function without `*args`, `**kwargs` and keyword-only parameters
    /// reads its `N` arguments from: CPython's own argument array when the call passes exactly
    /// the positional parameters (nothing is copied); otherwise `slots`, filled by
    /// [`extract_positional_or_keyword`](Self::extract_positional_or_keyword) (NULL where a
    /// defaulted parameter was not given). `required` is the number of leading parameters
    /// without a default: every one of those is present in the result, so the wrapper reads
    /// them without a check.
    ///
    /// Inlined into the wrapper with `N` and `required` as constants: the exact shape costs two
    /// compares, and a call that omits defaulted arguments one copy.
    ///
    /// # Safety
    /// A vectorcall frame as CPython passes it (see [`extract_fastcall`](Self::extract_fastcall)).
    #[inline(always)]
    pub unsafe fn fastcall_frame<const N: usize>(
        &self,
        py: Python<'_>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
        slots: &mut [*mut ffi::PyObject; N],
        required: usize,
    ) -> PyResult<*const *mut ffi::PyObject> {
        if kwnames.is_null() {
            if nargs == N as ffi::Py_ssize_t {
                return Ok(args);
            }
            if required < N && nargs >= required as ffi::Py_ssize_t && nargs < N as ffi::Py_ssize_t
            {
                // SAFETY: CPython passes `nargs` readable pointers; `nargs < N` was checked and
                // the other slots stay NULL.
                unsafe { copy_arguments(args, nargs as usize, slots) };
                return Ok(slots.as_ptr());
            }
        }
        // SAFETY: forwarded from the caller; `slots` has one entry per named parameter.
        unsafe { self.extract_positional_or_keyword(py, args, nargs, kwnames, slots)? };
        Ok(slots.as_ptr())
    }

    /// [`fastcall_frame`](Self::fastcall_frame) for `tp_new`'s arguments (a tuple and NULL or a
    /// dict): the tuple's own items when they are exactly the positional parameters (`slots`
    /// gives their number); `None` for any other shape, which the caller parses with
    /// [`new_from_tuple_dict_plain`].
    ///
    /// # Safety
    /// `args` must be a tuple and `kwargs` NULL or a dict.
    #[inline(always)]
    pub unsafe fn exact_tuple_frame<const N: usize>(
        &self,
        args: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
        _slots: &[*mut ffi::PyObject; N],
    ) -> Option<*const *mut ffi::PyObject> {
        // SAFETY: per the caller.
        #[cfg(not(Py_LIMITED_API))]
        let (items, n) = unsafe { tuple_frame(args) };
        #[cfg(not(Py_LIMITED_API))]
        return (kwargs.is_null() && n == N as ffi::Py_ssize_t).then_some(items);
        // The stable ABI hides a tuple's item array: every call is parsed into the slots.
        #[cfg(Py_LIMITED_API)]
        {
            let _ = (args, kwargs);
            None
        }
    }

    /// The common keyword call without the general parser: at most the named positional
    /// arguments, then keywords whose names are the very (interned) strings of parameters that
    /// may be given by keyword, each once, and every required parameter present. Places them in
    /// `output` and returns `true`; returns `false` as soon as the call is anything else (the
    /// caller then clears `output` and runs [`extract_fastcall`](Self::extract_fastcall), which
    /// also produces the errors). For functions without `*args`, `**kwargs` and keyword-only
    /// parameters.
    ///
    /// # Safety
    /// As [`extract_fastcall`](Self::extract_fastcall), with `kwnames` not NULL.
    #[inline]
    pub unsafe fn place_keywords(
        &self,
        py: Python<'_>,
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
        output: &mut [*mut ffi::PyObject],
    ) -> bool {
        let Some(interned) = self.interned_names.get(py) else {
            return false;
        };
        let nargs = nargs as usize;
        if nargs > output.len() {
            return false;
        }
        // SAFETY: per the caller, `nargs` argument pointers and then one value per keyword.
        unsafe {
            copy_arguments(args, nargs, output);
            let nkw = crate::abi::tuple_size(kwnames);
            for i in 0..nkw {
                let key = crate::abi::tuple_item(kwnames, i);
                // Keywords usually come in parameter order after the positional arguments:
                // try that slot first, then search.
                let guess = nargs + i;
                let slot = if guess >= self.positional_only
                    && guess < interned.len()
                    && interned[guess].as_ptr() == key
                {
                    guess
                } else {
                    match (self.positional_only..interned.len())
                        .find(|&j| interned[j].as_ptr() == key)
                    {
                        Some(j) => j,
                        None => return false,
                    }
                };
                if !output[slot].is_null() {
                    return false;
                }
                output[slot] = *args.add(nargs + i);
            }
        }
        output[..self.required_positional]
            .iter()
            .all(|p| !p.is_null())
    }

    fn interned_names(&self, py: Python<'_>) -> &[Py<PyString>] {
        self.interned_names.get_or_init(py, || {
            let names = self
                .positional_names
                .iter()
                .copied()
                .chain(self.keyword_only.iter().map(|p| p.name));
            names.map(|n| PyString::intern(py, n).unbind()).collect()
        })
    }

    fn slot_name(&self, slot: usize) -> &'static str {
        match self.positional_names.get(slot) {
            Some(n) => n,
            None => self.keyword_only[slot - self.positional_names.len()].name,
        }
    }

    #[cold]
    fn multiple_values(&self, name: &str) -> PyErr {
        PyTypeError::new_err(format!(
            "{}() got multiple values for argument '{}'",
            self.display_name(),
            name
        ))
    }

    fn positional_name(&self, name: &str) -> &'static str {
        self.positional_names
            .iter()
            .copied()
            .find(|n| *n == name)
            .unwrap_or("")
    }

    /// The output slot a keyword goes to: a positional-or-keyword parameter or a keyword-only
    /// one. Positional-only parameters cannot be passed by keyword.
    fn find_keyword(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.positional_names[self.positional_only..]
            .iter()
            .position(|n| *n == name)
        {
            return Some(self.positional_only + i);
        }
        self.keyword_only
            .iter()
            .position(|p| p.name == name)
            .map(|i| self.positional_names.len() + i)
    }

    fn check_required(&self, output: &[*mut ffi::PyObject]) -> PyResult<()> {
        let missing: Vec<&str> = (0..self.required_positional)
            .filter(|&i| output[i].is_null())
            .map(|i| self.positional_names[i])
            .collect();
        if !missing.is_empty() {
            return Err(self.missing("positional", &missing));
        }
        let n_positional = self.positional_names.len();
        let missing: Vec<&str> = self
            .keyword_only
            .iter()
            .enumerate()
            .filter(|(i, p)| p.required && output[n_positional + i].is_null())
            .map(|(_, p)| p.name)
            .collect();
        if !missing.is_empty() {
            return Err(self.missing("keyword-only", &missing));
        }
        Ok(())
    }

    /// `f() missing 2 required positional arguments: 'a' and 'b'`, as CPython words it.
    fn missing(&self, kind: &str, names: &[&str]) -> PyErr {
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        let plural = if names.len() == 1 { "" } else { "s" };
        PyTypeError::new_err(format!(
            "{}() missing {} required {kind} argument{plural}: {list}",
            self.display_name(),
            names.len()
        ))
    }

    /// `f() takes 2 positional arguments but 3 were given`, as CPython words it.
    fn too_many_positional(&self, given: usize) -> PyErr {
        let max = self.positional_names.len();
        let min = self.required_positional;
        let takes = if min == max {
            format!(
                "{max} positional argument{}",
                if max == 1 { "" } else { "s" }
            )
        } else {
            format!("from {min} to {max} positional arguments")
        };
        let was = if given == 1 { "was" } else { "were" };
        PyTypeError::new_err(format!(
            "{}() takes {takes} but {given} {was} given",
            self.display_name()
        ))
    }
}

/// Conversion of one argument into a parameter's Rust type. Implemented for every
/// [`FromPyObject`] type (owned or borrowing from the argument, like `&str`) and for
/// `&Bound<'py, T>` / `Option<&Bound<'py, T>>` (a type-checked view of the argument itself).
pub trait PyFunctionArgument<'a, 'py>: Sized {
    /// Convert.
    fn extract_argument(obj: &'a Bound<'py, PyAny>) -> PyResult<Self>;
}

impl<'a, 'py, T> PyFunctionArgument<'a, 'py> for T
where
    T: FromPyObject<'a, 'py>,
{
    #[inline]
    fn extract_argument(obj: &'a Bound<'py, PyAny>) -> PyResult<Self> {
        T::extract(obj.as_borrowed()).map_err(Into::into)
    }
}

impl<'a, 'py, T: PyTypeCheck> PyFunctionArgument<'a, 'py> for &'a Bound<'py, T> {
    #[inline]
    fn extract_argument(obj: &'a Bound<'py, PyAny>) -> PyResult<Self> {
        obj.cast::<T>().map_err(Into::into)
    }
}

impl<'a, 'py, T: PyTypeCheck> PyFunctionArgument<'a, 'py> for Option<&'a Bound<'py, T>> {
    #[inline]
    fn extract_argument(obj: &'a Bound<'py, PyAny>) -> PyResult<Self> {
        if obj.is_none() {
            Ok(None)
        } else {
            obj.cast::<T>().map(Some).map_err(Into::into)
        }
    }
}

/// Convert argument `name`, naming it in the error: a `TypeError` becomes
/// `TypeError: argument 'name': <original message>` (with the original's `__cause__`, as in
/// PyO3); other exceptions (e.g. `OverflowError`, or a subclass of `TypeError`) pass through
/// unchanged.
#[inline]
pub fn extract_argument<'a, 'py, T>(obj: &'a Bound<'py, PyAny>, name: &str) -> PyResult<T>
where
    T: PyFunctionArgument<'a, 'py>,
{
    match T::extract_argument(obj) {
        Ok(v) => Ok(v),
        Err(err) => Err(argument_error(obj.py(), name, err)),
    }
}

#[cold]
fn argument_error(py: Python<'_>, name: &str, err: PyErr) -> PyErr {
    // Exactly `TypeError` (not a subclass, which may carry meaning of its own), as in PyO3;
    // the new error takes over the original's cause, so a chain a conversion built is kept.
    if err.get_type(py).is(&py.get_type::<PyTypeError>()) {
        let msg = err.value(py).to_string();
        let new = PyTypeError::new_err(format!("argument '{name}': {msg}"));
        new.set_cause(py, err.cause(py));
        new
    } else {
        err
    }
}

/// Convert the required argument at `argv[index]` (see [`extract_argument`] for the errors).
///
/// # Safety
/// `argv[index]` must be a valid object pointer that outlives `'a`: the parsers fill every
/// required parameter's slot or fail.
#[inline(always)]
pub unsafe fn required_argument<'a, 'py, T>(
    py: Python<'py>,
    argv: *const *mut ffi::PyObject,
    index: usize,
    name: &str,
) -> PyResult<T>
where
    'py: 'a,
    T: PyFunctionArgument<'a, 'py>,
{
    // SAFETY: per the caller.
    let obj: &'a Bound<'py, PyAny> = unsafe {
        let slot: &'a *mut ffi::PyObject = &*argv.add(index);
        debug_assert!(!slot.is_null(), "required argument '{name}' was not parsed");
        Bound::ref_from_ptr(py, slot)
    };
    extract_argument(obj, name)
}

/// Convert the argument at `argv[index]` if the call gave it (`Ok(None)` when not: the
/// wrapper then uses the parameter's default).
///
/// # Safety
/// `argv[index]` must be NULL or a valid object pointer that outlives `'a`.
#[inline(always)]
pub unsafe fn optional_argument<'a, 'py, T>(
    py: Python<'py>,
    argv: *const *mut ffi::PyObject,
    index: usize,
    name: &str,
) -> PyResult<Option<T>>
where
    'py: 'a,
    T: PyFunctionArgument<'a, 'py>,
{
    // SAFETY: per the caller.
    let slot: &'a *mut ffi::PyObject = unsafe { &*argv.add(index) };
    if slot.is_null() {
        Ok(None)
    } else {
        // SAFETY: non-null and valid per the caller.
        extract_argument(unsafe { Bound::ref_from_ptr(py, slot) }, name).map(Some)
    }
}

/// The argument at `argv[index]`, if the call gave it.
///
/// # Safety
/// `argv[index]` must be NULL or a valid object pointer that outlives `'a`.
#[inline(always)]
pub unsafe fn argument_slot<'a, 'py>(
    py: Python<'py>,
    argv: *const *mut ffi::PyObject,
    index: usize,
) -> Option<&'a Bound<'py, PyAny>>
where
    'py: 'a,
{
    // SAFETY: per the caller.
    let slot: &'a *mut ffi::PyObject = unsafe { &*argv.add(index) };
    // SAFETY: non-null and valid per the caller.
    (!slot.is_null()).then(|| unsafe { Bound::ref_from_ptr(py, slot) })
}

/// Convert an argument with the function of `#[pybound(from_py_with = f)]`; a `TypeError` it
/// raises is renamed for the parameter, as conversion errors are.
#[inline]
pub fn from_py_with<'a, 'py, T, F>(obj: &'a Bound<'py, PyAny>, name: &str, f: F) -> PyResult<T>
where
    F: FnOnce(&'a Bound<'py, PyAny>) -> PyResult<T>,
{
    f(obj).map_err(|err| argument_error(obj.py(), name, err))
}

/// Convert a function's return value into the owned pointer returned to Python.
#[inline]
pub fn convert_return<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    value: T,
) -> PyResult<*mut ffi::PyObject> {
    match value.into_pyobject(py) {
        Ok(obj) => Ok(obj.into_any().into_ptr()),
        Err(e) => Err(e.into()),
    }
}

/// The null pointer constant for the generated slot arrays.
pub const EMPTY_SLOT: *mut ffi::PyObject = ptr::null_mut();

/// Copy `n` argument pointers into `output`, one pointer-sized store each.
///
/// The wrapper reads each slot back on its own right after; with a wide (vector) copy those
/// narrower loads cannot be forwarded from the store buffer, which costs several nanoseconds a
/// call on some CPUs (measured on AMD EPYC). Hence the deliberately scalar stores.
///
/// # Safety
/// `args` must have `n` readable pointers and `output` at least `n` slots.
#[inline(always)]
pub unsafe fn copy_arguments(
    args: *const *mut ffi::PyObject,
    n: usize,
    output: &mut [*mut ffi::PyObject],
) {
    debug_assert!(n <= output.len());
    let out = output.as_mut_ptr();
    for i in 0..n {
        // SAFETY: per the caller. Volatile keeps the compiler from merging the stores.
        unsafe { ptr::write_volatile(out.add(i), *args.add(i)) };
    }
}

/// A tuple's items as a vectorcall-style argument array, and their number.
///
/// # Safety
/// `args` must be a tuple; the pointer is valid while the tuple is.
#[cfg(not(Py_LIMITED_API))]
#[inline(always)]
pub unsafe fn tuple_frame(
    args: *mut ffi::PyObject,
) -> (*const *mut ffi::PyObject, ffi::Py_ssize_t) {
    // SAFETY: per the caller; a tuple's items are contiguous.
    unsafe {
        (
            (*args.cast::<ffi::PyTupleObject>()).ob_item.as_ptr() as *const _,
            ffi::PyTuple_GET_SIZE(args),
        )
    }
}

/// Run `f` on a tuple's items as a vectorcall-style argument array (and their number): the
/// tuple's own array with the full API; a copy (on the stack for up to 8 items) with the stable
/// ABI, which hides it.
///
/// # Safety
/// `args` must be a tuple, alive while `f` runs.
#[inline(always)]
pub(crate) unsafe fn with_tuple_frame<R>(
    args: *mut ffi::PyObject,
    f: impl FnOnce(*const *mut ffi::PyObject, ffi::Py_ssize_t) -> R,
) -> R {
    #[cfg(not(Py_LIMITED_API))]
    // SAFETY: per the caller.
    unsafe {
        let (items, n) = tuple_frame(args);
        f(items, n)
    }
    #[cfg(Py_LIMITED_API)]
    // SAFETY: per the caller; the items are borrowed from the tuple, which outlives `f`.
    unsafe {
        let n = crate::abi::tuple_size(args);
        let mut stack = [ptr::null_mut(); 8];
        let mut heap = Vec::new();
        let frame: &mut [*mut ffi::PyObject] = if n <= stack.len() {
            &mut stack[..n]
        } else {
            heap.resize(n, ptr::null_mut());
            &mut heap
        };
        for (i, slot) in frame.iter_mut().enumerate() {
            *slot = crate::abi::tuple_item(args, i);
        }
        f(frame.as_ptr(), n as ffi::Py_ssize_t)
    }
}

/// Strong references to the values of a keyword dict whose borrowed pointers the argument slots
/// hold. The dict is the caller's (`cls.call(args, Some(kwargs))` from Rust hands it over as
/// it is), so converting one argument may run Python code that empties it: these references
/// keep every value alive until the wrapper has converted them all.
pub struct KeywordValues<'py>(#[allow(dead_code)] Option<Bound<'py, PyTuple>>);

/// What [`new_from_tuple_dict`] gives back: `*args`, `**kwargs`, and the keyword values to
/// keep until the arguments are converted.
pub type TupleDictExtras<'py> = (
    Option<Bound<'py, PyTuple>>,
    Option<Bound<'py, PyDict>>,
    KeywordValues<'py>,
);

/// [`new_from_tuple_dict`] for a function without `*args` and `**kwargs` (whose extras are
/// always `None`), out of line.
///
/// # Safety
/// As [`new_from_tuple_dict`].
#[inline(never)]
pub unsafe fn new_from_tuple_dict_plain<'py>(
    description: &FunctionDescription,
    py: Python<'py>,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    output: &mut [*mut ffi::PyObject],
) -> PyResult<KeywordValues<'py>> {
    // SAFETY: forwarded from the caller.
    unsafe { new_from_tuple_dict(description, py, args, kwargs, output) }.map(|(_, _, v)| v)
}

/// Parse `tp_new`-style arguments (a tuple and an optional dict) with `description`, by laying
/// them out as a vectorcall frame.
///
/// # Safety
/// `args` must be a tuple and `kwargs` NULL or a dict; `output` as for `extract_fastcall`.
pub unsafe fn new_from_tuple_dict<'py>(
    description: &FunctionDescription,
    py: Python<'py>,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    output: &mut [*mut ffi::PyObject],
) -> PyResult<TupleDictExtras<'py>> {
    // Without keywords the tuple's own item array is a valid vectorcall frame: no copy.
    // SAFETY: per the caller, `args` is a tuple and `kwargs` NULL or a dict.
    if kwargs.is_null() || unsafe { ffi::PyDict_Size(kwargs) } == 0 {
        // SAFETY: a tuple's items are contiguous and live as long as the tuple (which the
        // caller holds, and which cannot change).
        let (varargs, varkwargs) = unsafe {
            with_tuple_frame(args, |items, n| {
                description.extract_fastcall(py, items, n, std::ptr::null_mut(), output)
            })?
        };
        return Ok((varargs, varkwargs, KeywordValues(None)));
    }
    // SAFETY: per the caller.
    let frame = unsafe { KeywordFrame::new(py, args, kwargs)? };
    // SAFETY: `frame` holds `nargs` positionals then one value per name, kept alive by `args`
    // (the caller's) and the frame's `values` (returned, kept by the caller).
    let (varargs, varkwargs) = unsafe {
        description.extract_fastcall(
            py,
            frame.items.as_ptr(),
            frame.nargs,
            frame.names.as_ptr(),
            output,
        )?
    };
    Ok((varargs, varkwargs, KeywordValues(Some(frame.values))))
}

/// A tuple-and-dict call with keywords laid out as a vectorcall frame: the positional
/// arguments, then the keyword values, with a tuple of their names.
struct KeywordFrame<'py> {
    items: Vec<*mut ffi::PyObject>,
    nargs: ffi::Py_ssize_t,
    names: Bound<'py, PyTuple>,
    /// Strong references to the values (see [`KeywordValues`]).
    values: Bound<'py, PyTuple>,
}

impl<'py> KeywordFrame<'py> {
    /// # Safety
    /// Attached; `args` a tuple and `kwargs` a dict, alive while the frame is used.
    unsafe fn new(
        py: Python<'py>,
        args: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
    ) -> PyResult<KeywordFrame<'py>> {
        // SAFETY: per the caller.
        let dict = unsafe { Bound::ref_from_ptr(py, &kwargs) };
        // Free-threaded: another thread may hold the dict (a caller's own, passed on by
        // `PyObject_Call`), so it is read inside its critical section; with the GIL, nothing
        // between the size read and the walk runs Python code.
        crate::sync::with_critical_section(dict, || unsafe { Self::read(py, args, kwargs) })
    }

    /// [`new`](Self::new)'s reads of the tuple and the dict.
    ///
    /// # Safety
    /// As `new`; no other thread changes the dict meanwhile.
    unsafe fn read(
        py: Python<'py>,
        args: *mut ffi::PyObject,
        kwargs: *mut ffi::PyObject,
    ) -> PyResult<KeywordFrame<'py>> {
        // SAFETY: per the caller: the dict has exactly `n` items throughout, and each new
        // tuple's `n` slots are filled once (with new references: incref then set).
        unsafe {
            let n = ffi::PyDict_Size(kwargs) as usize;
            let nargs = crate::abi::tuple_size(args);
            let names: Bound<'py, PyTuple> =
                Bound::from_owned_ptr_or_err(py, ffi::PyTuple_New(n as ffi::Py_ssize_t))?
                    .cast_into_unchecked();
            // Owned by a tuple of our own, not by the caller's dict (see `KeywordValues`).
            let values: Bound<'py, PyTuple> =
                Bound::from_owned_ptr_or_err(py, ffi::PyTuple_New(n as ffi::Py_ssize_t))?
                    .cast_into_unchecked();
            let name_slots = crate::abi::NewSlots::new(names.as_ptr(), true);
            let value_slots = crate::abi::NewSlots::new(values.as_ptr(), true);
            let mut items = Vec::with_capacity(nargs + n);
            for i in 0..nargs {
                items.push(crate::abi::tuple_item(args, i));
            }
            let (mut pos, mut key, mut value) = (0, ptr::null_mut(), ptr::null_mut());
            let mut i = 0;
            while i < n && ffi::PyDict_Next(kwargs, &mut pos, &mut key, &mut value) != 0 {
                ffi::Py_INCREF(key);
                name_slots.set(i, key);
                ffi::Py_INCREF(value);
                value_slots.set(i, value);
                items.push(value);
                i += 1;
            }
            let nargs = nargs as ffi::Py_ssize_t;
            Ok(KeywordFrame {
                items,
                nargs,
                names,
                values,
            })
        }
    }
}

/// Run `f(items, nargs, kwnames)` on a tuple-and-dict call with keywords, laid out as a
/// vectorcall frame.
///
/// # Safety
/// Attached; `args` a tuple and `kwargs` a dict, alive while `f` runs.
#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
pub(crate) unsafe fn with_keyword_frame<'py, R>(
    py: Python<'py>,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
    f: impl FnOnce(*const *mut ffi::PyObject, ffi::Py_ssize_t, *mut ffi::PyObject) -> R,
) -> PyResult<R> {
    // SAFETY: per the caller.
    let frame = unsafe { KeywordFrame::new(py, args, kwargs)? };
    Ok(f(frame.items.as_ptr(), frame.nargs, frame.names.as_ptr()))
}

/// A `#[pybound(get)]` field, converted by reference when `&T` converts (no copy), else by a
/// clone of it when `T: Clone` converts (a `#[pyclass]` value, as in PyO3): the getter calls
/// `(&FieldGetter(&field)).get_field(py)`, and method lookup tries [`GetByRef`] first.
pub struct FieldGetter<'a, T>(pub &'a T);

/// The getter of a field whose reference converts.
pub trait GetByRef {
    /// The field as a new Python object.
    fn get_field(&self, py: Python<'_>) -> PyResult<*mut ffi::PyObject>;
}

impl<'a, T> GetByRef for FieldGetter<'a, T>
where
    for<'py> &'a T: IntoPyObject<'py>,
{
    #[inline]
    fn get_field(&self, py: Python<'_>) -> PyResult<*mut ffi::PyObject> {
        convert_return(py, self.0)
    }
}

/// The getter of a `Clone` field whose value converts (but not its reference).
pub trait GetByClone {
    /// The field as a new Python object.
    fn get_field(&self, py: Python<'_>) -> PyResult<*mut ffi::PyObject>;
}

impl<T> GetByClone for &FieldGetter<'_, T>
where
    T: Clone + for<'py> IntoPyObject<'py>,
{
    #[inline]
    fn get_field(&self, py: Python<'_>) -> PyResult<*mut ffi::PyObject> {
        convert_return(py, self.0.clone())
    }
}
