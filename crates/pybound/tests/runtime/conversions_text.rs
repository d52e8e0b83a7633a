use std::borrow::Cow;

use pybound::exceptions::*;
use pybound::prelude::*;
use pybound::{PyBackedBytes, PyBackedStr};

use crate::eval;

#[test]
fn string_round_trip_unicode() {
    Python::attach(|py| {
        for s in [
            "",
            "ascii",
            "héllo wörld",
            "日本語",
            "emoji 🦀🐍",
            "nul\0inside",
        ] {
            let obj = s.into_pyobject(py).unwrap();
            assert_eq!(obj.extract::<String>().unwrap(), s);
            // `&str` reads ASCII text in place and asks CPython for the UTF-8 of the rest.
            assert_eq!(obj.as_any().extract::<&str>().unwrap(), s);
            assert_eq!(obj.len().unwrap(), s.chars().count());
        }
    });
}

#[test]
fn new_str_equals_python_made_str_at_every_length_and_alignment() {
    // ASCII text is copied into a new compact string without CPython's decoder; the result
    // must be indistinguishable from the decoder's: equal, ASCII, hashing alike (a dict made
    // in Python finds it), whatever the text's length and the alignment of its first byte.
    Python::attach(|py| {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(3);
        let make = eval(py, "lambda s, i, n: s[i:i + n]");
        let lookup = eval(py, "lambda d, k: d[k]");
        for start in 0..9 {
            for len in [0, 1, 2, 7, 8, 9, 15, 16, 17, 63, 100] {
                let slice = &text[start..start + len];
                let ours = PyString::new(py, slice);
                let theirs = make.call1((text.as_str(), start, len)).unwrap();
                assert!(ours.as_any().eq(&theirs).unwrap(), "{start} {len}");
                assert_eq!(ours.as_any().hash().unwrap(), theirs.hash().unwrap());
                assert!(ours
                    .as_any()
                    .call_method0("isascii")
                    .unwrap()
                    .extract::<bool>()
                    .unwrap());
                assert_eq!(ours.to_str().unwrap(), slice);
                let d = PyDict::new(py);
                d.set_item(&theirs, len).unwrap();
                assert_eq!(
                    lookup
                        .call1((&d, &ours))
                        .unwrap()
                        .extract::<usize>()
                        .unwrap(),
                    len
                );
            }
        }
        // Non-ASCII text still goes through CPython's decoder.
        for s in ["é", "héllo wörld", "日本語", "emoji 🦀🐍"] {
            let ours = PyString::new(py, s);
            assert_eq!(ours.to_str().unwrap(), s);
            assert!(!ours
                .as_any()
                .call_method0("isascii")
                .unwrap()
                .extract::<bool>()
                .unwrap());
        }
    });
}

#[test]
fn literal_error_message_reaches_python_intact() {
    // The message of `new_err("literal")` is made into a `str` when it is raised.
    Python::attach(|py| {
        PyValueError::new_err("bad value: a longer literal message, 47 bytes").restore(py);
        let err = PyErr::fetch(py);
        assert!(err.is_instance_of::<PyValueError>(py));
        let value = err.value(py);
        assert_eq!(
            value.str().unwrap().to_str().unwrap(),
            "bad value: a longer literal message, 47 bytes"
        );
    });
}

#[test]
fn str_extraction_borrows_without_copy() {
    Python::attach(|py| {
        let obj = PyString::new(py, "borrowed");
        let a: &str = obj.as_any().extract().unwrap();
        let b: &str = obj.as_any().extract().unwrap();
        assert_eq!(a, "borrowed");
        // (abi3 builds for 3.9 borrow from a UTF-8 copy kept for the attach scope: see
        // `PyString::to_str`.)
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        assert_eq!(
            a.as_ptr(),
            b.as_ptr(),
            "both point into the object's UTF-8 cache"
        );
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        assert_eq!(b, "borrowed");
    });
}

#[test]
fn cow_str_is_borrowed() {
    Python::attach(|py| {
        let obj = PyString::new(py, "cow");
        let c: Cow<'_, str> = obj.as_any().extract().unwrap();
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        assert!(matches!(c, Cow::Borrowed("cow")));
        // abi3 builds for 3.9 cannot lend the text: an owned copy.
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        assert!(matches!(c, Cow::Owned(ref s) if s == "cow"));
        let c2: Cow<'_, str> = Cow::Owned("own".into());
        assert_eq!(c2.into_pyobject(py).unwrap().to_str().unwrap(), "own");
    });
}

