//! The queue of decrefs deferred by threads that dropped a `Py<T>` while detached: a mutex-held
//! list plus a flag that lets the attached fast path skip the lock when there is nothing to do.
//!
//! The flag only changes with the lock held (set with the push, cleared with the take), so it
//! is true whenever the list holds something that was pushed before the last take — a drain
//! that reads it as false can only be one whose items were all taken already, or that runs
//! before the push it misses (that push's own flag store is then seen by a later check). With
//! free-threaded CPython, pushes and drains run on several threads at once; loom checks that
//! every pushed item is taken exactly once (`tests/loom.sh`).

#[cfg(not(all(loom, test)))]
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Mutex,
};

#[cfg(all(loom, test))]
use loom::sync::{
    atomic::{AtomicBool, Ordering},
    Mutex,
};

/// Deferred items of type `P`.
pub(crate) struct DecrefQueue<P> {
    has_items: AtomicBool,
    items: Mutex<Vec<P>>,
}

impl<P> DecrefQueue<P> {
    /// An empty queue (const, for a static).
    #[cfg(not(all(loom, test)))]
    pub(crate) const fn new() -> Self {
        DecrefQueue {
            has_items: AtomicBool::new(false),
            items: Mutex::new(Vec::new()),
        }
    }

    /// An empty queue (loom's primitives are not const).
    #[cfg(all(loom, test))]
    pub(crate) fn new() -> Self {
        DecrefQueue {
            has_items: AtomicBool::new(false),
            items: Mutex::new(Vec::new()),
        }
    }

    /// Whether there may be something to take: one relaxed load, for the fast path.
    #[inline(always)]
    pub(crate) fn may_have_items(&self) -> bool {
        self.has_items.load(Ordering::Relaxed)
    }

    /// Add an item.
    pub(crate) fn push(&self, item: P) {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        items.push(item);
        self.has_items.store(true, Ordering::Relaxed);
    }

    /// Take everything queued so far (the caller then releases the items without the lock:
    /// releasing one may run code that pushes more).
    pub(crate) fn take(&self) -> Vec<P> {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        self.has_items.store(false, Ordering::Relaxed);
        std::mem::take(&mut *items)
    }

    /// How many items are queued (for tests).
    pub(crate) fn len(&self) -> usize {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(all(test, loom))]
mod loom_tests {
    use loom::sync::Arc;
    use loom::thread;

    use super::DecrefQueue;

    /// Two threads push while a third drains whenever the flag says so: after all are done
    /// and one last drain, every item was taken exactly once, and no item was left behind
    /// with the flag down.
    #[test]
    fn every_item_is_taken_exactly_once() {
        loom::model(|| {
            let queue = Arc::new(DecrefQueue::<u32>::new());
            let pushers: Vec<_> = (0..2)
                .map(|i| {
                    let queue = queue.clone();
                    thread::spawn(move || queue.push(i))
                })
                .collect();
            let drainer = {
                let queue = queue.clone();
                thread::spawn(move || {
                    if queue.may_have_items() {
                        queue.take()
                    } else {
                        Vec::new()
                    }
                })
            };
            for p in pushers {
                p.join().unwrap();
            }
            let mut taken = drainer.join().unwrap();
            // Items still queued must be announced by the flag.
            if queue.len() > 0 {
                assert!(queue.may_have_items());
            }
            taken.extend(queue.take());
            taken.sort_unstable();
            assert_eq!(taken, [0, 1]);
            assert!(!queue.may_have_items());
        });
    }
}
