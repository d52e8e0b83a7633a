//! `pybound::buffer`: reading and writing other objects' memory through the buffer protocol.
//! (The cell accessors PyO3 deprecated are tested here too, hence the `allow`.)
#![allow(deprecated)]

use pybound::buffer::{PyBuffer, PyUntypedBuffer};
use pybound::exceptions::{PyBufferError, PyTypeError};
use pybound::prelude::*;

use crate::eval;

#[test]
fn bytes_are_read_in_place_and_immutably() {
    Python::attach(|py| {
        let data = PyBytes::new(py, b"abcdef");
        let buf = PyBuffer::<u8>::get(&data).unwrap();
        assert!(buf.readonly());
        assert_eq!(buf.dimensions(), 1);
        assert_eq!(buf.shape(), [6]);
        assert_eq!(buf.strides(), [1]);
        assert_eq!(buf.suboffsets(), None);
        assert_eq!(buf.item_size(), 1);
        assert_eq!(buf.item_count(), 6);
        assert_eq!(buf.len_bytes(), 6);
        assert_eq!(buf.format().to_str().unwrap(), "B");
        assert!(buf.is_c_contiguous() && buf.is_fortran_contiguous());
        // The same memory, not a copy.
        assert_eq!(
            buf.buf_ptr().cast::<u8>().cast_const(),
            data.as_bytes().as_ptr()
        );
        assert_eq!(buf.as_immutable_slice(py), Some(&b"abcdef"[..]));
        let cells = buf.as_slice(py).unwrap();
        assert_eq!(cells.iter().map(|c| c.get()).collect::<Vec<_>>(), b"abcdef");
        assert!(buf.as_mut_slice(py).is_none(), "bytes are read-only");
        let ptr = buf.as_slice_ptr().unwrap();
        assert_eq!(ptr.len(), 6);
        assert_eq!(
            ptr.cast::<u8>().as_ptr().cast_const(),
            data.as_bytes().as_ptr()
        );
        assert!(buf.as_mut_slice_ptr().is_none());
        assert!(buf.as_fortran_slice_ptr().is_some());
        assert!(buf.obj(py).unwrap().is(&data));
        // Signed bytes are refused for u8 and the reverse.
        let err = PyBuffer::<i8>::get(&data).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "buffer contents are not compatible with i8: its items have format 'B' (1 byte each)"
        );
    });
}

#[test]
fn bytearray_writes_are_seen_and_resizing_is_refused_while_exported() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, b"hello");
        let buf = PyBuffer::<u8>::get(&data).unwrap();
        assert!(!buf.readonly());
        assert!(buf.as_immutable_slice(py).is_none());
        let cells = buf.as_mut_slice(py).unwrap();
        cells[0].set(b'j');
        assert_eq!(data.to_vec(), b"jello");
        buf.copy_from_slice(py, b"world").unwrap();
        assert_eq!(data.to_vec(), b"world");
        // Resizing under an export is CPython's BufferError.
        let err = data.call_method1("extend", (b"!".to_vec(),)).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py), "{err}");
        buf.release(py);
        data.call_method1("extend", (PyBytes::new(py, b"!"),))
            .unwrap();
        assert_eq!(data.to_vec(), b"world!");
    });
}

#[test]
fn copies_check_lengths_and_writability() {
    Python::attach(|py| {
        let data = PyBytes::new(py, b"abc");
        let buf = PyBuffer::<u8>::get(&data).unwrap();
        let mut two = [0u8; 2];
        let err = buf.copy_to_slice(py, &mut two).unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "slice to copy to (of length 2) does not match buffer length of 3"
        );
        let mut three = [0u8; 3];
        buf.copy_to_slice(py, &mut three).unwrap();
        assert_eq!(&three, b"abc");
        let err = buf.copy_from_slice(py, b"xyz").unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "cannot write to a read-only buffer"
        );
        assert_eq!(data.as_bytes(), b"abc");
    });
}

#[test]
fn typed_arrays_check_format_and_item_size() {
    Python::attach(|py| {
        let doubles = eval(py, "__import__('array').array('d', [1.0, 2.5, -3.0])");
        let buf = PyBuffer::<f64>::get(&doubles).unwrap();
        assert_eq!(buf.to_vec(py).unwrap(), [1.0, 2.5, -3.0]);
        assert_eq!(buf.item_size(), 8);
        let err = PyBuffer::<f32>::get(&doubles).unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "buffer contents are not compatible with f32: its items have format 'd' (8 bytes each)"
        );
        assert!(
            PyBuffer::<i64>::get(&doubles).is_err(),
            "same size, other kind"
        );
        let ints = eval(py, "__import__('array').array('q', [1, -2, 3])");
        assert_eq!(
            PyBuffer::<i64>::get(&ints).unwrap().to_vec(py).unwrap(),
            [1, -2, 3]
        );
        let shorts = eval(py, "__import__('array').array('H', [1, 65535])");
        assert_eq!(
            PyBuffer::<u16>::get(&shorts).unwrap().to_vec(py).unwrap(),
            [1, 65535]
        );
    });
}

