//! Python exceptions in Rust: [`PyErr`], [`PyResult`], and the conversions into them.
//!
//! A `PyErr` made in Rust (`PyValueError::new_err("bad")`) is *lazy*: it holds the exception type
//! and a closure that builds the arguments, and creates no Python object until Python needs one
//! (when it is raised, or when you ask for its value). An error fetched from Python is
//! *normalized*: it holds the exception instance, which carries its traceback and cause.

mod cast;
mod saved;
mod std_impls;

use std::cell::UnsafeCell;
use std::ffi::CStr;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Mutex, OnceLock};

pub use cast::{CastError, CastIntoError};
pub(crate) use saved::SavedException;

use crate::exceptions::{PanicException, PyBaseException, PyTypeError};
use crate::ffi;
use crate::instance::{Bound, BoundObject, Py};
use crate::python::Python;
use crate::type_object::PyTypeInfo;
use crate::types::{PyAny, PyTraceback, PyType};
use crate::IntoPyObject;

/// The result of an operation that may raise a Python exception.
pub type PyResult<T> = Result<T, PyErr>;

/// Builds a lazy error's exception type and constructor argument, once, when first needed.
type LazyBuilder = Box<dyn for<'py> FnOnce(Python<'py>) -> LazyParts + Send + Sync>;

/// A lazy error, before its exception object exists.
enum Lazy {
    /// The most common error, a built-in exception type with a literal message
    /// (`PyValueError::new_err("...")`): no allocation until it is raised.
    Message {
        ptype: for<'py> fn(Python<'py>) -> *mut ffi::PyTypeObject,
        msg: &'static str,
    },
    /// Anything else.
    Builder(LazyBuilder),
}

/// The type and constructor argument of a lazy error. The argument follows
/// `PyErr_SetObject`'s convention: `None` means no arguments, a tuple is the argument list,
/// anything else is the single argument.
pub(crate) struct LazyParts {
    ptype: Py<PyAny>,
    arg: Py<PyAny>,
}

/// A Python exception, as a Rust value.
///
/// `PyErr` is `Send + Sync`, so it fits in any `Result`. It is *lazy* until something needs the
/// exception object: [`value`](PyErr::value), [`traceback`](PyErr::traceback), `Display`.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::exceptions::PyValueError;
///
/// Python::attach(|py| {
///     // Raised in Python, caught in Rust:
///     let err = py.eval(c"int('x')", None, None).unwrap_err();
///     assert!(err.is_instance_of::<PyValueError>(py));
///     assert_eq!(err.to_string(), "ValueError: invalid literal for int() with base 10: 'x'");
///
///     // Made in Rust, raised in Python:
///     let err = PyValueError::new_err("bad value");
///     err.restore(py);
///     let back = PyErr::fetch(py);
///     assert_eq!(back.value(py).to_string(), "bad value");
/// });
/// ```
///
/// A `PyErr` is one pointer wide, so a `PyResult<T>` of a pointer or an integer is two words and
/// is returned in registers. That matters beyond speed: every wrapper and conversion moves
/// results around, and with the earlier 56-byte error an extension crate took 13 % more
/// compiler work to build.
pub struct PyErr {
    /// A tagged pointer (see [`Repr`]). It changes at most once: a cached literal-message
    /// error becomes its exception instance when something asks for the instance; through
    /// `&self` it is only accessed atomically ([`PyErr::word`]).
    ///
    /// An `UnsafeCell` rather than an `AtomicPtr`: `AtomicPtr` is `repr(C)`, and an enum with a
    /// `repr(C)` payload is passed in memory, which would send every `PyResult` through the
    /// stack (an `sret` pointer and a store and load at each return).
    repr: UnsafeCell<*mut u8>,
}

// SAFETY: the pointer is an owned exception instance (as `Py<PyBaseException>`, which is
// Send + Sync: it is only used while attached or released through the deferred-decref queue),
// a `Box<LazyState>` (Send + Sync: its builder is `Send + Sync`, the rest is behind a `Mutex`
// and a `OnceLock`), or a `&'static StaticMessage` (immutable plain data).
unsafe impl Send for PyErr {}
// SAFETY: as above; through `&PyErr` the word is only read and changed atomically (`word`).
unsafe impl Sync for PyErr {}

/// A lazy error: what builds its exception, and the exception once built (normalisation can
/// happen through `&PyErr`).
struct LazyState {
    lazy: Mutex<Option<Lazy>>,
    normalized: OnceLock<Py<PyBaseException>>,
}

/// A literal-message error (`PyValueError::new_err("...")`) that needs no allocation: the type
/// and the message, kept once per process in [`MESSAGES`].
struct StaticMessage {
    ptype: for<'py> fn(Python<'py>) -> *mut ffi::PyTypeObject,
    msg: &'static str,
}

impl StaticMessage {
    /// The lazy form raising it.
    fn lazy(&self) -> Lazy {
        Lazy::Message {
            ptype: self.ptype,
            msg: self.msg,
        }
    }
}

