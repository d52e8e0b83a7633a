"""serde ↔ Python objects (pybound::serde): every part of serde's data model both ways, inputs
Python offers besides the exact types, errors carrying the path of the failing value, and
`Py<T>` of a #[pyclass] through serde_json."""
import collections
import fractions

import pytest

from _ext import m

sd = m.serde_mod


def test_sample_maps_as_documented():
    s = sd.serde_sample()
    assert s["flag"] is True and s["small"] == -5
    assert s["big"] == 2**64 - 1 and s["huge"] == -(2**100)
    assert s["letter"] == "é" and s["blob"] == b"\x00\xff"
    assert s["maybe"] == 7 and s["nothing"] is None
    assert s["unit"] is None and s["unit_struct"] is None
    assert s["newtype"] == 2.5
    assert s["pair"] == (1, "one") and s["tuple"] == (9, False)
    assert s["list"] == [1, 2, 3] and s["map"] == {"k": ["v"]}
    assert s["int_keys"] == {1: True, -2: False}
    assert s["shapes"] == ["Empty", {"Circle": 1.0}, {"Segment": (1, 2)}, {"Rect": {"w": 3, "h": 4}}]
    assert s["tagged"] == [{"kind": "A", "x": 1}, {"kind": "B", "y": "b"}]
    assert s["loose"] == [5, "t"]
    assert list(s) == ["flag", "small", "big", "huge", "ratio", "letter", "name", "blob", "maybe",
                       "nothing", "unit", "unit_struct", "newtype", "pair", "tuple", "list", "map",
                       "int_keys", "shapes", "tagged", "loose"]


def test_round_trip():
    s = sd.serde_sample()
    assert sd.serde_is_sample(s)
    assert sd.serde_round_trip(s) == s


def test_other_python_inputs():
    s = sd.serde_sample()
    # Sequences besides the exact types, mappings besides dict, bytearray for bytes.
    s["list"] = collections.deque([1, 2, 3])
    s["pair"] = [1, "one"]
    s["map"] = collections.OrderedDict(k=("v",))
    s["blob"] = bytearray(b"\x00\xff")
    s["tuple"] = (9, 0 == 1)
    assert sd.serde_is_sample(s)

    class Index:
        def __index__(self):
            return 7

    s["maybe"] = Index()
    assert sd.serde_is_sample(s)
    s["int_keys"] = {1: True, -2: False}
    # A set is read in its iteration order (small ints: ascending).
    s["list"] = {3, 1, 2}
    assert sd.serde_is_sample(s)


def test_errors_name_the_path():
    s = sd.serde_sample()
    s["shapes"][3]["Rect"]["h"] = "tall"
    with pytest.raises(TypeError, match=r"^shapes\[3\]\.Rect\.h: invalid type: string \"tall\", expected u32$"):
        sd.serde_is_sample(s)
    s = sd.serde_sample()
    s["list"][1] = 2.5
    with pytest.raises(TypeError, match=r"^list\[1\]: invalid type: floating point `2.5`, expected i32$"):
        sd.serde_is_sample(s)
    s = sd.serde_sample()
    del s["name"]
    with pytest.raises(ValueError, match="missing field `name`"):
        sd.serde_is_sample(s)
    s = sd.serde_sample()
    s["small"] = 1000
    with pytest.raises(ValueError, match=r"^small: invalid value: integer `1000`, expected i8$"):
        sd.serde_is_sample(s)
    s = sd.serde_sample()
    s["shapes"] = ["Hexagon"]
    with pytest.raises(ValueError, match=r"unknown variant `Hexagon`"):
        sd.serde_is_sample(s)
    s = sd.serde_sample()
    s["shapes"] = [{"Circle": 1.0, "Empty": None}]
    with pytest.raises(TypeError, match=r"^shapes\[0\]: expected a str or a dict of one item for enum Shape"):
        sd.serde_is_sample(s)
    with pytest.raises(TypeError, match="expected a value serde can read"):
        sd.serde_is_sample(object())


def test_python_exceptions_keep_their_type_with_the_path():
    class Bad:
        def __index__(self):
            raise ZeroDivisionError("no index")

    s = sd.serde_sample()
    s["list"][2] = Bad()
    with pytest.raises(ZeroDivisionError, match=r"^list\[2\]: no index$") as info:
        sd.serde_is_sample(s)
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_records():
    records = sd.serde_records(1000)
    assert len(records) == 1000
    assert records[3] == {"id": 3, "name": "record-3", "score": 1.5, "tags": ["a", "b"], "active": False}
    assert sd.serde_count_records(records) == 1000
    # The keys are the same str objects each time (made once per thread).
    assert all(a is b for a, b in zip(records[0], records[999]))


def test_pyclass_through_serde_json():
    w = sd.Waypoint("home", 1.5)
    assert sd.waypoint_json(w) == '{"name":"home","x":1.5}'
    back = sd.waypoint_from_json('{"name":"away","x":-2.0}')
    assert isinstance(back, sd.Waypoint) and (back.name, back.x) == ("away", -2.0)
    with pytest.raises(ValueError, match="missing field `x`"):
        sd.waypoint_from_json('{"name":"away"}')


def test_fraction_is_not_silently_accepted():
    with pytest.raises(TypeError):
        sd.serde_count_records([fractions.Fraction(1, 2)])