#[test]
fn strided_and_multidimensional_memoryviews() {
    Python::attach(|py| {
        // Every other item of a bytes object: not contiguous, so no slices; copies gather.
        let every_other = eval(py, "memoryview(b'abcdef')[::2]");
        let buf = PyBuffer::<u8>::get(&every_other).unwrap();
        assert_eq!(buf.shape(), [3]);
        assert_eq!(buf.strides(), [2]);
        assert!(!buf.is_c_contiguous());
        assert!(buf.as_slice(py).is_none());
        assert!(buf.as_slice_ptr().is_none());
        assert!(buf.as_immutable_slice(py).is_none());
        assert_eq!(buf.to_vec(py).unwrap(), b"ace");
        // SAFETY: index 1 is in range; the memory is a live bytes object.
        assert_eq!(unsafe { *buf.get_ptr(&[1]).cast::<u8>() }, b'c');

        // Backwards.
        let reversed = eval(py, "memoryview(b'abc')[::-1]");
        let buf = PyBuffer::<u8>::get(&reversed).unwrap();
        assert_eq!(buf.strides(), [-1]);
        assert_eq!(buf.to_vec(py).unwrap(), b"cba");

        // A 2×3 matrix of int32: C order and Fortran order copies differ.
        let matrix = eval(
            py,
            "memoryview(__import__('array').array('i', [1, 2, 3, 4, 5, 6])).cast('B').cast('i', [2, 3])",
        );
        let buf = PyBuffer::<i32>::get(&matrix).unwrap();
        assert_eq!(buf.dimensions(), 2);
        assert_eq!(buf.shape(), [2, 3]);
        assert_eq!(buf.strides(), [12, 4]);
        assert!(buf.is_c_contiguous() && !buf.is_fortran_contiguous());
        assert_eq!(buf.to_vec(py).unwrap(), [1, 2, 3, 4, 5, 6]);
        assert_eq!(buf.to_fortran_vec(py).unwrap(), [1, 4, 2, 5, 3, 6]);
        assert!(buf.as_fortran_slice(py).is_none());
        assert!(buf.as_fortran_slice_ptr().is_none());
        assert_eq!(buf.as_mut_slice_ptr().unwrap().len(), 6);
        // SAFETY: indices in range of a live array.
        assert_eq!(unsafe { *buf.get_ptr(&[1, 2]).cast::<i32>() }, 6);
        buf.copy_from_fortran_slice(py, &[10, 40, 20, 50, 30, 60])
            .unwrap();
        assert_eq!(buf.to_vec(py).unwrap(), [10, 20, 30, 40, 50, 60]);
    });
}

#[test]
#[should_panic(expected = "index 3 out of range for dimension 0 of length 3")]
fn get_ptr_checks_indices() {
    Python::attach(|py| {
        let data = PyBytes::new(py, b"abc");
        PyBuffer::<u8>::get(&data).unwrap().get_ptr(&[3]);
    });
}

#[test]
fn non_exporters_are_type_errors() {
    Python::attach(|py| {
        let err = PyBuffer::<u8>::get(&5i32.into_pyobject(py).unwrap()).unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "a bytes-like object is required, not 'int'"
        );
        // `str` exports no buffer either.
        assert!(PyBuffer::<u8>::get(&PyString::new(py, "abc")).is_err());
    });
}

#[test]
fn untyped_buffers_become_typed_after_the_check() {
    Python::attach(|py| {
        let floats = eval(py, "__import__('array').array('f', [0.5, 1.5])");
        let raw = PyUntypedBuffer::get(&floats).unwrap();
        assert_eq!(raw.format().to_str().unwrap(), "f");
        assert!(raw.as_typed::<f64>().is_err());
        assert_eq!(
            raw.as_typed::<f32>().unwrap().to_vec(py).unwrap(),
            [0.5, 1.5]
        );
        let typed: PyBuffer<f32> = raw.into_typed().unwrap();
        assert_eq!(typed.as_untyped().item_count(), 2);
    });
}

#[test]
fn buffers_are_parameters_and_release_their_exporter() {
    Python::attach(|py| {
        let data = PyByteArray::new(py, b"xyz");
        let before = data.get_refcnt();
        let buf: PyBuffer<u8> = data.extract().unwrap();
        assert_eq!(
            data.get_refcnt(),
            before + 1,
            "the export holds the exporter"
        );
        drop(buf);
        assert_eq!(data.get_refcnt(), before);
        // Many exports: no growth.
        for _ in 0..10_000 {
            let buf = PyBuffer::<u8>::get(&data).unwrap();
            assert_eq!(buf.item_count(), 3);
        }
        assert_eq!(data.get_refcnt(), before);
        // A buffer can be dropped on another thread, detached (it attaches to release).
        let buf = PyBuffer::<u8>::get(&data).unwrap();
        py.detach(|| std::thread::spawn(move || drop(buf)).join().unwrap());
        assert_eq!(data.get_refcnt(), before);
        data.call_method1("extend", (PyBytes::new(py, b"!"),))
            .unwrap();
    });
}