/// What a `PyErr` holds, by the two low bits of its pointer (all three kinds are aligned to 8).
enum Repr<'a> {
    /// Tag 0: an owned exception instance.
    Normalized(&'a Py<PyBaseException>),
    /// Tag 1: a boxed lazy state.
    Lazy(&'a LazyState),
    /// Tag 2: a cached literal message.
    Message(&'static StaticMessage),
}

const TAG_MASK: usize = 0b11;
const LAZY_TAG: usize = 1;
const MESSAGE_TAG: usize = 2;

/// Literal-message errors seen so far, by message address: each record is allocated once and
/// kept for the life of the process, so making such an error again costs a load and three
/// comparisons. A slot taken by another message sends a new one to the boxed lazy form, which
/// bounds the records at the number of slots.
static MESSAGES: [AtomicPtr<StaticMessage>; 64] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; 64];

/// The cached record for `(ptype, msg)`, creating it if its slot is free.
fn static_message(
    ptype: for<'py> fn(Python<'py>) -> *mut ffi::PyTypeObject,
    msg: &'static str,
) -> Option<&'static StaticMessage> {
    let addr = msg.as_ptr() as usize;
    let slot = &MESSAGES[(addr ^ (addr >> 6) ^ msg.len()) % MESSAGES.len()];
    // Function addresses are compared as numbers: the same type's function may exist twice
    // (in two codegen units), which only costs a cache miss.
    let matches =
        |r: &StaticMessage| r.ptype as usize == ptype as usize && std::ptr::eq(r.msg, msg);
    let current = slot.load(Ordering::Acquire);
    if !current.is_null() {
        // SAFETY: records in `MESSAGES` are leaked boxes, never freed.
        let r = unsafe { &*current };
        return matches(r).then_some(r);
    }
    let new = Box::into_raw(Box::new(StaticMessage { ptype, msg }));
    match slot.compare_exchange(
        std::ptr::null_mut(),
        new,
        Ordering::AcqRel,
        Ordering::Acquire,
    ) {
        // SAFETY: just installed; never freed from now on.
        Ok(_) => Some(unsafe { &*new }),
        Err(other) => {
            // SAFETY: `new` was not installed: still ours.
            drop(unsafe { Box::from_raw(new) });
            // SAFETY: `other` is a kept record, never freed.
            let r = unsafe { &*other };
            matches(r).then_some(r)
        }
    }
}

/// Values that can be the arguments of an exception made with [`PyErr::new`]: anything
/// convertible to Python that can cross threads (`&'static str`, `String`, numbers, tuples of
/// those, `()` for no arguments).
pub trait PyErrArguments: Send + Sync {
    /// Convert to the constructor argument (a tuple is the argument list).
    fn arguments(self, py: Python<'_>) -> Py<PyAny>;
}

impl<T> PyErrArguments for T
where
    T: for<'py> IntoPyObject<'py> + Send + Sync,
{
    fn arguments(self, py: Python<'_>) -> Py<PyAny> {
        match self.into_pyobject(py) {
            Ok(obj) => obj.into_any().unbind(),
            Err(e) => e.into().into_value(py).into_any(),
        }
    }
}

impl PyErr {
    /// A lazy error of exception type `T` with constructor arguments `args`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// use pybound::exceptions::PyKeyError;
    /// let err = PyErr::new::<PyKeyError, _>("missing");
    /// Python::attach(|py| assert!(err.is_instance_of::<PyKeyError>(py)));
    /// ```
    #[inline]
    pub fn new<T, A>(args: A) -> PyErr
    where
        T: PyTypeInfo,
        A: PyErrArguments + 'static,
    {
        if std::any::TypeId::of::<A>() == std::any::TypeId::of::<&'static str>() {
            // SAFETY: `A` is `&'static str` (the check is resolved at compile time).
            let msg: &'static str = unsafe { std::mem::transmute_copy(&args) };
            return PyErr::with_message(T::type_object_raw, msg);
        }
        PyErr::with_arguments(T::type_object_raw, args)
    }

