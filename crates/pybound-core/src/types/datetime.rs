//! The `datetime` module's types: `date`, `datetime`, `time`, `timedelta` and `tzinfo`, through
//! the module's C API (the `datetime.datetime_CAPI` capsule, imported once per process on first
//! use): constructors are direct C calls, and the `*Access` traits read the fields straight out
//! of the objects, as CPython's own `PyDateTime_GET_*` macros do.
//!
//! The stable ABI has no `datetime` C API: `abi3` builds call the module's classes and read
//! the objects' attributes instead (the same results, at the cost of a Python call each).
//!
//! ```
//! use pybound::prelude::*;
//! use pybound::types::{PyDateAccess, PyDateTime, PyTimeAccess, PyTzInfo, PyTzInfoAccess};
//!
//! Python::attach(|py| {
//!     let utc = PyTzInfo::utc(py).unwrap();
//!     let dt = PyDateTime::new(py, 2024, 2, 29, 12, 30, 0, 250_000, Some(&utc)).unwrap();
//!     assert_eq!(dt.get_year(), 2024);
//!     assert_eq!(dt.get_microsecond(), 250_000);
//!     assert!(dt.get_tzinfo().unwrap().is(&utc));
//!     assert_eq!(dt.str().unwrap(), "2024-02-29 12:30:00.250000+00:00");
//!     // CPython's own range checks apply.
//!     assert!(PyDateTime::new(py, 2023, 2, 29, 0, 0, 0, 0, None).is_err());
//! });
//! ```

use std::os::raw::c_int;

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyString, PyTuple};
use crate::{IntoPyObject, Py};

