//! Attach state: how deeply this thread is attached, and the queue of decrefs that `Py<T>` drops
//! on detached threads leave for the next attach.
//!
//! This is all the global state pybound keeps. The count is one const-initialised thread-local
//! cell (no lazy init on access); the queue is touched only when a `Py<T>` is dropped while its
//! thread is detached, and checked at attach with one relaxed atomic load.

use std::cell::Cell;
use std::ptr::NonNull;

use crate::ffi;

/// This thread's attach state: one thread-local, so a call boundary touches it once.
struct ThreadState {
    /// How many `attach` scopes (or call boundaries) are open on this thread. `detach` sets it
    /// to zero while the interpreter lock is released and restores it after.
    count: Cell<isize>,
    /// See [`keep_until_scope_end`].
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    kept: std::cell::RefCell<Vec<NonNull<ffi::PyObject>>>,
}

thread_local! {
    static STATE: ThreadState = const {
        ThreadState {
            count: Cell::new(0),
            #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
            kept: std::cell::RefCell::new(Vec::new()),
        }
    };
}

/// Whether this thread is attached: inside a `Python::attach` scope (the counter), or inside a
/// call from Python into Rust (the interpreter's own thread state says so; call boundaries do
/// not touch the counter, which keeps every call free of a thread-local lookup).
#[inline]
pub(crate) fn is_attached() -> bool {
    STATE.with(|s| s.count.get() > 0) || holds_interpreter()
}

/// Whether the interpreter considers this thread attached (holding the GIL).
#[cfg(not(Py_LIMITED_API))]
#[cold]
fn holds_interpreter() -> bool {
    // SAFETY: both calls only read thread/runtime state and are valid before initialisation
    // (they return NULL then).
    unsafe {
        let current = ffi::compat::PyThreadState_GetUnchecked();
        if current.is_null() {
            return false;
        }
        // From 3.12 the current thread state is per thread: non-NULL means attached. Before,
        // it is the GIL holder's, so compare with this thread's own state. (A thread whose
        // state was not made through the GILState API compares unequal: treated as detached,
        // which only defers its decrefs to the queue.)
        #[cfg(Py_3_12)]
        {
            true
        }
        #[cfg(not(Py_3_12))]
        {
            current == ffi::PyGILState_GetThisThreadState()
        }
    }
}

/// The stable ABI has no call that reads the current thread state without a fatal error when
/// there is none, so abi3 builds count call boundaries instead ([`CallScope`]): the counter
/// alone answers.
#[cfg(Py_LIMITED_API)]
#[inline(always)]
fn holds_interpreter() -> bool {
    false
}

/// A call from Python into Rust, counted as an attach scope (abi3 builds only; see
/// [`holds_interpreter`]). Full-API builds recognise such calls from the interpreter's thread
/// state and touch no thread-local at a call boundary.
#[cfg(Py_LIMITED_API)]
pub(crate) struct CallScope(());

#[cfg(Py_LIMITED_API)]
impl CallScope {
    #[inline(always)]
    pub(crate) fn enter() -> CallScope {
        increment();
        CallScope(())
    }
}

#[cfg(Py_LIMITED_API)]
impl Drop for CallScope {
    #[inline(always)]
    fn drop(&mut self) {
        leave_scope();
    }
}

/// Close one attach scope or call scope; the outermost one also releases what
/// [`keep_until_scope_end`] kept (the thread is still attached here).
#[inline(always)]
fn leave_scope() {
    let release = STATE.with(|s| {
        let count = s.count.get() - 1;
        s.count.set(count);
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        return count == 0 && !s.kept.borrow().is_empty();
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        return false;
    });
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    if release {
        release_kept();
    }
    let _ = release;
}

