//! `chrono` ↔ `datetime` (feature `chrono`; `chrono-local` adds [`Local`](chrono::Local)).
//!
//! | Rust | Python |
//! |---|---|
//! | `NaiveDate` | `date` |
//! | `NaiveTime` | `time` (its `tzinfo` is ignored when extracting) |
//! | `NaiveDateTime` | naive `datetime` (an aware one is a `TypeError`) |
//! | `DateTime<Tz>` | aware `datetime` whose `tzinfo` is `Tz`'s Python form; `fold` picks between ambiguous local times; `DateTime<FixedOffset>` takes any aware datetime at its offset |
//! | `FixedOffset` | `datetime.timezone(timedelta)` (from any `tzinfo` with a fixed `utcoffset`) |
//! | `Utc` | `datetime.timezone.utc` |
//! | `Local` (`chrono-local`) | `zoneinfo.ZoneInfo` of the system's zone; a naive `datetime` extracts as local time |
//! | `TimeDelta` (`Duration`) | `timedelta` |
//!
//! Python's types hold microseconds: nanoseconds below are dropped going to Python. A leap
//! second (chrono's `second == 59` with nanoseconds ≥ 10⁹) cannot be held by `datetime`: it is
//! truncated to `:59.999999` with a `UserWarning` (an error if warnings are errors).
//! Values outside Python's years 1–9999 are a `ValueError`; a `TimeDelta` beyond ±999999999
//! days an `OverflowError`.
//!
//! ```
//! use chrono::{NaiveDate, TimeZone, Utc};
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let when = Utc.with_ymd_and_hms(2024, 2, 29, 12, 0, 0).unwrap();
//!     let obj = when.into_pyobject(py).unwrap();
//!     assert_eq!(obj.str().unwrap(), "2024-02-29 12:00:00+00:00");
//!     assert_eq!(obj.extract::<chrono::DateTime<Utc>>().unwrap(), when);
//!     let date: NaiveDate = obj.call_method0("date").unwrap().extract().unwrap();
//!     assert_eq!(date, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
//! });
//! ```

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeDelta, TimeZone, Timelike, Utc,
};

use super::datetime_support::{aware_offset_seconds, fixed_offset_seconds, new_delta, python_year};
use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyUserWarning, PyValueError};
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::{
    PyAny, PyDate, PyDateAccess, PyDateTime, PyDelta, PyDeltaAccess, PyTime, PyTimeAccess,
    PyTzInfo, PyTzInfoAccess,
};
use crate::PyTypeInfo;

/// Implement `IntoPyObject` for `&T` through `T: Copy`.
macro_rules! into_pyobject_by_ref {
    ($($ty:ty => $target:ty),* $(,)?) => {$(
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

// ---- TimeDelta ↔ timedelta ----

impl<'py> IntoPyObject<'py> for TimeDelta {
    type Target = PyDelta;
    type Output = Bound<'py, PyDelta>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDelta>> {
        // Whole days (towards zero), then the rest split into seconds and microseconds; Python
        // normalises the signs.
        let days = self.num_days();
        let rest = self - TimeDelta::days(days);
        let secs = rest.num_seconds();
        let micros = (rest - TimeDelta::seconds(secs))
            .num_microseconds()
            .unwrap_or(0);
        new_delta(py, days, secs, micros, "TimeDelta")
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for TimeDelta {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let delta = obj.cast::<PyDelta>()?;
        // Every timedelta fits: chrono's range is about ±2.9e8 years.
        Ok(TimeDelta::days(i64::from(delta.get_days()))
            + TimeDelta::seconds(i64::from(delta.get_seconds()))
            + TimeDelta::microseconds(i64::from(delta.get_microseconds())))
    }
}

// ---- NaiveDate ↔ date ----

impl<'py> IntoPyObject<'py> for NaiveDate {
    type Target = PyDate;
    type Output = Bound<'py, PyDate>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDate>> {
        PyDate::new(
            py,
            python_year(self.year())?,
            self.month() as u8,
            self.day() as u8,
        )
    }
}

fn naive_date(d: &impl PyDateAccess) -> PyResult<NaiveDate> {
    NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into())
        .ok_or_else(|| PyValueError::new_err("invalid or out-of-range date"))
}

impl<'a, 'py> FromPyObject<'a, 'py> for NaiveDate {
    type Error = PyErr;
    /// From a `date`, or a `datetime` (its date part), as `date` methods accept both.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        naive_date(&obj.cast::<PyDate>()?)
    }
}

// ---- NaiveTime ↔ time ----

/// A chrono time's fields for Python, and whether a leap second was cut off.
struct TimeFields {
    hour: u8,
    minute: u8,
    second: u8,
    micro: u32,
    leap_second: bool,
}

