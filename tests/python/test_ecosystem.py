"""The optional conversions for other crates' types, against Python's own values: round trips
and the edge cases (leap years and seconds, fold, fixed offsets and named zones across DST
changes, microsecond truncation, huge and negative durations, out-of-range values).
Property tests of the same conversions are in test_ecosystem_properties.py."""
import datetime as dt
import time
import warnings
import zoneinfo

import pytest

from _ext import full_api_only, m

eco = m.ecosystem
UTC = dt.timezone.utc


def zone(name):
    try:
        return zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip(f"no tz database entry for {name}")


# ---- std ----


def test_std_duration_round_trip_and_errors():
    for d in [dt.timedelta(0), dt.timedelta(days=999_999_999, seconds=86_399, microseconds=999_999),
              dt.timedelta(microseconds=1)]:
        assert eco.std_duration(d) == d
    with pytest.raises(ValueError, match="negative timedelta"):
        eco.std_duration(dt.timedelta(microseconds=-1))
    with pytest.raises(TypeError):
        eco.std_duration(1.5)


def test_std_system_time():
    now = dt.datetime.now(UTC)
    assert eco.std_system_time(now) == now
    old = dt.datetime(1900, 2, 28, 23, 59, 59, 999_999, tzinfo=UTC)
    assert eco.std_system_time(old) == old
    # Any zone in, UTC out, the same instant.
    paris = dt.datetime(2024, 7, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    back = eco.std_system_time(paris)
    assert back == paris and back.tzinfo is UTC and back.hour == 10
    with pytest.raises(TypeError):
        eco.std_system_time(dt.datetime(2024, 1, 1))


# ---- chrono: dates and times ----


@pytest.mark.parametrize("value", [
    dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date(2000, 2, 29),
    dt.date(1900, 2, 28),
])
def test_chrono_date(value):
    assert eco.chrono_date(value) == value
    assert type(eco.chrono_date(value)) is dt.date


def test_chrono_date_errors():
    # A datetime is a date (its date part), as date methods accept it.
    assert eco.chrono_date(dt.datetime(2024, 5, 6, 7)) == dt.date(2024, 5, 6)
    with pytest.raises(TypeError, match="date"):
        eco.chrono_date("2024-01-01")
    # Years chrono holds but Python does not.
    for year in (0, -5, 10_000):
        with pytest.raises(ValueError, match=f"year {year} is out of range"):
            eco.chrono_date_from(year, 1, 1)
    assert eco.chrono_date_from(2023, 2, 29) is None


def test_chrono_time():
    for value in [dt.time(0), dt.time(23, 59, 59, 999_999), dt.time(12, 30, 15, 1)]:
        assert eco.chrono_time(value) == value
    # The tzinfo of a time is not part of NaiveTime.
    assert eco.chrono_time(dt.time(1, 2, tzinfo=UTC)) == dt.time(1, 2)


def test_chrono_leap_second_is_truncated_with_a_warning():
    assert eco.chrono_leap_time(999_999_999) == dt.time(23, 59, 59, 999_999)
    # 23:59:60.5 becomes the last microsecond of :59, so times keep their order.
    with pytest.warns(UserWarning, match="leap-second"):
        assert eco.chrono_leap_time(1_500_000_000) == dt.time(23, 59, 59, 999_999)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning):
            eco.chrono_leap_time(1_000_000_000)


def test_chrono_naive_datetime():
    for value in [dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999_999),
                  dt.datetime(2024, 2, 29, 12, 0, 0, 1)]:
        assert eco.chrono_naive_datetime(value) == value
    with pytest.raises(TypeError, match="without tzinfo"):
        eco.chrono_naive_datetime(dt.datetime(2024, 1, 1, tzinfo=UTC))
    with pytest.raises(TypeError):
        eco.chrono_naive_datetime(dt.date(2024, 1, 1))


# ---- chrono: aware datetimes and zones ----


def test_chrono_utc():
    value = dt.datetime(2024, 2, 29, 23, 59, 59, 123_456, tzinfo=UTC)
    back = eco.chrono_utc(value)
    assert back == value and back.tzinfo is UTC
    with pytest.raises(TypeError, match="non-None tzinfo"):
        eco.chrono_utc(dt.datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="timezone.utc"):
        eco.chrono_utc(dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    # A zero fixed offset is UTC.
    assert eco.chrono_utc(dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(0)))) == \
        dt.datetime(2024, 1, 1, tzinfo=UTC)
    assert eco.chrono_utc_zone(UTC) is UTC