/// Keep `object` (a new reference, handed over) alive until this thread's outermost attach or
/// call scope ends: then every `Python<'py>` token of the thread, and so every borrow tied to
/// one, has ended.
///
/// Only abi3 builds for 3.9 need this, for `&str` borrowed from a `str` (the stable ABI has no
/// call lending a `str`'s UTF-8 form before 3.10; see `PyString::to_str`). It is the one
/// place where memory grows with the work done inside one scope: the copies of the strings
/// borrowed as `&str` in it.
///
/// # Safety
/// Attached; `object` a new reference the caller gives up.
#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
pub(crate) unsafe fn keep_until_scope_end(object: *mut ffi::PyObject) {
    if let Some(object) = NonNull::new(object) {
        STATE.with(|s| s.kept.borrow_mut().push(object));
    }
    // Outside any scope (a callback that does not count, such as `tp_dealloc`): the next
    // scope's end releases it, later than needed but never too early.
}

/// How many UTF-8 copies this thread keeps now (tests of [`keep_until_scope_end`]).
#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
pub fn kept_utf8_copies() -> usize {
    STATE.with(|s| s.kept.borrow().len())
}

#[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
#[cold]
fn release_kept() {
    let kept = STATE.with(|s| std::mem::take(&mut *s.kept.borrow_mut()));
    for object in kept {
        // SAFETY: attached (the scope is still open); each is a reference this keeper owns.
        unsafe { ffi::Py_DECREF(object.as_ptr()) };
    }
}

/// Guard for one attach scope. Dropping it undoes exactly what acquiring did.
pub(crate) enum AttachGuard {
    /// The thread was already attached: only the count moved.
    Nested,
    /// This guard took the interpreter lock with `PyGILState_Ensure`.
    Ensured(ffi::PyGILState_STATE),
}

impl AttachGuard {
    /// Attach this thread, initialising the interpreter first if the `auto-initialize` feature
    /// is on. Nested attaches only bump the thread-local count.
    #[inline]
    pub(crate) fn acquire() -> AttachGuard {
        if is_attached() {
            increment();
            return AttachGuard::Nested;
        }
        Self::acquire_slow()
    }

    #[cold]
    fn acquire_slow() -> AttachGuard {
        ensure_initialized();
        // SAFETY: the interpreter is initialised (checked above); PyGILState_Ensure may be called
        // from any thread, whether or not it already holds the lock.
        let state = unsafe { ffi::PyGILState_Ensure() };
        increment();
        drain_pending_decrefs();
        AttachGuard::Ensured(state)
    }
}

/// Returning from Rust to Python at a call boundary (the caller held the lock throughout): the
/// queue of deferred decrefs is checked (one relaxed atomic load) and drained if it holds
/// anything, then `result` is handed back.
///
/// Checking on the way out rather than on the way in keeps the common path free of work that
/// would need the call's arguments saved across it; the queue is drained during the same
/// attached period either way.
#[inline(always)]
pub(crate) fn leave_to_python<R>(result: R) -> R {
    if PENDING.may_have_items() {
        drain_then(result)
    } else {
        result
    }
}

#[cold]
#[inline(never)]
fn drain_then<R>(result: R) -> R {
    drain_slow();
    result
}

impl Drop for AttachGuard {
    fn drop(&mut self) {
        leave_scope();
        if let AttachGuard::Ensured(state) = self {
            // SAFETY: releases the state this guard's `PyGILState_Ensure` returned, on the same
            // thread (the guard is !Send because it lives inside a single `attach` call).
            unsafe { ffi::PyGILState_Release(*state) };
        }
    }
}

#[inline]
fn increment() {
    STATE.with(|s| s.count.set(s.count.get() + 1));
}

/// Saved attach state while `detach` has released the lock.
pub(crate) struct Suspended {
    count: isize,
    tstate: *mut ffi::PyThreadState,
    /// The UTF-8 copies the suspended scopes keep (see [`keep_until_scope_end`]): set aside
    /// so that a scope opened while detached (count 0 again) releases only its own when it
    /// ends, not the copies `&str` borrows from before the detach may still point into.
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    kept: Vec<NonNull<ffi::PyObject>>,
}