/// The `datetime` C API, importing it on first use. Errors only if `datetime` cannot be
/// imported (a broken installation or a shadowing module on `sys.path`).
#[cfg(not(Py_LIMITED_API))]
pub(crate) fn datetime_api(py: Python<'_>) -> PyResult<&'static ffi::PyDateTime_CAPI> {
    // SAFETY: pyo3-ffi's pointer is null or the capsule's table, which lives for the process.
    if let Some(api) = unsafe { ffi::PyDateTimeAPI().as_ref() } {
        return Ok(api);
    }
    // SAFETY: attached; the import stores the table (once, atomically) or sets an exception.
    unsafe {
        ffi::PyDateTime_IMPORT();
        match ffi::PyDateTimeAPI().as_ref() {
            Some(api) => Ok(api),
            None => Err(PyErr::take(py).unwrap_or_else(|| {
                crate::exceptions::PyImportError::new_err("could not import the datetime C API")
            })),
        }
    }
}

/// As [`datetime_api`], for places that cannot return an error (type objects and checks).
#[cfg(not(Py_LIMITED_API))]
fn expect_datetime_api(py: Python<'_>) -> &'static ffi::PyDateTime_CAPI {
    datetime_api(py).expect("failed to import the `datetime` C API")
}

/// What the stable ABI uses in place of the C API: the module's classes and `timezone.utc`,
/// looked up once per process.
#[cfg(Py_LIMITED_API)]
pub(crate) struct DatetimeTypes {
    date: Py<PyAny>,
    datetime: Py<PyAny>,
    time: Py<PyAny>,
    timedelta: Py<PyAny>,
    tzinfo: Py<PyAny>,
    timezone: Py<PyAny>,
    utc: Py<PyAny>,
}

#[cfg(Py_LIMITED_API)]
impl DatetimeTypes {
    fn get(py: Python<'_>) -> PyResult<&'static DatetimeTypes> {
        static TYPES: PyOnceLock<DatetimeTypes> = PyOnceLock::new();
        TYPES.get_or_try_init(py, || {
            let module = crate::types::PyModule::import(py, "datetime")?;
            let get = |name: &str| module.getattr(name).map(Bound::unbind);
            let timezone = get("timezone")?;
            Ok(DatetimeTypes {
                date: get("date")?,
                datetime: get("datetime")?,
                time: get("time")?,
                timedelta: get("timedelta")?,
                tzinfo: get("tzinfo")?,
                utc: timezone.bind(py).getattr("utc")?.unbind(),
                timezone,
            })
        })
    }

    fn expect(py: Python<'_>) -> &'static DatetimeTypes {
        Self::get(py).expect("failed to import the `datetime` module")
    }
}

/// `isinstance(obj, ty)` for one of the module's classes (see [`crate::abi::type_check`]).
///
/// # Safety
/// Attached; `obj` live.
#[cfg(Py_LIMITED_API)]
unsafe fn type_check(obj: *mut ffi::PyObject, ty: &Py<PyAny>, exact: bool) -> bool {
    // SAFETY: per the caller; the class lives for the process.
    unsafe { crate::abi::type_check(obj, ty.as_ptr().cast(), exact) }
}

#[cfg(not(Py_LIMITED_API))]
macro_rules! datetime_type {
    ($(#[$meta:meta])* $name:ident, $pyname:literal, $field:ident, $check:ident, $exact:ident, $attr:ident) => {
        native_type!(
            $(#[$meta])*
            $name, $pyname, Some("datetime"),
            type_object: |py| expect_datetime_api(py).$field,
            check: |obj| {
                expect_datetime_api(obj.py());
                ffi::$check(obj.as_ptr()) != 0
            },
            exact: |obj| {
                expect_datetime_api(obj.py());
                ffi::$exact(obj.as_ptr()) != 0
            }
        );
    };
}

#[cfg(Py_LIMITED_API)]
macro_rules! datetime_type {
    ($(#[$meta:meta])* $name:ident, $pyname:literal, $field:ident, $check:ident, $exact:ident, $attr:ident) => {
        native_type!(
            $(#[$meta])*
            $name, $pyname, Some("datetime"),
            type_object: |py| DatetimeTypes::expect(py).$attr.as_ptr().cast(),
            check: |obj| type_check(obj.as_ptr(), &DatetimeTypes::expect(obj.py()).$attr, false),
            exact: |obj| type_check(obj.as_ptr(), &DatetimeTypes::expect(obj.py()).$attr, true)
        );
    };
}

datetime_type!(
    /// Python's `datetime.date`. Read its fields with [`PyDateAccess`].
    PyDate, "date", DateType, PyDate_Check, PyDate_CheckExact, date
);
datetime_type!(
    /// Python's `datetime.datetime` (a subclass of `date`). Read its fields with
    /// [`PyDateAccess`], [`PyTimeAccess`] and [`PyTzInfoAccess`].
    PyDateTime, "datetime", DateTimeType, PyDateTime_Check, PyDateTime_CheckExact, datetime
);
datetime_type!(
    /// Python's `datetime.time`. Read its fields with [`PyTimeAccess`] and [`PyTzInfoAccess`].
    PyTime, "time", TimeType, PyTime_Check, PyTime_CheckExact, time
);
datetime_type!(
    /// Python's `datetime.timedelta`. Read its fields with [`PyDeltaAccess`].
    PyDelta, "timedelta", DeltaType, PyDelta_Check, PyDelta_CheckExact, timedelta
);
datetime_type!(
    /// Python's `datetime.tzinfo`, the base of `datetime.timezone` and `zoneinfo.ZoneInfo`
    /// (and of Rust classes: `#[pyclass(extends = PyTzInfo)]`).
    PyTzInfo, "tzinfo", TZInfoType, PyTZInfo_Check, PyTZInfo_CheckExact, tzinfo
);

/// The date fields of a `date` or `datetime` (PyO3's trait, implemented on `Bound` and
/// `Borrowed` of [`PyDate`] and [`PyDateTime`]).
pub trait PyDateAccess {
    /// The year, 1 to 9999.
    fn get_year(&self) -> i32;
    /// The month, 1 to 12.
    fn get_month(&self) -> u8;
    /// The day of the month, 1 to 31.
    fn get_day(&self) -> u8;
}

/// The fields of a `timedelta`, normalised as Python stores them.
pub trait PyDeltaAccess {
    /// Days, −999999999 to 999999999 (the sign of the whole delta).
    fn get_days(&self) -> i32;
    /// Seconds, 0 to 86399.
    fn get_seconds(&self) -> i32;
    /// Microseconds, 0 to 999999.
    fn get_microseconds(&self) -> i32;
}

/// The time fields of a `time` or `datetime`.
pub trait PyTimeAccess {
    /// The hour, 0 to 23.
    fn get_hour(&self) -> u8;
    /// The minute, 0 to 59.
    fn get_minute(&self) -> u8;
    /// The second, 0 to 59.
    fn get_second(&self) -> u8;
    /// The microsecond, 0 to 999999.
    fn get_microsecond(&self) -> u32;
    /// PEP 495's `fold`: whether this is the later of two equal wall-clock times (at the end
    /// of daylight saving time).
    fn get_fold(&self) -> bool;
}

/// The `tzinfo` of a `time` or `datetime`: `None` for a naive one.
pub trait PyTzInfoAccess<'py> {
    /// The time zone, a new reference; `None` if the object is naive.
    fn get_tzinfo(&self) -> Option<Bound<'py, PyTzInfo>>;
}

/// Implement an access trait for both `Bound` and `Borrowed` of the given types; `$p` is the
/// object pointer inside each method body.
macro_rules! access_impl {
    ($trait:ident for [$($ty:ident),+] $methods:tt) => {$(
        access_impl!(@one $trait for $ty $methods);
    )+};
    (@one $trait:ident for $ty:ident { $(fn $method:ident() -> $ret:ty = |$p:ident| $body:expr;)* }) => {
        impl $trait for Bound<'_, $ty> {
            $(
            #[inline]
            fn $method(&self) -> $ret {
                let $p = self.as_ptr();
                // SAFETY: `$p` is a live object of the type (or a subclass), whose C layout
                // the field reads follow.
                unsafe { $body }
            }
            )*
        }
        impl $trait for Borrowed<'_, '_, $ty> {
            $(
            #[inline]
            fn $method(&self) -> $ret {
                let $p = self.as_ptr();
                // SAFETY: as above.
                unsafe { $body }
            }
            )*
        }
    };
}

#[cfg(not(Py_LIMITED_API))]
access_impl!(PyDateAccess for [PyDate, PyDateTime] {
    fn get_year() -> i32 = |p| ffi::PyDateTime_GET_YEAR(p);
    fn get_month() -> u8 = |p| ffi::PyDateTime_GET_MONTH(p) as u8;
    fn get_day() -> u8 = |p| ffi::PyDateTime_GET_DAY(p) as u8;
});

#[cfg(not(Py_LIMITED_API))]
access_impl!(PyTimeAccess for [PyDateTime] {
    fn get_hour() -> u8 = |p| ffi::PyDateTime_DATE_GET_HOUR(p) as u8;
    fn get_minute() -> u8 = |p| ffi::PyDateTime_DATE_GET_MINUTE(p) as u8;
    fn get_second() -> u8 = |p| ffi::PyDateTime_DATE_GET_SECOND(p) as u8;
    fn get_microsecond() -> u32 = |p| ffi::PyDateTime_DATE_GET_MICROSECOND(p) as u32;
    fn get_fold() -> bool = |p| ffi::PyDateTime_DATE_GET_FOLD(p) != 0;
});

#[cfg(not(Py_LIMITED_API))]
access_impl!(PyTimeAccess for [PyTime] {
    fn get_hour() -> u8 = |p| ffi::PyDateTime_TIME_GET_HOUR(p) as u8;
    fn get_minute() -> u8 = |p| ffi::PyDateTime_TIME_GET_MINUTE(p) as u8;
    fn get_second() -> u8 = |p| ffi::PyDateTime_TIME_GET_SECOND(p) as u8;
    fn get_microsecond() -> u32 = |p| ffi::PyDateTime_TIME_GET_MICROSECOND(p) as u32;
    fn get_fold() -> bool = |p| ffi::PyDateTime_TIME_GET_FOLD(p) != 0;
});

#[cfg(not(Py_LIMITED_API))]
access_impl!(PyDeltaAccess for [PyDelta] {
    fn get_days() -> i32 = |p| ffi::PyDateTime_DELTA_GET_DAYS(p);
    fn get_seconds() -> i32 = |p| ffi::PyDateTime_DELTA_GET_SECONDS(p);
    fn get_microseconds() -> i32 = |p| ffi::PyDateTime_DELTA_GET_MICROSECONDS(p);
});

/// An integer attribute of a date, time or delta (the stable ABI's field read). The
/// attributes are the types' own read-only properties, so this fails only on a subclass that
/// replaced one with something that is not an int of the field's range: that panics, as
/// there is no error to return through the access traits.
///
/// # Safety
/// Attached; `p` a live object.
#[cfg(Py_LIMITED_API)]
unsafe fn int_attr<T>(p: *mut ffi::PyObject, name: &std::ffi::CStr) -> T
where
    T: for<'a, 'py> crate::conversion::FromPyObject<'a, 'py, Error = PyErr>,
{
    // SAFETY: per the caller; a new reference or NULL with an exception.
    unsafe {
        let py = Python::assume_attached();
        let value = Bound::<PyAny>::from_owned_ptr_or_err(
            py,
            ffi::PyObject_GetAttrString(p, name.as_ptr()),
        );
        match value.and_then(|v| v.extract::<T>()) {
            Ok(v) => v,
            Err(e) => panic!("reading datetime attribute {name:?} failed: {e}"),
        }
    }
}

#[cfg(Py_LIMITED_API)]
access_impl!(PyDateAccess for [PyDate, PyDateTime] {
    fn get_year() -> i32 = |p| int_attr(p, c"year");
    fn get_month() -> u8 = |p| int_attr(p, c"month");
    fn get_day() -> u8 = |p| int_attr(p, c"day");
});

#[cfg(Py_LIMITED_API)]
access_impl!(PyTimeAccess for [PyDateTime, PyTime] {
    fn get_hour() -> u8 = |p| int_attr(p, c"hour");
    fn get_minute() -> u8 = |p| int_attr(p, c"minute");
    fn get_second() -> u8 = |p| int_attr(p, c"second");
    fn get_microsecond() -> u32 = |p| int_attr(p, c"microsecond");
    fn get_fold() -> bool = |p| int_attr::<u8>(p, c"fold") != 0;
});

#[cfg(Py_LIMITED_API)]
access_impl!(PyDeltaAccess for [PyDelta] {
    fn get_days() -> i32 = |p| int_attr(p, c"days");
    fn get_seconds() -> i32 = |p| int_attr(p, c"seconds");
    fn get_microseconds() -> i32 = |p| int_attr(p, c"microseconds");
});

/// The tzinfo pointer (borrowed, `None` for a naive object) as an owned optional reference.
///
/// # Safety
/// `ptr` is what `PyDateTime_DATE_GET_TZINFO` / `PyDateTime_TIME_GET_TZINFO` returned.
#[cfg(not(Py_LIMITED_API))]
unsafe fn tzinfo_of<'py>(py: Python<'py>, ptr: *mut ffi::PyObject) -> Option<Bound<'py, PyTzInfo>> {
    if ptr.is_null() || ptr == ffi::Py_None() {
        None
    } else {
        Some(Bound::from_borrowed_ptr(py, ptr).cast_into_unchecked())
    }
}

/// The stable ABI's `tzinfo` read: the attribute (a `tzinfo` or `None`, as the types' own
/// property guarantees).
#[cfg(Py_LIMITED_API)]
fn tzinfo_attr<'py>(obj: &Bound<'py, PyAny>) -> Option<Bound<'py, PyTzInfo>> {
    let tz = obj
        .getattr(crate::intern!(obj.py(), "tzinfo"))
        .expect("reading datetime attribute \"tzinfo\" failed");
    if tz.is_none() {
        None
    } else {
        // SAFETY: `tzinfo` of a `datetime` or `time` is a `tzinfo` instance or `None`.
        Some(unsafe { tz.cast_into_unchecked() })
    }
}

macro_rules! tzinfo_access {
    ($($ty:ident => $getter:ident),*) => {$(
        impl<'py> PyTzInfoAccess<'py> for Bound<'py, $ty> {
            #[inline]
            fn get_tzinfo(&self) -> Option<Bound<'py, PyTzInfo>> {
                #[cfg(not(Py_LIMITED_API))]
                // SAFETY: a live object of the type; the getter returns a borrowed pointer.
                return unsafe { tzinfo_of(self.py(), ffi::$getter(self.as_ptr())) };
                #[cfg(Py_LIMITED_API)]
                return tzinfo_attr(self.as_any());
            }
        }
        impl<'py> PyTzInfoAccess<'py> for Borrowed<'_, 'py, $ty> {
            #[inline]
            fn get_tzinfo(&self) -> Option<Bound<'py, PyTzInfo>> {
                #[cfg(not(Py_LIMITED_API))]
                // SAFETY: as above.
                return unsafe { tzinfo_of(self.py(), ffi::$getter(self.as_ptr())) };
                #[cfg(Py_LIMITED_API)]
                return tzinfo_attr(self.as_any());
            }
        }
    )*};
}

