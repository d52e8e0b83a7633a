//! `Python<'py>`: the proof that this thread is attached to the interpreter.

use std::ffi::{c_int, CStr};
use std::marker::PhantomData;

use crate::attach::{AttachGuard, Suspended};
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::types::{PyAny, PyDict, PyModule, PyNone, PyString};

/// A token proving that the current thread is attached to the Python interpreter (holds the
/// GIL, or on free-threaded builds has an attached thread state).
///
/// Every safe operation on Python objects needs one, directly or inside a [`Bound`]. It is
/// zero-sized, `Copy`, and cannot leave the thread (`!Send`) nor outlive the [`Python::attach`]
/// scope it came from (the `'py` lifetime).
///
/// ```
/// use pybound::prelude::*;
///
/// Python::attach(|py| {
///     let n: i64 = py.eval(c"6 * 7", None, None)?.extract()?;
///     assert_eq!(n, 42);
///     Ok::<_, PyErr>(())
/// })
/// .unwrap();
/// ```
#[derive(Clone, Copy)]
pub struct Python<'py>(PhantomData<(&'py (), NotSend)>);

/// Makes the token `!Send` and `!Sync`.
type NotSend = PhantomData<*mut ()>;

/// Types that may be used while the thread is detached from the interpreter.
///
/// On stable Rust this is `Send`: every pybound type that needs the interpreter (`Python`,
/// `Bound`, `Borrowed`) is `!Send`, so a closure that captures one is rejected by
/// [`Python::detach`]. `Py<T>` is `Send` and may be carried across, since using it again needs a
/// `Python` token.
///
/// # Safety
/// Implement only for types that do not access Python objects without a token.
pub unsafe trait Ungil {}
// SAFETY: `Send` types cannot carry a `Python` token or a `Bound` (both `!Send`).
unsafe impl<T: Send> Ungil for T {}

impl Python<'_> {
    /// Attach the current thread to the interpreter and run `f` with a token.
    ///
    /// Nested calls are cheap: when the thread is already attached only a thread-local counter
    /// moves. With the `auto-initialize` feature the first call initialises the interpreter;
    /// without it, initialise first with [`Python::initialize`] (in an extension module the
    /// interpreter is always running). Decrefs queued by `Py<T>` drops on detached threads run
    /// here, at the outermost attach.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// let len = Python::attach(|py| PyList::new(py, [1, 2, 3]).unwrap().len());
    /// assert_eq!(len, 3);
    /// ```
    #[inline]
    pub fn attach<F, R>(f: F) -> R
    where
        F: for<'py> FnOnce(Python<'py>) -> R,
    {
        let _guard = AttachGuard::acquire();
        // SAFETY: the guard keeps this thread attached for the duration of `f`.
        f(unsafe { Python::assume_attached() })
    }

    /// [`attach`](Self::attach) for code that knows the interpreter is running (PyO3's name).
    /// pybound's attach checks no more than whether the interpreter is initialised, so this is
    /// `attach`.
    ///
    /// # Safety
    /// Whatever makes [`attach`](Self::attach) succeed must hold: the interpreter is
    /// initialised and not finalized.
    pub unsafe fn attach_unchecked<F, R>(f: F) -> R
    where
        F: for<'py> FnOnce(Python<'py>) -> R,
    {
        Self::attach(f)
    }

    /// [`attach`](Self::attach) if the interpreter can be attached to, `None` (without running
    /// `f`) if it is not initialised or is shutting down (as in PyO3). Never initialises it,
    /// even with `auto-initialize`: for code that may run during process exit, or before
    /// anyone set Python up.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::initialize();
    /// assert_eq!(Python::try_attach(|py| py.version_info().major), Some(3));
    /// ```
    pub fn try_attach<F, R>(f: F) -> Option<R>
    where
        F: for<'py> FnOnce(Python<'py>) -> R,
    {
        if !crate::attach::is_attached() {
            // SAFETY: both may be called at any time, attached or not.
            let ready = unsafe { ffi::Py_IsInitialized() != 0 } && !finalizing();
            if !ready {
                return None;
            }
        }
        Some(Self::attach(f))
    }

    /// Initialise the interpreter if it is not running yet, and leave this thread detached.
    ///
    /// Needed only when embedding without the `auto-initialize` feature. Safe to call more than
    /// once and from any thread. Signal handlers are not installed (`Py_InitializeEx(0)`), so
    /// Ctrl-C stays with the Rust program.
    pub fn initialize() {
        initialize_interpreter();
    }

    /// Get a token without checking that the thread is attached.
    ///
    /// # Safety
    /// The thread must hold the interpreter lock for all of `'py`.
    #[inline]
    pub unsafe fn assume_attached<'py>() -> Python<'py> {
        Python(PhantomData)
    }
}

