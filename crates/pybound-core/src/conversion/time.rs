//! `std::time::Duration` ↔ `datetime.timedelta` and `std::time::SystemTime` ↔ an aware
//! `datetime.datetime` (in UTC going to Python). Python's types have microsecond resolution:
//! nanoseconds below a microsecond are dropped going to Python.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyOverflowError, PyValueError};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyDateTime, PyDelta, PyDeltaAccess, PyTzInfo};

const SECONDS_PER_DAY: u64 = 86_400;
/// `timedelta.max.days`.
const MAX_DELTA_DAYS: u64 = 999_999_999;

impl<'a, 'py> FromPyObject<'a, 'py> for Duration {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let delta = obj.cast::<PyDelta>()?;
        let days = u64::try_from(delta.get_days()).map_err(|_| {
            PyValueError::new_err("a negative timedelta cannot be converted to a Rust Duration")
        })?;
        // Normalised by Python: 0 <= seconds < 86400, 0 <= microseconds < 10**6.
        let seconds = delta.get_seconds() as u64;
        let micros = delta.get_microseconds() as u32;
        Ok(Duration::new(
            days * SECONDS_PER_DAY + seconds,
            micros * 1_000,
        ))
    }
}

impl<'py> IntoPyObject<'py> for Duration {
    type Target = PyDelta;
    type Output = Bound<'py, PyDelta>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDelta>> {
        let days = self.as_secs() / SECONDS_PER_DAY;
        if days > MAX_DELTA_DAYS {
            return Err(PyOverflowError::new_err(format!(
                "Duration of {days} days is too large for timedelta (at most {MAX_DELTA_DAYS} days)"
            )));
        }
        let seconds = self.as_secs() % SECONDS_PER_DAY;
        PyDelta::new(
            py,
            days as i32,
            seconds as i32,
            self.subsec_micros() as i32,
            false,
        )
    }
}

impl<'py> IntoPyObject<'py> for &Duration {
    type Target = PyDelta;
    type Output = Bound<'py, PyDelta>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDelta>> {
        (*self).into_pyobject(py)
    }
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`: eras of 400 years, March-based years so the leap day comes last).
pub(crate) fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..146097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of the March-based year
    let mp = (5 * doy + 2) / 153; // March-based month, 0..12
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl<'py> IntoPyObject<'py> for SystemTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    /// An aware `datetime` in UTC (`datetime.timezone.utc`); `OverflowError` outside years
    /// 1–9999. Times before 1970 convert too.
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        // Seconds since the epoch (floored) and the microseconds past them.
        let (secs, micros) = match self.duration_since(UNIX_EPOCH) {
            Ok(after) => (after.as_secs() as i128, after.subsec_micros()),
            Err(before) => {
                let before = before.duration();
                // Round the sub-microsecond part towards the past, as the other direction does.
                let nanos = before.subsec_nanos();
                let micros = nanos.div_ceil(1_000);
                if micros == 0 {
                    (-(before.as_secs() as i128), 0)
                } else {
                    (-(before.as_secs() as i128) - 1, 1_000_000 - micros)
                }
            }
        };
        let days = secs.div_euclid(SECONDS_PER_DAY as i128);
        let in_day = secs.rem_euclid(SECONDS_PER_DAY as i128) as u32;
        let (year, month, day) = i64::try_from(days)
            .ok()
            .filter(|d| d.abs() < 4_000_000)
            .map(civil_from_days)
            .filter(|(y, _, _)| (1..=9999).contains(y))
            .ok_or_else(|| {
                PyOverflowError::new_err(
                    "SystemTime is outside the years datetime can hold (1-9999)",
                )
            })?;
        let utc = PyTzInfo::utc(py)?;
        PyDateTime::new(
            py,
            year as i32,
            month,
            day,
            (in_day / 3600) as u8,
            (in_day / 60 % 60) as u8,
            (in_day % 60) as u8,
            micros,
            Some(&utc),
        )
    }
}

impl<'py> IntoPyObject<'py> for &SystemTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        (*self).into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for SystemTime {
    type Error = PyErr;
    /// From an aware `datetime` in any time zone (its `utcoffset` is applied); a naive one is a
    /// `TypeError`, as comparing it with an aware one is in Python.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        let dt = obj.cast::<PyDateTime>()?;
        let utc = PyTzInfo::utc(py)?;
        let epoch = PyDateTime::new(py, 1970, 1, 1, 0, 0, 0, 0, Some(&utc))?;
        let since = dt.sub(&epoch)?.cast_into::<PyDelta>()?;
        let days = i64::from(since.get_days());
        let secs = days * SECONDS_PER_DAY as i64 + i64::from(since.get_seconds());
        let nanos = since.get_microseconds() as u32 * 1_000;
        let time = if secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(secs as u64, nanos))
        } else {
            // `secs` seconds (negative) plus `nanos` nanoseconds (positive).
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(secs.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(nanos))))
        };
        time.ok_or_else(|| {
            PyOverflowError::new_err("the datetime is outside the range of SystemTime")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        // 0001-01-01 and 9999-12-31, the ends of datetime's range.
        assert_eq!(civil_from_days(-719_162), (1, 1, 1));
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
    }
}
