use pybound::exceptions::*;
use pybound::prelude::*;

use crate::eval;

fn overflow_message<'py, T>(py: Python<'py>, expr: &str) -> String
where
    T: for<'a> FromPyObject<'a, 'py, Error = PyErr> + std::fmt::Debug,
{
    let obj = eval(py, expr);
    let err = obj.extract::<T>().unwrap_err();
    assert!(err.is_instance_of::<PyOverflowError>(py), "{err}");
    err.value(py).to_string()
}

macro_rules! int_round_trip {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        #[test]
        fn $name() {
            Python::attach(|py| {
                for v in [<$t>::MIN, <$t>::MAX, 0 as $t, 1 as $t] {
                    let obj = v.into_pyobject(py).unwrap();
                    assert_eq!(obj.extract::<$t>().unwrap(), v);
                    let text: String = obj.str().unwrap().extract().unwrap();
                    assert_eq!(text, v.to_string());
                }
            });
        }
    )*};
}

int_round_trip!(
    round_trip_i8: i8, round_trip_i16: i16, round_trip_i32: i32, round_trip_i64: i64,
    round_trip_isize: isize, round_trip_u8: u8, round_trip_u16: u16, round_trip_u32: u32,
    round_trip_u64: u64, round_trip_usize: usize, round_trip_i128: i128, round_trip_u128: u128,
);

#[test]
fn i64_overflow_is_overflow_error() {
    Python::attach(|py| {
        let msg = overflow_message::<i64>(py, "2**63");
        assert!(msg.contains("too large"), "{msg}");
        overflow_message::<i64>(py, "-2**63 - 1");
        assert_eq!(eval(py, "-2**63").extract::<i64>().unwrap(), i64::MIN);
    });
}

#[test]
fn narrow_int_overflow_messages() {
    Python::attach(|py| {
        assert_eq!(
            overflow_message::<u8>(py, "256"),
            "Python int too large to convert to u8"
        );
        assert_eq!(
            overflow_message::<u8>(py, "-1"),
            "can't convert negative int to unsigned"
        );
        assert_eq!(
            overflow_message::<i8>(py, "-129"),
            "Python int too small to convert to i8"
        );
        assert_eq!(
            overflow_message::<i16>(py, "40000"),
            "Python int too large to convert to i16"
        );
        assert_eq!(
            overflow_message::<u32>(py, "2**32"),
            "Python int too large to convert to u32"
        );
    });
}

#[test]
fn u64_bounds() {
    Python::attach(|py| {
        assert_eq!(eval(py, "2**64 - 1").extract::<u64>().unwrap(), u64::MAX);
        overflow_message::<u64>(py, "2**64");
        overflow_message::<u64>(py, "-1");
    });
}

#[test]
fn i128_u128_bounds() {
    Python::attach(|py| {
        assert_eq!(eval(py, "2**127 - 1").extract::<i128>().unwrap(), i128::MAX);
        assert_eq!(eval(py, "-2**127").extract::<i128>().unwrap(), i128::MIN);
        assert_eq!(eval(py, "2**128 - 1").extract::<u128>().unwrap(), u128::MAX);
        assert_eq!(
            eval(py, "-(2**70) + 5").extract::<i128>().unwrap(),
            -(1i128 << 70) + 5
        );
        overflow_message::<i128>(py, "2**127");
        overflow_message::<i128>(py, "-2**127 - 1");
        overflow_message::<u128>(py, "2**128");
        overflow_message::<u128>(py, "-1");
        overflow_message::<u128>(py, "-(2**100)");
    });
}

#[test]
fn i128_into_python_large_values() {
    Python::attach(|py| {
        let v: i128 = -(1i128 << 100) - 7;
        let obj = v.into_pyobject(py).unwrap();
        assert!(obj.eq(eval(py, "-(2**100) - 7")).unwrap());
        let u: u128 = (1u128 << 127) + 3;
        let obj = u.into_pyobject(py).unwrap();
        assert!(obj.eq(eval(py, "2**127 + 3")).unwrap());
    });
}

