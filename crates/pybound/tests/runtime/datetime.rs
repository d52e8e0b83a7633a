//! The `datetime` types (`PyDate`, `PyDateTime`, `PyTime`, `PyDelta`, `PyTzInfo`), their
//! access traits, and the std conversions through them (`Duration`, `SystemTime`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pybound::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pybound::prelude::*;
use pybound::types::{
    PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyTime, PyTimeAccess, PyTzInfo,
    PyTzInfoAccess,
};
use pybound::PyTypeInfo;

use crate::{eval, run};

#[test]
fn constructors_match_python() {
    Python::attach(|py| {
        let d = PyDate::new(py, 2024, 2, 29).unwrap();
        assert!(d
            .eq(eval(py, "__import__('datetime').date(2024, 2, 29)"))
            .unwrap());
        assert_eq!((d.get_year(), d.get_month(), d.get_day()), (2024, 2, 29));

        let t = PyTime::new(py, 23, 59, 58, 999_999, None).unwrap();
        assert_eq!(t.str().unwrap(), "23:59:58.999999");
        assert_eq!(
            (
                t.get_hour(),
                t.get_minute(),
                t.get_second(),
                t.get_microsecond()
            ),
            (23, 59, 58, 999_999)
        );
        assert!(t.get_tzinfo().is_none());
        assert!(!t.get_fold());

        let dt = PyDateTime::new(py, 1, 1, 1, 0, 0, 0, 0, None).unwrap();
        assert!(dt
            .eq(eval(py, "__import__('datetime').datetime.min"))
            .unwrap());
        // A datetime is a date, and a date extracts from it.
        assert!(dt.is_instance_of::<PyDate>());
        assert!(!d.is_instance_of::<PyDateTime>());
        assert!(dt.as_any().cast::<PyDate>().is_ok());
    });
}

#[test]
fn constructors_refuse_out_of_range_fields() {
    Python::attach(|py| {
        let cases: Vec<PyErr> = vec![
            PyDate::new(py, 2023, 2, 29).unwrap_err(),
            PyDate::new(py, 0, 1, 1).unwrap_err(),
            PyDate::new(py, 10_000, 1, 1).unwrap_err(),
            PyDate::new(py, 2024, 13, 1).unwrap_err(),
            PyTime::new(py, 24, 0, 0, 0, None).unwrap_err(),
            PyTime::new(py, 0, 0, 0, 1_000_000, None).unwrap_err(),
            PyTime::new(py, 0, 0, 0, u32::MAX, None).unwrap_err(),
            PyDateTime::new(py, 2024, 1, 1, 0, 60, 0, 0, None).unwrap_err(),
        ];
        for err in cases {
            assert!(err.is_instance_of::<PyValueError>(py), "{err}");
        }
        let err = PyDate::new(py, 2023, 2, 29).unwrap_err();
        assert_eq!(err.to_string(), "ValueError: day is out of range for month");
        let err = PyDelta::new(py, 1_000_000_000, 0, 0, true).unwrap_err();
        assert!(err.is_instance_of::<PyOverflowError>(py), "{err}");
    });
}

#[test]
fn delta_fields_are_normalised() {
    Python::attach(|py| {
        let d = PyDelta::new(py, 1, 2, 3, false).unwrap();
        assert_eq!(
            (d.get_days(), d.get_seconds(), d.get_microseconds()),
            (1, 2, 3)
        );
        // Out-of-range smaller units are carried even without `normalize`.
        let d = PyDelta::new(py, 0, 0, -1, false).unwrap();
        assert_eq!(
            (d.get_days(), d.get_seconds(), d.get_microseconds()),
            (-1, 86_399, 999_999)
        );
        assert!(d
            .eq(eval(
                py,
                "__import__('datetime').timedelta(microseconds=-1)"
            ))
            .unwrap());
        let d = PyDelta::new(py, 0, 90_000, 0, true).unwrap();
        assert_eq!((d.get_days(), d.get_seconds()), (1, 3_600));
    });
}

#[test]
fn fold_and_tzinfo_are_read_back() {
    Python::attach(|py| {
        let utc = PyTzInfo::utc(py).unwrap();
        assert!(utc
            .eq(eval(py, "__import__('datetime').timezone.utc"))
            .unwrap());
        let dt = PyDateTime::new_with_fold(py, 2024, 11, 3, 1, 30, 0, 0, Some(&utc), true).unwrap();
        assert!(dt.get_fold());
        assert!(dt.get_tzinfo().unwrap().is(&utc));
        let naive = PyDateTime::new(py, 2024, 11, 3, 1, 30, 0, 0, None).unwrap();
        assert!(naive.get_tzinfo().is_none());
        assert!(!naive.get_fold());

        let t = PyTime::new_with_fold(py, 1, 30, 0, 0, Some(&utc), true).unwrap();
        assert!(t.get_fold());
        assert!(t.get_tzinfo().unwrap().is(&utc));

        // Borrowed views read the same fields.
        let b = dt.as_borrowed();
        assert_eq!((b.get_year(), b.get_hour(), b.get_fold()), (2024, 1, true));
        assert!(b.get_tzinfo().is_some());
    });
}

