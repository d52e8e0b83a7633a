"""Parameter and return conversions through real calls."""
import pytest

from _ext import m


@pytest.mark.parametrize("values, total", [([], 0), ([1], 1), ([1, 2, 3], 6), ((4, 5), 9), (range(5), 10)])
def test_sum_list(values, total):
    assert m.sum_list(values) == total


def test_sum_list_large_ints():
    assert m.sum_list([2**62, 2**62 - 1]) == 2**63 - 1


def test_sum_map():
    assert m.sum_map({"a": 1, "b": 2}) == 3
    assert m.sum_map({}) == 0


@pytest.mark.parametrize("text", ["", "abc", "héllo", "日本", "emoji 🐍"])
def test_to_upper(text):
    assert m.to_upper(text) == text.upper()


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256))])
def test_byte_len(data):
    assert m.byte_len(data) == len(data)


@pytest.mark.parametrize("value", [0, 1, 255])
def test_narrow_u8_accepts_range(value):
    assert m.narrow_u8(value) == value


def test_narrow_u8_accepts_index_objects():
    class Idx:
        def __index__(self):
            return 7

    assert m.narrow_u8(Idx()) == 7


def test_bool_is_an_int():
    assert m.narrow_u8(True) == 1


def test_tuple_swap():
    assert m.tuple_swap((1, "a")) == ("a", 1)


def test_tuple_wrong_length():
    with pytest.raises(ValueError, match="expected tuple of length 2, but got tuple of length 3"):
        m.tuple_swap((1, "a", 2))


def test_describe_any_object():
    assert m.describe(5) == "int:5"
    assert m.describe("s") == "str:'s'"
    assert m.describe(None) == "NoneType:None"


def test_first_item_and_none_return():
    assert m.first_item([9, 8]) == 9
    assert m.first_item([]) is None


def test_first_item_accepts_list_subclass():
    class L(list):
        pass

    assert m.first_item(L([3])) == 3


def test_optional_bound_parameter():
    assert m.maybe_len(None) is None
    assert m.maybe_len([1, 2]) == 2
    with pytest.raises(TypeError, match="argument 'items'"):
        m.maybe_len("x")


def test_optional_result():
    assert m.optional_result(True) == 7
    assert m.optional_result(False) is None


def test_word_count_returns_dict():
    assert m.word_count("a b a") == {"a": 2, "b": 1}


def test_nested_lists():
    assert m.list_of_lists(4) == [[], [0], [0, 1], [0, 1, 2]]


def test_py_object_roundtrip_identity():
    o = object()
    assert m.py_object_roundtrip(o) is o


def test_bound_list_by_value():
    assert m.bound_list_len([1, 2, 3]) == 3
    with pytest.raises(TypeError):
        m.bound_list_len((1,))


def test_set_parameter():
    assert m.set_len({1, 2, 2}) == 2
    assert m.set_len(frozenset([1])) == 1
    with pytest.raises(TypeError):
        m.set_len([1])


def test_returned_objects_are_fresh():
    a = m.word_count("x")
    b = m.word_count("x")
    assert a == b and a is not b


def test_bool_accepts_numpy_bool_but_not_truthy_objects():
    assert m.negate(True) is False
    with pytest.raises(TypeError, match="'int' object is not an instance of 'bool'"):
        m.negate(1)
    np = pytest.importorskip("numpy")
    assert m.negate(np.bool_(True)) is False
    with pytest.raises(TypeError):
        m.negate(np.array([1, 2]) > 1)  # an array is not a bool
    assert m.negate(np.array([3])[0] > 5) is True