tzinfo_access!(PyDateTime => PyDateTime_DATE_GET_TZINFO, PyTime => PyDateTime_TIME_GET_TZINFO);

/// The tzinfo argument of the C constructors: the object, or `None`.
#[cfg(not(Py_LIMITED_API))]
fn tzinfo_ptr(tzinfo: Option<&Bound<'_, PyTzInfo>>) -> *mut ffi::PyObject {
    match tzinfo {
        Some(tz) => tz.as_ptr(),
        // SAFETY: reading the address of the `None` singleton.
        None => unsafe { ffi::Py_None() },
    }
}

/// The stable ABI's constructor: `cls(*args)` (with `fold=` when given) for one of the
/// module's classes; the class validates its arguments as the C constructors do.
#[cfg(Py_LIMITED_API)]
fn construct<'py, T, A>(
    py: Python<'py>,
    class: fn(&DatetimeTypes) -> &Py<PyAny>,
    args: A,
    fold: Option<bool>,
) -> PyResult<Bound<'py, T>>
where
    A: crate::call::PyCallArgs<'py> + IntoPyObject<'py, Target = PyTuple>,
{
    let class = class(DatetimeTypes::get(py)?).bind(py);
    let made = match fold {
        Some(true) => {
            let kwargs = crate::types::PyDict::new(py);
            kwargs.set_item("fold", 1)?;
            class.call(args, Some(&kwargs))?
        }
        _ => class.call1(args)?,
    };
    // SAFETY: the module's own class made it.
    Ok(unsafe { made.cast_into_unchecked() })
}

