//! The `time` crate ↔ `datetime` (feature `time`).
//!
//! | Rust | Python |
//! |---|---|
//! | `Date` | `date` |
//! | `Time` | `time` (its `tzinfo` is ignored when extracting) |
//! | `PrimitiveDateTime` | naive `datetime` (an aware one is a `TypeError`) |
//! | `OffsetDateTime` | aware `datetime` with a fixed-offset `timezone`; extraction takes any aware datetime at its `utcoffset()` |
//! | `UtcDateTime` | aware `datetime` in `timezone.utc`; extraction takes any aware datetime, converted to UTC |
//! | `UtcOffset` | `datetime.timezone` (from any `tzinfo` with a fixed `utcoffset`) |
//! | `Duration` | `timedelta` |
//!
//! Nanoseconds below a microsecond are dropped going to Python; years outside 1–9999 are a
//! `ValueError`, durations beyond ±999999999 days an `OverflowError`.
//!
//! ```
//! use pybound::prelude::*;
//! use time::{Date, Month, Time, UtcOffset};
//!
//! Python::attach(|py| {
//!     let date = Date::from_calendar_date(2024, Month::February, 29).unwrap();
//!     let offset = UtcOffset::from_hms(5, 30, 0).unwrap();
//!     let t = date.with_time(Time::from_hms_milli(12, 30, 0, 500).unwrap()).assume_offset(offset);
//!     let obj = t.into_pyobject(py).unwrap();
//!     assert_eq!(obj.str().unwrap(), "2024-02-29 12:30:00.500000+05:30");
//!     assert_eq!(obj.extract::<time::OffsetDateTime>().unwrap(), t);
//! });
//! ```

use ::time::{
    Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcDateTime, UtcOffset,
};

use super::datetime_support::{aware_offset_seconds, fixed_offset_seconds, new_delta, python_year};
use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyValueError};
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::{
    PyAny, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyTime, PyTimeAccess,
    PyTzInfo, PyTzInfoAccess,
};

impl<'py> IntoPyObject<'py> for Duration {
    type Target = PyDelta;
    type Output = Bound<'py, PyDelta>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDelta>> {
        let days = self.whole_days();
        let rest = self - Duration::days(days);
        let secs = rest.whole_seconds();
        let micros = (rest - Duration::seconds(secs)).whole_microseconds();
        new_delta(py, days, secs, micros as i64, "Duration")
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Duration {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let delta = obj.cast::<PyDelta>()?;
        Ok(Duration::days(i64::from(delta.get_days()))
            + Duration::seconds(i64::from(delta.get_seconds()))
            + Duration::microseconds(i64::from(delta.get_microseconds())))
    }
}

impl<'py> IntoPyObject<'py> for Date {
    type Target = PyDate;
    type Output = Bound<'py, PyDate>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        PyDate::new(
            py,
            python_year(self.year())?,
            self.month() as u8,
            self.day(),
        )
    }
}

fn date_of(d: &impl PyDateAccess) -> PyResult<Date> {
    let month =
        Month::try_from(d.get_month()).map_err(|_| PyValueError::new_err("invalid month value"))?;
    Date::from_calendar_date(d.get_year(), month, d.get_day())
        .map_err(|e| PyValueError::new_err(format!("invalid or out-of-range date: {e}")))
}

fn time_of(t: &impl PyTimeAccess) -> PyResult<Time> {
    Time::from_hms_micro(
        t.get_hour(),
        t.get_minute(),
        t.get_second(),
        t.get_microsecond(),
    )
    .map_err(|e| PyValueError::new_err(format!("invalid or out-of-range time: {e}")))
}

impl<'a, 'py> FromPyObject<'a, 'py> for Date {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        date_of(&obj.cast::<PyDate>()?)
    }
}

impl<'py> IntoPyObject<'py> for Time {
    type Target = PyTime;
    type Output = Bound<'py, PyTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTime>> {
        PyTime::new(
            py,
            self.hour(),
            self.minute(),
            self.second(),
            self.microsecond(),
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

/// A `datetime` of a date and time, with a zone.
fn new_datetime<'py>(
    py: Python<'py>,
    date: Date,
    time: Time,
    tz: Option<&Bound<'py, PyTzInfo>>,
) -> PyResult<Bound<'py, PyDateTime>> {
    PyDateTime::new(
        py,
        python_year(date.year())?,
        date.month() as u8,
        date.day(),
        time.hour(),
        time.minute(),
        time.second(),
        time.microsecond(),
        tz,
    )
}

fn primitive_of(dt: &Bound<'_, PyDateTime>) -> PyResult<PrimitiveDateTime> {
    Ok(PrimitiveDateTime::new(date_of(dt)?, time_of(dt)?))
}

impl<'py> IntoPyObject<'py> for PrimitiveDateTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        new_datetime(py, self.date(), self.time(), None)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for PrimitiveDateTime {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        if dt.get_tzinfo().is_some() {
            return Err(PyTypeError::new_err("expected a datetime without tzinfo"));
        }
        primitive_of(&dt)
    }
}

/// A `UtcOffset` of whole seconds (it has no sub-second part).
fn offset_of(seconds: i32) -> PyResult<UtcOffset> {
    UtcOffset::from_whole_seconds(seconds)
        .map_err(|_| PyValueError::new_err("UTC offset out of bounds"))
}

impl<'py> IntoPyObject<'py> for UtcOffset {
    type Target = PyTzInfo;
    type Output = Bound<'py, PyTzInfo>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
        PyTzInfo::fixed_offset(py, PyDelta::new(py, 0, self.whole_seconds(), 0, true)?)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for UtcOffset {
    type Error = PyErr;
    /// From any `tzinfo` whose `utcoffset(None)` is a timedelta.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        offset_of(fixed_offset_seconds(obj)?)
    }
}

/// The offset of an aware datetime at its moment (`TypeError` for a naive one).
fn aware_offset(dt: &Bound<'_, PyDateTime>) -> PyResult<UtcOffset> {
    offset_of(aware_offset_seconds(dt)?)
}

impl<'py> IntoPyObject<'py> for OffsetDateTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        let tz = self.offset().into_pyobject(py)?;
        new_datetime(py, self.date(), self.time(), Some(&tz))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for OffsetDateTime {
    type Error = PyErr;
    /// From any aware datetime (a `ZoneInfo` one too: its offset at that moment).
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        let offset = aware_offset(&dt)?;
        Ok(primitive_of(&dt)?.assume_offset(offset))
    }
}

impl<'py> IntoPyObject<'py> for UtcDateTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        let utc = PyTzInfo::utc(py)?;
        new_datetime(py, self.date(), self.time(), Some(&utc))
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for UtcDateTime {
    type Error = PyErr;
    /// From any aware datetime, converted to UTC.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        let offset = aware_offset(&dt)?;
        let at = primitive_of(&dt)?.assume_offset(offset);
        Ok(UtcDateTime::from(at))
    }
}

macro_rules! by_ref {
    ($($ty:ty => $target:ty),*) => {$(
        impl<'py> IntoPyObject<'py> for &$ty {
            type Target = $target;
            type Output = Bound<'py, $target>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, $target>> {
                (*self).into_pyobject(py).map(BoundObject::into_bound)
            }
        }
    )*};
}

by_ref!(
    Duration => PyDelta, Date => PyDate, Time => PyTime, PrimitiveDateTime => PyDateTime,
    UtcOffset => PyTzInfo, OffsetDateTime => PyDateTime, UtcDateTime => PyDateTime
);