/// Whether the interpreter is shutting down (known from 3.13, where CPython tells; earlier
/// versions attach during shutdown as PyO3's do).
fn finalizing() -> bool {
    #[cfg(Py_3_13)]
    {
        // SAFETY: may be called at any time.
        unsafe { ffi::Py_IsFinalizing() != 0 }
    }
    #[cfg(not(Py_3_13))]
    {
        false
    }
}

/// Start an interpreter, run `f` in it, then finalize the interpreter (PyO3's function of the
/// same name): for a program that embeds Python once and wants its interpreter shut down
/// (`atexit` handlers run, buffered output flushed) before the program goes on.
///
/// The thread that calls it becomes the interpreter's main thread (`threading` is imported
/// first, as finalization expects). Deferred decrefs are carried out before finalization.
///
/// # Panics
/// If an interpreter is already running (with `auto-initialize`, any earlier
/// `Python::attach` started one).
///
/// # Safety
/// - Call it at most once per process, and not while other threads use Python.
/// - Nothing may use Python after it returns: not `Python::attach`, not a `Py<T>` kept from
///   inside (dropping one is using Python), so `R` must not contain Python values, a
///   `PyResult` included.
///
/// ```
/// let answer = unsafe {
///     pybound::with_embedded_python_interpreter(|py| {
///         py.eval(c"6 * 7", None, None).unwrap().extract::<i64>().unwrap()
///     })
/// };
/// assert_eq!(answer, 42);
/// ```
pub unsafe fn with_embedded_python_interpreter<F, R>(f: F) -> R
where
    F: for<'py> FnOnce(Python<'py>) -> R,
{
    // SAFETY: may be called at any time.
    assert_eq!(
        unsafe { ffi::Py_IsInitialized() },
        0,
        "with_embedded_python_interpreter: a Python interpreter is already running"
    );
    // SAFETY: not initialised (checked); this thread then holds the interpreter lock.
    unsafe { ffi::Py_InitializeEx(0) };
    let result = Python::attach(|py| {
        py.import("threading")
            .expect("with_embedded_python_interpreter: importing threading failed");
        f(py)
    });
    // An attach of its own drains the decrefs queued meanwhile (by `Py<T>` values dropped on
    // other threads): after finalization nothing could.
    Python::attach(|_| ());
    // SAFETY: this thread holds the lock it got from `Py_InitializeEx`; per the caller, nothing
    // uses Python afterwards.
    unsafe { ffi::Py_Finalize() };
    result
}

/// Initialise CPython exactly once per process.
pub(crate) fn initialize_interpreter() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once_force(|_| {
        // SAFETY: Py_IsInitialized may be called at any time; Py_InitializeEx is called at most
        // once, here, and then the lock it leaves held by this thread is released so that any
        // thread can attach with PyGILState_Ensure.
        unsafe {
            if ffi::Py_IsInitialized() == 0 {
                ffi::Py_InitializeEx(0);
                ffi::PyEval_SaveThread();
            }
        }
    });
}