/// `cls.method(*args)` for one of the module's classes (`fromtimestamp`).
#[cfg(Py_LIMITED_API)]
fn call_class_method<'py, T, A>(
    py: Python<'py>,
    class: fn(&DatetimeTypes) -> &Py<PyAny>,
    method: &str,
    args: A,
) -> PyResult<Bound<'py, T>>
where
    A: crate::call::PyCallArgs<'py>,
{
    let class = class(DatetimeTypes::get(py)?).bind(py);
    let made = class.call_method1(method, args)?;
    // SAFETY: the class's alternative constructors return its instances.
    Ok(unsafe { made.cast_into_unchecked() })
}

/// Wrap a constructor's new reference (or NULL with the exception set).
///
/// # Safety
/// `ptr` is a new reference to an instance of `T`, or NULL with an exception set.
#[cfg(not(Py_LIMITED_API))]
unsafe fn made<T>(py: Python<'_>, ptr: *mut ffi::PyObject) -> PyResult<Bound<'_, T>> {
    Ok(Bound::<PyAny>::from_owned_ptr_or_err(py, ptr)?.cast_into_unchecked())
}

impl PyDate {
    /// `datetime.date(year, month, day)`; `ValueError` for a date that does not exist.
    pub fn new(py: Python<'_>, year: i32, month: u8, day: u8) -> PyResult<Bound<'_, PyDate>> {
        #[cfg(Py_LIMITED_API)]
        return construct(py, |t| &t.date, (year, month, day), None);
        #[cfg(not(Py_LIMITED_API))]
        {
            let api = datetime_api(py)?;
            // SAFETY: attached; the constructor validates its arguments.
            unsafe {
                made(
                    py,
                    (api.Date_FromDate)(year, c_int::from(month), c_int::from(day), api.DateType),
                )
            }
        }
    }

    /// `datetime.date.fromtimestamp(timestamp)`: the local date of a POSIX timestamp.
    pub fn from_timestamp(py: Python<'_>, timestamp: f64) -> PyResult<Bound<'_, PyDate>> {
        #[cfg(Py_LIMITED_API)]
        return call_class_method(py, |t| &t.date, "fromtimestamp", (timestamp,));
        #[cfg(not(Py_LIMITED_API))]
        {
            let api = datetime_api(py)?;
            let args = PyTuple::new(py, [timestamp])?;
            // SAFETY: attached; `args` is a 1-tuple as the C function expects.
            unsafe { made(py, (api.Date_FromTimestamp)(api.DateType, args.as_ptr())) }
        }
    }
}

impl PyDateTime {
    /// `datetime.datetime(year, month, day, hour, minute, second, microsecond, tzinfo)`;
    /// `ValueError` for a field out of range.
    #[allow(clippy::too_many_arguments)]
    pub fn new<'py>(
        py: Python<'py>,
        year: i32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&Bound<'py, PyTzInfo>>,
    ) -> PyResult<Bound<'py, PyDateTime>> {
        Self::new_with_fold(
            py,
            year,
            month,
            day,
            hour,
            minute,
            second,
            microsecond,
            tzinfo,
            false,
        )
    }

    /// As [`new`](Self::new), with PEP 495's `fold`: `true` picks the later of two moments
    /// with the same wall-clock time (the repeated hour at the end of daylight saving time).
    #[allow(clippy::too_many_arguments)]
    pub fn new_with_fold<'py>(
        py: Python<'py>,
        year: i32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&Bound<'py, PyTzInfo>>,
        fold: bool,
    ) -> PyResult<Bound<'py, PyDateTime>> {
        #[cfg(Py_LIMITED_API)]
        return construct(
            py,
            |t| &t.datetime,
            (
                year,
                month,
                day,
                hour,
                minute,
                second,
                clamp_microsecond(microsecond),
                tzinfo,
            ),
            Some(fold),
        );
        #[cfg(not(Py_LIMITED_API))]
        {
            let api = datetime_api(py)?;
            let microsecond = clamp_microsecond(microsecond);
            // SAFETY: attached; the constructor validates every field and the tzinfo's type.
            unsafe {
                made(
                    py,
                    (api.DateTime_FromDateAndTimeAndFold)(
                        year,
                        c_int::from(month),
                        c_int::from(day),
                        c_int::from(hour),
                        c_int::from(minute),
                        c_int::from(second),
                        microsecond,
                        tzinfo_ptr(tzinfo),
                        c_int::from(fold),
                        api.DateTimeType,
                    ),
                )
            }
        }
    }

    /// `datetime.datetime.fromtimestamp(timestamp, tzinfo)`: local time when `tzinfo` is `None`.
    pub fn from_timestamp<'py>(
        py: Python<'py>,
        timestamp: f64,
        tzinfo: Option<&Bound<'py, PyTzInfo>>,
    ) -> PyResult<Bound<'py, PyDateTime>> {
        #[cfg(Py_LIMITED_API)]
        return call_class_method(py, |t| &t.datetime, "fromtimestamp", (timestamp, tzinfo));
        #[cfg(not(Py_LIMITED_API))]
        {
            let api = datetime_api(py)?;
            let args = (timestamp, tzinfo).into_pyobject(py)?;
            // SAFETY: attached; `args` is the `(timestamp, tz)` tuple the C function expects.
            unsafe {
                made(
                    py,
                    (api.DateTime_FromTimestamp)(
                        api.DateTimeType,
                        args.as_ptr(),
                        std::ptr::null_mut(),
                    ),
                )
            }
        }
    }
}

