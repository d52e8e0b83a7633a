//! Buffer cells (PyO3's deprecated accessors) cannot be read while detached, when other Python
//! threads may write the memory: they are not `Sync`, so a closure holding them is not `Send`
//! (which `detach` requires).
#![allow(deprecated)]
use pybound::buffer::PyBuffer;
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, b"abc");
        let buf = PyBuffer::<u8>::get(&data).unwrap();
        let cells = buf.as_slice(py).unwrap();
        let first = py.detach(|| cells[0].get());
        println!("{first}");
    });
}