@pytest.mark.parametrize("minutes", [0, 1, -1, 330, -570, 24 * 60 - 1, -(24 * 60 - 1)])
def test_chrono_fixed_offsets(minutes):
    tz = dt.timezone(dt.timedelta(minutes=minutes))
    value = dt.datetime(2024, 3, 10, 2, 30, 0, 5, tzinfo=tz)
    back = eco.chrono_fixed(value)
    assert back == value and back.utcoffset() == value.utcoffset()
    assert eco.chrono_offset(tz).utcoffset(None) == dt.timedelta(minutes=minutes)
    fields = eco.chrono_fields(value)
    assert fields == (2024, 3, 10, 2, 30, 0, 5_000, minutes * 60)


def test_chrono_fixed_offset_errors():
    with pytest.raises(TypeError, match="not a fixed offset timezone"):
        eco.chrono_offset(zone("Europe/Paris"))
    with pytest.raises(TypeError):
        eco.chrono_offset(dt.timedelta(hours=1))


def test_chrono_named_zone_round_trip():
    paris = zone("Europe/Paris")
    assert eco.chrono_zone(paris) is paris  # ZoneInfo caches its instances
    summer = dt.datetime(2024, 7, 1, 12, tzinfo=paris)
    back = eco.chrono_zoned(summer)
    assert back == summer and back.tzinfo is paris and back.utcoffset() == dt.timedelta(hours=2)
    with pytest.raises(ValueError, match="no time zone named"):
        eco.chrono_zone(Bogus())


class Bogus(dt.tzinfo):
    """A tzinfo with a `key` that names no zone."""
    key = "Not/AZone"

    def utcoffset(self, _):
        return None


def test_chrono_dst_fold_both_ways():
    paris = zone("Europe/Paris")
    # 2024-10-27 02:30 happens twice in Paris: at +02:00 (fold=0) and at +01:00 (fold=1).
    first = eco.chrono_in_zone(paris, 2024, 10, 27, 2, 30, False)
    second = eco.chrono_in_zone(paris, 2024, 10, 27, 2, 30, True)
    assert (first.fold, first.utcoffset()) == (0, dt.timedelta(hours=2))
    assert (second.fold, second.utcoffset()) == (1, dt.timedelta(hours=1))
    assert second.timestamp() - first.timestamp() == 3600
    # And back: fold selects the instant.
    assert eco.chrono_zoned_timestamp(first) == int(first.timestamp())
    assert eco.chrono_zoned_timestamp(second) == int(second.timestamp())
    assert eco.chrono_zoned(second) == second and eco.chrono_zoned(second).fold == 1


def test_chrono_dst_gap_is_an_error():
    paris = zone("Europe/Paris")
    # 2024-03-31 02:30 does not exist in Paris (clocks go from 02:00 to 03:00).
    assert eco.chrono_in_zone(paris, 2024, 3, 31, 2, 30, False) is None
    with pytest.raises(ValueError, match="does not exist"):
        eco.chrono_zoned(dt.datetime(2024, 3, 31, 2, 30, tzinfo=paris))


def test_chrono_local():
    local = eco.chrono_local(dt.datetime(2024, 1, 15, 8, 0))  # naive: taken as local time
    assert local.tzinfo is not None
    assert local.replace(tzinfo=None) == dt.datetime(2024, 1, 15, 8, 0)
    assert local.timestamp() == time.mktime((2024, 1, 15, 8, 0, 0, 0, 0, -1))
    with pytest.raises(ValueError, match="local time zone"):
        other = "Asia/Tokyo" if str(local.tzinfo) != "Asia/Tokyo" else "Europe/Paris"
        eco.chrono_local(dt.datetime(2024, 1, 15, tzinfo=zone(other)))


# ---- chrono: durations ----