/// A microsecond beyond `c_int` would wrap into range: make it one the constructor refuses.
fn clamp_microsecond(microsecond: u32) -> c_int {
    c_int::try_from(microsecond).unwrap_or(c_int::MAX)
}

impl PyTime {
    /// `datetime.time(hour, minute, second, microsecond, tzinfo)`; `ValueError` for a field out
    /// of range.
    pub fn new<'py>(
        py: Python<'py>,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&Bound<'py, PyTzInfo>>,
    ) -> PyResult<Bound<'py, PyTime>> {
        Self::new_with_fold(py, hour, minute, second, microsecond, tzinfo, false)
    }

    /// As [`new`](Self::new), with PEP 495's `fold` (see [`PyDateTime::new_with_fold`]).
    pub fn new_with_fold<'py>(
        py: Python<'py>,
        hour: u8,
        minute: u8,
        second: u8,
        microsecond: u32,
        tzinfo: Option<&Bound<'py, PyTzInfo>>,
        fold: bool,
    ) -> PyResult<Bound<'py, PyTime>> {
        #[cfg(Py_LIMITED_API)]
        return construct(
            py,
            |t| &t.time,
            (hour, minute, second, clamp_microsecond(microsecond), tzinfo),
            Some(fold),
        );
        #[cfg(not(Py_LIMITED_API))]
        {
            let api = datetime_api(py)?;
            // SAFETY: attached; the constructor validates every field.
            unsafe {
                made(
                    py,
                    (api.Time_FromTimeAndFold)(
                        c_int::from(hour),
                        c_int::from(minute),
                        c_int::from(second),
                        clamp_microsecond(microsecond),
                        tzinfo_ptr(tzinfo),
                        c_int::from(fold),
                        api.TimeType,
                    ),
                )
            }
        }
    }
}

