//! What the date-and-time crates' conversions (`chrono`, `time`) share.

use crate::err::PyResult;
use crate::exceptions::PyValueError;

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