@pytest.mark.parametrize("value", [
    dt.timedelta(0), dt.timedelta(microseconds=-1), dt.timedelta(days=-1, seconds=5),
    dt.timedelta.max, dt.timedelta.min, dt.timedelta(days=3, hours=-1, microseconds=7),
])
def test_chrono_delta_round_trip(value):
    assert eco.chrono_delta(value) == value
    micros = value // dt.timedelta(microseconds=1)
    secs, sub = divmod(abs(micros), 1_000_000)
    sign = -1 if micros < 0 else 1
    assert eco.chrono_delta_parts(value) == (sign * secs, sign * sub * 1000)


def test_chrono_delta_from_rust():
    assert eco.chrono_delta_from(0, -1000) == dt.timedelta(microseconds=-1)
    # Below a microsecond is dropped (towards zero).
    assert eco.chrono_delta_from(0, 5_999) == dt.timedelta(microseconds=5)
    assert eco.chrono_delta_from(0, -5_999) == dt.timedelta(microseconds=-5)
    max_secs = 999_999_999 * 86_400 + 86_399
    assert eco.chrono_delta_from(max_secs, 999_999_000) == dt.timedelta.max
    with pytest.raises(OverflowError, match="out of timedelta's range"):
        eco.chrono_delta_from(max_secs + 1, 0)
    assert eco.chrono_delta_from(-999_999_999 * 86_400, 0) == dt.timedelta.min
    with pytest.raises(OverflowError):
        eco.chrono_delta_from(-999_999_999 * 86_400, -1000)


# ---- a tzinfo subclass written in Rust ----


@full_api_only
def test_rust_tzinfo_subclass():
    tz = eco.RustZone(90)
    assert isinstance(tz, dt.tzinfo)
    value = dt.datetime(2024, 1, 1, 12, tzinfo=tz)
    assert value.utcoffset() == dt.timedelta(minutes=90)
    assert value.tzname() == "RZ+90"
    assert value.astimezone(UTC) == dt.datetime(2024, 1, 1, 10, 30, tzinfo=UTC)
    # chrono reads it as a fixed offset; a DateTime<FixedOffset> carries its offset.
    assert eco.chrono_offset(tz).utcoffset(None) == dt.timedelta(minutes=90)
    assert eco.chrono_fixed(value) == value
    with pytest.raises(TypeError):
        eco.RustZone("x")


# ---- num-bigint ----

BIG_EDGES = [0, 1, -1, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64 - 1, 2**64, 2**64 + 1,
             -(2**64), 2**127, -(2**127), 2**1000 + 12345, -(2**1000), 255, 256, -128, -129,
             -(2**8) ** 50, (2**8) ** 50 - 1]


@pytest.mark.parametrize("value", BIG_EDGES)
def test_bigint_round_trip(value):
    assert eco.bigint(value) == value
    assert eco.bigint_times(value, -3) == value * -3
    if value >= 0:
        assert eco.biguint(value) == value
        assert eco.biguint_bits(value) == value.bit_length()


@pytest.mark.parametrize("digits", [10**3, 10**4, 10**5])
def test_bigint_huge(digits):
    # ints of 10**3 .. 10**5 decimal digits (built without str(), which 3.11 limits).
    value = 7 ** int(digits * 1.1833)  # log(10)/log(7) ≈ 1.1833
    assert abs(value.bit_length() * 0.30103 - digits) < digits * 0.01
    assert eco.bigint(value) == value
    assert eco.bigint(-value) == -value
    assert eco.biguint(value) == value
    assert eco.bigint_times(value, 2) == 2 * value


def test_bigint_errors():
    with pytest.raises(OverflowError, match="negative int to unsigned"):
        eco.biguint(-1)
    with pytest.raises(OverflowError, match="negative int to unsigned"):
        eco.biguint(-(2**100))
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        eco.bigint(1.0)

    class Index:
        def __index__(self):
            return 2**70

    assert eco.bigint(Index()) == 2**70
    assert eco.bigint(True) == 1


# ---- uuid ----


