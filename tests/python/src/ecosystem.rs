//! The optional conversions for other crates' types (`chrono`, `chrono-tz`, …): functions that
//! take a value into Rust and give it back, and ones that make values only Rust can (leap
//! seconds, ambiguous local times). test_ecosystem.py drives them.

use std::time::{Duration, SystemTime};

use chrono::{
    DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta,
    TimeZone, Timelike, Utc,
};
use pybound::prelude::*;

/// Functions that return their argument: a conversion into Rust and back.
macro_rules! round_trips {
    ($($name:ident: $ty:ty;)*) => {
        $(
            #[pyfunction]
            pub fn $name(value: $ty) -> $ty {
                value
            }
        )*
        /// Add the round-trip functions to `m`.
        fn add_round_trips(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_function(wrap_pyfunction!($name, m)?)?;)*
            Ok(())
        }
    };
}

round_trips! {
    std_duration: Duration;
    std_system_time: SystemTime;
    chrono_date: NaiveDate;
    chrono_time: NaiveTime;
    chrono_naive_datetime: NaiveDateTime;
    chrono_utc: DateTime<Utc>;
    chrono_fixed: DateTime<FixedOffset>;
    chrono_zoned: DateTime<chrono_tz::Tz>;
    chrono_local: DateTime<Local>;
    chrono_delta: TimeDelta;
    chrono_offset: FixedOffset;
    chrono_zone: chrono_tz::Tz;
    chrono_utc_zone: Utc;
    bigint: num_bigint::BigInt;
    biguint: num_bigint::BigUint;
    uuid: ::uuid::Uuid;
    non_nil_uuid: ::uuid::NonNilUuid;
    rust_decimal: ::rust_decimal::Decimal;
    bigdecimal: ::bigdecimal::BigDecimal;
    index_map: indexmap::IndexMap<String, i64>;
    hb_map: hashbrown::HashMap<String, i64>;
    hb_set: hashbrown::HashSet<i64>;
    small_vec: smallvec::SmallVec<[i64; 4]>;
    small_bytes: smallvec::SmallVec<[u8; 8]>;
    either_int_or_str: either::Either<i64, String>;
    bytes_value: ::bytes::Bytes;
    ordered: ordered_float::OrderedFloat<f64>;
    not_nan: ordered_float::NotNan<f64>;
    complex: num_complex::Complex<f64>;
    ratio: num_rational::Ratio<i64>;
    big_ratio: num_rational::Ratio<num_bigint::BigInt>;
    time_date: ::time::Date;
    time_time: ::time::Time;
    time_primitive: ::time::PrimitiveDateTime;
    time_offset_dt: ::time::OffsetDateTime;
    time_utc_dt: ::time::UtcDateTime;
    time_offset: ::time::UtcOffset;
    time_duration: ::time::Duration;
    jiff_date: jiff::civil::Date;
    jiff_week_date: jiff::civil::ISOWeekDate;
    jiff_time: jiff::civil::Time;
    jiff_datetime: jiff::civil::DateTime;
    jiff_timestamp: jiff::Timestamp;
    jiff_zoned: jiff::Zoned;
    jiff_zone: jiff::tz::TimeZone;
    jiff_offset: jiff::tz::Offset;
    jiff_duration: jiff::SignedDuration;
}

/// A wall-clock time in a named zone, through jiff; `later` picks the second reading of an
/// ambiguous one, `None` for a time in a gap.
#[pyfunction]
fn jiff_in_zone(
    zone: &str,
    year: i16,
    month: i8,
    day: i8,
    hour: i8,
    minute: i8,
    later: bool,
) -> PyResult<Option<jiff::Zoned>> {
    let tz = jiff::tz::TimeZone::get(zone)?;
    let ambiguous =
        tz.into_ambiguous_zoned(jiff::civil::date(year, month, day).at(hour, minute, 0, 0));
    if matches!(ambiguous.offset(), jiff::tz::AmbiguousOffset::Gap { .. }) {
        return Ok(None);
    }
    Ok(Some(if later {
        ambiguous.later()?
    } else {
        ambiguous.earlier()?
    }))
}

