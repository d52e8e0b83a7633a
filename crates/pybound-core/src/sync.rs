//! Once-initialised values for code that runs attached, and [`intern!`](crate::intern).

use std::sync::OnceLock;

// CPython's own mutex as a Rust lock (3.13+, full API; as PyO3's `PyMutex`).
#[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
mod py_mutex;
#[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
pub use py_mutex::{nonpoison, PyMutex, PyMutexGuard};

use crate::instance::{Bound, Py};
use crate::python::Python;
use crate::types::PyString;

/// A cell written once, by code that is attached to the interpreter.
///
/// The initialiser runs exactly once, as PyO3 0.30's does: a thread that finds another one
/// initialising waits for it *detached* (so the initialising thread may call Python, import
/// modules or release and retake the interpreter without deadlocking), then reads its value.
/// A failed fallible initialiser leaves the cell empty for the next caller to try again. An
/// initialiser that asks its own cell for the value panics with a message (it would otherwise
/// wait for itself forever). Reading a set cell costs one atomic load.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::sync::PyOnceLock;
///
/// static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
///
/// Python::attach(|py| {
///     let decimal = DECIMAL.get_or_try_init(py, || {
///         Ok::<_, PyErr>(py.import("decimal")?.getattr("Decimal")?.unbind())
///     }).unwrap();
///     let d = decimal.bind(py).call1(("1.5",)).unwrap();
///     assert_eq!(d.to_string(), "1.5");
/// });
/// ```
pub struct PyOnceLock<T> {
    value: OnceLock<T>,
    /// Held while an initialiser runs; others wait for it detached.
    init: std::sync::Mutex<()>,
    /// The thread running the initialiser (its `thread_marker`), 0 if none.
    initialising: std::sync::atomic::AtomicUsize,
}

/// A per-thread address, distinct for every live thread: which thread runs an initialiser.
fn thread_marker() -> usize {
    thread_local!(static MARKER: u8 = const { 0 });
    MARKER.with(|m| m as *const u8 as usize)
}

/// PyO3's older name for [`PyOnceLock`].
pub type GILOnceCell<T> = PyOnceLock<T>;

