//! `PyMutex<T>`: a Rust value behind CPython's own one-byte mutex (`PyMutex`, CPython 3.13+,
//! full API), as PyO3 has it: [`PyMutex`] poisons like `std::sync::Mutex`,
//! [`nonpoison::PyMutex`] does not.
//!
//! What sets it apart from `std::sync::Mutex`: a thread that has to wait for it while attached
//! detaches meanwhile (CPython's `PyMutex_Lock` does that itself), so the holder can run Python
//! code, and on a free-threaded build a waiting thread does not hold up the garbage collector.
//! There is no `try_lock`: only blocking lock and unlock.
//!
//! ```
//! # #[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
//! # {
//! use pybound::prelude::*;
//! use pybound::sync::PyMutex;
//!
//! static TOTAL: PyMutex<u64> = PyMutex::new(0);
//! Python::attach(|_py| {
//!     *TOTAL.lock().unwrap() += 5;
//!     assert_eq!(*TOTAL.lock().unwrap(), 5);
//! });
//! # }
//! ```

use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LockResult, PoisonError};

use crate::ffi;

/// The lock itself: CPython's `PyMutex`, which is one byte, needs no destructor and may not
/// move while locked (it is only ever locked through `&self`, so it cannot).
struct RawMutex(UnsafeCell<ffi::PyMutex>);

impl RawMutex {
    const fn new() -> Self {
        RawMutex(UnsafeCell::new(ffi::PyMutex::new()))
    }

    fn lock(&self) {
        // SAFETY: a valid mutex, which does not move while locked (borrowed for the guard's
        // lifetime). `PyMutex_Lock` may be called attached or detached.
        unsafe { ffi::PyMutex_Lock(self.0.get()) }
    }

    /// # Safety
    /// Locked by this thread.
    unsafe fn unlock(&self) {
        // SAFETY: per the caller.
        unsafe { ffi::PyMutex_Unlock(self.0.get()) }
    }

    #[cfg(Py_3_14)]
    fn is_locked(&self) -> bool {
        // SAFETY: a valid mutex; the call only reads its state.
        unsafe { ffi::PyMutex_IsLocked(self.0.get()) != 0 }
    }
}

/// A value behind CPython's `PyMutex`, poisoned when a thread panics while holding it (as
/// `std::sync::Mutex`). See the [module docs](self). (A [`nonpoison::PyMutex`] with a flag.)
pub struct PyMutex<T: ?Sized> {
    poisoned: AtomicBool,
    inner: nonpoison::PyMutex<T>,
}

/// The lock of a [`PyMutex`], released on drop. Not `Send`: CPython's mutex is unlocked by
/// the thread that locked it.
pub struct PyMutexGuard<'a, T: ?Sized> {
    guard: nonpoison::PyMutexGuard<'a, T>,
    poisoned: &'a AtomicBool,
    /// Whether this thread was panicking when it took the lock (a panic that started before
    /// does not poison).
    panicking: bool,
}

impl<T> PyMutex<T> {
    /// A new, unlocked mutex.
    pub const fn new(value: T) -> Self {
        PyMutex {
            poisoned: AtomicBool::new(false),
            inner: nonpoison::PyMutex::new(value),
        }
    }

    /// The value, consuming the mutex (`Err` if it was poisoned, with the value inside).
    pub fn into_inner(self) -> LockResult<T> {
        let poisoned = self.poisoned.load(Ordering::Relaxed);
        let value = self.inner.into_inner();
        if poisoned {
            Err(PoisonError::new(value))
        } else {
            Ok(value)
        }
    }
}

impl<T: ?Sized> PyMutex<T> {
    /// Lock, waiting (detached, if the thread is attached) while another thread holds it.
    /// `Err` if a thread panicked while holding it; the guard is inside the error all the same.
    pub fn lock(&self) -> LockResult<PyMutexGuard<'_, T>> {
        let guard = PyMutexGuard {
            guard: self.inner.lock(),
            poisoned: &self.poisoned,
            panicking: std::thread::panicking(),
        };
        if self.is_poisoned() {
            Err(PoisonError::new(guard))
        } else {
            Ok(guard)
        }
    }

    /// Whether a thread panicked while holding the lock.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned.load(Ordering::Relaxed)
    }

    /// Forget an earlier panic: the next `lock` succeeds.
    pub fn clear_poison(&self) {
        self.poisoned.store(false, Ordering::Relaxed);
    }

    /// Whether some thread holds the lock now (for tests and debugging: it may change right
    /// after). CPython 3.14+.
    #[cfg(Py_3_14)]
    pub fn is_locked(&self) -> bool {
        self.inner.is_locked()
    }

    /// The value, through exclusive access (no locking needed).
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        let poisoned = self.is_poisoned();
        let value = self.inner.get_mut();
        if poisoned {
            Err(PoisonError::new(value))
        } else {
            Ok(value)
        }
    }
}

