// The `Python` token itself cannot be used inside `detach`.
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        py.detach(|| {
            let _ = py.None();
        });
    });
}
