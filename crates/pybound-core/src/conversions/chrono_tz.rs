//! `chrono_tz::Tz` ↔ `zoneinfo.ZoneInfo` (feature `chrono-tz`): a named IANA zone. With the
//! `chrono` conversions this makes `DateTime<chrono_tz::Tz>` ↔ an aware `datetime` in that
//! zone, `fold` choosing between the two readings of a repeated hour.
//!
//! Python looks zones up in the system's database or the `tzdata` package;
//! `ZoneInfoNotFoundError` if it has no zone of that name.
//!
//! ```
//! use chrono::TimeZone;
//! use chrono_tz::Tz;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     # if py.import("zoneinfo").unwrap().call_method1("ZoneInfo", ("Europe/Paris",)).is_err() { return; }
//!     let paris: Tz = "Europe/Paris".parse().unwrap();
//!     let zone = paris.into_pyobject(py).unwrap();
//!     assert_eq!(zone.str().unwrap(), "Europe/Paris");
//!     assert_eq!(zone.extract::<Tz>().unwrap(), paris);
//!     let noon = paris.with_ymd_and_hms(2024, 7, 1, 12, 0, 0).unwrap();
//!     assert_eq!(noon.into_pyobject(py).unwrap().str().unwrap(), "2024-07-01 12:00:00+02:00");
//! });
//! ```

use chrono_tz::Tz;

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyValueError;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyString, PyTzInfo};

impl<'py> IntoPyObject<'py> for Tz {
    type Target = PyTzInfo;
    type Output = Bound<'py, PyTzInfo>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
        PyTzInfo::timezone(py, self.name())
    }
}

impl<'py> IntoPyObject<'py> for &Tz {
    type Target = PyTzInfo;
    type Output = Bound<'py, PyTzInfo>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTzInfo>> {
        (*self).into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Tz {
    type Error = PyErr;
    /// From a `zoneinfo.ZoneInfo` (by its `key`); `ValueError` for a name chrono-tz lacks.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let tz = obj.cast::<PyTzInfo>()?;
        let key = tz.getattr(crate::intern!(obj.py(), "key"))?;
        let key = key.cast::<PyString>()?;
        let key = key.to_str()?;
        key.parse::<Tz>()
            .map_err(|_| PyValueError::new_err(format!("chrono-tz has no time zone named {key:?}")))
    }
}