impl<'py> Python<'py> {
    /// Release the interpreter while `f` runs, so other threads can use Python meanwhile;
    /// re-attach afterwards, also when `f` panics.
    ///
    /// `f` must be [`Ungil`] (on stable: `Send`), which keeps `Bound` values and the token out
    /// of it. Use this around long Rust computations and blocking I/O.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// let total = Python::attach(|py| py.detach(|| (1..=100u64).sum::<u64>()));
    /// assert_eq!(total, 5050);
    /// ```
    pub fn detach<T, F>(self, f: F) -> T
    where
        F: Ungil + FnOnce() -> T,
        T: Ungil,
    {
        // SAFETY: holding a `Python<'py>` proves this thread holds the lock.
        let _suspended = unsafe { Suspended::release() };
        f()
    }

    /// Import a module, like `import name` (dotted names return the leaf module).
    pub fn import<N>(self, name: N) -> PyResult<Bound<'py, PyModule>>
    where
        N: crate::IntoPyObject<'py, Target = PyString>,
    {
        PyModule::import(self, name)
    }

    /// Run statements (`exec`). `globals` defaults to `__main__`'s namespace, `locals` to
    /// `globals`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let ns = PyDict::new(py);
    ///     py.run(c"x = [i * i for i in range(4)]", Some(&ns), None).unwrap();
    ///     let x: Vec<i32> = ns.get_item("x").unwrap().unwrap().extract().unwrap();
    ///     assert_eq!(x, [0, 1, 4, 9]);
    /// });
    /// ```
    pub fn run(
        self,
        code: &CStr,
        globals: Option<&Bound<'py, PyDict>>,
        locals: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<()> {
        self.run_code(code, ffi::Py_file_input, globals, locals)
            .map(drop)
    }

    /// Evaluate an expression (`eval`) and return its value.
    pub fn eval(
        self,
        code: &CStr,
        globals: Option<&Bound<'py, PyDict>>,
        locals: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.run_code(code, ffi::Py_eval_input, globals, locals)
    }

    fn run_code(
        self,
        code: &CStr,
        start: c_int,
        globals: Option<&Bound<'py, PyDict>>,
        locals: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let input = if start == ffi::Py_eval_input {
            crate::types::PyCodeInput::Eval
        } else {
            crate::types::PyCodeInput::File
        };
        crate::types::PyCode::compile(self, code, c"<string>", input)?.run(globals, locals)
    }

    /// The type object of `T`, e.g. `py.get_type::<PyValueError>()`.
    #[inline]
    pub fn get_type<T: crate::type_object::PyTypeInfo>(self) -> Bound<'py, crate::types::PyType> {
        T::type_object(self)
    }

    /// Python's `None`, as a detached `Py<PyAny>` (as PyO3's `py.None()`: store it, or
    /// `.into_bound(py)` it). [`PyNone::get`](crate::types::PyNone::get) gives a borrowed view.
    #[allow(non_snake_case)]
    #[inline]
    pub fn None(self) -> crate::Py<PyAny> {
        PyNone::get(self).to_owned().into_any().unbind()
    }

