//! The cells `PyBuffer::as_slice` hands out borrow the buffer: they cannot be used after the
//! buffer (and with it the export that keeps the memory in place) is dropped.
use pybound::buffer::PyBuffer;
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, b"abc");
        let cells = {
            let buf = PyBuffer::<u8>::get(&data).unwrap();
            buf.as_slice(py).unwrap()
        };
        // Resizing would now move the memory the cells point to.
        data.call_method1("extend", (b"more".as_slice(),)).unwrap();
        println!("{}", cells[0].get());
    });
}
