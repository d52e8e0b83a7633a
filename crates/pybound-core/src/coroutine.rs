//! Rust futures as Python coroutines: what an `async fn` marked `#[pyfunction]` returns
//! (PyO3's `experimental-async`, always on here).
//!
//! A [`Coroutine`] implements Python's coroutine protocol (`__await__`, `send`, `throw`,
//! `close`): each `send` polls the future once. While the future is pending, the coroutine
//! yields an `asyncio` future of the running loop, which the Rust waker completes (from any
//! thread, through `loop.call_soon_threadsafe`), so the task sleeps until the Rust side makes
//! progress; outside an `asyncio` loop it yields `None` (a bare yield: the caller polls again).
//! When the future is ready the coroutine returns its result (`StopIteration(value)`), or
//! raises its error.
//!
//! ```
//! use pybound::prelude::*;
//!
//! #[pyfunction]
//! async fn add_later(a: i64, b: i64) -> i64 {
//!     // Any `Send + 'static` future: a channel, a timer of another runtime, …
//!     a + b
//! }
//!
//! Python::attach(|py| {
//!     let f = pybound::wrap_pyfunction!(add_later, py).unwrap();
//!     let ns = pybound::types::PyDict::new(py);
//!     ns.set_item("add_later", f).unwrap();
//!     let r = py.eval(c"__import__('asyncio').run(add_later(2, 3))", Some(&ns), None).unwrap();
//!     assert_eq!(r.extract::<i64>().unwrap(), 5);
//! });
//! ```

use std::future::Future;
use std::os::raw::c_int;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use crate::callback::trampoline::trampoline_with;
use crate::class::no_constructor;
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyRuntimeError, PyStopIteration, PyValueError};
use crate::ffi;
use crate::instance::{Bound, Py};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyString, PyType};

crate::types::native_type!(
    /// A Python coroutine (`pybound.Coroutine`) driving a Rust future: see the
    /// [module docs](self).
    Coroutine, "Coroutine", Some("pybound"),
    type_object: |py| coroutine_type(py),
    check: |obj| ffi::Py_TYPE(obj.as_ptr()) == coroutine_type(obj.py())
);

/// The future a coroutine drives: its result already a Python object.
type BoxedFuture = Pin<Box<dyn Future<Output = PyResult<Py<PyAny>>> + Send>>;

/// What `throw` does with the exception when the coroutine has a [`CancelHandle`].
type ThrowCallback = Box<dyn Fn(PyErr) + Send>;

/// The instance layout.
#[repr(C)]
struct CoroutineObject {
    ob_base: ffi::PyObject,
    state: std::mem::ManuallyDrop<Mutex<State>>,
}

struct State {
    /// `__qualname__` (the function's, or `Class.method`).
    qualname: Option<Py<PyString>>,
    /// `None` once finished (or closed).
    future: Option<BoxedFuture>,
    /// Set while the future is being polled: a re-entrant `send` is refused.
    running: bool,
    throw_callback: Option<ThrowCallback>,
    waker: Option<Arc<AsyncioWaker>>,
}

impl Coroutine {
    /// A coroutine driving `future`. `qualname` is its `__qualname__`; `throw_callback`, if
    /// given, receives the exceptions thrown into it (a [`CancelHandle`]'s), otherwise a
    /// thrown exception drops the future and is raised.
    pub fn new<'py, F>(
        py: Python<'py>,
        qualname: Option<Bound<'py, PyString>>,
        throw_callback: Option<CancelHandle>,
        future: F,
    ) -> PyResult<Bound<'py, Coroutine>>
    where
        F: Future<Output = PyResult<Py<PyAny>>> + Send + 'static,
    {
        let callback = throw_callback.map(|h| -> ThrowCallback {
            let shared = h.shared;
            Box::new(move |err| shared.cancel(err))
        });
        new_coroutine(
            py,
            State {
                qualname: qualname.map(Bound::unbind),
                future: Some(Box::pin(future)),
                running: false,
                throw_callback: callback,
                waker: None,
            },
        )
    }
}

