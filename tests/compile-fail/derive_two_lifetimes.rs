//! A derived conversion takes at most one lifetime: the `'py` of its `Bound<'py, T>` fields.
use pybound::prelude::*;

#[derive(FromPyObject)]
struct TwoLifetimes<'a, 'py> {
    text: &'a str,
    object: Bound<'py, PyAny>,
}

fn main() {}