    /// [`PyErr::new`] with a literal message, the most common error: lazy like the others, and
    /// without a heap allocation once the message has been seen (see [`MESSAGES`]).
    #[inline(never)]
    fn with_message(
        ptype: for<'py> fn(Python<'py>) -> *mut ffi::PyTypeObject,
        msg: &'static str,
    ) -> PyErr {
        match static_message(ptype, msg) {
            Some(record) => PyErr::tagged(
                (record as *const StaticMessage).cast_mut().cast(),
                MESSAGE_TAG,
            ),
            None => PyErr::from_lazy(Lazy::Message { ptype, msg }),
        }
    }

    /// [`PyErr::new`] with anything but a literal message: generic over the arguments only,
    /// not the exception type, and out of line.
    #[inline(never)]
    fn with_arguments<A>(
        ptype: for<'py> fn(Python<'py>) -> *mut ffi::PyTypeObject,
        args: A,
    ) -> PyErr
    where
        A: PyErrArguments + 'static,
    {
        PyErr::lazy(Box::new(move |py| LazyParts {
            // SAFETY: attached; `ptype` returns a borrowed (static or cached) type object.
            ptype: unsafe { Bound::from_borrowed_ptr(py, ptype(py).cast()) }.unbind(),
            arg: args.arguments(py),
        }))
    }

    /// A lazy error of the exception type `ty` (checked when raised: a type that is not an
    /// exception class gives `TypeError`).
    pub fn from_type<A>(ty: Bound<'_, PyType>, args: A) -> PyErr
    where
        A: PyErrArguments + 'static,
    {
        let ptype = ty.into_any().unbind();
        PyErr::lazy(Box::new(move |py| LazyParts {
            ptype,
            arg: args.arguments(py),
        }))
    }

    /// An error from a Python object: an exception instance is used as is, an exception class
    /// is instantiated without arguments, anything else gives `TypeError: exceptions must
    /// derive from BaseException`.
    pub fn from_value(obj: Bound<'_, PyAny>) -> PyErr {
        if let Ok(exc) = obj.cast::<PyBaseException>() {
            return PyErr::from_normalized(exc.clone().unbind());
        }
        // SAFETY: attached; PyExceptionClass_Check only reads flags.
        if unsafe { ffi::PyExceptionClass_Check(obj.as_ptr()) } != 0 {
            let ptype = obj.unbind();
            return PyErr::lazy(Box::new(move |py| LazyParts {
                ptype,
                arg: py.None(),
            }));
        }
        PyTypeError::new_err("exceptions must derive from BaseException")
    }

    fn lazy(builder: LazyBuilder) -> PyErr {
        PyErr::from_lazy(Lazy::Builder(builder))
    }

    #[inline]
    fn from_lazy(lazy: Lazy) -> PyErr {
        let state = Box::new(LazyState {
            lazy: Mutex::new(Some(lazy)),
            normalized: OnceLock::new(),
        });
        PyErr::tagged(Box::into_raw(state).cast(), LAZY_TAG)
    }

    #[inline]
    fn from_normalized(value: Py<PyBaseException>) -> PyErr {
        PyErr::tagged(value.into_ptr().cast(), 0)
    }

    /// `ptr` (aligned to at least 4) with `tag` in its low bits.
    #[inline]
    fn tagged(ptr: *mut u8, tag: usize) -> PyErr {
        debug_assert_eq!(ptr.addr() & TAG_MASK, 0, "aligned pointer");
        PyErr {
            repr: UnsafeCell::new(ptr.map_addr(|a| a | tag)),
        }
    }

    /// The word, for atomic access through `&self`.
    #[inline]
    fn word(&self) -> &AtomicPtr<u8> {
        const {
            assert!(std::mem::align_of::<AtomicPtr<u8>>() == std::mem::align_of::<*mut u8>());
        }
        // SAFETY: the cell holds a pointer, aligned as `AtomicPtr` needs (both are one
        // pointer-sized word); while `&self` exists every access goes through this atomic, and
        // plain access happens only through `&mut self` or `self` (drop, `into_repr`).
        unsafe { AtomicPtr::from_ptr(self.repr.get()) }
    }

    #[inline]
    fn repr(&self) -> Repr<'_> {
        let word = self.word().load(Ordering::Acquire);
        let ptr = word.map_addr(|a| a & !TAG_MASK);
        // SAFETY: the tag says what the pointer is (see `Repr`); each stays alive while `self`
        // does. A normalized `repr` never changes again until `self` is dropped or consumed,
        // so the `&Py` (a transparent non-null pointer, the layout of the atomic's contents)
        // may point into it.
        unsafe {
            match word.addr() & TAG_MASK {
                0 => Repr::Normalized(&*self.repr.get().cast::<Py<PyBaseException>>()),
                LAZY_TAG => Repr::Lazy(&*ptr.cast::<LazyState>()),
                _ => Repr::Message(&*ptr.cast::<StaticMessage>()),
            }
        }
    }

    /// Take ownership of what `self` holds.
    #[inline]
    fn into_repr(self) -> Owned {
        let mut this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `self`'s own word; `self` will not release or free what it held
        // (ManuallyDrop), so ownership passes to the result once.
        unsafe { Owned::from_word(*this.repr.get_mut()) }
    }

    /// Take the exception currently raised in this thread, clearing it; `None` if there is none.
    ///
    /// If the exception is a [`PanicException`] (a Rust panic that crossed into Python and came
    /// back), the panic resumes here instead: a panic is never silently turned into an error.
    pub fn take(py: Python<'_>) -> Option<PyErr> {
        let value = fetch_raised(py)?;
        if value.bind(py).is_instance_of::<PanicException>() {
            let msg = value
                .bind(py)
                .str()
                .map(|s| s.to_string_lossy().into_owned());
            let msg = msg.unwrap_or_else(|_| "panic from Rust code".to_owned());
            std::panic::resume_unwind(Box::new(msg));
        }
        Some(PyErr::from_normalized(value))
    }

    /// Take the raised exception; if none is set, a `SystemError` saying so (a C-API contract
    /// was broken somewhere).
    pub fn fetch(py: Python<'_>) -> PyErr {
        PyErr::take(py).unwrap_or_else(|| {
            crate::exceptions::PySystemError::new_err(
                "attempted to fetch exception but none was set",
            )
        })
    }

    /// Whether an exception is currently raised in this thread.
    #[inline]
    pub fn occurred(_py: Python<'_>) -> bool {
        // SAFETY: attached.
        unsafe { !ffi::PyErr_Occurred().is_null() }
    }

    /// Raise this error in Python: set it as the thread's current exception. Used at the
    /// boundary when returning `NULL` to Python.
    pub fn restore(self, py: Python<'_>) {
        let state = match self.into_repr() {
            Owned::Normalized(value) => return restore_normalized(py, value),
            Owned::Message(m) => return raise_lazy(py, m.lazy()),
            Owned::Lazy(state) => *state,
        };
        if let Some(value) = state.normalized.into_inner() {
            restore_normalized(py, value);
            return;
        }
        let builder = state.lazy.into_inner().unwrap_or_else(|e| e.into_inner());
        match builder {
            Some(builder) => raise_lazy(py, builder),
            None => unreachable!("a PyErr is always lazy or normalized"),
        }
    }

    /// The exception instance (creating it if the error is still lazy).
    pub fn value<'py>(&self, py: Python<'py>) -> &Bound<'py, PyBaseException> {
        self.normalized(py).bind(py)
    }

    /// Consume into the exception instance.
    pub fn into_value(self, py: Python<'_>) -> Py<PyBaseException> {
        self.normalized(py);
        match self.into_repr() {
            Owned::Normalized(value) => value,
            Owned::Lazy(state) => state.normalized.into_inner().expect("normalized above"),
            Owned::Message(_) => unreachable!("normalized above"),
        }
    }

    /// The exception's type.
    pub fn get_type<'py>(&self, py: Python<'py>) -> Bound<'py, PyType> {
        self.value(py).get_type()
    }

    /// The traceback, if the exception was raised in Python.
    pub fn traceback<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyTraceback>> {
        // SAFETY: attached; PyException_GetTraceback returns a new reference or NULL (no error).
        // It may also be `None` (a traceback set to None), which is no traceback.
        let tb = unsafe {
            Bound::from_owned_ptr_or_opt(py, ffi::PyException_GetTraceback(self.value(py).as_ptr()))
        }?;
        tb.cast_into::<PyTraceback>().ok()
    }

    /// The `__cause__` (set by `raise ... from ...`), as an error.
    pub fn cause(&self, py: Python<'_>) -> Option<PyErr> {
        // SAFETY: attached; PyException_GetCause returns a new reference or NULL (no error).
        let cause = unsafe {
            Bound::from_owned_ptr_or_opt(py, ffi::PyException_GetCause(self.value(py).as_ptr()))
        }?;
        Some(PyErr::from_value(cause))
    }

    /// Set (or clear, with `None`) the `__cause__`.
    pub fn set_cause(&self, py: Python<'_>, cause: Option<PyErr>) {
        let cause = cause.map_or(std::ptr::null_mut(), |c| c.into_value(py).into_ptr());
        // SAFETY: attached; PyException_SetCause steals the (possibly NULL) cause reference.
        unsafe { ffi::PyException_SetCause(self.value(py).as_ptr(), cause) };
    }

    /// The `__context__` (the exception being handled when this one was raised), as an error.
    pub fn context(&self, py: Python<'_>) -> Option<PyErr> {
        // SAFETY: attached; PyException_GetContext returns a new reference or NULL (no error).
        let context = unsafe {
            Bound::from_owned_ptr_or_opt(py, ffi::PyException_GetContext(self.value(py).as_ptr()))
        }?;
        Some(PyErr::from_value(context))
    }

    /// Set (or clear, with `None`) the `__context__`.
    pub fn set_context(&self, py: Python<'_>, context: Option<PyErr>) {
        let context = context.map_or(std::ptr::null_mut(), |c| c.into_value(py).into_ptr());
        // SAFETY: attached; PyException_SetContext steals the (possibly NULL) reference.
        unsafe { ffi::PyException_SetContext(self.value(py).as_ptr(), context) };
    }

    /// Set the traceback (`None` clears it).
    pub fn set_traceback(&self, py: Python<'_>, traceback: Option<Bound<'_, PyTraceback>>) {
        let tb = traceback.map_or_else(|| py.None().into_bound(py), |t| t.into_any());
        // SAFETY: attached; PyException_SetTraceback takes a traceback or None (it does not
        // steal); it cannot fail for those.
        unsafe { ffi::PyException_SetTraceback(self.value(py).as_ptr(), tb.as_ptr()) };
    }

    /// Add a note to the exception (`BaseException.add_note`, shown under the traceback;
    /// Python 3.11+, and a `__notes__` list on earlier versions, as PyO3 does).
    pub fn add_note<N>(&self, py: Python<'_>, note: N) -> PyResult<()>
    where
        N: for<'py> crate::IntoPyObject<'py, Target = crate::types::PyString>,
    {
        let value = self.value(py);
        let note: Bound<'_, PyAny> = note
            .into_pyobject(py)
            .map_err(Into::into)?
            .into_any()
            .into_bound();
        #[cfg(Py_3_11)]
        {
            value.call_method1(crate::intern!(py, "add_note"), (note,))?;
        }
        #[cfg(not(Py_3_11))]
        {
            let name = crate::intern!(py, "__notes__");
            let notes = match value.getattr(name) {
                Ok(notes) => notes,
                Err(_) => {
                    let notes = crate::types::PyList::empty(py).into_any();
                    value.setattr(name, &notes)?;
                    notes
                }
            };
            notes.call_method1(crate::intern!(py, "append"), (note,))?;
        }
        Ok(())
    }

    /// Print the exception and its traceback to `sys.stderr` as an uncaught one would be,
    /// without changing `sys.last_exc` (PyO3's `display`).
    pub fn display(&self, py: Python<'_>) {
        let value = self.value(py);
        #[cfg(Py_3_12)]
        // SAFETY: attached; prints the given exception; no error is left set.
        unsafe {
            ffi::PyErr_DisplayException(value.as_ptr())
        };
        #[cfg(not(Py_3_12))]
        // SAFETY: attached; the three are the exception's type, value and traceback.
        unsafe {
            let tb = self.traceback(py);
            ffi::PyErr_Display(
                self.get_type(py).as_ptr(),
                value.as_ptr(),
                tb.as_ref().map_or(std::ptr::null_mut(), |t| t.as_ptr()),
            )
        };
    }

    /// A new exception class `name` (`"module.Name"`) deriving from `base` (`Exception` if
    /// `None`), with an optional docstring and class dict, as PyO3's `new_type`.
    pub fn new_type<'py>(
        py: Python<'py>,
        name: &std::ffi::CStr,
        doc: Option<&std::ffi::CStr>,
        base: Option<&Bound<'py, PyType>>,
        dict: Option<crate::Py<PyAny>>,
    ) -> PyResult<crate::Py<PyType>> {
        let base = base.map_or(std::ptr::null_mut(), |b| b.as_ptr());
        let dict = dict.as_ref().map_or(std::ptr::null_mut(), |d| d.as_ptr());
        // SAFETY: attached; returns a new reference to the class or NULL with an error set.
        unsafe {
            Ok(Bound::from_owned_ptr_or_err(
                py,
                ffi::PyErr_NewExceptionWithDoc(
                    name.as_ptr(),
                    doc.map_or(std::ptr::null(), |d| d.as_ptr()),
                    base,
                    dict,
                ),
            )?
            .cast_into_unchecked::<PyType>()
            .unbind())
        }
    }

    /// Whether the exception is an instance of `T` (or a subclass).
    pub fn is_instance_of<T: PyTypeInfo>(&self, py: Python<'_>) -> bool {
        self.is_instance(py, &T::type_object(py))
    }

    /// Whether the exception is an instance of `ty` (or a subclass).
    pub fn is_instance(&self, py: Python<'_>, ty: &Bound<'_, PyAny>) -> bool {
        // SAFETY: attached; both pointers are valid.
        unsafe { ffi::PyErr_GivenExceptionMatches(self.value(py).as_ptr(), ty.as_ptr()) != 0 }
    }

    /// Like `except exc:`: whether the exception matches `exc` (a type or a tuple of types).
    pub fn matches<'py, E>(&self, py: Python<'py>, exc: E) -> PyResult<bool>
    where
        E: IntoPyObject<'py>,
    {
        let exc = exc.into_pyobject(py).map_err(Into::into)?;
        // SAFETY: attached; both pointers are valid.
        Ok(unsafe { ffi::PyErr_GivenExceptionMatches(self.value(py).as_ptr(), exc.as_ptr()) != 0 })
    }

    /// Another `PyErr` for the same exception instance.
    pub fn clone_ref(&self, py: Python<'_>) -> PyErr {
        PyErr::from_normalized(self.normalized(py).clone_ref(py))
    }

    /// Print the exception and its traceback to `sys.stderr`, like an uncaught exception.
    pub fn print(&self, py: Python<'_>) {
        self.clone_ref(py).restore(py);
        // SAFETY: attached, with an exception set just above.
        unsafe { ffi::PyErr_PrintEx(0) };
    }

    /// Print like [`print`](PyErr::print) and also set `sys.last_exc` / `sys.last_value`, …
    pub fn print_and_set_sys_last_vars(&self, py: Python<'_>) {
        self.clone_ref(py).restore(py);
        // SAFETY: attached, with an exception set just above.
        unsafe { ffi::PyErr_PrintEx(1) };
    }

    /// Report the exception as "unraisable" (through `sys.unraisablehook`), for errors that
    /// happen where nothing can receive them, such as destructors. `obj` names the context.
    pub fn write_unraisable(self, py: Python<'_>, obj: Option<&Bound<'_, PyAny>>) {
        self.restore(py);
        let ctx = obj.map_or(std::ptr::null_mut(), Bound::as_ptr);
        // SAFETY: attached, with an exception set just above; `ctx` may be NULL.
        unsafe { ffi::PyErr_WriteUnraisable(ctx) };
    }

    /// Issue a warning of `category` (a `Warning` subclass) with `message`, attributed
    /// `stacklevel` frames up. Returns `Err` if the warning filters turned it into an error.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// use pybound::exceptions::PyUserWarning;
    /// Python::attach(|py| {
    ///     let category = py.get_type::<PyUserWarning>();
    ///     PyErr::warn(py, &category, c"careful", 1).unwrap();
    /// });
    /// ```
    pub fn warn<'py>(
        py: Python<'py>,
        category: &Bound<'py, PyAny>,
        message: &CStr,
        stacklevel: i32,
    ) -> PyResult<()> {
        // SAFETY: attached; PyErr_WarnEx returns -1 with an exception set on failure.
        let rc = unsafe {
            ffi::PyErr_WarnEx(
                category.as_ptr(),
                message.as_ptr(),
                stacklevel as ffi::Py_ssize_t,
            )
        };
        if rc == -1 {
            Err(PyErr::fetch(py))
        } else {
            Ok(())
        }
    }

    /// Issue a warning as if from `filename:lineno` in `module` (`warnings.warn_explicit`),
    /// with an optional `__warningregistry__` dict.
    pub fn warn_explicit<'py>(
        py: Python<'py>,
        category: &Bound<'py, PyAny>,
        message: &CStr,
        filename: &CStr,
        lineno: i32,
        module: Option<&CStr>,
        registry: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<()> {
        // SAFETY: attached; the strings are NUL-terminated; returns -1 with an exception set
        // when the warning became an error (or failed).
        let rc = unsafe {
            ffi::PyErr_WarnExplicit(
                category.as_ptr(),
                message.as_ptr(),
                filename.as_ptr(),
                lineno,
                module.map_or(std::ptr::null(), CStr::as_ptr),
                registry.map_or(std::ptr::null_mut(), |r| r.as_ptr()),
            )
        };
        crate::err::status(py, rc)
    }

    fn normalized(&self, py: Python<'_>) -> &Py<PyBaseException> {
        match self.repr() {
            Repr::Normalized(value) => value,
            Repr::Lazy(state) => state.normalized(py),
            Repr::Message(m) => {
                // Raise it and take it back: CPython builds the instance as `raise` would.
                raise_lazy(py, m.lazy());
                let value = fetch_raised(py).expect("an exception was raised just above");
                let expected = (m as *const StaticMessage)
                    .cast_mut()
                    .cast::<u8>()
                    .map_addr(|a| a | MESSAGE_TAG);
                // Another thread may have normalized it meanwhile (the lock was released while
                // the instance was built): then keep theirs and release this one.
                let value = value.into_ptr();
                if self
                    .word()
                    .compare_exchange(expected, value.cast(), Ordering::AcqRel, Ordering::Acquire)
                    .is_err()
                {
                    // SAFETY: attached; `value` is our owned reference, not installed.
                    unsafe { ffi::Py_DECREF(value) };
                }
                match self.repr() {
                    Repr::Normalized(value) => value,
                    _ => unreachable!("normalized just above"),
                }
            }
        }
    }
}

