//! `async fn` as `#[pyfunction]`: coroutines driven by asyncio (or by hand).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use pybound::coroutine::CancelHandle;
use pybound::exceptions::PyValueError;
use pybound::prelude::*;

/// Ready once a thread has slept `seconds`: woken from that thread, as a channel or another
/// runtime's timer would wake it.
struct Delay {
    shared: Arc<Mutex<(bool, Option<Waker>)>>,
}

impl Delay {
    fn new(seconds: f64) -> Self {
        let shared = Arc::new(Mutex::new((false, None::<Waker>)));
        let remote = shared.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs_f64(seconds));
            let mut s = remote.lock().unwrap();
            s.0 = true;
            if let Some(w) = s.1.take() {
                w.wake();
            }
        });
        Delay { shared }
    }
}

impl Future for Delay {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.shared.lock().unwrap();
        if s.0 {
            Poll::Ready(())
        } else {
            s.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// `await sleep_then(0.05, x)` is `x`, after 50 ms in another thread.
#[pyfunction]
#[pybound(signature = (seconds, result = None))]
pub async fn sleep_then(seconds: f64, result: Option<Py<PyAny>>) -> Option<Py<PyAny>> {
    Delay::new(seconds).await;
    result
}

/// Ready at the first poll.
#[pyfunction]
pub async fn add_async(a: i64, b: i64) -> i64 {
    a + b
}

/// Fails after a delay.
#[pyfunction]
pub async fn fail_async(message: String) -> PyResult<i64> {
    Delay::new(0.01).await;
    Err(PyValueError::new_err(message))
}

/// Panics at the first poll.
#[pyfunction]
pub async fn panic_async() {
    panic!("async panic")
}

/// Waits for cancellation and reports the exception it got.
#[pyfunction]
pub async fn until_cancelled(#[pybound(cancel_handle)] mut cancel: CancelHandle) -> String {
    let err = cancel.cancelled().await;
    Python::attach(|py| format!("cancelled: {}", err.get_type(py).name().unwrap()))
}

/// Async methods: with the object as `slf: Py<Self>` (borrowed where needed), and static.
#[pyclass]
pub struct Store {
    prefix: String,
}

#[pymethods]
impl Store {
    #[new]
    fn new(prefix: String) -> Self {
        Store { prefix }
    }

    async fn fetch(slf: Py<Self>, key: String) -> String {
        Delay::new(0.01).await;
        Python::attach(|py| format!("{}{key}", slf.borrow(py).prefix))
    }

    #[staticmethod]
    async fn double(x: i64) -> i64 {
        x * 2
    }

    /// `&self` across an `.await`: the object stays borrowed (shared) until the future ends.
    async fn describe(&self, seconds: f64) -> String {
        Delay::new(seconds).await;
        format!("store {}", self.prefix)
    }

    /// `&mut self` across an `.await`: borrowed exclusively until the future ends.
    async fn rename(&mut self, prefix: String, seconds: f64) -> String {
        Delay::new(seconds).await;
        std::mem::replace(&mut self.prefix, prefix)
    }

    fn prefix(&self) -> String {
        self.prefix.clone()
    }
}