#[test]
fn fixed_offsets_and_named_zones() {
    Python::attach(|py| {
        let offset = PyDelta::new(py, 0, 5 * 3600 + 30 * 60, 0, true).unwrap();
        let tz = PyTzInfo::fixed_offset(py, offset).unwrap();
        assert_eq!(tz.str().unwrap(), "UTC+05:30");
        // The offset must be strictly inside a day.
        let err = PyTzInfo::fixed_offset(py, Duration::from_secs(86_400)).unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py), "{err}");

        let has_zone = run(
            py,
            "import zoneinfo\ntry:\n    zoneinfo.ZoneInfo('Europe/Paris'); ok = True\nexcept Exception:\n    ok = False",
        )
        .get_item("ok")
        .unwrap()
        .unwrap()
        .extract::<bool>()
        .unwrap();
        if has_zone {
            let paris = PyTzInfo::timezone(py, "Europe/Paris").unwrap();
            assert_eq!(paris.str().unwrap(), "Europe/Paris");
        }
        assert!(PyTzInfo::timezone(py, "Not/AZone").is_err());
    });
}

#[test]
fn type_checks_and_cast_errors() {
    Python::attach(|py| {
        let obj = 5i32.into_pyobject(py).unwrap();
        let err = obj.cast::<PyDateTime>().unwrap_err();
        assert!(err.to_string().contains("datetime"), "{err}");
        let sub = eval(
            py,
            "type('D', (__import__('datetime').datetime,), {})(2020, 1, 2, 3, 4, 5)",
        );
        let sub = sub.cast::<PyDateTime>().unwrap();
        assert_eq!((sub.get_day(), sub.get_second()), (2, 5));
        assert!(!PyDateTime::is_exact_type_of(sub.as_any()));
        assert!(PyDateTime::is_type_of(sub.as_any()));
        assert!(PyDelta::type_object(py).is(&eval(py, "__import__('datetime').timedelta")));
    });
}

#[test]
fn from_timestamp_matches_python() {
    Python::attach(|py| {
        let utc = PyTzInfo::utc(py).unwrap();
        let dt = PyDateTime::from_timestamp(py, 86_400.5, Some(&utc)).unwrap();
        assert_eq!(dt.str().unwrap(), "1970-01-02 00:00:00.500000+00:00");
        let d = PyDate::from_timestamp(py, 0.0).unwrap();
        let expected = eval(py, "__import__('datetime').date.fromtimestamp(0)");
        assert!(d.eq(expected).unwrap());
    });
}

#[test]
fn duration_round_trips() {
    Python::attach(|py| {
        for d in [
            Duration::ZERO,
            Duration::new(86_399, 999_999_000),
            Duration::new(999_999_999 * 86_400 + 86_399, 999_999_000),
        ] {
            let obj = d.into_pyobject(py).unwrap();
            assert_eq!(obj.extract::<Duration>().unwrap(), d);
        }
        // Below a microsecond is dropped.
        let obj = Duration::new(1, 1_999).into_pyobject(py).unwrap();
        assert_eq!(obj.get_microseconds(), 1);
        let err = Duration::from_secs(1_000_000_000 * 86_400)
            .into_pyobject(py)
            .unwrap_err();
        assert!(err.is_instance_of::<PyOverflowError>(py), "{err}");
        let neg = eval(py, "__import__('datetime').timedelta(microseconds=-1)");
        let err = neg.extract::<Duration>().unwrap_err();
        assert!(err.is_instance_of::<PyValueError>(py), "{err}");
        let err = 1.5f64
            .into_pyobject(py)
            .unwrap()
            .extract::<Duration>()
            .unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py), "{err}");
    });
}

#[test]
fn system_time_round_trips() {
    Python::attach(|py| {
        let cases = [
            UNIX_EPOCH,
            UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_000),
            UNIX_EPOCH - Duration::new(86_400 * 365, 250_000_000),
            UNIX_EPOCH - Duration::from_micros(1),
        ];
        for t in cases {
            let obj = t.into_pyobject(py).unwrap();
            assert!(obj.get_tzinfo().is_some());
            assert_eq!(obj.extract::<SystemTime>().unwrap(), t, "{obj}");
        }
        let obj = (UNIX_EPOCH - Duration::from_micros(1))
            .into_pyobject(py)
            .unwrap();
        assert_eq!(obj.str().unwrap(), "1969-12-31 23:59:59.999999+00:00");
        let obj = (UNIX_EPOCH + Duration::from_secs(1_709_164_800))
            .into_pyobject(py)
            .unwrap();
        assert_eq!(obj.str().unwrap(), "2024-02-29 00:00:00+00:00");

        // Any aware datetime: its offset is applied.
        let paris = eval(
            py,
            "__import__('datetime').datetime(1970, 1, 1, 1, tzinfo=__import__('datetime').timezone(__import__('datetime').timedelta(hours=1)))",
        );
        assert_eq!(paris.extract::<SystemTime>().unwrap(), UNIX_EPOCH);
        let naive = eval(py, "__import__('datetime').datetime(1970, 1, 1)");
        let err = naive.extract::<SystemTime>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py), "{err}");
        let far = UNIX_EPOCH + Duration::from_secs(400 * 365 * 86_400 * 25);
        let err = far.into_pyobject(py).unwrap_err();
        assert!(err.is_instance_of::<PyOverflowError>(py), "{err}");
    });
}