/// What a `PyErr` owns, taken out of it.
enum Owned {
    Normalized(Py<PyBaseException>),
    Lazy(Box<LazyState>),
    Message(&'static StaticMessage),
}

impl Owned {
    /// What a `PyErr`'s word owns (see [`Repr`]).
    ///
    /// # Safety
    /// `word` is a live `PyErr`'s, and that `PyErr` gives up what it owns (it is consumed or
    /// being dropped).
    unsafe fn from_word(word: *mut u8) -> Owned {
        let ptr = word.map_addr(|a| a & !TAG_MASK);
        // SAFETY: per the caller; the tag says what the pointer is, and none is null.
        unsafe {
            match word.addr() & TAG_MASK {
                0 => Owned::Normalized(Py::from_non_null(NonNull::new_unchecked(ptr.cast()))),
                LAZY_TAG => Owned::Lazy(Box::from_raw(ptr.cast())),
                _ => Owned::Message(&*ptr.cast::<StaticMessage>()),
            }
        }
    }
}

impl Drop for PyErr {
    fn drop(&mut self) {
        // Releases the instance (now or at the next attach), frees a lazy state, and leaves a
        // kept message record alone.
        // SAFETY: `self` is being dropped and owns what its word says.
        drop(unsafe { Owned::from_word(*self.repr.get_mut()) });
    }
}

impl LazyState {
    fn normalized(&self, py: Python<'_>) -> &Py<PyBaseException> {
        if let Some(value) = self.normalized.get() {
            return value;
        }
        let taken = self.lazy.lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some(builder) = taken else {
            // Another thread took the builder and is building the exception. Building may run
            // Python code, which let this thread in: wait for it with the interpreter released
            // (it needs the interpreter to finish).
            while self.normalized.get().is_none() {
                py.detach(std::thread::yield_now);
            }
            return self.normalized.get().expect("checked just above");
        };
        // Should building panic, waiting threads get an error saying so rather than wait
        // forever.
        let on_panic = FillOnPanic(&self.normalized);
        // Raise it and take it back: CPython builds the instance exactly as `raise` would.
        raise_lazy(py, builder);
        let value = fetch_raised(py).expect("an exception was raised just above");
        std::mem::forget(on_panic);
        let _ = self.normalized.set(value);
        self.normalized.get().expect("set just above")
    }
}

/// Fills a lazy error's instance with a `SystemError` if building it panics (dropped only
/// while unwinding; forgotten otherwise).
struct FillOnPanic<'a>(&'a OnceLock<Py<PyBaseException>>);

