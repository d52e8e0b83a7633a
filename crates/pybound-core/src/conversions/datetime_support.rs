//! What the date-and-time crates' conversions (`chrono`, `time`, `jiff`) share: Python's year
//! range, building a `timedelta` from a duration's parts, and reading UTC offsets.

use crate::err::PyResult;
use crate::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyDateTime, PyDelta, PyDeltaAccess, PyTzInfo, PyTzInfoAccess};

/// A Rust year as Python's: `ValueError` outside `datetime`'s years 1–9999, with the value.
pub(crate) fn python_year(year: i32) -> PyResult<i32> {
    if (1..=9999).contains(&year) {
        Ok(year)
    } else {
        Err(PyValueError::new_err(format!(
            "year {year} is out of range for datetime (1-9999)"
        )))
    }
}

/// A `timedelta` of whole days (towards zero) plus seconds and microseconds of the same sign
/// (Python normalises them); `OverflowError` naming `what` beyond ±999999999 days.
pub(crate) fn new_delta<'py>(
    py: Python<'py>,
    days: i64,
    seconds: i64,
    micros: i64,
    what: &str,
) -> PyResult<Bound<'py, PyDelta>> {
    let days = i32::try_from(days)
        .ok()
        .filter(|d| d.unsigned_abs() <= 999_999_999)
        .ok_or_else(|| {
            PyOverflowError::new_err(format!(
                "{what} of {days} days is out of timedelta's range (±999999999 days)"
            ))
        })?;
    PyDelta::new(py, days, seconds as i32, micros as i32, true)
}

/// Whole seconds of a `timedelta` within a day either way (an offset).
pub(crate) fn delta_seconds(delta: &Bound<'_, PyDelta>) -> i32 {
    delta.get_days() * 86_400 + delta.get_seconds()
}

/// The fixed offset of a `tzinfo` in whole seconds: `utcoffset(None)`, which only fixed-offset
/// zones answer (`TypeError` for others, such as a `ZoneInfo`).
pub(crate) fn fixed_offset_seconds(obj: Borrowed<'_, '_, PyAny>) -> PyResult<i32> {
    let py = obj.py();
    let tz = obj.cast::<PyTzInfo>()?;
    let offset = tz.call_method1(crate::intern!(py, "utcoffset"), (py.None(),))?;
    if offset.is_none() {
        return Err(PyTypeError::new_err(format!(
            "{} is not a fixed offset timezone",
            tz.repr()?
        )));
    }
    Ok(delta_seconds(&offset.cast_into::<PyDelta>()?))
}

/// The UTC offset of an aware datetime at its moment, in whole seconds (`dt.utcoffset()`, for
/// any zone); `TypeError` for a naive one.
pub(crate) fn aware_offset_seconds(dt: &Bound<'_, PyDateTime>) -> PyResult<i32> {
    if dt.get_tzinfo().is_none() {
        return Err(PyTypeError::new_err(
            "expected a datetime with non-None tzinfo",
        ));
    }
    let offset = dt.call_method0(crate::intern!(dt.py(), "utcoffset"))?;
    Ok(delta_seconds(&offset.cast_into::<PyDelta>()?))
}
