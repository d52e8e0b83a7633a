"""#[derive(FromPyObject)] and #[derive(IntoPyObject)]."""
import types

import pytest

from _ext import m


class ConfigSource(dict):
    """Attributes for `name`/`verbose`, items for `max-size`."""

    name = "svc"


def test_struct_fields_from_attributes_and_items():
    assert m.read_config(ConfigSource({"max-size": 10})) == "svc:10:false"


def test_default_field_when_missing():
    src = ConfigSource({"max-size": 1})
    src.verbose = True
    assert m.read_config(src) == "svc:1:true"


def test_missing_field_error_names_the_field():
    with pytest.raises(TypeError, match=r"argument 'c': failed to extract field Config\.max_size"):
        m.read_config(types.SimpleNamespace(name="a"))


def test_wrong_field_type_error_names_the_field():
    src = ConfigSource({"max-size": "big"})
    with pytest.raises(TypeError, match=r"failed to extract field Config\.max_size: TypeError"):
        m.read_config(src)


def test_from_item_all():
    assert m.pair_sum({"left": 1, "right": 2}) == 3
    with pytest.raises(TypeError, match=r"failed to extract field Pair\.right: KeyError"):
        m.pair_sum({"left": 1})


def test_struct_into_dict():
    # As in PyO3, `item("max-size")` names the key both ways.
    assert m.roundtrip_config(ConfigSource({"max-size": 3})) == {"name": "svc", "max-size": 3, "verbose": False}


@pytest.mark.parametrize(
    "value, expected",
    [
        (types.SimpleNamespace(radius=2.0), "Circle { radius: 2.0 }"),
        ((1.0, 2.0), "Rect(1.0, 2.0)"),
        ("lbl", 'Label("lbl")'),
    ],
)
def test_enum_first_matching_variant(value, expected):
    assert m.describe_shape(value) == expected


def test_enum_error_lists_every_variant():
    with pytest.raises(TypeError) as info:
        m.describe_shape(5)
    text = str(info.value)
    assert "failed to extract enum Shape ('Circle | Rect | Label')" in text
    assert "- variant Circle:" in text
    assert "- variant Rect:" in text
    assert "- variant Label:" in text


def test_enum_into_python():
    assert m.echo_shape(types.SimpleNamespace(radius=2.0)) == {"radius": 2.0}
    assert m.echo_shape((1.0, 2.0)) == (1.0, 2.0)
    assert m.echo_shape("x") == "x"


def test_transparent_newtype():
    assert m.double_meters(2.5) == 5.0
    with pytest.raises(TypeError):
        m.double_meters("far")


def test_item_keys_of_any_literal_default_expressions_and_from_py_with():
    assert m.read_record(("abc", "héllo")) == ("abc", 5, 7, 0)
    assert m.read_record(["x", "", [1, 2, 3]]) == ("x", 0, 7, 3)
    with pytest.raises(TypeError, match=r"failed to extract field Record.second_len"):
        m.read_record(("x", 5))


def test_rename_all_on_derived_types():
    out = m.bump_settings({"maxRetries": 2, "baseUrl": "http://x"})
    assert out == {"maxRetries": 3, "baseUrl": "HTTP://X"}  # into_py_with
    with pytest.raises(TypeError, match="Settings.maxRetries"):
        m.bump_settings({"max_retries": 2, "baseUrl": "u"})


def test_into_py_object_ref_converts_by_reference():
    out = m.by_reference_twice(
        {"maxRetries": 1, "baseUrl": "u"}, {"tag": "t", "value": [1, 2]},
        [types.SimpleNamespace(radius=1.5), (2.0, 3.0), "x"],
    )
    once = [
        {"maxRetries": 1, "baseUrl": "U"},  # into_py_with gets a borrowed Cow
        {"tag": "t", "value": [1, 2]},
        {"radius": 1.5},
        (2.0, 3.0),
        "x",
    ]
    assert out == once + once


def test_derives_of_lifetime_and_generic_types():
    assert m.str_or_bytes("héllo") == (5, "héllo")
    assert m.str_or_bytes(b"abc") == (3, b"abc")
    with pytest.raises(TypeError, match="failed to extract enum StrOrBytes"):
        m.str_or_bytes(5)
    assert m.double_tagged({"tag": "x", "value": 21}) == {"tag": "x", "value": 42}
