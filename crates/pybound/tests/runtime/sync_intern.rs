use std::sync::atomic::{AtomicUsize, Ordering};

use pybound::prelude::*;
use pybound::sync::PyOnceLock;

#[test]
fn intern_returns_same_object() {
    Python::attach(|py| {
        let a = pybound::intern!(py, "some_attr_name");
        let b = pybound::intern!(py, "some_attr_name");
        // Two macro sites: two cells, but interning makes them the same object.
        assert!(a.is(b));
        assert_eq!(a.to_str().unwrap(), "some_attr_name");
    });
}

#[test]
fn intern_same_site_is_cached() {
    fn get(py: Python<'_>) -> *mut pybound::ffi::PyObject {
        pybound::intern!(py, "cached_site").as_ptr()
    }
    Python::attach(|py| assert_eq!(get(py), get(py)));
}

#[test]
fn once_lock_initialises_once() {
    static CELL: PyOnceLock<Py<PyList>> = PyOnceLock::new();
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    Python::attach(|py| {
        for _ in 0..3 {
            let list = CELL.get_or_init(py, || {
                CALLS.fetch_add(1, Ordering::SeqCst);
                PyList::empty(py).unbind()
            });
            list.bind(py).append(1).unwrap();
        }
        assert_eq!(CALLS.load(Ordering::SeqCst), 1);
        assert_eq!(CELL.get(py).unwrap().bind(py).len(), 3);
    });
}

#[test]
fn once_lock_try_init_error_leaves_empty() {
    let cell: PyOnceLock<i32> = PyOnceLock::new();
    Python::attach(|py| {
        let r: Result<&i32, &str> = cell.get_or_try_init(py, || Err("no"));
        assert!(r.is_err());
        assert!(cell.get(py).is_none());
        assert_eq!(*cell.get_or_try_init(py, || Ok::<_, ()>(5)).unwrap(), 5);
        assert_eq!(cell.set(py, 6), Err(6));
    });
}

#[test]
fn once_lock_initialiser_may_release_interpreter() {
    static CELL: PyOnceLock<u64> = PyOnceLock::new();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| Python::attach(|py| *CELL.get_or_init(py, || py.detach(|| 11))))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 11);
    }
}

#[test]
fn lock_extensions_wait_detached_instead_of_deadlocking() {
    use pybound::sync::{MutexExt, OnceExt, OnceLockExt, RwLockExt};
    use std::sync::{Arc, Barrier, Mutex, Once, OnceLock, RwLock};
    let mutex = Arc::new(Mutex::new(0));
    let barrier = Arc::new(Barrier::new(2));
    Python::attach(|py| {
        // Another thread takes the mutex, then needs to attach before releasing it: waiting
        // for the mutex while attached would deadlock.
        let holder = {
            let (mutex, barrier) = (mutex.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut guard = mutex.lock().unwrap();
                barrier.wait();
                Python::attach(|py| *guard += py.version_info().major as i32);
            })
        };
        barrier.wait();
        let guard = mutex.lock_py_attached(py).unwrap();
        assert_eq!(*guard, 3);
        drop(guard);
        holder.join().unwrap();

        let lock = RwLock::new(String::from("a"));
        lock.write_py_attached(py).unwrap().push('b');
        assert_eq!(*lock.read_py_attached(py).unwrap(), "ab");

        let once = Once::new();
        let mut runs = 0;
        once.call_once_py_attached(py, || runs += 1);
        once.call_once_py_attached(py, || runs += 1);
        assert_eq!(runs, 1);

        let cell: OnceLock<Vec<i32>> = OnceLock::new();
        assert_eq!(cell.get_or_init_py_attached(py, || vec![1, 2]), &[1, 2]);
        assert_eq!(cell.get_or_init_py_attached(py, || vec![9]), &[1, 2]);
    });
}

