"""Property tests (hypothesis) of the optional conversions: any value Python can hold comes
back unchanged through Rust. Skipped where hypothesis is not installed (the debug-CPython
refleak run); make test installs it in the main venv."""
import datetime as dt

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

from _ext import m  # noqa: E402

eco = m.ecosystem
fixed_zones = st.timedeltas(min_value=dt.timedelta(hours=-23, minutes=-59),
                            max_value=dt.timedelta(hours=23, minutes=59)).map(
    lambda d: dt.timezone(dt.timedelta(seconds=int(d.total_seconds()))))
common = settings(max_examples=300, deadline=None)


@common
@given(st.dates())
def test_dates(value):
    assert eco.chrono_date(value) == value


@common
@given(st.times())
def test_times(value):
    assert eco.chrono_time(value) == value


@common
@given(st.datetimes())
def test_naive_datetimes(value):
    assert eco.chrono_naive_datetime(value) == value


@common
@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
       fixed_zones)
def test_fixed_offset_datetimes(value, tz):
    value = value.replace(tzinfo=tz)
    back = eco.chrono_fixed(value)
    assert back == value and back.utcoffset() == value.utcoffset()


@common
@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)))
def test_utc_and_system_time(value):
    value = value.replace(tzinfo=dt.timezone.utc)
    assert eco.chrono_utc(value) == value
    assert eco.std_system_time(value) == value


@common
@given(st.timedeltas())
def test_timedeltas(value):
    assert eco.chrono_delta(value) == value
    if value >= dt.timedelta(0):
        assert eco.std_duration(value) == value


@common
@given(st.integers() | st.integers(min_value=-(2**4000), max_value=2**4000))
def test_bigints(value):
    assert eco.bigint(value) == value
    assert eco.bigint_times(value, 3) == 3 * value
    if value >= 0:
        assert eco.biguint(value) == value


@common
@given(st.uuids())
def test_uuids(value):
    assert eco.uuid(value) == value


@common
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_bigdecimals(value):
    assert eco.bigdecimal(value) == value


@common
@given(st.decimals(allow_nan=False, allow_infinity=False, places=10,
                   min_value=-(10**17), max_value=10**17))
def test_rust_decimals(value):
    assert eco.rust_decimal(value) == value


@common
@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
       fixed_zones)
def test_time_crate_datetimes(value, tz):
    assert eco.time_primitive(value) == value
    aware = value.replace(tzinfo=tz)
    assert eco.time_offset_dt(aware) == aware
    assert eco.time_utc_dt(aware) == aware


@common
@given(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
       fixed_zones, st.timedeltas())
def test_jiff(value, tz, delta):
    assert eco.jiff_datetime(value) == value
    aware = value.replace(tzinfo=tz)
    assert eco.jiff_zoned(aware) == aware
    assert eco.jiff_timestamp(aware) == aware
    assert eco.jiff_duration(delta) == delta