def test_uuid_versions():
    import uuid
    for value in [uuid.uuid1(), uuid.uuid3(uuid.NAMESPACE_DNS, "x"), uuid.uuid4(),
                  uuid.uuid5(uuid.NAMESPACE_URL, "y"), uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)]:
        back = eco.uuid(value)
        assert back == value and type(back) is uuid.UUID
        assert hash(back) == hash(value) and str(back) == str(value)
        assert back.version == value.version
        assert eco.uuid_version(value) == (value.int >> 76) & 0xF  # the version bits
        assert back.is_safe is uuid.SafeUUID.unknown
        with pytest.raises(TypeError, match="immutable"):
            back.int = 5
    made = eco.uuid_from_u128(0x67E55044_10B1_426F_9247_BB680E5FE0C8)
    assert made == uuid.UUID("67e55044-10b1-426f-9247-bb680e5fe0c8") and made.version == 4
    import pickle
    assert pickle.loads(pickle.dumps(made)) == made


def test_uuid_errors():
    import uuid
    with pytest.raises(TypeError, match="expected a uuid.UUID, not 'str'"):
        eco.uuid("67e55044-10b1-426f-9247-bb680e5fe0c8")
    with pytest.raises(ValueError, match="UUID is nil"):
        eco.non_nil_uuid(uuid.UUID(int=0))
    assert eco.non_nil_uuid(uuid.UUID(int=1)) == uuid.UUID(int=1)


# ---- rust_decimal and bigdecimal ----


@pytest.mark.parametrize("text", ["0", "-0.00", "1.5", "-123.456", "1E+5", "1.23E-10",
                                  "79228162514264337593543950335", "0.0000000000000000000000000001"])
def test_rust_decimal_round_trip(text):
    from decimal import Decimal
    value = Decimal(text)
    back = eco.rust_decimal(value)
    assert type(back) is Decimal and back == value


def test_rust_decimal_inputs_and_errors():
    from decimal import Decimal
    assert eco.rust_decimal(7) == Decimal(7)
    assert eco.rust_decimal(2**70) == Decimal(2**70)
    assert eco.rust_decimal(0.1) == Decimal("0.1")  # a float by its shortest repr
    assert eco.rust_decimal_mul(Decimal("1.10"), Decimal("3")) == Decimal("3.30")
    assert eco.rust_decimal_mul(Decimal("79228162514264337593543950335"), 2) is None
    for bad in ["NaN", "-Infinity", "sNaN"]:
        with pytest.raises(ValueError, match="only finite numbers"):
            eco.rust_decimal(Decimal(bad))
    with pytest.raises(ValueError, match="cannot convert 79228162514264337593543950336"):
        eco.rust_decimal(Decimal("79228162514264337593543950336"))
    with pytest.raises(ValueError):
        eco.rust_decimal("twelve")


@pytest.mark.parametrize("text", ["0", "-0.00", "1.5", "1E+500", "-1.234567890123456789012345678901234567890E-300",
                                  "123456789" * 20])
def test_bigdecimal_round_trip(text):
    import decimal
    value = decimal.Decimal(text)
    assert eco.bigdecimal(value) == value
    # Rust's sum is exact; compare in a context wide enough for Python's to be exact too.
    with decimal.localcontext() as ctx:
        ctx.prec = 2000
        assert eco.bigdecimal_add(value, decimal.Decimal("0.5")) == value + decimal.Decimal("0.5")


def test_bigdecimal_errors():
    from decimal import Decimal
    with pytest.raises(ValueError, match="only finite numbers"):
        eco.bigdecimal(Decimal("NaN"))
    with pytest.raises(ValueError, match="only finite numbers"):
        eco.bigdecimal(float("inf"))
    assert eco.bigdecimal(10**50) == Decimal(10**50)


# ---- anyhow and eyre ----


@pytest.mark.parametrize("fails", ["anyhow_fails", "eyre_fails"])
def test_error_crates(fails):
    f = getattr(eco, fails)
    assert f("ok") == 1
    with pytest.raises(RuntimeError, match="^plain failure$"):
        f("plain")
    # The whole chain, outermost first, on one line (no backtrace, whatever RUST_BACKTRACE says).
    with pytest.raises(RuntimeError, match="^reading the count: invalid digit found in string$"):
        f("context")
    with pytest.raises(KeyError, match="missing"):
        f("python")


# ---- collections: indexmap, hashbrown, smallvec, either ----


def test_index_map_keeps_order():
    d = {"zeta": 1, "alpha": 2, "mid": 3}
    assert eco.index_map_keys(d) == ["zeta", "alpha", "mid"]
    back = eco.index_map(d)
    assert list(back.items()) == list(d.items())
    with pytest.raises(TypeError):
        eco.index_map([("a", 1)])