    /// Python's `NotImplemented`, returned by binary operators that do not handle an operand.
    #[allow(non_snake_case)]
    pub fn NotImplemented(self) -> Bound<'py, PyAny> {
        // SAFETY: Py_NotImplemented is a static, always-live object.
        unsafe { Borrowed::from_ptr(self, ffi::Py_NotImplemented()) }.to_owned()
    }

    /// Python's `Ellipsis` (`...`).
    #[allow(non_snake_case)]
    pub fn Ellipsis(self) -> Bound<'py, PyAny> {
        // SAFETY: Py_Ellipsis is a static, always-live object.
        unsafe { Borrowed::from_ptr(self, ffi::Py_Ellipsis()) }.to_owned()
    }

    /// The interpreter's version string (`sys.version`).
    pub fn version_str(self) -> &'static str {
        // SAFETY: Py_GetVersion returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(ffi::Py_GetVersion()) }
            .to_str()
            .unwrap_or("")
    }

    /// PyO3's older name for [`version_str`](Self::version_str).
    #[deprecated(
        since = "0.1.0",
        note = "use `Python::version_str` instead (as in PyO3 0.29)"
    )]
    pub fn version(self) -> &'static str {
        self.version_str()
    }

    /// The interpreter's version as numbers (`sys.version_info`).
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| assert!(py.version_info() >= (3, 9)));
    /// ```
    pub fn version_info(self) -> PythonVersionInfo<'py> {
        PythonVersionInfo::from_version_str(self.version_str())
    }

    /// Run pending signal handlers (for example raise `KeyboardInterrupt` after Ctrl-C).
    /// Long-running Rust loops called from Python should call this now and then.
    pub fn check_signals(self) -> PyResult<()> {
        // SAFETY: attached; returns -1 with an exception set when a handler raised.
        if unsafe { ffi::PyErr_CheckSignals() } == -1 {
            Err(PyErr::fetch(self))
        } else {
            Ok(())
        }
    }
}

/// The running interpreter's version, comparable with tuples: `py.version_info() >= (3, 12)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PythonVersionInfo<'a> {
    /// Major version (3).
    pub major: u8,
    /// Minor version.
    pub minor: u8,
    /// Patch level.
    pub patch: u8,
    /// Release suffix such as `"rc1"` or `"+"`, if any.
    pub suffix: Option<&'a str>,
}

impl<'a> PythonVersionInfo<'a> {
    fn from_version_str(version: &'a str) -> Self {
        let number = version.split_whitespace().next().unwrap_or("");
        let mut parts = number.splitn(3, '.');
        let num = |s: Option<&'a str>| -> (u8, &'a str) {
            let s = s.unwrap_or("0");
            let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            (s[..end].parse().unwrap_or(0), &s[end..])
        };
        let (major, _) = num(parts.next());
        let (minor, minor_rest) = num(parts.next());
        let (patch, patch_rest) = num(parts.next());
        let suffix = [patch_rest, minor_rest].into_iter().find(|s| !s.is_empty());
        PythonVersionInfo {
            major,
            minor,
            patch,
            suffix,
        }
    }
}

impl PartialEq<(u8, u8)> for PythonVersionInfo<'_> {
    fn eq(&self, other: &(u8, u8)) -> bool {
        (self.major, self.minor) == *other
    }
}

impl PartialOrd<(u8, u8)> for PythonVersionInfo<'_> {
    fn partial_cmp(&self, other: &(u8, u8)) -> Option<std::cmp::Ordering> {
        (self.major, self.minor).partial_cmp(other)
    }
}

impl PartialEq<(u8, u8, u8)> for PythonVersionInfo<'_> {
    fn eq(&self, other: &(u8, u8, u8)) -> bool {
        (self.major, self.minor, self.patch) == *other
    }
}

impl PartialOrd<(u8, u8, u8)> for PythonVersionInfo<'_> {
    fn partial_cmp(&self, other: &(u8, u8, u8)) -> Option<std::cmp::Ordering> {
        (self.major, self.minor, self.patch).partial_cmp(other)
    }
}

#[cfg(test)]
mod tests {
    use super::PythonVersionInfo;

    #[test]
    fn parses_version_strings() {
        let v = PythonVersionInfo::from_version_str("3.11.7 (main, Jan  1 2024) [GCC]");
        assert_eq!((v.major, v.minor, v.patch, v.suffix), (3, 11, 7, None));
        let v = PythonVersionInfo::from_version_str("3.13.0rc1 (tags)");
        assert_eq!(
            (v.major, v.minor, v.patch, v.suffix),
            (3, 13, 0, Some("rc1"))
        );
        let v = PythonVersionInfo::from_version_str("3.12.1+ (heads)");
        assert_eq!(v.suffix, Some("+"));
        assert!(v >= (3, 12));
        assert!(v < (3, 13));
        assert!(v == (3, 12, 1));
    }
}