impl Drop for FillOnPanic<'_> {
    fn drop(&mut self) {
        // SAFETY: created and dropped inside `normalized`, which runs attached.
        let py = unsafe { Python::assume_attached() };
        // Whatever the failed build left raised is not this error's.
        let _ = fetch_raised(py);
        let lost = crate::exceptions::PySystemError::new_err(
            "building this exception panicked; its value is lost",
        );
        let _ = self.0.set(lost.into_value(py));
    }
}

/// Take the raised exception as a normalized instance, without the panic check.
fn fetch_raised(py: Python<'_>) -> Option<Py<PyBaseException>> {
    #[cfg(Py_3_12)]
    {
        // SAFETY: attached; returns a new reference to the instance, or NULL if none is set.
        let ptr = unsafe { ffi::PyErr_GetRaisedException() };
        // SAFETY: an owned reference to an exception instance.
        unsafe { Bound::from_owned_ptr_or_opt(py, ptr) }
            .map(|b| unsafe { b.cast_into_unchecked() }.unbind())
    }
    #[cfg(not(Py_3_12))]
    {
        let (mut ptype, mut pvalue, mut ptb) = (
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        // SAFETY: attached; PyErr_Fetch hands over owned references (or NULLs) and clears the
        // indicator; NormalizeException turns the value into an instance of the type.
        unsafe {
            ffi::PyErr_Fetch(&mut ptype, &mut pvalue, &mut ptb);
            if ptype.is_null() {
                return None;
            }
            ffi::PyErr_NormalizeException(&mut ptype, &mut pvalue, &mut ptb);
            if !ptb.is_null() && !pvalue.is_null() {
                ffi::PyException_SetTraceback(pvalue, ptb);
            }
            ffi::Py_XDECREF(ptb);
            ffi::Py_XDECREF(ptype);
            match Bound::from_owned_ptr_or_opt(py, pvalue) {
                Some(v) => Some(v.cast_into_unchecked().unbind()),
                None => Some(
                    crate::exceptions::PySystemError::new_err(
                        "exception value lost while normalizing",
                    )
                    .into_value(py),
                ),
            }
        }
    }
}

fn restore_normalized(py: Python<'_>, value: Py<PyBaseException>) {
    #[cfg(Py_3_12)]
    {
        let _ = py;
        // SAFETY: attached; PyErr_SetRaisedException steals the reference.
        unsafe { ffi::PyErr_SetRaisedException(value.into_ptr()) };
    }
    #[cfg(not(Py_3_12))]
    {
        let value = value.into_bound(py);
        let ptype = value.get_type().into_ptr();
        // SAFETY: attached; PyException_GetTraceback returns a new reference or NULL, and
        // PyErr_Restore steals all three references.
        unsafe {
            let tb = ffi::PyException_GetTraceback(value.as_ptr());
            ffi::PyErr_Restore(ptype, value.into_ptr(), tb);
        }
    }
}

/// `TypeError`, as `raise` gives for a class that is not an exception.
#[cold]
fn raise_not_an_exception() {
    // SAFETY: attached (called while raising).
    unsafe {
        ffi::PyErr_SetString(
            ffi::PyExc_TypeError,
            c"exceptions must derive from BaseException".as_ptr(),
        )
    };
}

fn raise_lazy(py: Python<'_>, lazy: Lazy) {
    let builder = match lazy {
        Lazy::Message { ptype, msg } => {
            // SAFETY: attached; `ptype` gives a type (borrowed); the message is a new str,
            // passed without stealing and then released.
            unsafe {
                let ptype = ptype(py).cast::<ffi::PyObject>();
                if ffi::PyExceptionClass_Check(ptype) == 0 {
                    raise_not_an_exception();
                    return;
                }
                let arg = crate::types::string::new_str_ptr(msg);
                if !arg.is_null() {
                    ffi::PyErr_SetObject(ptype, arg);
                    ffi::Py_DECREF(arg);
                }
            }
            return;
        }
        Lazy::Builder(builder) => builder,
    };
    // Building may fail only by panicking (an infallible constructor such as `PyString::new`
    // meeting memory exhaustion panics with the `PyErr` as payload): then that error is raised
    // instead. Raising must not unwind: it runs where a panic cannot be caught (restoring the
    // error at the call boundary, or during deallocation).
    let parts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| builder(py)));
    let LazyParts { ptype, arg } = match parts {
        Ok(parts) => parts,
        Err(payload) => {
            match payload.downcast::<PyErr>() {
                Ok(err) => err.restore(py),
                // SAFETY: attached; setting an error from a static message.
                Err(_) if !PyErr::occurred(py) => unsafe {
                    ffi::PyErr_SetString(
                        ffi::PyExc_SystemError,
                        c"building an exception panicked".as_ptr(),
                    )
                },
                Err(_) => {}
            }
            return;
        }
    };
    // Bound, so they are released with a plain decref (no attach check).
    let (ptype, arg) = (ptype.into_bound(py), arg.into_bound(py));
    // SAFETY: attached; PyExceptionClass_Check reads flags; PyErr_SetObject does not steal.
    unsafe {
        if ffi::PyExceptionClass_Check(ptype.as_ptr()) == 0 {
            raise_not_an_exception();
        } else {
            ffi::PyErr_SetObject(ptype.as_ptr(), arg.as_ptr());
        }
    }
}