#[test]
fn int_extraction_uses_index() {
    Python::attach(|py| {
        let obj = eval(py, "type('I', (), {'__index__': lambda s: 42})()");
        assert_eq!(obj.extract::<i64>().unwrap(), 42);
        assert_eq!(obj.extract::<u64>().unwrap(), 42);
        assert_eq!(obj.extract::<i128>().unwrap(), 42);
        assert_eq!(obj.extract::<u8>().unwrap(), 42);
    });
}

#[test]
fn int_from_str_is_type_error_with_cpython_message() {
    Python::attach(|py| {
        let err = eval(py, "'12'").extract::<i64>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert_eq!(
            err.value(py).to_string(),
            "'str' object cannot be interpreted as an integer"
        );
        assert!(eval(py, "'1'")
            .extract::<u64>()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn int_from_float_is_type_error() {
    Python::attach(|py| {
        assert!(eval(py, "1.5")
            .extract::<i32>()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn bool_extracts_as_int() {
    Python::attach(|py| {
        assert_eq!(eval(py, "True").extract::<i32>().unwrap(), 1);
    });
}

#[test]
fn bool_round_trip_and_strictness() {
    Python::attach(|py| {
        let t = true.into_pyobject(py).unwrap();
        assert!(t.is_true());
        assert!(t.is(&eval(py, "True")));
        assert!(!eval(py, "False").extract::<bool>().unwrap());
        let err = eval(py, "1").extract::<bool>().unwrap_err();
        assert_eq!(
            err.value(py).to_string(),
            "'int' object is not an instance of 'bool'"
        );
    });
}

#[test]
fn bool_into_pyobject_is_borrowed_singleton() {
    Python::attach(|py| {
        let t = eval(py, "True");
        let before = t.get_refcnt();
        let b = true.into_pyobject(py).unwrap();
        assert_eq!(b.get_refcnt(), before);
    });
}

#[test]
fn float_round_trip() {
    Python::attach(|py| {
        for v in [0.0, -1.5, f64::MAX, f64::MIN_POSITIVE, f64::INFINITY] {
            assert_eq!(v.into_pyobject(py).unwrap().extract::<f64>().unwrap(), v);
        }
        assert!(f64::NAN
            .into_pyobject(py)
            .unwrap()
            .extract::<f64>()
            .unwrap()
            .is_nan());
        assert_eq!(
            1.25f32.into_pyobject(py).unwrap().extract::<f32>().unwrap(),
            1.25
        );
    });
}

#[test]
fn float_from_int_and_dunder_float() {
    Python::attach(|py| {
        assert_eq!(eval(py, "3").extract::<f64>().unwrap(), 3.0);
        let o = eval(py, "type('F', (), {'__float__': lambda s: 2.5})()");
        assert_eq!(o.extract::<f64>().unwrap(), 2.5);
    });
}

#[test]
fn float_from_str_is_type_error() {
    Python::attach(|py| {
        let err = eval(py, "'1.0'").extract::<f64>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn float_overflow_from_huge_int() {
    Python::attach(|py| {
        let err = eval(py, "10**400").extract::<f64>().unwrap_err();
        assert!(err.is_instance_of::<PyOverflowError>(py));
    });
}

#[test]
fn char_round_trip_and_errors() {
    Python::attach(|py| {
        let c = 'é'.into_pyobject(py).unwrap();
        assert_eq!(c.extract::<char>().unwrap(), 'é');
        assert_eq!(
            '🦀'.into_pyobject(py).unwrap().extract::<char>().unwrap(),
            '🦀'
        );
        let err = eval(py, "'ab'").extract::<char>().unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py));
        assert!(eval(py, "''").extract::<char>().is_err());
        assert!(eval(py, "1")
            .extract::<char>()
            .unwrap_err()
            .is_instance_of::<PyTypeError>(py));
    });
}

#[test]
fn option_round_trip() {
    Python::attach(|py| {
        assert_eq!(eval(py, "None").extract::<Option<i32>>().unwrap(), None);
        assert_eq!(eval(py, "5").extract::<Option<i32>>().unwrap(), Some(5));
        assert!(eval(py, "'x'").extract::<Option<i32>>().is_err());
        assert!(None::<i32>.into_pyobject(py).unwrap().is_none());
        assert_eq!(
            Some(4).into_pyobject(py).unwrap().extract::<i32>().unwrap(),
            4
        );
        let r = &Some(String::from("s"));
        assert_eq!(r.into_pyobject(py).unwrap().to_string(), "s");
    });
}

#[test]
fn unit_is_none() {
    Python::attach(|py| {
        assert!(().into_pyobject(py).unwrap().is_none());
    });
}

#[test]
fn references_to_numbers_convert() {
    Python::attach(|py| {
        let x = 9u16;
        assert_eq!((&x).into_pyobject(py).unwrap().extract::<u16>().unwrap(), 9);
        let f = 0.5f64;
        assert_eq!(
            (&f).into_pyobject(py).unwrap().extract::<f64>().unwrap(),
            0.5
        );
        assert!((&true).into_pyobject(py).unwrap().is_true());
    });
}

#[test]
fn into_bound_py_any_and_into_py_any() {
    Python::attach(|py| {
        let a = 5u8.into_bound_py_any(py).unwrap();
        assert!(a.is_instance_of::<PyInt>());
        let p = "s".into_py_any(py).unwrap();
        assert!(p.bind(py).is_instance_of::<PyString>());
    });
}

/// Values on both sides of the one-digit boundary (2**30), which small ints are read directly
/// below and the C API is asked above; each extraction is repeated so that the first one (which
/// settles the layout check) is not the only one tested.
#[test]
fn ints_around_the_one_digit_boundary() {
    Python::attach(|py| {
        let cases: [(&str, i64); 12] = [
            ("0", 0),
            ("1", 1),
            ("-1", -1),
            ("2**30 - 1", (1 << 30) - 1),
            ("-(2**30 - 1)", -((1 << 30) - 1)),
            ("2**30", 1 << 30),
            ("-2**30", -(1 << 30)),
            ("2**31 + 5", (1 << 31) + 5),
            ("-2**62", -(1 << 62)),
            ("True", 1),
            ("False", 0),
            ("type('MyInt', (int,), {})(12345)", 12345),
        ];
        for _ in 0..3 {
            for (expr, expected) in cases {
                let obj = eval(py, expr);
                assert_eq!(obj.extract::<i64>().unwrap(), expected, "{expr}");
                assert_eq!(obj.extract::<i128>().unwrap(), expected as i128, "{expr}");
                match obj.extract::<u64>() {
                    Ok(v) => assert_eq!(v as i64, expected, "{expr}"),
                    Err(e) => {
                        assert!(expected < 0, "{expr}: {e}");
                        assert_eq!(
                            e.value(py).to_string(),
                            "can't convert negative int to unsigned"
                        );
                    }
                }
            }
            // Small ints still get the narrow types' range checks.
            assert_eq!(
                overflow_message::<i8>(py, "300"),
                "Python int too large to convert to i8"
            );
            assert_eq!(
                overflow_message::<u16>(py, "-3"),
                "can't convert negative int to unsigned"
            );
        }
        // On CPython (30-bit digits, as every build here) the direct read is in use, so the
        // values above went through it (not in abi3 builds, which cannot read an int's digits).
        #[cfg(not(Py_LIMITED_API))]
        assert!(pybound::__private::small_int_fast_path_active());
        // Where the build script took the layout from the interpreter (rather than checking at
        // run time), the interpreter running now must agree with it.
        if pybound::__private::small_int_layout_known_at_build() {
            let info = py.import("sys").unwrap().getattr("int_info").unwrap();
            let bits: u32 = info.getattr("bits_per_digit").unwrap().extract().unwrap();
            let size: u32 = info.getattr("sizeof_digit").unwrap().extract().unwrap();
            assert_eq!((bits, size), (30, 4));
        }
    });
}

#[test]
fn nonzero_integers_refuse_zero() {
    use std::num::{NonZeroI64, NonZeroU8};
    Python::attach(|py| {
        let n = NonZeroU8::new(7).unwrap().into_pyobject(py).unwrap();
        assert_eq!(n.extract::<NonZeroU8>().unwrap().get(), 7);
        let zero = 0i32.into_pyobject(py).unwrap();
        let err = zero.extract::<NonZeroI64>().unwrap_err();
        assert!(err.is_instance_of::<pybound::exceptions::PyValueError>(py));
        assert_eq!(err.value(py).to_string(), "invalid zero value");
        let big = 300i32.into_pyobject(py).unwrap();
        assert!(big
            .extract::<NonZeroU8>()
            .unwrap_err()
            .is_instance_of::<pybound::exceptions::PyOverflowError>(py));
    });
}

#[test]
fn c_strings_and_ip_addresses() {
    use std::ffi::{CStr, CString};
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    Python::attach(|py| {
        let s = c"hello".into_pyobject(py).unwrap();
        assert_eq!(s.to_str().unwrap(), "hello");
        let bad: &CStr = c"\xff";
        assert!(bad
            .into_pyobject(py)
            .unwrap_err()
            .is_instance_of::<pybound::exceptions::PyUnicodeDecodeError>(py));
        let owned: CString = PyString::new(py, "text").extract().unwrap();
        assert_eq!(owned.as_bytes(), b"text");
        assert!(PyString::new(py, "a\0b").extract::<CString>().is_err());

        let v4 = Ipv4Addr::new(10, 0, 0, 1).into_pyobject(py).unwrap();
        assert_eq!(v4.get_type().name().unwrap().to_string(), "IPv4Address");
        assert_eq!(v4.to_string(), "10.0.0.1");
        assert_eq!(
            v4.extract::<Ipv4Addr>().unwrap(),
            Ipv4Addr::new(10, 0, 0, 1)
        );
        let v6: IpAddr = "::1".parse().unwrap();
        let obj = v6.into_pyobject(py).unwrap();
        assert_eq!(obj.to_string(), "::1");
        assert_eq!(obj.extract::<IpAddr>().unwrap(), v6);
        assert!(obj.extract::<Ipv4Addr>().is_err());
        assert_eq!(
            PyString::new(py, "192.168.0.2")
                .extract::<Ipv4Addr>()
                .unwrap(),
            Ipv4Addr::new(192, 168, 0, 2)
        );
        assert_eq!(
            PyString::new(py, "fe80::1").extract::<Ipv6Addr>().unwrap(),
            "fe80::1".parse::<Ipv6Addr>().unwrap()
        );
    });
}

#[test]
fn cell_converts_as_its_value() {
    use std::cell::Cell;
    Python::attach(|py| {
        let c = Cell::new(41u8);
        assert_eq!((&c).into_pyobject(py).unwrap().extract::<u8>().unwrap(), 41);
        c.set(42);
        assert_eq!(c.into_pyobject(py).unwrap().extract::<u8>().unwrap(), 42);
        let back: Cell<i64> = 7i64.into_pyobject(py).unwrap().extract().unwrap();
        assert_eq!(back.get(), 7);
        // The value's own errors.
        let err = (-1i64)
            .into_pyobject(py)
            .unwrap()
            .extract::<Cell<u8>>()
            .unwrap_err();
        assert!(
            err.is_instance_of::<pybound::exceptions::PyOverflowError>(py),
            "{err}"
        );
    });
}