impl PyDelta {
    /// `datetime.timedelta(days, seconds, microseconds)`; `OverflowError` beyond ±999999999
    /// days.
    ///
    /// Seconds and microseconds outside their canonical ranges (0..86400, 0..1000000) are
    /// carried into the larger units whatever `normalize` says: CPython's constructor would
    /// otherwise store a delta whose fields break its own invariants.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// use pybound::types::{PyDelta, PyDeltaAccess};
    /// Python::attach(|py| {
    ///     let d = PyDelta::new(py, 0, -1, 0, false).unwrap();
    ///     assert_eq!((d.get_days(), d.get_seconds()), (-1, 86_399));
    ///     assert!(PyDelta::new(py, 1_000_000_000, 0, 0, true).is_err());
    /// });
    /// ```
    pub fn new(
        py: Python<'_>,
        days: i32,
        seconds: i32,
        microseconds: i32,
        normalize: bool,
    ) -> PyResult<Bound<'_, PyDelta>> {
        // The class always carries out-of-range seconds and microseconds.
        #[cfg(Py_LIMITED_API)]
        return {
            let _ = normalize;
            construct(py, |t| &t.timedelta, (days, seconds, microseconds), None)
        };
        #[cfg(not(Py_LIMITED_API))]
        {
            let api = datetime_api(py)?;
            let canonical =
                (0..86_400).contains(&seconds) && (0..1_000_000).contains(&microseconds);
            // SAFETY: attached; with normalisation on, the constructor checks the day range after
            // carrying the smaller units.
            unsafe {
                made(
                    py,
                    (api.Delta_FromDelta)(
                        days,
                        seconds,
                        microseconds,
                        c_int::from(normalize || !canonical),
                        api.DeltaType,
                    ),
                )
            }
        }
    }
}

