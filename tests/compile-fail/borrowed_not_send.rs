// A `Borrowed` view is as thread-bound as the `Bound` it borrows from.
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let tuple = PyTuple::new(py, [1]).unwrap();
        let item = tuple.get_borrowed_item(0).unwrap();
        std::thread::spawn(move || {
            println!("{}", item.is_none());
        });
    });
}
