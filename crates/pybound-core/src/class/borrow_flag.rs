//! The borrow state of one `#[pyclass]` instance, as a small state machine over one integer:
//! 0 free, -1 borrowed exclusively, positive when shared (`shares + exports * EXPORT_UNIT`).
//! An export of the value's memory (see `buffer::export`) is a shared borrow that lasts until
//! Python releases it, counted apart so that a refused `&mut` can say why.
//!
//! Every transition is a compare-and-swap on the integer. With the interpreter lock (every
//! CPython but the free-threaded build) one thread at a time runs Python code that can reach
//! an object, and the integer is a plain `Cell`: the compare cannot fail and the code is what
//! it was before this module (`Cell` get / set). On the free-threaded build (`Py_GIL_DISABLED`)
//! several threads may borrow the same object at once, and the integer is an `AtomicIsize`:
//! shares and exclusive borrows acquire (they see what the last holder wrote) and their
//! releases release. The atomic form is model-checked with loom (`make test`:
//! `tests/loom.sh`).

/// What one export adds to the flag. The shares below it cannot reach it in practice (2^40 live
/// `PyRef`s on 64-bit targets; 2^20 on 32-bit ones), and if they did a refused `&mut` would
/// merely name the wrong reason: the flag stays positive either way.
#[cfg(target_pointer_width = "64")]
pub(crate) const EXPORT_UNIT: isize = 1 << 40;
#[cfg(not(target_pointer_width = "64"))]
pub(crate) const EXPORT_UNIT: isize = 1 << 20;

/// Why an exclusive borrow was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Shared (or exclusively) borrowed.
    Borrowed,
    /// Exported (its memory lent to a buffer consumer).
    Exported,
}

/// The integer's storage: `Cell` with the interpreter lock, an atomic without it.
pub(crate) trait FlagCell {
    fn new_free() -> Self;
    fn load(&self) -> isize;
    /// Replace `current` with `new`; `Err(actual)` if the value was not `current`.
    fn compare_exchange(&self, current: isize, new: isize) -> Result<(), isize>;
    /// Subtract `amount` (a release).
    fn release_sub(&self, amount: isize);
    /// Store 0 (the release of an exclusive borrow).
    fn release_free(&self);
}

impl FlagCell for std::cell::Cell<isize> {
    #[inline]
    fn new_free() -> Self {
        std::cell::Cell::new(0)
    }
    #[inline]
    fn load(&self) -> isize {
        self.get()
    }
    #[inline]
    fn compare_exchange(&self, current: isize, new: isize) -> Result<(), isize> {
        // One thread at a time: the value is still `current`.
        debug_assert_eq!(self.get(), current);
        self.set(new);
        Ok(())
    }
    #[inline]
    fn release_sub(&self, amount: isize) {
        self.set(self.get() - amount);
    }
    #[inline]
    fn release_free(&self) {
        self.set(0);
    }
}

#[cfg(not(all(loom, test)))]
use std::sync::atomic::{AtomicIsize, Ordering};

#[cfg(all(loom, test))]
use loom::sync::atomic::{AtomicIsize, Ordering};

impl FlagCell for AtomicIsize {
    #[inline]
    fn new_free() -> Self {
        AtomicIsize::new(0)
    }
    #[inline]
    fn load(&self) -> isize {
        AtomicIsize::load(self, Ordering::Relaxed)
    }
    #[inline]
    fn compare_exchange(&self, current: isize, new: isize) -> Result<(), isize> {
        AtomicIsize::compare_exchange_weak(self, current, new, Ordering::Acquire, Ordering::Relaxed)
            .map(drop)
    }
    #[inline]
    fn release_sub(&self, amount: isize) {
        self.fetch_sub(amount, Ordering::Release);
    }
    #[inline]
    fn release_free(&self) {
        self.store(0, Ordering::Release);
    }
}

/// The storage this build uses.
#[cfg(not(Py_GIL_DISABLED))]
pub(crate) type Storage = std::cell::Cell<isize>;
#[cfg(Py_GIL_DISABLED)]
pub(crate) type Storage = AtomicIsize;

/// One instance's borrow flag.
pub(crate) struct BorrowFlag<C = Storage>(C);

impl<C: FlagCell> BorrowFlag<C> {
    /// Not borrowed.
    pub(crate) fn new() -> Self {
        BorrowFlag(C::new_free())
    }

    /// Whether an exclusive borrow is held.
    #[inline]
    pub(crate) fn is_borrowed_mut(&self) -> bool {
        self.0.load() < 0
    }

    /// Take a shared borrow; `Err` if it is borrowed exclusively.
    #[inline]
    pub(crate) fn try_share(&self) -> Result<(), ()> {
        let mut flag = self.0.load();
        loop {
            if flag < 0 {
                return Err(());
            }
            match self.0.compare_exchange(flag, flag + 1) {
                Ok(()) => return Ok(()),
                Err(actual) => flag = actual,
            }
        }
    }

    /// Release a shared borrow.
    #[inline]
    pub(crate) fn unshare(&self) {
        self.0.release_sub(1);
    }

