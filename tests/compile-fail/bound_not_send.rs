// A `Bound` cannot be sent to another thread (which may not be attached).
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let list = PyList::empty(py);
        std::thread::spawn(move || {
            list.append(1).unwrap();
        });
    });
}