def test_hashbrown():
    assert eco.hb_map({"a": 1, "b": 2}) == {"a": 1, "b": 2}
    assert eco.hb_set({1, 2, 3}) == {1, 2, 3}
    assert eco.hb_set(frozenset({4})) == {4}
    with pytest.raises(TypeError, match="'list' object is not an instance of 'set' or 'frozenset'"):
        eco.hb_set([1])


def test_smallvec():
    assert eco.small_vec([1, 2]) == [1, 2]
    assert eco.small_vec(range(10)) == list(range(10))  # spills to the heap
    assert eco.small_bytes([1, 2, 255]) == b"\x01\x02\xff"
    with pytest.raises(TypeError, match="Can't extract `str` to `Vec`"):
        eco.small_vec("abc")


def test_either():
    assert eco.either_int_or_str(5) == 5
    assert eco.either_int_or_str("five") == "five"
    with pytest.raises(TypeError, match="neither converts") as info:
        eco.either_int_or_str(1.5)
    assert "float" in str(info.value)


# ---- bytes, ordered-float, num-complex, num-rational ----


def test_bytes_crate():
    assert eco.bytes_value(b"abc") == b"abc"
    assert eco.bytes_value(bytearray(b"xy")) == b"xy"
    assert eco.bytes_shares_memory(b"no copy here")
    with pytest.raises(TypeError):
        eco.bytes_value("text")


def test_ordered_float():
    assert eco.ordered(1.5) == 1.5
    assert eco.ordered(float("inf")) == float("inf")
    assert eco.ordered(2) == 2.0
    nan = eco.ordered(float("nan"))
    assert nan != nan
    assert eco.not_nan(-0.0) == 0.0
    with pytest.raises(ValueError, match="not NaN"):
        eco.not_nan(float("nan"))


def test_num_complex():
    assert eco.complex(3 + 4j) == 3 + 4j
    assert eco.complex(2.5) == 2.5 + 0j
    assert eco.complex(7) == 7 + 0j

    class C:
        def __complex__(self):
            return 1j

    assert eco.complex(C()) == 1j
    with pytest.raises(TypeError):
        eco.complex("1j")


def test_num_rational():
    from fractions import Fraction
    assert eco.ratio(Fraction(6, -4)) == Fraction(-3, 2)
    assert type(eco.ratio(Fraction(1, 3))) is Fraction
    assert eco.ratio(5) == Fraction(5)
    assert eco.big_ratio(Fraction(2**100, 3)) == Fraction(2**100, 3)
    with pytest.raises(OverflowError):
        eco.ratio(Fraction(2**70, 3))
    with pytest.raises(AttributeError):
        eco.ratio(1.5)


# ---- the time crate ----


def test_time_crate_round_trips():
    for d in [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]:
        assert eco.time_date(d) == d
    assert eco.time_time(dt.time(23, 59, 59, 999_999)) == dt.time(23, 59, 59, 999_999)
    naive = dt.datetime(2000, 2, 29, 1, 2, 3, 4)
    assert eco.time_primitive(naive) == naive
    with pytest.raises(TypeError, match="without tzinfo"):
        eco.time_primitive(naive.replace(tzinfo=UTC))
    for minutes in (0, 330, -570):
        tz = dt.timezone(dt.timedelta(minutes=minutes))
        value = dt.datetime(2024, 6, 1, 12, 0, 0, 7, tzinfo=tz)
        back = eco.time_offset_dt(value)
        assert back == value and back.utcoffset() == value.utcoffset()
        assert eco.time_offset(tz).utcoffset(None) == tz.utcoffset(None)
        utc = eco.time_utc_dt(value)
        assert utc == value and utc.tzinfo is UTC
    for d in [dt.timedelta.max, dt.timedelta.min, dt.timedelta(microseconds=-1), dt.timedelta(0)]:
        assert eco.time_duration(d) == d