impl From<NaiveTime> for TimeFields {
    fn from(t: NaiveTime) -> Self {
        let nanos = t.nanosecond();
        // chrono marks a leap second by nanoseconds of 1e9 and up.
        let leap_second = nanos >= 1_000_000_000;
        let nanos = if leap_second { 999_999_999 } else { nanos };
        TimeFields {
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
            micro: nanos / 1_000,
            leap_second,
        }
    }
}

/// The warning a truncated leap second raises (propagated when warnings are errors).
fn warn_leap_second(py: Python<'_>) -> PyResult<()> {
    PyErr::warn(
        py,
        PyUserWarning::type_object(py).as_any(),
        c"ignored leap-second, `datetime` does not support leap-seconds",
        1,
    )
}

impl<'py> IntoPyObject<'py> for NaiveTime {
    type Target = PyTime;
    type Output = Bound<'py, PyTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTime>> {
        let f = TimeFields::from(self);
        let time = PyTime::new(py, f.hour, f.minute, f.second, f.micro, None)?;
        if f.leap_second {
            warn_leap_second(py)?;
        }
        Ok(time)
    }
}

fn naive_time(t: &impl PyTimeAccess) -> PyResult<NaiveTime> {
    NaiveTime::from_hms_micro_opt(
        t.get_hour().into(),
        t.get_minute().into(),
        t.get_second().into(),
        t.get_microsecond(),
    )
    .ok_or_else(|| PyValueError::new_err("invalid or out-of-range time"))
}

impl<'a, 'py> FromPyObject<'a, 'py> for NaiveTime {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        naive_time(&obj.cast::<PyTime>()?)
    }
}

// ---- NaiveDateTime ↔ naive datetime ----

/// A `datetime` from chrono's wall-clock date and time, with a zone and fold.
fn new_datetime<'py>(
    py: Python<'py>,
    local: NaiveDateTime,
    tz: Option<&Bound<'py, PyTzInfo>>,
    fold: bool,
) -> PyResult<Bound<'py, PyDateTime>> {
    let date = local.date();
    let f = TimeFields::from(local.time());
    let dt = PyDateTime::new_with_fold(
        py,
        python_year(date.year())?,
        date.month() as u8,
        date.day() as u8,
        f.hour,
        f.minute,
        f.second,
        f.micro,
        tz,
        fold,
    )?;
    if f.leap_second {
        warn_leap_second(py)?;
    }
    Ok(dt)
}

impl<'py> IntoPyObject<'py> for NaiveDateTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        new_datetime(py, self, None, false)
    }
}

fn naive_datetime(dt: &Bound<'_, PyDateTime>) -> PyResult<NaiveDateTime> {
    Ok(NaiveDateTime::new(naive_date(dt)?, naive_time(dt)?))
}

impl<'a, 'py> FromPyObject<'a, 'py> for NaiveDateTime {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        if dt.get_tzinfo().is_some() {
            return Err(PyTypeError::new_err("expected a datetime without tzinfo"));
        }
        naive_datetime(&dt)
    }
}

// ---- DateTime<Tz> ↔ aware datetime ----

impl<'py, Tz> IntoPyObject<'py> for DateTime<Tz>
where
    Tz: TimeZone,
    for<'a> &'a Tz: IntoPyObject<'py, Target = PyTzInfo>,
{
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        (&self).into_pyobject(py)
    }
}

impl<'py, Tz> IntoPyObject<'py> for &DateTime<Tz>
where
    Tz: TimeZone,
    for<'a> &'a Tz: IntoPyObject<'py, Target = PyTzInfo>,
{
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        let zone = self.timezone();
        let tz = (&zone).into_pyobject(py).map_err(Into::into)?.into_bound();
        let local = self.naive_local();
        // The later of two equal wall-clock times (the repeated hour) is `fold=1`.
        let fold = matches!(
            zone.offset_from_local_datetime(&local),
            LocalResult::Ambiguous(_, later) if later.fix() == self.offset().fix()
        );
        new_datetime(py, local, Some(&tz), fold)
    }
}

impl<'a, 'py, Tz> FromPyObject<'a, 'py> for DateTime<Tz>
where
    Tz: TimeZone + FromPyObjectOwned<'py>,
{
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let dt = obj.cast::<PyDateTime>()?;
        let tz = match dt.get_tzinfo() {
            Some(tzinfo) => match tzinfo.as_any().extract::<Tz>() {
                Ok(tz) => tz,
                // A fixed-offset zone type takes the datetime's own offset (of a `ZoneInfo`,
                // say), so any aware datetime converts.
                Err(err) => Tz::__zone_from_datetime_offset(aware_offset_seconds(&dt)?)
                    .ok_or_else(|| err.into())?,
            },
            // `DateTime<Local>` takes a naive datetime as local time.
            None => Tz::__naive_datetime_zone()
                .ok_or_else(|| PyTypeError::new_err("expected a datetime with non-None tzinfo"))?,
        };
        let local = naive_datetime(&dt)?;
        match tz.from_local_datetime(&local) {
            LocalResult::Single(value) => Ok(value),
            LocalResult::Ambiguous(earlier, later) => Ok(if dt.get_fold() { later } else { earlier }),
            LocalResult::None => Err(PyValueError::new_err(format!(
                "{} does not exist in its time zone (it falls in a gap, e.g. when clocks go forward)",
                dt.str()?
            ))),
        }
    }
}

