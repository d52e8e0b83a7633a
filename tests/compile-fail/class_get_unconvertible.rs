// `#[pybound(get)]` on a field whose type has no Python conversion: the error points at the
// field.
use pybound::prelude::*;

struct Opaque;

#[pyclass]
struct Holder {
    #[pybound(get)]
    inner: Opaque,
}

fn main() {}
