//! jiff 0.2 ↔ `datetime` (feature `jiff-02`).
//!
//! | Rust | Python |
//! |---|---|
//! | `civil::Date`, `civil::ISOWeekDate` | `date` |
//! | `civil::Time` | `time` (its `tzinfo` is ignored when extracting) |
//! | `civil::DateTime` | naive `datetime` (an aware one is a `TypeError`) |
//! | `Timestamp` | aware `datetime` in `timezone.utc`; extraction takes any aware datetime |
//! | `Zoned` | aware `datetime` whose `tzinfo` is the zone (`ZoneInfo` for a named zone, `timezone` for a fixed offset); `fold` picks between the readings of a repeated hour, and a time in a gap follows PEP 495 |
//! | `tz::TimeZone` | `zoneinfo.ZoneInfo` by name, `timezone.utc`, or `datetime.timezone` for a fixed offset |
//! | `tz::Offset` | `datetime.timezone` (from any tzinfo with a fixed `utcoffset`) |
//! | `SignedDuration` | `timedelta`; `Span` extracts from one too |
//!
//! Nanoseconds below a microsecond are dropped going to Python; years outside 1–9999 are a
//! `ValueError`. A `jiff::Error` converts into `PyErr` as a `ValueError`, as in PyO3.
//!
//! ```
//! use jiff_02::civil::date;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let noon = date(2024, 2, 29).at(12, 0, 0, 0).to_zoned(jiff_02::tz::TimeZone::UTC).unwrap();
//!     let obj = (&noon).into_pyobject(py).unwrap();
//!     assert_eq!(obj.str().unwrap(), "2024-02-29 12:00:00+00:00");
//!     assert_eq!(obj.extract::<jiff_02::Zoned>().unwrap(), noon);
//! });
//! ```

use jiff_02::civil::{Date, DateTime, ISOWeekDate, Time};
use jiff_02::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff_02::{SignedDuration, Span, Timestamp, Zoned};

use super::datetime_support::{aware_offset_seconds, fixed_offset_seconds, new_delta, python_year};
use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyValueError};
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::{
    PyAny, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyString, PyTime,
    PyTimeAccess, PyTzInfo, PyTzInfoAccess,
};

impl From<jiff_02::Error> for PyErr {
    fn from(e: jiff_02::Error) -> PyErr {
        PyValueError::new_err(e.to_string())
    }
}

fn date_of(d: &impl PyDateAccess) -> PyResult<Date> {
    // Python's years (1–9999) fit jiff's i16.
    Ok(Date::new(
        d.get_year() as i16,
        d.get_month() as i8,
        d.get_day() as i8,
    )?)
}

fn time_of(t: &impl PyTimeAccess) -> PyResult<Time> {
    Ok(Time::new(
        t.get_hour() as i8,
        t.get_minute() as i8,
        t.get_second() as i8,
        (t.get_microsecond() * 1_000) as i32,
    )?)
}

/// A `datetime` of a civil datetime, with a zone and fold.
fn new_datetime<'py>(
    py: Python<'py>,
    dt: DateTime,
    tz: Option<&Bound<'py, PyTzInfo>>,
    fold: bool,
) -> PyResult<Bound<'py, PyDateTime>> {
    PyDateTime::new_with_fold(
        py,
        python_year(i32::from(dt.year()))?,
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
        dt.second() as u8,
        (dt.subsec_nanosecond() / 1_000) as u32,
        tz,
        fold,
    )
}

fn civil_of(dt: &Bound<'_, PyDateTime>) -> PyResult<DateTime> {
    Ok(DateTime::from_parts(date_of(dt)?, time_of(dt)?))
}

impl<'py> IntoPyObject<'py> for Date {
    type Target = PyDate;
    type Output = Bound<'py, PyDate>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        PyDate::new(
            py,
            python_year(i32::from(self.year()))?,
            self.month() as u8,
            self.day() as u8,
        )
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Date {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        date_of(&obj.cast::<PyDate>()?)
    }
}

impl<'py> IntoPyObject<'py> for ISOWeekDate {
    type Target = PyDate;
    type Output = Bound<'py, PyDate>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        self.date().into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for ISOWeekDate {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Date::extract(obj)?.iso_week_date())
    }
}

impl<'py> IntoPyObject<'py> for Time {
    type Target = PyTime;
    type Output = Bound<'py, PyTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTime>> {
        PyTime::new(
            py,
            self.hour() as u8,
            self.minute() as u8,
            self.second() as u8,
            (self.subsec_nanosecond() / 1_000) as u32,
            None,
        )
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Time {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        time_of(&obj.cast::<PyTime>()?)
    }
}

impl<'py> IntoPyObject<'py> for DateTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        new_datetime(py, self, None, false)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for DateTime {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        if dt.get_tzinfo().is_some() {
            return Err(PyTypeError::new_err("expected a datetime without tzinfo"));
        }
        civil_of(&dt)
    }
}