/// Allocate the object. Not generic: compiled once.
fn new_coroutine(py: Python<'_>, state: State) -> PyResult<Bound<'_, Coroutine>> {
    let ty = coroutine_type(py);
    // SAFETY: attached; a new, zeroed instance of the coroutine type (or NULL with an error)
    // whose state is written once before anyone sees it.
    unsafe {
        let obj = Bound::<PyAny>::from_owned_ptr_or_err(py, ffi::PyType_GenericAlloc(ty, 0))?;
        let this = obj.as_ptr().cast::<CoroutineObject>();
        std::ptr::addr_of_mut!((*this).state).write(std::mem::ManuallyDrop::new(Mutex::new(state)));
        Ok(obj.cast_into_unchecked())
    }
}

/// The coroutine's state.
///
/// # Safety
/// `obj` is an instance of the coroutine type.
unsafe fn state<'a>(obj: *mut ffi::PyObject) -> &'a Mutex<State> {
    // SAFETY: per the caller.
    unsafe { &(*obj.cast::<CoroutineObject>()).state }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    // A panic while the lock was held left nothing half-written that matters here.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// One step: poll the future once (after handing `thrown` to the cancel handle, or failing
/// with it). The value to yield, or `Err` (`StopIteration(result)` when done).
fn step(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    thrown: Option<PyErr>,
) -> PyResult<*mut ffi::PyObject> {
    // SAFETY: the callers pass an instance of the coroutine type.
    let cell = unsafe { state(obj) };
    let (mut future, waker) = {
        let mut s = lock(cell);
        if s.running {
            return Err(PyValueError::new_err("coroutine already executing"));
        }
        let Some(future) = s.future.take() else {
            return Err(match thrown {
                Some(err) => err,
                None => PyRuntimeError::new_err("cannot reuse already awaited coroutine"),
            });
        };
        if let Some(err) = thrown {
            match &s.throw_callback {
                Some(callback) => callback(err),
                // No cancel handle: the future is dropped and the exception raised.
                None => return Err(err),
            }
        }
        s.running = true;
        let waker = s.waker.get_or_insert_with(Default::default).clone();
        (future, waker)
    };
    waker.reset();
    let std_waker = Waker::from(waker.clone());
    let mut cx = Context::from_waker(&std_waker);
    let poll = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        future.as_mut().poll(&mut cx)
    }));
    let mut s = lock(cell);
    s.running = false;
    // A panic in the future: it is dropped (later sends say the coroutine is finished) and
    // the panic goes on to the callback's trampoline, which raises `PanicException`.
    let poll = match poll {
        Ok(poll) => poll,
        Err(payload) => {
            s.throw_callback = None;
            drop(s);
            drop(future);
            std::panic::resume_unwind(payload)
        }
    };
    match poll {
        Poll::Ready(result) => {
            s.throw_callback = None;
            drop(s);
            drop(future);
            let value = result?;
            Err(PyStopIteration::new_err((value,)))
        }
        Poll::Pending => {
            s.future = Some(future);
            drop(s);
            waker.wait_object(py)
        }
    }
}

/// The waker of a coroutine: completes the `asyncio` future its task waits on.
#[derive(Default)]
struct AsyncioWaker {
    woken: AtomicBool,
    /// The running loop and the future yielded to it, while the task waits.
    target: Mutex<Option<(Py<PyAny>, Py<PyAny>)>>,
}

