// `Py<T>` (and the other detached handles) are `Send + Sync`: they can be stored in statics
// and moved to other threads.
use pybound::prelude::*;
use pybound::{PyBackedBytes, PyBackedStr};

fn assert_send_sync<T: Send + Sync>() {}

fn main() {
    assert_send_sync::<Py<PyAny>>();
    assert_send_sync::<Py<PyList>>();
    assert_send_sync::<PyErr>();
    assert_send_sync::<PyBackedStr>();
    assert_send_sync::<PyBackedBytes>();

    let list: Py<PyList> = Python::attach(|py| PyList::new(py, [1, 2, 3]).unwrap().unbind());
    let len = std::thread::spawn(move || Python::attach(|py| list.bind(py).len()))
        .join()
        .unwrap();
    assert_eq!(len, 3);

    // A `Py` may also be carried through `detach`.
    Python::attach(|py| {
        let p: Py<PyAny> = py.None();
        let back = py.detach(move || p);
        assert!(back.is_none(py));
    });
}
