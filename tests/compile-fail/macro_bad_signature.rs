// Signature mistakes: a required parameter after a defaulted one, a parameter the signature
// forgot, and an entry that matches nothing.
use pybound::prelude::*;

#[pyfunction]
#[pybound(signature = (a = 1, b))]
fn f(a: i64, b: i64) -> i64 {
    a + b
}

#[pyfunction]
#[pybound(signature = (a))]
fn g(a: i64, b: i64) -> i64 {
    a + b
}

#[pyfunction]
#[pybound(signature = (a, zz))]
fn h(a: i64) -> i64 {
    a
}

fn main() {}