/// The Unix second of a `Zoned` (what Rust received).
#[pyfunction]
fn jiff_zoned_timestamp(value: jiff::Zoned) -> i64 {
    value.timestamp().as_second()
}

/// A span of whole hours, read from a timedelta.
#[pyfunction]
fn jiff_span_hours(value: jiff::Span) -> PyResult<f64> {
    Ok(value.total(jiff::Unit::Hour)?)
}

/// A `time::Date` from Rust with any year `time` allows.
#[pyfunction]
fn time_date_from(year: i32, ordinal: u16) -> Option<::time::Date> {
    ::time::Date::from_ordinal_date(year, ordinal).ok()
}

/// An `anyhow` error: a plain one, one with context, or a Python exception passed through.
#[pyfunction]
fn anyhow_fails(kind: &str) -> anyhow::Result<i32> {
    use anyhow::Context;
    match kind {
        "plain" => Err(anyhow::anyhow!("plain failure")),
        "context" => "x".parse::<i32>().context("reading the count"),
        "python" => Err(pybound::exceptions::PyKeyError::new_err("missing").into()),
        _ => Ok(1),
    }
}

/// As `anyhow_fails`, with `eyre`.
#[pyfunction]
fn eyre_fails(kind: &str) -> eyre::Result<i32> {
    use eyre::WrapErr;
    match kind {
        "plain" => Err(eyre::eyre!("plain failure")),
        "context" => "x".parse::<i32>().wrap_err("reading the count"),
        "python" => Err(pybound::exceptions::PyKeyError::new_err("missing").into()),
        _ => Ok(1),
    }
}

/// The keys of an IndexMap in the order Rust holds them.
#[pyfunction]
fn index_map_keys(map: indexmap::IndexMap<String, i64>) -> Vec<String> {
    map.into_keys().collect()
}

/// Whether a `Bytes` borrowed the Python object's memory (no copy) — its address matches.
#[pyfunction]
fn bytes_shares_memory(obj: &Bound<'_, pybound::types::PyBytes>) -> PyResult<bool> {
    let data: ::bytes::Bytes = obj.extract()?;
    Ok(data.as_ptr() == obj.as_bytes().as_ptr())
}

/// A UUID's version as Rust reads it, and a v4 made in Rust.
#[pyfunction]
fn uuid_version(value: ::uuid::Uuid) -> usize {
    value.get_version_num()
}

/// A UUID made in Rust from its 128-bit value.
#[pyfunction]
fn uuid_from_u128(value: u128) -> ::uuid::Uuid {
    ::uuid::Uuid::from_u128(value)
}

/// Decimal arithmetic in Rust: `a * b` (both rust_decimal).
#[pyfunction]
fn rust_decimal_mul(
    a: ::rust_decimal::Decimal,
    b: ::rust_decimal::Decimal,
) -> Option<::rust_decimal::Decimal> {
    a.checked_mul(b)
}

/// `a + b` in bigdecimal.
#[pyfunction]
fn bigdecimal_add(
    a: ::bigdecimal::BigDecimal,
    b: ::bigdecimal::BigDecimal,
) -> ::bigdecimal::BigDecimal {
    a + b
}

/// Arithmetic in Rust, so a round trip cannot pass by handing the object back.
#[pyfunction]
fn bigint_times(value: num_bigint::BigInt, factor: i64) -> num_bigint::BigInt {
    value * factor
}

/// The number of bits Rust sees in a value.
#[pyfunction]
fn biguint_bits(value: num_bigint::BigUint) -> u64 {
    value.bits()
}

/// What Rust sees of a `datetime`: `(year, month, day, hour, minute, second, nanosecond,
/// offset seconds)`.
#[pyfunction]
fn chrono_fields(dt: DateTime<FixedOffset>) -> (i32, u32, u32, u32, u32, u32, u32, i32) {
    (
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.nanosecond(),
        dt.offset().local_minus_utc(),
    )
}

/// What Rust received of a `timedelta`: whole seconds and the nanoseconds past them (both
/// with the sign of the whole).
#[pyfunction]
fn chrono_delta_parts(d: TimeDelta) -> (i64, i32) {
    (d.num_seconds(), d.subsec_nanos())
}