// ---- the zones ----

impl<'py> IntoPyObject<'py> for FixedOffset {
    type Target = PyTzInfo;
    type Output = Bound<'py, PyTzInfo>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
        let seconds = self.local_minus_utc();
        if seconds == 0 {
            return Ok(PyTzInfo::utc(py)?.to_owned());
        }
        PyTzInfo::fixed_offset(py, PyDelta::new(py, 0, seconds, 0, true)?)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for FixedOffset {
    type Error = PyErr;
    /// From any `tzinfo` whose `utcoffset(None)` is a timedelta (`datetime.timezone`, and
    /// fixed-offset zones of other libraries). Sub-second offsets are truncated: chrono's
    /// offsets are whole seconds.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let seconds = fixed_offset_seconds(obj)?;
        FixedOffset::east_opt(seconds)
            .ok_or_else(|| PyValueError::new_err("fixed offset out of bounds"))
    }

    fn __zone_from_datetime_offset(seconds: i32) -> Option<Self> {
        FixedOffset::east_opt(seconds)
    }
}

impl<'py> IntoPyObject<'py> for Utc {
    type Target = PyTzInfo;
    type Output = Borrowed<'static, 'py, PyTzInfo>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Borrowed<'static, 'py, PyTzInfo>> {
        PyTzInfo::utc(py)
    }
}

impl<'py> IntoPyObject<'py> for &Utc {
    type Target = PyTzInfo;
    type Output = Borrowed<'static, 'py, PyTzInfo>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Borrowed<'static, 'py, PyTzInfo>> {
        PyTzInfo::utc(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Utc {
    type Error = PyErr;
    /// From `datetime.timezone.utc` or any zone equal to it (a zero fixed offset).
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let utc = PyTzInfo::utc(obj.py())?;
        if obj.as_ptr() == utc.as_ptr() || obj.eq(utc)? {
            Ok(Utc)
        } else {
            Err(PyValueError::new_err(format!(
                "expected datetime.timezone.utc, not {}",
                obj.repr()?
            )))
        }
    }
}

into_pyobject_by_ref!(
    TimeDelta => PyDelta,
    NaiveDate => PyDate,
    NaiveTime => PyTime,
    NaiveDateTime => PyDateTime,
    FixedOffset => PyTzInfo,
);

#[cfg(feature = "chrono-local")]
mod local {
    use chrono::Local;

    use super::*;
    use crate::sync::PyOnceLock;
    use crate::Py;

    /// The system's zone as a `zoneinfo.ZoneInfo`, looked up once per process.
    fn local_zone(py: Python<'_>) -> PyResult<&Bound<'_, PyTzInfo>> {
        static LOCAL: PyOnceLock<Py<PyTzInfo>> = PyOnceLock::new();
        LOCAL
            .get_or_try_init(py, || {
                let name = iana_time_zone::get_timezone().map_err(|e| {
                    crate::exceptions::PyRuntimeError::new_err(format!(
                        "could not get the local time zone: {e}"
                    ))
                })?;
                Ok::<_, PyErr>(PyTzInfo::timezone(py, name)?.unbind())
            })
            .map(|zone| zone.bind(py))
    }

    impl<'py> IntoPyObject<'py> for Local {
        type Target = PyTzInfo;
        type Output = Bound<'py, PyTzInfo>;
        type Error = PyErr;
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
            local_zone(py).cloned()
        }
    }

    impl<'py> IntoPyObject<'py> for &Local {
        type Target = PyTzInfo;
        type Output = Bound<'py, PyTzInfo>;
        type Error = PyErr;
        fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
            local_zone(py).cloned()
        }
    }

    impl<'a, 'py> FromPyObject<'a, 'py> for Local {
        type Error = PyErr;
        /// From the `ZoneInfo` of the system's zone (or a zone equal to it).
        fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
            let zone = local_zone(obj.py())?;
            if obj.as_ptr() == zone.as_ptr() || obj.eq(zone)? {
                Ok(Local)
            } else {
                Err(PyValueError::new_err(format!(
                    "expected the local time zone {}, not {}",
                    zone.str()?,
                    obj.repr()?
                )))
            }
        }

        fn __naive_datetime_zone() -> Option<Self> {
            Some(Local)
        }
    }
}