impl AsyncioWaker {
    fn reset(&self) {
        self.woken.store(false, Ordering::SeqCst);
        *self.target.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// What the pending coroutine yields: `None` when already woken or outside an `asyncio`
    /// loop, else a new future of the running loop that `wake` completes.
    fn wait_object(&self, py: Python<'_>) -> PyResult<*mut ffi::PyObject> {
        let none = || Ok(py.None().into_ptr());
        if self.woken.load(Ordering::SeqCst) {
            return none();
        }
        let asyncio = py.import("asyncio")?;
        let running = match asyncio.call_method0("get_running_loop") {
            Ok(l) => l,
            // No running loop: a bare yield; the caller polls again.
            Err(e) if e.is_instance_of::<PyRuntimeError>(py) => return none(),
            Err(e) => return Err(e),
        };
        let future = running.call_method0("create_future")?;
        // What `asyncio.Future.__await__` sets before yielding itself: the task then waits
        // for it rather than refusing a bare future.
        future.setattr("_asyncio_future_blocking", true)?;
        let mut target = self.target.lock().unwrap_or_else(|e| e.into_inner());
        *target = Some((running.unbind(), future.clone().unbind()));
        drop(target);
        // Woken between the poll and now: complete it at once.
        if self.woken.load(Ordering::SeqCst) {
            self.release(py)?;
        }
        Ok(future.into_ptr())
    }

    /// Complete the waited-on future from the loop's thread (`call_soon_threadsafe`).
    fn release(&self, py: Python<'_>) -> PyResult<()> {
        let target = self.target.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some((running, future)) = target {
            static RELEASE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let release = RELEASE.get_or_try_init(py, || {
                py.eval(c"lambda f: f.done() or f.set_result(None)", None, None)
                    .map(Bound::unbind)
            })?;
            running
                .bind(py)
                .call_method1("call_soon_threadsafe", (release.bind(py), future.bind(py)))?;
        }
        Ok(())
    }
}

impl Wake for AsyncioWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.woken.swap(true, Ordering::SeqCst) {
            return;
        }
        let waiting = self
            .target
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some();
        if waiting {
            release_later(self.clone());
        }
    }
}

/// Hand `waker` to the thread that completes waited-on futures. `wake` is often called with
/// a lock of the future held (a channel's, a timer's): taking the interpreter there could
/// deadlock against the loop's thread, which holds the interpreter while it polls that same
/// future and waits for the lock. The releasing thread holds no lock of anyone's.
fn release_later(waker: Arc<AsyncioWaker>) {
    use std::sync::mpsc;
    static QUEUE: std::sync::OnceLock<Mutex<mpsc::Sender<Arc<AsyncioWaker>>>> =
        std::sync::OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (send, receive) = mpsc::channel::<Arc<AsyncioWaker>>();
        std::thread::Builder::new()
            .name("pybound-waker".into())
            .spawn(move || {
                while let Ok(first) = receive.recv() {
                    Python::attach(|py| {
                        for waker in std::iter::once(first).chain(receive.try_iter()) {
                            if let Err(e) = waker.release(py) {
                                // The loop is closed, say: nothing waits any more.
                                e.write_unraisable(py, None);
                            }
                        }
                    });
                }
            })
            .expect("cannot start pybound's waker thread");
        Mutex::new(send)
    });
    // The thread never ends, so the channel never closes.
    let _ = queue.lock().unwrap_or_else(|e| e.into_inner()).send(waker);
}

/// Receives the exception thrown into a coroutine (`task.cancel()` throws `CancelledError`),
/// so the future can react to it rather than being dropped: a parameter marked
/// `#[pybound(cancel_handle)]` of an `async fn`.
///
/// ```
/// use pybound::coroutine::CancelHandle;
/// use pybound::prelude::*;
///
/// #[pyfunction]
/// async fn wait_for_cancel(#[pybound(cancel_handle)] mut cancel: CancelHandle) -> String {
///     let err = cancel.cancelled().await;
///     Python::attach(|py| format!("cancelled with {}", err.get_type(py).name().unwrap()))
/// }
/// # Python::attach(|py| {
/// #     let f = pybound::wrap_pyfunction!(wait_for_cancel, py).unwrap();
/// #     let ns = pybound::types::PyDict::new(py);
/// #     ns.set_item("f", f).unwrap();
/// #     py.run(c"
/// # import asyncio
/// # async def main():
/// #     t = asyncio.ensure_future(f())
/// #     await asyncio.sleep(0)
/// #     t.cancel()
/// #     return await t
/// # result = asyncio.run(main())
/// # ", Some(&ns), None).unwrap();
/// #     assert_eq!(ns.get_item("result").unwrap().unwrap().extract::<String>().unwrap(), "cancelled with CancelledError");
/// # });
/// ```
pub struct CancelHandle {
    shared: Arc<CancelShared>,
}

#[derive(Default)]
struct CancelShared {
    state: Mutex<CancelState>,
}

