// `warn(...)` needs the message it shows; its keys are `message` and `category`.
use pybound::prelude::*;

#[pyfunction]
#[pybound(warn(category = pybound::exceptions::PyFutureWarning))]
fn no_message() {}

#[pyfunction]
#[pybound(warn(message = "m", level = 2))]
fn unknown_key() {}

fn main() {}
