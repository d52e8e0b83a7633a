"""Wrong calls raise TypeError with CPython's exact wording."""
import inspect

import pytest

from _ext import ABI3, m


def raises(func, *args, **kwargs):
    with pytest.raises(TypeError) as info:
        func(*args, **kwargs)
    return str(info.value)


def test_missing_one_positional():
    assert raises(m.add, 1, 2.0) == "add() missing 1 required positional argument: 'c'"


def test_missing_two_positional():
    assert raises(m.add, 1) == "add() missing 2 required positional arguments: 'b' and 'c'"


def test_missing_three_positional():
    assert raises(m.add) == "add() missing 3 required positional arguments: 'a', 'b', and 'c'"


def test_too_many_positional():
    assert raises(m.add, 1, 2.0, "c", 4) == "add() takes 3 positional arguments but 4 were given"


def test_too_many_for_single_parameter():
    assert raises(m.double, 1, 2) == "double() takes 1 positional argument but 2 were given"


def _no_arguments_message(name, given):
    """The error for arguments given to a function without parameters: pybound's (CPython's
    wording for Python functions); the abi3 build registers such functions as METH_NOARGS,
    where CPython's own check speaks (its wording for built-in functions, as PyO3's)."""
    if ABI3:
        return f"{m.__name__}.{name}() takes no arguments ({given} given)"
    return f"{name}() takes 0 positional arguments but {given} was given"


def test_too_many_for_no_parameters():
    assert raises(m.no_args, 1) == _no_arguments_message("no_args", 1)


def test_too_many_with_defaults():
    assert raises(m.defaults, 1, 2, "c", 1.0, True, "f", 7) == (
        "defaults() takes from 1 to 6 positional arguments but 7 were given"
    )


def test_unexpected_keyword():
    assert raises(m.add, 1, 2.0, "c", z=1) == "add() got an unexpected keyword argument 'z'"


def test_unexpected_keyword_on_no_args():
    expected = "no_args() got an unexpected keyword argument 'x'"
    if ABI3:
        expected = f"{m.__name__}.no_args() takes no keyword arguments"
    assert raises(m.no_args, x=1) == expected


def test_one_positional_only_parameter_is_meth_o():
    # `signature = (x, /)`: METH_O, so CPython counts the arguments (its messages for built-in
    # functions); the conversion error is pybound's, naming the parameter.
    assert m.square(7) == 49
    assert raises(m.square) == f"{m.__name__}.square() takes exactly one argument (0 given)"
    assert raises(m.square, 1, 2) == f"{m.__name__}.square() takes exactly one argument (2 given)"
    assert raises(m.square, x=1) == f"{m.__name__}.square() takes no keyword arguments"
    assert raises(m.square, "a") == "argument 'x': 'str' object cannot be interpreted as an integer"
    assert str(inspect.signature(m.square)) == "(x, /)"


def test_multiple_values():
    assert raises(m.add, 1, 2.0, "c", a=1) == "add() got multiple values for argument 'a'"


def test_missing_keyword_only():
    assert raises(m.kw_only, 1) == "kw_only() missing 1 required keyword-only argument: 'b'"


def test_keyword_only_given_positionally():
    assert raises(m.kw_only, 1, 2) == "kw_only() takes 1 positional argument but 2 were given"


def test_positional_only_passed_as_keyword():
    assert raises(m.pos_only, 1, b=2, c=3) == (
        "pos_only() got some positional-only arguments passed as keyword arguments: 'b'"
    )


def test_two_positional_only_passed_as_keyword():
    assert raises(m.pos_only, a=1, b=2, c=3) == (
        "pos_only() got some positional-only arguments passed as keyword arguments: 'a, b'"
    )


def test_missing_positional_in_mixed():
    assert raises(m.mixed_all, c=1) == "mixed_all() missing 1 required positional argument: 'a'"


def test_missing_keyword_only_in_mixed():
    assert raises(m.mixed_all, 1) == "mixed_all() missing 1 required keyword-only argument: 'c'"


def test_renamed_function_uses_python_name_in_errors():
    assert raises(m.renamed, 1) == _no_arguments_message("renamed", 1)


@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda: m.add("1", 2.0, "c"), "argument 'a': 'str' object cannot be interpreted as an integer"),
        (lambda: m.add(1, "x", "c"), "argument 'b': must be real number, not str"),
        (lambda: m.add(1, 2.0, 3), "argument 'c': 'int' object is not an instance of 'str'"),
        (lambda: m.add(1.5, 2.0, "c"), "argument 'a': 'float' object cannot be interpreted as an integer"),
        (lambda: m.sum_list("abc"), "argument 'values': Can't extract `str` to `Vec`"),
        (lambda: m.sum_list([1, "x"]), "argument 'values': 'str' object cannot be interpreted as an integer"),
        (lambda: m.byte_len("text"), "argument 'b': 'str' object is not an instance of 'bytes'"),
        (lambda: m.first_item((1,)), "argument 'items': 'tuple' object is not an instance of 'list'"),
        (lambda: m.tuple_swap([1, "a"]), "argument 't': 'list' object is not an instance of 'tuple'"),
        (lambda: m.sum_map([]), "argument 'values': 'list' object is not an instance of 'dict'"),
        (lambda: m.defaults(1, e=3), "argument 'e': 'int' object is not an instance of 'bool'"),
        (lambda: m.kw_only(1, b="2"), "argument 'b': 'str' object cannot be interpreted as an integer"),
        (lambda: m.call_back(1), "'int' object is not callable"),
    ],
)
def test_conversion_errors_name_the_argument(call, expected):
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value) == expected


def test_conversion_error_keeps_the_original_cause():
    # As in PyO3: the renamed TypeError replaces the original and takes over its cause.
    with pytest.raises(TypeError) as info:
        m.add("1", 2.0, "c")
    assert str(info.value) == "argument 'a': 'str' object cannot be interpreted as an integer"
    assert info.value.__cause__ is None
    with pytest.raises(TypeError) as info:
        m.strict_value(1.5)
    assert str(info.value) == "argument 'v': expected a strict int"
    assert isinstance(info.value.__cause__, ValueError)
    assert str(info.value.__cause__) == "inner reason"


def test_type_error_subclasses_pass_through():
    with pytest.raises(TypeError) as info:
        m.strict_value(-1)
    assert type(info.value).__name__ == "NegativeError"
    assert str(info.value) == "negative"
    assert m.strict_value(3) == 3


def test_overflow_is_not_wrapped():
    with pytest.raises(OverflowError) as info:
        m.narrow_u8(256)
    assert str(info.value) == "Python int too large to convert to u8"


def test_negative_to_unsigned():
    with pytest.raises(OverflowError, match="can't convert negative int to unsigned"):
        m.narrow_u8(-1)


def test_i64_overflow_in_argument():
    with pytest.raises(OverflowError):
        m.add(2**63, 0.0, "")


def test_surrogate_str_argument():
    with pytest.raises(UnicodeEncodeError):
        m.to_upper("\udc80")


def test_error_after_error_leaves_no_state():
    for _ in range(3):
        with pytest.raises(TypeError):
            m.add(1)
    assert m.add(1, 1.0, "") == 2