#[derive(Default)]
struct CancelState {
    thrown: Option<PyErr>,
    waker: Option<Waker>,
}

impl CancelShared {
    fn cancel(&self, err: PyErr) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.thrown = Some(err);
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

impl CancelHandle {
    /// A handle not yet attached to a coroutine (the macro makes one per call).
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        CancelHandle {
            shared: Arc::new(CancelShared::default()),
        }
    }

    /// Whether an exception was thrown in and not yet taken by [`cancelled`](Self::cancelled).
    pub fn is_cancelled(&self) -> bool {
        self.shared
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .thrown
            .is_some()
    }

    /// Completes with the exception thrown into the coroutine (taking it).
    pub fn cancelled(&mut self) -> impl Future<Output = PyErr> + Send + '_ {
        std::future::poll_fn(move |cx| {
            let mut s = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
            match s.thrown.take() {
                Some(err) => Poll::Ready(err),
                None => {
                    s.waker = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
    }

    /// Another handle on the same coroutine's cancellation: what the coroutine keeps, to
    /// deliver the exceptions thrown into it.
    #[doc(hidden)]
    pub fn share(&self) -> CancelHandle {
        CancelHandle {
            shared: self.shared.clone(),
        }
    }
}

/// The `pybound.Coroutine` type, created on first use.
fn coroutine_type(py: Python<'_>) -> *mut ffi::PyTypeObject {
    static TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    TYPE.get_or_init(py, || {
        create_type(py).unwrap_or_else(|e| panic!("cannot create pybound.Coroutine: {e}"))
    })
    .as_ptr()
    .cast()
}

fn create_type(py: Python<'_>) -> PyResult<Py<PyType>> {
    let method = |name: &'static std::ffi::CStr,
                  f: ffi::PyCFunction,
                  flags: c_int,
                  doc: &'static std::ffi::CStr| {
        ffi::PyMethodDef {
            ml_name: name.as_ptr(),
            ml_meth: ffi::PyMethodDefPointer { PyCFunction: f },
            ml_flags: flags,
            ml_doc: doc.as_ptr(),
        }
    };
    // CPython keeps pointers into the table for the life of the type (the process).
    let methods: &'static mut [ffi::PyMethodDef] = Box::leak(Box::new([
        method(
            c"send",
            send,
            ffi::METH_O,
            c"send(value): resume the coroutine (the value is ignored).",
        ),
        method(
            c"throw",
            throw,
            ffi::METH_VARARGS,
            c"throw(exc): raise exc inside the coroutine.",
        ),
        method(
            c"close",
            close,
            ffi::METH_NOARGS,
            c"close(): drop the future.",
        ),
        ffi::PyMethodDef::zeroed(),
    ]));
    let getsets: &'static mut [ffi::PyGetSetDef] = Box::leak(Box::new([
        ffi::PyGetSetDef {
            name: c"__qualname__".as_ptr(),
            get: Some(qualname),
            set: None,
            doc: std::ptr::null(),
            closure: std::ptr::null_mut(),
        },
        ffi::PyGetSetDef {
            name: std::ptr::null(),
            get: None,
            set: None,
            doc: std::ptr::null(),
            closure: std::ptr::null_mut(),
        },
    ]));
    let slot = |slot: c_int, pfunc: *mut std::ffi::c_void| ffi::PyType_Slot { slot, pfunc };
    let mut slots = [
        slot(ffi::Py_tp_new, no_constructor as *mut _),
        slot(ffi::Py_tp_dealloc, dealloc as *mut _),
        slot(ffi::Py_am_await, self_ as *mut _),
        slot(ffi::Py_tp_iter, self_ as *mut _),
        slot(ffi::Py_tp_iternext, next as *mut _),
        slot(ffi::Py_tp_methods, methods.as_mut_ptr().cast()),
        slot(ffi::Py_tp_getset, getsets.as_mut_ptr().cast()),
        slot(
            ffi::Py_tp_doc,
            c"A Rust future as a Python coroutine (what an async #[pyfunction] returns).".as_ptr()
                as *mut _,
        ),
        slot(0, std::ptr::null_mut()),
    ];
    let mut spec = ffi::PyType_Spec {
        name: c"pybound.Coroutine".as_ptr(),
        basicsize: std::mem::size_of::<CoroutineObject>() as c_int,
        itemsize: 0,
        flags: ffi::Py_TPFLAGS_DEFAULT as _,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: attached; the spec is valid for the call; a new type or NULL.
    let ty = unsafe {
        Bound::from_owned_ptr_or_err(py, ffi::PyType_FromSpec(&mut spec))?
            .cast_into_unchecked::<PyType>()
    };
    // `asyncio.iscoroutine` and `inspect.isawaitable` ask `collections.abc.Coroutine`.
    py.import("collections.abc")?
        .getattr("Coroutine")?
        .call_method1("register", (&ty,))?;
    Ok(ty.unbind())
}