impl<T> PyOnceLock<T> {
    /// An empty cell.
    pub const fn new() -> Self {
        PyOnceLock {
            value: OnceLock::new(),
            init: std::sync::Mutex::new(()),
            initialising: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The value, if set.
    #[inline]
    pub fn get(&self, _py: Python<'_>) -> Option<&T> {
        self.value.get()
    }

    /// The value, initialising it with `f` if it is not set yet (`f` runs once, however many
    /// threads ask at the same time).
    #[inline]
    pub fn get_or_init<F>(&self, py: Python<'_>, f: F) -> &T
    where
        F: FnOnce() -> T,
    {
        match self.value.get() {
            Some(v) => v,
            None => match self.init(py, || Ok::<T, std::convert::Infallible>(f())) {
                Ok(v) => v,
                Err(never) => match never {},
            },
        }
    }

    /// Like [`get_or_init`](PyOnceLock::get_or_init) with a fallible initialiser; on error the
    /// cell stays empty.
    #[inline]
    pub fn get_or_try_init<F, E>(&self, py: Python<'_>, f: F) -> Result<&T, E>
    where
        F: FnOnce() -> Result<T, E>,
    {
        match self.value.get() {
            Some(v) => Ok(v),
            None => self.init(py, f),
        }
    }

    /// The slow path: take the initialisation lock (waiting for another thread detached), and
    /// run `f` unless that thread set the value meanwhile.
    #[cold]
    fn init<F, E>(&self, py: Python<'_>, f: F) -> Result<&T, E>
    where
        F: FnOnce() -> Result<T, E>,
    {
        use std::sync::atomic::Ordering;
        let me = thread_marker();
        if self.initialising.load(Ordering::Relaxed) == me {
            panic!("a PyOnceLock's initialiser asked the same cell for its value (it would wait for itself)");
        }
        let _guard = self
            .init
            .lock_py_attached(py)
            .unwrap_or_else(|e| e.into_inner());
        if let Some(v) = self.value.get() {
            return Ok(v);
        }
        self.initialising.store(me, Ordering::Relaxed);
        struct Reset<'a>(&'a std::sync::atomic::AtomicUsize);
        impl Drop for Reset<'_> {
            fn drop(&mut self) {
                self.0.store(0, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let reset = Reset(&self.initialising);
        let value = f();
        drop(reset);
        let value = value?;
        let _ = self.value.set(value);
        Ok(self.value.get().expect("set just above"))
    }

    /// Set the value; gives it back if the cell was already set.
    pub fn set(&self, _py: Python<'_>, value: T) -> Result<(), T> {
        self.value.set(value)
    }

    /// The value, mutably (an exclusive borrow of the cell needs no interpreter).
    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.value.get_mut()
    }

    /// Take the value out, leaving the cell empty.
    pub fn take(&mut self) -> Option<T> {
        self.value.take()
    }

    /// The value, consuming the cell.
    pub fn into_inner(self) -> Option<T> {
        self.value.into_inner()
    }
}

impl PyOnceLock<crate::Py<crate::types::PyType>> {
    /// `module.attr`, imported the first time and checked to be a class (PyO3's helper for
    /// caching a Python class in a static).
    ///
    /// ```
    /// use pybound::prelude::*;
    /// use pybound::sync::PyOnceLock;
    ///
    /// static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    /// Python::attach(|py| {
    ///     let decimal = DECIMAL.import(py, "decimal", "Decimal").unwrap();
    ///     assert_eq!(decimal.call1(("1.5",)).unwrap().to_string(), "1.5");
    /// });
    /// ```
    pub fn import<'py>(
        &self,
        py: Python<'py>,
        module_name: &str,
        attr_name: &str,
    ) -> crate::PyResult<&crate::Bound<'py, crate::types::PyType>> {
        self.get_or_try_init(py, || {
            let class = py.import(module_name)?.getattr(attr_name)?;
            Ok::<_, crate::PyErr>(class.cast_into::<crate::types::PyType>()?.unbind())
        })
        .map(|class| class.bind(py))
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for PyOnceLock<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value.get() {
            Some(v) => f.debug_tuple("PyOnceLock").field(v).finish(),
            None => f.write_str("PyOnceLock(<empty>)"),
        }
    }
}

impl<T> Default for PyOnceLock<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// A Python string made once (interned) and reused: the storage behind [`intern!`].
#[doc(hidden)]
pub struct Interned(&'static str, PyOnceLock<Py<PyString>>);

impl Interned {
    /// A cell for `text`, made on first use.
    pub const fn new(text: &'static str) -> Self {
        Interned(text, PyOnceLock::new())
    }

    /// The interned string, created on the first call.
    #[inline]
    pub fn get<'py>(&self, py: Python<'py>) -> &Bound<'py, PyString> {
        match self.1.get(py) {
            Some(s) => s.bind(py),
            None => self.init(py),
        }
    }

    /// The first call: compiled once here rather than in every crate that interns.
    #[cold]
    #[inline(never)]
    fn init<'py>(&self, py: Python<'py>) -> &Bound<'py, PyString> {
        self.1
            .get_or_init(py, || PyString::intern(py, self.0).unbind())
            .bind(py)
    }
}

/// An interned Python string for a literal, created once per process and then reused at the
/// cost of one load. Use it for attribute and method names called from hot code.
///
/// ```
/// use pybound::prelude::*;
/// Python::attach(|py| {
///     let list = PyList::empty(py);
///     list.call_method1(pybound::intern!(py, "append"), (1,)).unwrap();
///     assert_eq!(list.len(), 1);
/// });
/// ```
#[macro_export]
macro_rules! intern {
    ($py:expr, $text:expr) => {{
        static INTERNED: $crate::sync::Interned = $crate::sync::Interned::new($text);
        INTERNED.get($py)
    }};
}

/// A value moved into and out of a `detach` closure, which runs on the same thread: it never
/// actually crosses threads, so it need not be `Send`.
struct SameThread<T>(T);
// SAFETY: `Python::detach` runs its closure on the calling thread; a `SameThread` is only
// made, moved into such a closure and taken back out on that one thread.
unsafe impl<T> Send for SameThread<T> {}