/// A `TimeDelta` made in Rust from seconds and nanoseconds.
#[pyfunction]
fn chrono_delta_from(secs: i64, nanos: i64) -> TimeDelta {
    TimeDelta::seconds(secs) + TimeDelta::nanoseconds(nanos)
}

/// A date with any year chrono allows (years Python cannot hold raise).
#[pyfunction]
fn chrono_date_from(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// 23:59:59 plus `leap_nanos` nanoseconds past a second: over 10⁹ is a leap second.
#[pyfunction]
fn chrono_leap_time(leap_nanos: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_nano_opt(23, 59, 59, leap_nanos)
}

/// A wall-clock time in a named zone; `later` picks the second reading of an ambiguous one.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn chrono_in_zone(
    zone: chrono_tz::Tz,
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    later: bool,
) -> Option<DateTime<chrono_tz::Tz>> {
    let local = zone.with_ymd_and_hms(year, month, day, hour, minute, 0);
    if later {
        local.latest()
    } else {
        local.earliest()
    }
}

/// The UTC instant of an aware datetime in a named zone, as a Unix timestamp.
#[pyfunction]
fn chrono_zoned_timestamp(dt: DateTime<chrono_tz::Tz>) -> i64 {
    dt.timestamp()
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
/// A time zone written in Rust: a subclass of `datetime.tzinfo` with a fixed offset.
#[pyclass(extends = pybound::types::PyTzInfo, frozen)]
pub struct RustZone {
    minutes: i32,
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
#[pymethods]
impl RustZone {
    #[new]
    fn new(minutes: i32) -> Self {
        RustZone { minutes }
    }

    fn utcoffset(&self, _dt: Option<&Bound<'_, PyAny>>) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.minutes))
    }

    fn dst(&self, _dt: Option<&Bound<'_, PyAny>>) -> Option<TimeDelta> {
        None
    }

    fn tzname(&self, _dt: Option<&Bound<'_, PyAny>>) -> String {
        format!("RZ{:+}", self.minutes)
    }
}

/// The ecosystem conversions' submodule.
#[pymodule]
#[pybound(submodule)]
pub fn ecosystem(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add_round_trips(m)?;
    #[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
    m.add_class::<RustZone>()?;
    m.add_function(wrap_pyfunction!(bigint_times, m)?)?;
    m.add_function(wrap_pyfunction!(biguint_bits, m)?)?;
    m.add_function(wrap_pyfunction!(uuid_version, m)?)?;
    m.add_function(wrap_pyfunction!(uuid_from_u128, m)?)?;
    m.add_function(wrap_pyfunction!(rust_decimal_mul, m)?)?;
    m.add_function(wrap_pyfunction!(bigdecimal_add, m)?)?;
    m.add_function(wrap_pyfunction!(anyhow_fails, m)?)?;
    m.add_function(wrap_pyfunction!(time_date_from, m)?)?;
    m.add_function(wrap_pyfunction!(jiff_in_zone, m)?)?;
    m.add_function(wrap_pyfunction!(jiff_zoned_timestamp, m)?)?;
    m.add_function(wrap_pyfunction!(jiff_span_hours, m)?)?;
    m.add_function(wrap_pyfunction!(eyre_fails, m)?)?;
    m.add_function(wrap_pyfunction!(index_map_keys, m)?)?;
    m.add_function(wrap_pyfunction!(bytes_shares_memory, m)?)?;
    m.add_function(wrap_pyfunction!(chrono_fields, m)?)?;
    m.add_function(wrap_pyfunction!(chrono_delta_parts, m)?)?;
    m.add_function(wrap_pyfunction!(chrono_delta_from, m)?)?;
    m.add_function(wrap_pyfunction!(chrono_date_from, m)?)?;
    m.add_function(wrap_pyfunction!(chrono_leap_time, m)?)?;
    m.add_function(wrap_pyfunction!(chrono_in_zone, m)?)?;
    m.add_function(wrap_pyfunction!(chrono_zoned_timestamp, m)?)?;
    Ok(())
}