impl Suspended {
    /// Release the interpreter lock held by this thread.
    ///
    /// # Safety
    /// The calling thread must hold the interpreter lock.
    pub(crate) unsafe fn release() -> Suspended {
        let count = STATE.with(|s| s.count.replace(0));
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        let kept = STATE.with(|s| std::mem::take(&mut *s.kept.borrow_mut()));
        // SAFETY: caller guarantees the lock is held by this thread.
        let tstate = unsafe { ffi::PyEval_SaveThread() };
        Suspended {
            count,
            tstate,
            #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
            kept,
        }
    }
}

impl Drop for Suspended {
    fn drop(&mut self) {
        // SAFETY: `tstate` came from PyEval_SaveThread on this thread; restoring re-takes the lock.
        unsafe { ffi::PyEval_RestoreThread(self.tstate) };
        STATE.with(|s| s.count.set(self.count));
        // (Scopes opened while detached have released their own copies when they closed.)
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        STATE.with(|s| s.kept.borrow_mut().append(&mut self.kept));
        drain_pending_decrefs();
    }
}

/// Initialise the interpreter once when `auto-initialize` is on; otherwise insist it is running.
fn ensure_initialized() {
    #[cfg(feature = "auto-initialize")]
    crate::python::initialize_interpreter();
    // SAFETY: Py_IsInitialized may be called at any time.
    if unsafe { ffi::Py_IsInitialized() } == 0 {
        panic!(
            "the Python interpreter is not initialized: call `Python::initialize()` first, or \
             enable pybound's `auto-initialize` feature"
        );
    }
}

/// A pointer whose decref was deferred. Only ever dereferenced by `drain_pending_decrefs` while
/// attached.
struct PendingDecref(NonNull<ffi::PyObject>);
// SAFETY: the pointer is only used to decref, and only on a thread holding the interpreter lock.
unsafe impl Send for PendingDecref {}

#[cfg(not(all(loom, test)))]
static PENDING: crate::decref_queue::DecrefQueue<PendingDecref> =
    crate::decref_queue::DecrefQueue::new();
/// Under loom (model checks only; nothing here runs) the queue's primitives are not const.
#[cfg(all(loom, test))]
static PENDING: std::sync::LazyLock<crate::decref_queue::DecrefQueue<PendingDecref>> =
    std::sync::LazyLock::new(crate::decref_queue::DecrefQueue::new);

/// Give up one owned reference: decref now if this thread is attached, otherwise queue it for
/// the next attach. What dropping a `Py<T>` does; one out-of-line function for every `T` (a
/// `Py` is not dropped in hot loops the way a `Bound` is).
#[inline(never)]
pub(crate) fn release(ptr: NonNull<ffi::PyObject>) {
    if is_attached() {
        // SAFETY: attached, and the caller owned one reference.
        unsafe { ffi::Py_DECREF(ptr.as_ptr()) };
    } else {
        queue_decref(ptr);
    }
}

/// Defer a decref to the next attach (on whatever thread that is).
pub(crate) fn queue_decref(ptr: NonNull<ffi::PyObject>) {
    PENDING.push(PendingDecref(ptr));
}

/// Decref everything queued. Called with the lock held, at the outermost attach.
#[inline]
fn drain_pending_decrefs() {
    if PENDING.may_have_items() {
        drain_slow();
    }
}

#[cold]
fn drain_slow() {
    // Take the list out first: a decref may run `__del__`, which may drop more `Py<T>` values
    // (those decref directly, as this thread is attached) or even queue from other threads.
    let pending = PENDING.take();
    for PendingDecref(ptr) in pending {
        // SAFETY: we hold the lock; each queued pointer owns one strong reference.
        unsafe { ffi::Py_DECREF(ptr.as_ptr()) };
    }
}

/// Number of decrefs waiting in the queue (for tests).
#[doc(hidden)]
pub fn pending_decref_count() -> usize {
    PENDING.len()
}