impl PyTzInfo {
    /// `datetime.timezone.utc`, the interpreter's singleton.
    pub fn utc(py: Python<'_>) -> PyResult<Borrowed<'static, '_, PyTzInfo>> {
        #[cfg(not(Py_LIMITED_API))]
        let utc = datetime_api(py)?.TimeZone_UTC;
        #[cfg(Py_LIMITED_API)]
        let utc = DatetimeTypes::get(py)?.utc.as_ptr();
        // SAFETY: the singleton lives as long as the datetime module (the whole process).
        Ok(unsafe { Borrowed::from_ptr(py, utc).cast_unchecked() })
    }

    /// `zoneinfo.ZoneInfo(iana_name)`: a named zone from the IANA database (Python 3.9+; the
    /// system's tz database or the `tzdata` package must have it, else `ZoneInfoNotFoundError`).
    pub fn timezone<'py, T>(py: Python<'py>, iana_name: T) -> PyResult<Bound<'py, PyTzInfo>>
    where
        T: IntoPyObject<'py, Target = PyString>,
    {
        static ZONE_INFO: PyOnceLock<Py<crate::types::PyType>> = PyOnceLock::new();
        let zone = ZONE_INFO
            .import(py, "zoneinfo", "ZoneInfo")?
            .call1((iana_name,))?;
        Ok(zone.cast_into()?)
    }

    /// `datetime.timezone(offset)`: a fixed offset, strictly between −24 and +24 hours
    /// (`ValueError` otherwise).
    pub fn fixed_offset<'py, T>(py: Python<'py>, offset: T) -> PyResult<Bound<'py, PyTzInfo>>
    where
        T: IntoPyObject<'py, Target = PyDelta>,
    {
        let delta = offset.into_pyobject(py).map_err(Into::into)?;
        #[cfg(Py_LIMITED_API)]
        return construct(py, |t| &t.timezone, (delta.into_bound(),), None);
        #[cfg(not(Py_LIMITED_API))]
        {
            let api = datetime_api(py)?;
            // SAFETY: attached; `delta` is a timedelta; a NULL name means the default name.
            unsafe {
                made(
                    py,
                    (api.TimeZone_FromTimeZone)(delta.as_ptr(), std::ptr::null_mut()),
                )
            }
        }
    }
}

/// `datetime.timezone.utc` as an owned reference (PyO3's older function; [`PyTzInfo::utc`] is
/// the current name).
#[deprecated(note = "use `PyTzInfo::utc(py)`")]
pub fn timezone_utc(py: Python<'_>) -> Bound<'_, PyTzInfo> {
    PyTzInfo::utc(py)
        .expect("failed to import the `datetime` C API")
        .to_owned()
}