def test_time_crate_named_zones_and_errors():
    paris = zone("Europe/Paris")
    winter = dt.datetime(2024, 1, 15, 9, tzinfo=paris)
    # Any aware datetime: its offset at that moment.
    assert eco.time_offset_dt(winter).utcoffset() == dt.timedelta(hours=1)
    assert eco.time_utc_dt(winter) == winter
    with pytest.raises(TypeError, match="non-None tzinfo"):
        eco.time_offset_dt(dt.datetime(2024, 1, 1))
    with pytest.raises(TypeError, match="not a fixed offset timezone"):
        eco.time_offset(paris)
    with pytest.raises(ValueError, match="year -5 is out of range"):
        eco.time_date_from(-5, 1)
    assert eco.time_date_from(2023, 366) is None


# ---- jiff ----


def test_jiff_civil():
    for d in [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]:
        assert eco.jiff_date(d) == d
        assert eco.jiff_week_date(d) == d
    assert eco.jiff_time(dt.time(23, 59, 59, 999_999)) == dt.time(23, 59, 59, 999_999)
    naive = dt.datetime(2000, 2, 29, 1, 2, 3, 4)
    assert eco.jiff_datetime(naive) == naive
    with pytest.raises(TypeError, match="without tzinfo"):
        eco.jiff_datetime(naive.replace(tzinfo=UTC))


def test_jiff_instants_and_zones():
    value = dt.datetime(2024, 6, 1, 12, 0, 0, 7, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
    ts = eco.jiff_timestamp(value)
    assert ts == value and ts.tzinfo is UTC
    with pytest.raises(TypeError, match="non-None tzinfo"):
        eco.jiff_timestamp(value.replace(tzinfo=None))
    fixed = eco.jiff_zoned(value)
    assert fixed == value and fixed.utcoffset() == dt.timedelta(hours=-3)
    assert eco.jiff_offset(dt.timezone(dt.timedelta(minutes=330))).utcoffset(None) == dt.timedelta(minutes=330)
    assert eco.jiff_zone(UTC) is UTC
    paris = zone("Europe/Paris")
    assert eco.jiff_zone(paris) is paris
    summer = dt.datetime(2024, 7, 1, 12, tzinfo=paris)
    back = eco.jiff_zoned(summer)
    assert back == summer and back.tzinfo is paris


def test_jiff_fold_and_gap():
    zone("Europe/Paris")
    first = eco.jiff_in_zone("Europe/Paris", 2024, 10, 27, 2, 30, False)
    second = eco.jiff_in_zone("Europe/Paris", 2024, 10, 27, 2, 30, True)
    assert (first.fold, second.fold) == (0, 1)
    assert second.timestamp() - first.timestamp() == 3600
    assert eco.jiff_zoned_timestamp(first) == first.timestamp()
    assert eco.jiff_zoned_timestamp(second) == second.timestamp()
    assert eco.jiff_in_zone("Europe/Paris", 2024, 3, 31, 2, 30, False) is None
    # PEP 495 in a gap: fold=0 is the later instant (03:30 CEST), fold=1 the earlier.
    gap = dt.datetime(2024, 3, 31, 2, 30, tzinfo=zone("Europe/Paris"))
    assert eco.jiff_zoned_timestamp(gap) == int(dt.datetime(2024, 3, 31, 1, 30, tzinfo=UTC).timestamp())
    assert eco.jiff_zoned_timestamp(gap.replace(fold=1)) == int(dt.datetime(2024, 3, 31, 0, 30, tzinfo=UTC).timestamp())


def test_jiff_durations():
    for d in [dt.timedelta.max, dt.timedelta.min, dt.timedelta(microseconds=-1), dt.timedelta(0),
              dt.timedelta(days=3, microseconds=5)]:
        assert eco.jiff_duration(d) == d
    assert eco.jiff_span_hours(dt.timedelta(hours=36)) == 36.0
    with pytest.raises(ValueError, match="jiff|span|range|exceed"):
        eco.jiff_span_hours(dt.timedelta.max)


def test_chrono_fixed_offset_datetime_from_a_named_zone():
    # PyO3 refuses this ("not a fixed offset timezone"); pybound takes the datetime's offset.
    paris = zone("Europe/Paris")
    for month, hours in ((1, 1), (7, 2)):
        value = dt.datetime(2024, month, 15, 9, 30, tzinfo=paris)
        back = eco.chrono_fixed(value)
        assert back == value and back.utcoffset() == dt.timedelta(hours=hours)
