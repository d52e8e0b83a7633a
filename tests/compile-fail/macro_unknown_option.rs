// Unknown options name the valid ones; several mistakes are reported in one pass.
use pybound::prelude::*;

#[pyfunction(nmae = "f")]
fn f() {}

#[pyfunction]
#[pybound(gil_used = false)]
fn g() {}

fn main() {}
