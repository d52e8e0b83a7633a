// `*args` converts like any argument (here to a `Vec`); `**kwargs` may be absent, so it must be
// an `Option`.
use pybound::prelude::*;

#[pyfunction]
#[pybound(signature = (*args, **kwargs))]
fn f(args: Vec<i64>, kwargs: Bound<'_, PyDict>) {
    let _ = (args, kwargs);
}

fn main() {}