impl<'py> IntoPyObject<'py> for Offset {
    type Target = PyTzInfo;
    type Output = Bound<'py, PyTzInfo>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
        if self == Offset::UTC {
            return Ok(PyTzInfo::utc(py)?.to_owned());
        }
        PyTzInfo::fixed_offset(py, PyDelta::new(py, 0, self.seconds(), 0, true)?)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Offset {
    type Error = PyErr;
    /// From any `tzinfo` whose `utcoffset(None)` is a timedelta.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Offset::from_seconds(fixed_offset_seconds(obj)?)?)
    }
}

impl<'py> IntoPyObject<'py> for &TimeZone {
    type Target = PyTzInfo;
    type Output = Bound<'py, PyTzInfo>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
        if self == &TimeZone::UTC {
            return Ok(PyTzInfo::utc(py)?.to_owned());
        }
        if let Some(name) = self.iana_name() {
            return PyTzInfo::timezone(py, name);
        }
        self.to_fixed_offset()?.into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for TimeZone {
    type Error = PyErr;
    /// A `ZoneInfo` by its key (from jiff's own database); any other tzinfo by its fixed
    /// offset.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let tz = obj.cast::<PyTzInfo>()?;
        let key = crate::intern!(obj.py(), "key");
        if tz.hasattr(key)? {
            let name = tz.getattr(key)?;
            return Ok(TimeZone::get(name.cast::<PyString>()?.to_str()?)?);
        }
        Ok(Offset::extract(obj)?.to_time_zone())
    }
}

impl<'py> IntoPyObject<'py> for &Zoned {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        let tz = self.time_zone().into_pyobject(py)?;
        // The later reading of a repeated wall-clock time is `fold=1`.
        let fold = matches!(
            self.time_zone().to_ambiguous_zoned(self.datetime()).offset(),
            AmbiguousOffset::Fold { after, .. } if after == self.offset()
        );
        new_datetime(py, self.datetime(), Some(&tz), fold)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Zoned {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        let tz = dt
            .get_tzinfo()
            .ok_or_else(|| PyTypeError::new_err("expected a datetime with non-None tzinfo"))?
            .as_any()
            .extract::<TimeZone>()?;
        let zoned = tz.into_ambiguous_zoned(civil_of(&dt)?);
        // PEP 495: in a repeated hour fold=0 is the earlier reading; in a gap fold=0 is the
        // later instant.
        let gap = matches!(zoned.offset(), AmbiguousOffset::Gap { .. });
        Ok(if dt.get_fold() ^ gap {
            zoned.later()?
        } else {
            zoned.earlier()?
        })
    }
}

impl<'py> IntoPyObject<'py> for Timestamp {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        let utc = PyTzInfo::utc(py)?;
        new_datetime(py, Offset::UTC.to_datetime(self), Some(&utc), false)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Timestamp {
    type Error = PyErr;
    /// From any aware datetime (its `utcoffset()` applied).
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        let offset = Offset::from_seconds(aware_offset_seconds(&dt)?)?;
        Ok(offset.to_timestamp(civil_of(&dt)?)?)
    }
}

impl<'py> IntoPyObject<'py> for SignedDuration {
    type Target = PyDelta;
    type Output = Bound<'py, PyDelta>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDelta>> {
        let secs = self.as_secs();
        new_delta(
            py,
            secs / 86_400,
            secs % 86_400,
            i64::from(self.subsec_micros()),
            "SignedDuration",
        )
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for SignedDuration {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let delta = obj.cast::<PyDelta>()?;
        let secs = i64::from(delta.get_days()) * 86_400 + i64::from(delta.get_seconds());
        Ok(SignedDuration::new(secs, delta.get_microseconds() * 1_000))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Span {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Span::try_from(SignedDuration::extract(obj)?)?)
    }
}

macro_rules! by_value_or_ref {
    (value: $($v:ty => $vt:ty),*; reference: $($r:ty => $rt:ty),*) => {
        $(
        impl<'py> IntoPyObject<'py> for &$v {
            type Target = $vt;
            type Output = Bound<'py, $vt>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, $vt>> {
                (*self).into_pyobject(py).map(BoundObject::into_bound)
            }
        }
        )*
        $(
        impl<'py> IntoPyObject<'py> for $r {
            type Target = $rt;
            type Output = Bound<'py, $rt>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, $rt>> {
                (&self).into_pyobject(py)
            }
        }
        )*
    };
}

by_value_or_ref!(
    value: Date => PyDate, ISOWeekDate => PyDate, Time => PyTime, DateTime => PyDateTime,
        Offset => PyTzInfo, Timestamp => PyDateTime, SignedDuration => PyDelta;
    reference: TimeZone => PyTzInfo, Zoned => PyDateTime
);