impl<T: ?Sized> Drop for PyMutexGuard<'_, T> {
    fn drop(&mut self) {
        // Before the inner guard (a field, dropped after this) unlocks.
        if !self.panicking && std::thread::panicking() {
            self.poisoned.store(true, Ordering::Relaxed);
        }
    }
}

impl<T: ?Sized> Deref for PyMutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T: ?Sized> DerefMut for PyMutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T: Default> Default for PyMutex<T> {
    fn default() -> Self {
        PyMutex::new(T::default())
    }
}

impl<T: ?Sized> std::fmt::Debug for PyMutex<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PyMutex")
            .field("poisoned", &self.is_poisoned())
            .finish_non_exhaustive()
    }
}

impl<T: ?Sized + std::fmt::Debug> std::fmt::Debug for PyMutexGuard<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// [`PyMutex`] without poisoning: a panic while holding the lock just releases it.
pub mod nonpoison {
    use super::*;

    /// A value behind CPython's `PyMutex`; `lock` returns the guard directly. See the
    /// [parent module](super).
    ///
    /// ```
    /// # #[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
    /// # {
    /// use pybound::sync::nonpoison::PyMutex;
    /// let names = PyMutex::new(Vec::new());
    /// names.lock().push("a");
    /// assert_eq!(names.into_inner(), ["a"]);
    /// # }
    /// ```
    pub struct PyMutex<T: ?Sized> {
        raw: RawMutex,
        data: UnsafeCell<T>,
    }

    // SAFETY: as for the poisoning `PyMutex`.
    unsafe impl<T: ?Sized + Send> Send for PyMutex<T> {}
    // SAFETY: as above.
    unsafe impl<T: ?Sized + Send> Sync for PyMutex<T> {}

    /// The lock of a [`PyMutex`], released on drop; not `Send`.
    pub struct PyMutexGuard<'a, T: ?Sized> {
        mutex: &'a PyMutex<T>,
        _not_send: PhantomData<*const ()>,
    }

    // SAFETY: `&PyMutexGuard` gives `&T` only.
    unsafe impl<T: ?Sized + Sync> Sync for PyMutexGuard<'_, T> {}

    impl<T> PyMutex<T> {
        /// A new, unlocked mutex.
        pub const fn new(value: T) -> Self {
            PyMutex {
                raw: RawMutex::new(),
                data: UnsafeCell::new(value),
            }
        }

        /// The value, consuming the mutex.
        pub fn into_inner(self) -> T {
            self.data.into_inner()
        }
    }

    impl<T: ?Sized> PyMutex<T> {
        /// Lock, waiting (detached, if the thread is attached) while another thread holds it.
        pub fn lock(&self) -> PyMutexGuard<'_, T> {
            self.raw.lock();
            PyMutexGuard {
                mutex: self,
                _not_send: PhantomData,
            }
        }

        /// Whether some thread holds the lock now (CPython 3.14+).
        #[cfg(Py_3_14)]
        pub fn is_locked(&self) -> bool {
            self.raw.is_locked()
        }

        /// The value, through exclusive access.
        pub fn get_mut(&mut self) -> &mut T {
            self.data.get_mut()
        }
    }

    impl<T: ?Sized> Drop for PyMutexGuard<'_, T> {
        fn drop(&mut self) {
            // SAFETY: this guard's thread locked it.
            unsafe { self.mutex.raw.unlock() }
        }
    }

    impl<T: ?Sized> Deref for PyMutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            // SAFETY: the lock is held by this guard.
            unsafe { &*self.mutex.data.get() }
        }
    }

    impl<T: ?Sized> DerefMut for PyMutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            // SAFETY: the lock is held by this guard, which is borrowed mutably.
            unsafe { &mut *self.mutex.data.get() }
        }
    }

    impl<T: Default> Default for PyMutex<T> {
        fn default() -> Self {
            PyMutex::new(T::default())
        }
    }

    impl<T: ?Sized> std::fmt::Debug for PyMutex<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("PyMutex").finish_non_exhaustive()
        }
    }

    impl<T: ?Sized + std::fmt::Debug> std::fmt::Debug for PyMutexGuard<'_, T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Debug::fmt(&**self, f)
        }
    }
}
