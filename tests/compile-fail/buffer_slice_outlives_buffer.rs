//! The slice `PyBuffer::as_immutable_slice` hands out borrows the buffer: it cannot be used
//! after the buffer (and with it the export that keeps the memory alive) is dropped.
use pybound::buffer::PyBuffer;
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let bytes = {
            let data = PyBytes::new(py, b"abc");
            let buf = PyBuffer::<u8>::get(&data).unwrap();
            buf.as_immutable_slice(py).unwrap()
        };
        // The bytes object may be gone now.
        println!("{}", bytes[0]);
    });
}