#[test]
fn string_from_non_str_is_type_error() {
    Python::attach(|py| {
        let err = eval(py, "b'bytes'").extract::<String>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "'bytes' object is not an instance of 'str'"
        );
        assert!(eval(py, "1").extract::<&str>().is_err());
    });
}

#[test]
fn str_subclass_and_latin1_borrow_as_str() {
    Python::attach(|py| {
        for (expr, expected) in [
            ("type('S', (str,), {})('plain ascii')", "plain ascii"),
            ("type('S', (str,), {})('ünïcode')", "ünïcode"),
            ("'caf' + chr(233)", "café"),
            ("'x' * 1000", &*"x".repeat(1000)),
        ] {
            let obj = eval(py, expr);
            assert_eq!(obj.extract::<&str>().unwrap(), expected, "{expr}");
        }
    });
}

#[test]
fn string_subclass_extracts() {
    Python::attach(|py| {
        let obj = eval(py, "type('S', (str,), {})('sub')");
        assert_eq!(obj.extract::<String>().unwrap(), "sub");
    });
}

#[test]
fn lone_surrogate_to_str_is_unicode_encode_error() {
    Python::attach(|py| {
        let obj = eval(py, "'a\\udc80b'");
        let s = obj.cast::<PyString>().unwrap();
        let err = s.to_str().unwrap_err();
        assert!(err.is_instance_of::<PyUnicodeEncodeError>(py));
        assert!(obj
            .extract::<String>()
            .unwrap_err()
            .is_instance_of::<PyUnicodeEncodeError>(py));
        assert!(!PyErr::occurred(py));
    });
}

#[test]
fn lone_surrogate_to_string_lossy_replaces() {
    Python::attach(|py| {
        let obj = eval(py, "'a\\udc80b\\ud800'");
        let s = obj.cast::<PyString>().unwrap();
        assert_eq!(
            s.to_string_lossy(),
            "a\u{FFFD}\u{FFFD}\u{FFFD}b\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert!(
            !PyErr::occurred(py),
            "the failed strict attempt must not leak an exception"
        );
    });
}

#[test]
fn to_string_lossy_borrows_valid_text() {
    Python::attach(|py| {
        let s = PyString::new(py, "fine");
        assert!(matches!(s.to_string_lossy(), Cow::Borrowed("fine")));
    });
}

#[test]
fn display_of_surrogate_string_is_lossy() {
    Python::attach(|py| {
        let obj = eval(py, "'x\\udc80'");
        assert_eq!(obj.to_string(), "x\u{FFFD}\u{FFFD}\u{FFFD}");
    });
}

#[test]
fn bytes_extraction_is_zero_copy() {
    Python::attach(|py| {
        let b = PyBytes::new(py, b"\x00\x01binary");
        let s1: &[u8] = b.as_any().extract().unwrap();
        let s2 = b.as_bytes();
        assert_eq!(s1, b"\x00\x01binary");
        assert_eq!(s1.as_ptr(), s2.as_ptr());
    });
}

#[test]
fn bytes_slice_into_python_is_bytes() {
    Python::attach(|py| {
        let obj = (&b"abc"[..]).into_pyobject(py).unwrap();
        assert!(obj.is_exact_instance_of::<PyBytes>());
        let cow: Cow<'_, [u8]> = Cow::Borrowed(b"xy");
        assert!(cow
            .into_pyobject(py)
            .unwrap()
            .is_exact_instance_of::<PyBytes>());
    });
}

#[test]
fn bytes_from_str_or_bytearray_slice_refused() {
    Python::attach(|py| {
        assert!(eval(py, "'text'").extract::<&[u8]>().is_err());
        assert!(eval(py, "bytearray(b'x')").extract::<&[u8]>().is_err());
    });
}

#[test]
fn cow_bytes_borrows_bytes_copies_bytearray() {
    Python::attach(|py| {
        let b = eval(py, "b'bb'");
        assert!(matches!(
            b.extract::<Cow<'_, [u8]>>().unwrap(),
            Cow::Borrowed(b"bb")
        ));
        let ba = eval(py, "bytearray(b'ba')");
        let c: Cow<'_, [u8]> = ba.extract().unwrap();
        assert!(matches!(c, Cow::Owned(ref v) if v == b"ba"));
    });
}

