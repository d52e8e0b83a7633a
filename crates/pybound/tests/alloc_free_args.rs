//! The argument path of a `#[pyfunction]` does no heap allocation: a counting global allocator
//! watches this thread while Python calls the generated wrapper with positional arguments.
//! (CPython's own object allocator does not go through Rust's allocator; the arguments and the
//! callable are made before counting starts, so what is counted is pybound's parsing and
//! conversion code.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use pybound::prelude::*;

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the bookkeeping uses const thread-locals, which do
// not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: forwarded.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Rust allocations on this thread while `f` runs.
fn allocations_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|c| c.set(true));
    let r = f();
    COUNTING.with(|c| c.set(false));
    (r, COUNT.with(Cell::get))
}

#[pyfunction]
fn f(a: i64, b: f64, c: &str) -> i64 {
    a + b as i64 + c.len() as i64
}

#[test]
fn positional_call_allocates_nothing() {
    Python::attach(|py| {
        let func = wrap_pyfunction!(f, py).unwrap();
        let ns = PyDict::new(py);
        ns.set_item("f", &func).unwrap();
        // A Python-level loop calling the wrapper: the call, argument parsing, the three
        // conversions (int, float, borrowed str) and the return conversion.
        let code = c"def run(n):\n    s = 0\n    for i in range(n):\n        s += f(i, 2.5, 'abc')\n    return s\n";
        py.run(code, Some(&ns), None).unwrap();
        let run = ns.get_item("run").unwrap().unwrap();
        run.call1((10,)).unwrap(); // warm up (interned names, caches)
        let (result, count) =
            allocations_during(|| run.call1((1000,)).unwrap().extract::<i64>().unwrap());
        assert_eq!(result, (0..1000).map(|i| i + 2 + 3).sum::<i64>());
        assert_eq!(count, 0, "Rust heap allocations in 1000 calls");
    });
}

#[pyfunction]
fn owned(c: String) -> usize {
    c.len()
}

#[test]
fn counter_sees_allocations_inside_the_wrapper() {
    // Same path with an owned `String` parameter: its copy is counted, so the zero above is a
    // real measurement of the wrapper, not a blind spot.
    Python::attach(|py| {
        let func = wrap_pyfunction!(owned, py).unwrap();
        let arg = PyString::new(py, "abc");
        func.call1((&arg,)).unwrap();
        let (_, count) = allocations_during(|| {
            for _ in 0..10 {
                func.call1((&arg,)).unwrap();
            }
        });
        assert_eq!(count, 10);
    });
}

#[test]
fn counter_detects_allocations() {
    // The instrument works: an allocating call is seen.
    let (_, count) = allocations_during(|| vec![1u8; 16]);
    assert!(count >= 1);
}

#[test]
fn keyword_call_allocation_is_bounded() {
    // Keywords take the general path; it may allocate only on errors, not per call.
    Python::attach(|py| {
        let func = wrap_pyfunction!(f, py).unwrap();
        let kwargs = PyDict::new(py);
        kwargs.set_item("c", "abc").unwrap();
        func.call((1, 2.0), Some(&kwargs)).unwrap();
        let (_, count) = allocations_during(|| {
            for _ in 0..100 {
                func.call((1, 2.0), Some(&kwargs)).unwrap();
            }
        });
        assert_eq!(count, 0);
    });
}

#[pyfunction]
fn fail(message_owned: bool) -> PyResult<()> {
    if message_owned {
        Err(pybound::exceptions::PyValueError::new_err(String::from(
            "bad value",
        )))
    } else {
        Err(pybound::exceptions::PyValueError::new_err("bad value"))
    }
}

#[test]
fn error_with_a_literal_message_allocates_nothing_in_rust() {
    // `new_err("literal")` while attached makes the exception at once, with no Rust heap
    // allocation; an owned `String` message stays lazy: the string, the boxed builder and the
    // boxed lazy state (a `PyErr` is one pointer), which the same harness sees.
    Python::attach(|py| {
        let func = wrap_pyfunction!(fail, py).unwrap();
        for owned in [false, true] {
            let err = func.call1((owned,)).unwrap_err();
            assert_eq!(err.value(py).to_string(), "bad value");
        }
        let (_, literal) = allocations_during(|| {
            for _ in 0..10 {
                let err = func.call1((false,)).unwrap_err();
                assert!(err.is_instance_of::<pybound::exceptions::PyValueError>(py));
            }
        });
        let (_, owned) = allocations_during(|| {
            for _ in 0..10 {
                func.call1((true,)).unwrap_err();
            }
        });
        assert_eq!(literal, 0);
        assert_eq!(owned, 30);
    });
}