#[test]
fn once_lock_initialiser_runs_exactly_once_across_threads() {
    use pybound::sync::PyOnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static CELL: PyOnceLock<usize> = PyOnceLock::new();
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(|| {
                Python::attach(|py| {
                    *CELL.get_or_init(py, || {
                        RUNS.fetch_add(1, Ordering::SeqCst);
                        // The initialiser releases the interpreter while it works: the other
                        // threads get to ask for the value meanwhile, and must wait.
                        py.detach(|| std::thread::sleep(std::time::Duration::from_millis(50)));
                        7
                    })
                })
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 7);
    }
    assert_eq!(RUNS.load(Ordering::SeqCst), 1);
}

#[test]
fn once_lock_failed_initialiser_leaves_it_empty_and_reentry_panics() {
    use pybound::sync::PyOnceLock;
    static CELL: PyOnceLock<u8> = PyOnceLock::new();
    Python::attach(|py| {
        assert!(CELL
            .get_or_try_init(py, || Err::<u8, &str>("not yet"))
            .is_err());
        assert!(CELL.get(py).is_none());
        let reentered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            CELL.get_or_init(py, || *CELL.get_or_init(py, || 1))
        }));
        let message = reentered.unwrap_err();
        let message = message.downcast_ref::<&str>().copied().unwrap_or_default();
        assert!(message.contains("asked the same cell"), "{message}");
        // The cell is usable afterwards.
        assert_eq!(*CELL.get_or_init(py, || 5), 5);
    });
}

/// `PyMutex` (CPython 3.13+, full API): mutual exclusion across threads that attach.
#[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
#[test]
fn py_mutex_excludes_across_attached_threads() {
    use pybound::sync::PyMutex;
    static COUNT: PyMutex<u64> = PyMutex::new(0);
    Python::initialize();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                for _ in 0..500 {
                    Python::attach(|_py| {
                        let mut n = COUNT.lock().unwrap();
                        // A read and a write apart: lost updates would show without the lock.
                        let seen = *n;
                        std::thread::yield_now();
                        *n = seen + 1;
                    });
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(*COUNT.lock().unwrap(), 2000);
}

/// The reason to use `PyMutex` over `std::sync::Mutex`: waiting for it detaches, so a holder
/// that needs to attach before it lets go can do so (with a std mutex this deadlocks).
#[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
#[test]
fn py_mutex_waits_detached() {
    use pybound::sync::nonpoison::PyMutex;
    use std::sync::mpsc;
    static LOG: PyMutex<Vec<&str>> = PyMutex::new(Vec::new());
    Python::attach(|py| {
        let (locked_tx, locked_rx) = mpsc::channel();
        let holder = std::thread::spawn(move || {
            let mut log = LOG.lock();
            locked_tx.send(()).unwrap();
            // Attaching needs the lock the main thread waits with: it must have let it go.
            Python::attach(|py| {
                let n: i64 = py.eval(c"6 * 7", None, None).unwrap().extract().unwrap();
                assert_eq!(n, 42);
            });
            log.push("holder");
        });
        py.detach(move || locked_rx.recv().unwrap());
        LOG.lock().push("main");
        py.detach(move || holder.join().unwrap());
    });
    assert_eq!(*LOG.lock(), ["holder", "main"]);
}

/// A panic while holding the lock poisons `PyMutex` (as std's mutex) but not the
/// `nonpoison` one.
#[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
#[test]
fn py_mutex_poisoning() {
    use pybound::sync::{nonpoison, PyMutex};
    let poisoning = std::sync::Arc::new(PyMutex::new(1));
    let plain = std::sync::Arc::new(nonpoison::PyMutex::new(1));
    let (a, b) = (poisoning.clone(), plain.clone());
    let result = std::thread::spawn(move || {
        let _g1 = a.lock().unwrap();
        let _g2 = b.lock();
        panic!("while holding both");
    })
    .join();
    assert!(result.is_err());
    assert!(poisoning.is_poisoned());
    let err = poisoning.lock().unwrap_err();
    assert_eq!(**err.get_ref(), 1, "the value is still reachable");
    drop(err);
    poisoning.clear_poison();
    assert_eq!(*poisoning.lock().unwrap(), 1);
    *plain.lock() += 1;
    assert_eq!(*plain.lock(), 2);
    let poisoning = std::sync::Arc::try_unwrap(poisoning).unwrap();
    assert_eq!(poisoning.into_inner().unwrap(), 1);
}