/// Wait for `wait` detached (so that a thread holding the lock while waiting to attach can go
/// on), except when `ready` says no waiting is needed.
fn wait_detached<R>(
    py: Python<'_>,
    ready: impl FnOnce() -> Option<R>,
    wait: impl FnOnce() -> R,
) -> R {
    if let Some(done) = ready() {
        return done;
    }
    let wait = SameThread(wait);
    py.detach(move || {
        let wait = wait;
        SameThread((wait.0)())
    })
    .0
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for std::sync::Once {}
    impl<T> Sealed for std::sync::OnceLock<T> {}
    impl<T> Sealed for std::sync::Mutex<T> {}
    impl<T> Sealed for std::sync::RwLock<T> {}
    #[cfg(feature = "parking_lot")]
    impl Sealed for parking_lot::Once {}
    #[cfg(feature = "lock_api")]
    impl<R, T> Sealed for lock_api::Mutex<R, T> {}
    #[cfg(feature = "lock_api")]
    impl<R, G, T> Sealed for lock_api::ReentrantMutex<R, G, T> {}
    #[cfg(feature = "lock_api")]
    impl<R, T> Sealed for lock_api::RwLock<R, T> {}
    #[cfg(feature = "arc_lock")]
    impl<R, T> Sealed for std::sync::Arc<lock_api::Mutex<R, T>> {}
    #[cfg(feature = "arc_lock")]
    impl<R, G, T> Sealed for std::sync::Arc<lock_api::ReentrantMutex<R, G, T>> {}
    #[cfg(feature = "arc_lock")]
    impl<R, T> Sealed for std::sync::Arc<lock_api::RwLock<R, T>> {}
}