/// A C-API status return (`0` ok, `-1` with an exception set) as a `PyResult`.
#[inline]
pub(crate) fn status(py: Python<'_>, rc: std::os::raw::c_int) -> PyResult<()> {
    if rc == -1 {
        Err(PyErr::fetch(py))
    } else {
        Ok(())
    }
}

/// A C-API predicate return (`1`/`0`, or `-1` with an exception set) as a `PyResult<bool>`.
#[inline]
pub(crate) fn predicate(py: Python<'_>, rc: std::os::raw::c_int) -> PyResult<bool> {
    if rc == -1 {
        Err(PyErr::fetch(py))
    } else {
        Ok(rc != 0)
    }
}

/// Panic with the pending Python error after a C-API call returned NULL where the caller
/// promised it cannot. The panic payload is the `PyErr`, so the call boundary raises it again.
#[cold]
#[track_caller]
pub(crate) fn panic_after_error(py: Python<'_>) -> ! {
    match PyErr::take(py) {
        Some(err) => std::panic::panic_any(err),
        None => panic!("Python API call failed without setting an exception"),
    }
}

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Python::attach(|py| {
            let value = self.value(py);
            f.debug_struct("PyErr")
                .field("type", &value.get_type())
                .field("value", value)
                .field(
                    "traceback",
                    &self.traceback(py).map(|tb| tb.format().unwrap_or_default()),
                )
                .finish()
        })
    }
}

