// `*args` collects a tuple; `**kwargs` may be absent, so it must be an Option of a dict.
use pybound::prelude::*;

#[pyfunction]
#[pybound(signature = (*args, **kwargs))]
fn f(args: Vec<i64>, kwargs: Bound<'_, PyDict>) {
    let _ = (args, kwargs);
}

fn main() {}