/// A one-time initialisation for code that holds the interpreter: waiting for another
/// thread's initialisation happens detached, so that thread can attach and finish (PyO3's
/// trait; for `std::sync::Once` and, with the `parking_lot` feature, `parking_lot::Once`).
pub trait OnceExt: sealed::Sealed {
    /// What `call_once_force`'s closure is told (whether an earlier attempt panicked).
    type OnceState;
    /// `call_once`, running `f` attached and waiting detached.
    fn call_once_py_attached(&self, py: Python<'_>, f: impl FnOnce());
    /// `call_once_force`, likewise.
    fn call_once_force_py_attached(&self, py: Python<'_>, f: impl FnOnce(&Self::OnceState));
}

/// One `OnceExt` impl per once type (`$st_ref`: the state as the reference `f` takes).
macro_rules! once_ext {
    ($($(#[$m:meta])* $ty:ty, $state:ty, |$st:ident| $st_ref:expr;)*) => {$(
        $(#[$m])*
        impl OnceExt for $ty {
            type OnceState = $state;

            fn call_once_py_attached(&self, py: Python<'_>, f: impl FnOnce()) {
                let f = SameThread(f);
                wait_detached(
                    py,
                    || self.state_done().then_some(()),
                    move || {
                        let f = f;
                        self.call_once(|| Python::attach(|_| (f.0)()))
                    },
                )
            }

            fn call_once_force_py_attached(&self, py: Python<'_>, f: impl FnOnce(&$state)) {
                let f = SameThread(f);
                wait_detached(
                    py,
                    || self.state_done().then_some(()),
                    move || {
                        let f = f;
                        self.call_once_force(|$st| Python::attach(|_| (f.0)($st_ref)))
                    },
                )
            }
        }
    )*};
}

/// Whether a once has completed, under one name for both once types.
trait OnceDone {
    fn state_done(&self) -> bool;
}

impl OnceDone for std::sync::Once {
    #[inline]
    fn state_done(&self) -> bool {
        self.is_completed()
    }
}

#[cfg(feature = "parking_lot")]
impl OnceDone for parking_lot::Once {
    #[inline]
    fn state_done(&self) -> bool {
        self.state().done()
    }
}

once_ext! {
    std::sync::Once, std::sync::OnceState, |state| state;
    #[cfg(feature = "parking_lot")]
    parking_lot::Once, parking_lot::OnceState, |state| &state;
}

/// `std::sync::OnceLock` for code that holds the interpreter (PyO3's trait).
pub trait OnceLockExt<T>: sealed::Sealed {
    /// `get_or_init`, running `f` attached and waiting detached.
    fn get_or_init_py_attached<F>(&self, py: Python<'_>, f: F) -> &T
    where
        F: FnOnce() -> T;
}

impl<T> OnceLockExt<T> for std::sync::OnceLock<T> {
    fn get_or_init_py_attached<F>(&self, py: Python<'_>, f: F) -> &T
    where
        F: FnOnce() -> T,
    {
        let f = SameThread(f);
        let this = SameThread(self);
        wait_detached(
            py,
            || self.get().map(SameThread),
            move || {
                let (f, this) = (f, this);
                SameThread(this.0.get_or_init(|| Python::attach(|_| (f.0)())))
            },
        )
        .0
    }
}

/// A mutex for code that holds the interpreter: a contended lock is waited for detached
/// (PyO3's trait), so the holder can attach and release it. For `std::sync::Mutex` and, with
/// the `lock_api` feature, `lock_api`'s (`parking_lot`'s) `Mutex` and `ReentrantMutex`
/// (`arc_lock`: also behind an `Arc`, giving owned guards).
pub trait MutexExt<T>: sealed::Sealed {
    /// What locking returns: a guard (in a `LockResult` for `std`'s poisoning mutex).
    type LockResult<'a>
    where
        Self: 'a;
    /// `lock`, waiting detached when the mutex is held.
    fn lock_py_attached(&self, py: Python<'_>) -> Self::LockResult<'_>;
}

impl<T> MutexExt<T> for std::sync::Mutex<T> {
    type LockResult<'a>
        = std::sync::LockResult<std::sync::MutexGuard<'a, T>>
    where
        Self: 'a;

    fn lock_py_attached(
        &self,
        py: Python<'_>,
    ) -> std::sync::LockResult<std::sync::MutexGuard<'_, T>> {
        let this = SameThread(self);
        wait_detached(
            py,
            || match self.try_lock() {
                Ok(guard) => Some(SameThread(Ok(guard))),
                Err(std::sync::TryLockError::Poisoned(p)) => Some(SameThread(Err(p))),
                Err(std::sync::TryLockError::WouldBlock) => None,
            },
            move || {
                let this = this;
                SameThread(this.0.lock())
            },
        )
        .0
    }
}

/// A reader-writer lock for code that holds the interpreter (PyO3's trait): for
/// `std::sync::RwLock` and, with `lock_api`, `lock_api::RwLock` (`arc_lock`: behind an `Arc`).
pub trait RwLockExt<T>: sealed::Sealed {
    /// What a read lock returns.
    type ReadLockResult<'a>
    where
        Self: 'a;
    /// What a write lock returns.
    type WriteLockResult<'a>
    where
        Self: 'a;
    /// `read`, waiting detached when a writer holds the lock.
    fn read_py_attached(&self, py: Python<'_>) -> Self::ReadLockResult<'_>;
    /// `write`, waiting detached when the lock is held.
    fn write_py_attached(&self, py: Python<'_>) -> Self::WriteLockResult<'_>;
}

impl<T> RwLockExt<T> for std::sync::RwLock<T> {
    type ReadLockResult<'a>
        = std::sync::LockResult<std::sync::RwLockReadGuard<'a, T>>
    where
        Self: 'a;
    type WriteLockResult<'a>
        = std::sync::LockResult<std::sync::RwLockWriteGuard<'a, T>>
    where
        Self: 'a;

    fn read_py_attached(
        &self,
        py: Python<'_>,
    ) -> std::sync::LockResult<std::sync::RwLockReadGuard<'_, T>> {
        let this = SameThread(self);
        wait_detached(
            py,
            || match self.try_read() {
                Ok(guard) => Some(SameThread(Ok(guard))),
                Err(std::sync::TryLockError::Poisoned(p)) => Some(SameThread(Err(p))),
                Err(std::sync::TryLockError::WouldBlock) => None,
            },
            move || {
                let this = this;
                SameThread(this.0.read())
            },
        )
        .0
    }

    fn write_py_attached(
        &self,
        py: Python<'_>,
    ) -> std::sync::LockResult<std::sync::RwLockWriteGuard<'_, T>> {
        let this = SameThread(self);
        wait_detached(
            py,
            || match self.try_write() {
                Ok(guard) => Some(SameThread(Ok(guard))),
                Err(std::sync::TryLockError::Poisoned(p)) => Some(SameThread(Err(p))),
                Err(std::sync::TryLockError::WouldBlock) => None,
            },
            move || {
                let this = this;
                SameThread(this.0.write())
            },
        )
        .0
    }
}

/// `lock_api`'s locks (`parking_lot`'s and others built on it): the guard directly, as they do
/// not poison. A lock taken at once costs one `try_lock`; a contended one is waited for
/// detached.
#[cfg(feature = "lock_api")]
mod lock_api_ext {
    use super::{wait_detached, MutexExt, RwLockExt, SameThread};
    use crate::python::Python;

    /// `impl $trait for $ty { $method -> $guard = try $try / block $block }`, one line each.
    macro_rules! detached_lock {
        ($($(#[$m:meta])* [$($gen:tt)*] $trait:ident for $ty:ty
            { $(fn $method:ident -> $assoc:ident = $guard:ty, $try:ident, $block:ident;)* })*) => {$(
            $(#[$m])*
            impl<$($gen)*> $trait<T> for $ty {
                $(
                type $assoc<'a> = $guard where Self: 'a;
                fn $method(&self, py: Python<'_>) -> Self::$assoc<'_> {
                    let this = SameThread(self);
                    wait_detached(
                        py,
                        || self.$try().map(SameThread),
                        move || {
                            let this = this;
                            SameThread(this.0.$block())
                        },
                    )
                    .0
                }
                )*
            }
        )*};
    }

    detached_lock! {
        [R: lock_api::RawMutex, T] MutexExt for lock_api::Mutex<R, T> {
            fn lock_py_attached -> LockResult = lock_api::MutexGuard<'a, R, T>, try_lock, lock;
        }
        [R: lock_api::RawMutex, G: lock_api::GetThreadId, T] MutexExt for lock_api::ReentrantMutex<R, G, T> {
            fn lock_py_attached -> LockResult = lock_api::ReentrantMutexGuard<'a, R, G, T>, try_lock, lock;
        }
        [R: lock_api::RawRwLock, T] RwLockExt for lock_api::RwLock<R, T> {
            fn read_py_attached -> ReadLockResult = lock_api::RwLockReadGuard<'a, R, T>, try_read, read;
            fn write_py_attached -> WriteLockResult = lock_api::RwLockWriteGuard<'a, R, T>, try_write, write;
        }
        #[cfg(feature = "arc_lock")]
        [R: lock_api::RawMutex, T] MutexExt for std::sync::Arc<lock_api::Mutex<R, T>> {
            fn lock_py_attached -> LockResult = lock_api::ArcMutexGuard<R, T>, try_lock_arc, lock_arc;
        }
        #[cfg(feature = "arc_lock")]
        [R: lock_api::RawMutex, G: lock_api::GetThreadId, T] MutexExt for std::sync::Arc<lock_api::ReentrantMutex<R, G, T>> {
            fn lock_py_attached -> LockResult = lock_api::ArcReentrantMutexGuard<R, G, T>, try_lock_arc, lock_arc;
        }
        #[cfg(feature = "arc_lock")]
        [R: lock_api::RawRwLock, T] RwLockExt for std::sync::Arc<lock_api::RwLock<R, T>> {
            fn read_py_attached -> ReadLockResult = lock_api::ArcRwLockReadGuard<R, T>, try_read_arc, read_arc;
            fn write_py_attached -> WriteLockResult = lock_api::ArcRwLockWriteGuard<R, T>, try_write_arc, write_arc;
        }
    }
}

#[cfg(all(test, feature = "parking_lot"))]
mod lock_api_tests {
    use std::sync::{Arc, Barrier};

    use super::{MutexExt, OnceExt, RwLockExt};
    use crate::python::Python;

    /// A `parking_lot` mutex held by a thread that must attach before releasing it: waiting
    /// for it while attached would deadlock; `lock_py_attached` waits detached.
    #[test]
    fn parking_lot_locks_wait_detached() {
        let mutex = Arc::new(parking_lot::Mutex::new(0));
        let barrier = Arc::new(Barrier::new(2));
        Python::attach(|py| {
            let holder = {
                let (mutex, barrier) = (mutex.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut guard = mutex.lock();
                    barrier.wait();
                    Python::attach(|py| *guard += py.version_info().major as i32);
                })
            };
            barrier.wait();
            assert_eq!(*mutex.lock_py_attached(py), 3);
            holder.join().unwrap();

            // The `Arc` forms give owned guards.
            let owned = mutex.lock_py_attached(py);
            drop(owned);
            let reentrant = parking_lot::ReentrantMutex::new(5);
            let outer = reentrant.lock_py_attached(py);
            assert_eq!(*reentrant.lock_py_attached(py), *outer);

            let lock = Arc::new(parking_lot::RwLock::new(String::from("a")));
            lock.write_py_attached(py).push('b');
            assert_eq!(*lock.read_py_attached(py), "ab");
            assert_eq!(*(*lock).read_py_attached(py), "ab");

            let once = parking_lot::Once::new();
            let mut runs = 0;
            once.call_once_py_attached(py, || runs += 1);
            once.call_once_py_attached(py, || runs += 1);
            once.call_once_force_py_attached(py, |state| runs += i32::from(state.poisoned()));
            assert_eq!(runs, 1);
        });
    }
}

/// Run `f` inside `object`'s critical section: on free-threaded CPython, the per-object lock
/// CPython's own container operations take, so `f` may read the object's internals (a dict
/// walk with `PyDict_Next`, borrowed list items) while other threads use it. With the
/// interpreter lock (every other build) the lock already serialises Python code, and this just
/// calls `f`. As in CPython, the section is suspended if `f` blocks on another one or releases
/// the thread state; keep `f` short and do not call back into arbitrary Python from it.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::sync::with_critical_section;
/// Python::attach(|py| {
///     let list = PyList::new(py, [1, 2, 3]).unwrap();
///     let total: i64 = with_critical_section(list.as_any(), || {
///         list.iter().map(|x| x.extract::<i64>().unwrap()).sum()
///     });
///     assert_eq!(total, 6);
/// });
/// ```
#[inline]
pub fn with_critical_section<F, R>(object: &Bound<'_, crate::types::PyAny>, f: F) -> R
where
    F: FnOnce() -> R,
{
    #[cfg(Py_GIL_DISABLED)]
    {
        struct Section(std::mem::MaybeUninit<crate::ffi::PyCriticalSection>);
        impl Drop for Section {
            fn drop(&mut self) {
                // SAFETY: begun below on this thread, not moved since.
                unsafe { crate::ffi::PyCriticalSection_End(self.0.as_mut_ptr()) }
            }
        }
        let mut section = Section(std::mem::MaybeUninit::uninit());
        // SAFETY: attached (through `object`); the section lives on this stack frame until
        // its drop ends it.
        unsafe { crate::ffi::PyCriticalSection_Begin(section.0.as_mut_ptr(), object.as_ptr()) };
        f()
    }
    #[cfg(not(Py_GIL_DISABLED))]
    {
        let _ = object;
        f()
    }
}

/// [`with_critical_section`] for two objects at once (locked in an order that cannot
/// deadlock against another thread locking the same two).
#[inline]
pub fn with_critical_section2<F, R>(
    a: &Bound<'_, crate::types::PyAny>,
    b: &Bound<'_, crate::types::PyAny>,
    f: F,
) -> R
where
    F: FnOnce() -> R,
{
    #[cfg(Py_GIL_DISABLED)]
    {
        struct Section(std::mem::MaybeUninit<crate::ffi::PyCriticalSection2>);
        impl Drop for Section {
            fn drop(&mut self) {
                // SAFETY: begun below on this thread, not moved since.
                unsafe { crate::ffi::PyCriticalSection2_End(self.0.as_mut_ptr()) }
            }
        }
        let mut section = Section(std::mem::MaybeUninit::uninit());
        // SAFETY: as in `with_critical_section`.
        unsafe {
            crate::ffi::PyCriticalSection2_Begin(section.0.as_mut_ptr(), a.as_ptr(), b.as_ptr())
        };
        f()
    }
    #[cfg(not(Py_GIL_DISABLED))]
    {
        let _ = (a, b);
        f()
    }
}