impl std::fmt::Display for PyErr {
    /// `TypeName: message`, or just `TypeName` when the message is empty.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Python::attach(|py| {
            let value = self.value(py);
            let name = value.get_type().qualname().map(|n| n.to_string());
            let name = name.as_deref().unwrap_or("<unknown exception type>");
            match value.str() {
                Ok(s) if s.len().unwrap_or(0) > 0 => write!(f, "{}: {}", name, s.to_string_lossy()),
                Ok(_) => f.write_str(name),
                Err(_) => write!(f, "{name}: <exception str() failed>"),
            }
        })
    }
}

impl std::error::Error for PyErr {}

impl<'py> IntoPyObject<'py> for PyErr {
    type Target = PyBaseException;
    type Output = Bound<'py, PyBaseException>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self.into_value(py).into_bound(py))
    }
}

/// The exception types: a `Bound` of one converts into a [`PyErr`] (`?` on a
/// `Result<_, Bound<'_, PyValueError>>`, `PyErr::from(exc)`). Implemented by every built-in
/// exception marker and by the types of [`create_exception!`](crate::create_exception) and
/// [`import_exception!`](crate::import_exception); as in PyO3, users need not implement it.
pub trait ToPyErr {}

/// An exception object is an error (PyO3's conversion).
///
/// ```
/// use pybound::exceptions::PyValueError;
/// use pybound::prelude::*;
///
/// Python::attach(|py| {
///     let exc = PyValueError::new_err("bad").into_value(py).into_bound(py);
///     let exc = exc.cast_into::<PyValueError>().unwrap();
///     let err = PyErr::from(exc);
///     assert!(err.is_instance_of::<PyValueError>(py));
///     assert_eq!(err.to_string(), "ValueError: bad");
/// });
/// ```
impl<'py, T: ToPyErr> From<Bound<'py, T>> for PyErr {
    fn from(value: Bound<'py, T>) -> PyErr {
        PyErr::from_value(value.into_any())
    }
}