#[test]
fn vec_u8_from_bytes_is_refused_as_sequence_of_ints_works() {
    Python::attach(|py| {
        let v: Vec<u8> = eval(py, "[1, 2, 255]").extract().unwrap();
        assert_eq!(v, [1, 2, 255]);
        assert!(eval(py, "[256]").extract::<Vec<u8>>().is_err());
    });
}

#[test]
fn py_backed_str_outlives_attach_and_is_send() {
    let backed: PyBackedStr =
        Python::attach(|py| PyString::new(py, "kept alive").extract().unwrap());
    let len = std::thread::spawn(move || backed.len()).join().unwrap();
    assert_eq!(len, 10);
}

#[test]
fn py_backed_str_points_into_python_object() {
    Python::attach(|py| {
        let s = PyString::new(py, "shared buffer");
        let backed: PyBackedStr = s.extract().unwrap();
        assert_eq!(&*backed, "shared buffer");
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        {
            assert_eq!(backed.as_ptr(), s.to_str().unwrap().as_ptr());
            assert!(backed.as_py_str().bind(py).is(&s));
        }
        let back = backed.into_pyobject(py).unwrap();
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        assert!(back.is(&s));
        // abi3 builds for 3.9 keep a UTF-8 copy: converting back makes an equal `str`.
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        assert_eq!(back.to_str().unwrap(), "shared buffer");
    });
}

#[test]
fn py_backed_str_refuses_surrogates() {
    Python::attach(|py| {
        assert!(eval(py, "'\\udc80'").extract::<PyBackedStr>().is_err());
    });
}

#[test]
fn py_backed_bytes_from_bytes_and_bytearray() {
    let (a, b): (PyBackedBytes, PyBackedBytes) = Python::attach(|py| {
        (
            eval(py, "b'from bytes'").extract().unwrap(),
            eval(py, "bytearray(b'from ba')").extract().unwrap(),
        )
    });
    assert_eq!(&*a, b"from bytes");
    assert_eq!(&*b, b"from ba");
    assert_eq!(a, *b"from bytes".as_slice());
    Python::attach(|py| {
        assert!(a
            .into_pyobject(py)
            .unwrap()
            .is_exact_instance_of::<PyBytes>());
        assert_eq!(b.into_pyobject(py).unwrap().as_bytes(), b"from ba");
    });
}

#[test]
fn py_backed_bytes_from_bytes_is_zero_copy() {
    Python::attach(|py| {
        let b = PyBytes::new(py, b"zero copy");
        let backed: PyBackedBytes = b.extract().unwrap();
        assert_eq!(backed.as_ptr(), b.as_bytes().as_ptr());
    });
}

#[test]
fn string_conversions_from_owned_and_refs() {
    Python::attach(|py| {
        let s = String::from("owned");
        assert_eq!((&s).into_pyobject(py).unwrap().to_str().unwrap(), "owned");
        assert_eq!(s.into_pyobject(py).unwrap().to_str().unwrap(), "owned");
        let r: &&str = &"refref";
        assert_eq!(r.into_pyobject(py).unwrap().to_str().unwrap(), "refref");
    });
}

/// A `&str` taken before `detach` stays valid through an attach scope opened and closed while
/// detached (abi3 builds for 3.9 keep a UTF-8 copy per borrow until the outermost scope ends:
/// the inner scope must not release the outer one's).
#[test]
fn str_borrowed_before_detach_survives_a_scope_inside_it() {
    Python::attach(|py| {
        let s = PyString::new(py, "kept across detach: é ü ß");
        let text: &str = s.to_str().unwrap();
        let copy = py.detach(move || {
            Python::attach(|py2| {
                // Borrow and drop other strings in the inner scope, reusing freed memory.
                for i in 0..100 {
                    let other = PyString::new(py2, &format!("inner string number {i:>8}"));
                    assert!(other.to_str().unwrap().starts_with("inner"));
                }
            });
            text.to_owned()
        });
        assert_eq!(copy, "kept across detach: é ü ß");
        assert_eq!(text, "kept across detach: é ü ß");
        // The copy `text` points into is still kept (a freed one would usually still read
        // right, so the count is what shows it).
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        assert!(pybound::__private::kept_utf8_copies() >= 1);
    });
    // Released when the outermost scope closed.
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    assert_eq!(pybound::__private::kept_utf8_copies(), 0);
}