    /// Take the exclusive borrow; refused while any borrow or export is held.
    #[inline]
    pub(crate) fn try_take(&self) -> Result<(), Refused> {
        let mut flag = self.0.load();
        loop {
            if flag != 0 {
                return Err(if flag >= EXPORT_UNIT {
                    Refused::Exported
                } else {
                    Refused::Borrowed
                });
            }
            match self.0.compare_exchange(0, -1) {
                Ok(()) => return Ok(()),
                // A weak compare may fail spuriously: look again.
                Err(actual) => flag = actual,
            }
        }
    }

    /// Release the exclusive borrow.
    #[inline]
    pub(crate) fn give_back(&self) {
        self.0.release_free();
    }

    /// Start an export: a shared borrow until [`end_export`](Self::end_export). `None` when
    /// the value is borrowed exclusively, or (far beyond any real use) exports would overflow.
    #[cfg_attr(all(Py_LIMITED_API, not(Py_3_11)), allow(dead_code))] // buffers: 3.11+
    pub(crate) fn try_export(&self) -> Option<()> {
        let mut flag = self.0.load();
        loop {
            if !(0..=isize::MAX - EXPORT_UNIT).contains(&flag) {
                return None;
            }
            match self.0.compare_exchange(flag, flag + EXPORT_UNIT) {
                Ok(()) => return Some(()),
                Err(actual) => flag = actual,
            }
        }
    }

    /// End an export [`try_export`](Self::try_export) started.
    #[cfg_attr(all(Py_LIMITED_API, not(Py_3_11)), allow(dead_code))] // buffers: 3.11+
    pub(crate) fn end_export(&self) {
        self.0.release_sub(EXPORT_UNIT);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    /// The transitions, on both storages (one thread).
    fn transitions<C: FlagCell>() {
        let flag = BorrowFlag::<C>::new();
        assert!(flag.try_share().is_ok());
        assert!(flag.try_share().is_ok());
        assert_eq!(flag.try_take(), Err(Refused::Borrowed));
        flag.unshare();
        flag.unshare();
        assert!(flag.try_take().is_ok());
        assert!(flag.is_borrowed_mut());
        assert!(flag.try_share().is_err());
        assert!(flag.try_export().is_none());
        flag.give_back();
        assert!(flag.try_export().is_some());
        assert!(flag.try_share().is_ok());
        assert_eq!(flag.try_take(), Err(Refused::Exported));
        flag.unshare();
        flag.end_export();
        assert!(flag.try_take().is_ok());
    }

    #[test]
    fn cell_transitions() {
        transitions::<std::cell::Cell<isize>>();
    }

    #[test]
    fn atomic_transitions() {
        transitions::<AtomicIsize>();
    }
}

/// Model checks of the atomic flag (`RUSTFLAGS="--cfg loom" cargo test -p pybound-core --lib
/// loom`): every interleaving loom explores keeps exclusive borrows exclusive, and what the
/// holder of an exclusive borrow wrote is seen by the next borrower.
#[cfg(all(test, loom))]
mod loom_tests {
    use loom::cell::UnsafeCell;
    use loom::sync::Arc;
    use loom::thread;

    use super::*;

    type Flag = BorrowFlag<AtomicIsize>;

    /// Two threads each try to borrow exclusively and write: at most one `&mut` at a time, and
    /// loom's `UnsafeCell` reports any access not ordered by the flag.
    #[test]
    fn exclusive_borrows_exclude_each_other() {
        loom::model(|| {
            let shared = Arc::new((Flag::new(), UnsafeCell::new(0u32)));
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let shared = shared.clone();
                    thread::spawn(move || {
                        if shared.0.try_take().is_ok() {
                            shared.1.with_mut(|v| unsafe { *v += 1 });
                            shared.0.give_back();
                        }
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap();
            }
            assert!(!shared.0.is_borrowed_mut());
        });
    }

    /// A reader and a writer: the reader either is refused or sees a consistent value, and
    /// the writer never runs while the reader holds its share.
    #[test]
    fn shares_and_exclusive_borrow() {
        loom::model(|| {
            let shared = Arc::new((Flag::new(), UnsafeCell::new(0u32)));
            let writer = {
                let shared = shared.clone();
                thread::spawn(move || {
                    if shared.0.try_take().is_ok() {
                        shared.1.with_mut(|v| unsafe { *v = 7 });
                        shared.0.give_back();
                    }
                })
            };
            if shared.0.try_share().is_ok() {
                let seen = shared.1.with(|v| unsafe { *v });
                assert!(seen == 0 || seen == 7);
                shared.0.unshare();
            }
            writer.join().unwrap();
        });
    }

    /// An export and an exclusive borrow race: never both.
    #[test]
    fn exports_exclude_exclusive_borrows() {
        loom::model(|| {
            let flag = Arc::new(Flag::new());
            let exporter = {
                let flag = flag.clone();
                thread::spawn(move || {
                    if flag.try_export().is_some() {
                        flag.end_export();
                        true
                    } else {
                        false
                    }
                })
            };
            let took = flag.try_take().is_ok();
            if took {
                flag.give_back();
            }
            let exported = exporter.join().unwrap();
            assert!(took || exported);
        });
    }
}
