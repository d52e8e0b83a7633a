//! An async method's future owns its receiver's borrow: a `PyRef` (tied to the token's
//! lifetime) cannot be that receiver; the message names the receivers that can.
use pybound::prelude::*;

#[pyclass]
struct Counter {
    n: u64,
}

#[pymethods]
impl Counter {
    async fn get(slf: PyRef<'_, Self>) -> u64 {
        slf.n
    }
}

fn main() {}