unsafe extern "C" fn dealloc(obj: *mut ffi::PyObject) {
    // SAFETY: the last reference is gone; the state was written at creation and is dropped
    // once (the future may hold Python objects: the interpreter is attached here).
    unsafe {
        let this = obj.cast::<CoroutineObject>();
        std::mem::ManuallyDrop::drop(&mut (*this).state);
        crate::class::free_instance(obj);
    }
}

unsafe extern "C" fn self_(obj: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: a live object; a new reference to it.
    unsafe {
        ffi::Py_INCREF(obj);
    }
    obj
}

unsafe extern "C" fn next(obj: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: CPython calls the slot with an instance of the type, attached.
    unsafe { trampoline_with(|py| step(py, obj, None)) }
}

unsafe extern "C" fn send(
    obj: *mut ffi::PyObject,
    _value: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: as `next`.
    unsafe { trampoline_with(|py| step(py, obj, None)) }
}

unsafe extern "C" fn throw(
    obj: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: as `next`; `args` is the call's tuple.
    unsafe {
        trampoline_with(|py| {
            let args = Bound::ref_from_ptr(py, &args).cast_unchecked::<crate::types::PyTuple>();
            let exc = args.get_item(0)?;
            // `throw(type)` or `throw(type, value)` (the older form) or `throw(instance)`.
            let err = if exc.is_instance_of::<PyType>() {
                let value = if args.len() > 1 {
                    Some(args.get_item(1)?)
                } else {
                    None
                };
                match value {
                    Some(v) if !v.is_none() => PyErr::from_value(exc.call1((v,))?),
                    _ => PyErr::from_value(exc.call0()?),
                }
            } else {
                PyErr::from_value(exc)
            };
            step(py, obj, Some(err))
        })
    }
}

unsafe extern "C" fn close(
    obj: *mut ffi::PyObject,
    _unused: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: as `next`.
    unsafe {
        trampoline_with(|py| {
            let future = lock(state(obj)).future.take();
            drop(future);
            Ok(py.None().into_ptr())
        })
    }
}

unsafe extern "C" fn qualname(
    obj: *mut ffi::PyObject,
    _closure: *mut std::ffi::c_void,
) -> *mut ffi::PyObject {
    // SAFETY: as `next`.
    unsafe {
        trampoline_with(|py| {
            Ok(match &lock(state(obj)).qualname {
                Some(q) => q.clone_ref(py).into_ptr(),
                None => py.None().into_ptr(),
            })
        })
    }
}

/// The wrapper's result from a new coroutine (what an `async fn`'s wrapper returns).
#[doc(hidden)]
#[inline]
pub fn coroutine_result(coroutine: PyResult<Bound<'_, Coroutine>>) -> PyResult<*mut ffi::PyObject> {
    coroutine.map(Bound::into_ptr)
}

/// The future's output as an owned object, from the conversion a plain function's result
/// goes through (a new reference, or the error).
#[doc(hidden)]
#[inline]
pub fn coroutine_output(
    py: Python<'_>,
    converted: PyResult<*mut ffi::PyObject>,
) -> PyResult<Py<PyAny>> {
    // SAFETY: the conversion returns a new reference.
    converted.map(|ptr| unsafe { Bound::from_owned_ptr(py, ptr) }.unbind())
}
