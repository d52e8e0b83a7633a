"""Keyword calls after a function's parameter names are interned take a quick placement path
that hands every unusual call to the general parser. These tests warm each function first
(so the quick path is live) and then check results and CPython's error messages through it."""
import pytest

from _ext import m


def raises(func, *args, **kwargs):
    with pytest.raises(TypeError) as info:
        func(*args, **kwargs)
    return str(info.value)


@pytest.fixture(autouse=True)
def warm():
    # The first keyword call of a function interns its parameter names.
    m.add(a=0, b=0.0, c="")
    m.pos_only(1, 2, c=3)
    m.defaults(1, b=2)


@pytest.mark.parametrize("repeat", range(3))
def test_results_through_the_quick_path(repeat):
    assert m.add(a=1, b=2.0, c="x") == 4
    assert m.add(c="xy", a=1, b=0.0) == 3
    assert m.add(1, 2.0, c="abc") == 6
    assert m.pos_only(1, 2, c=3) == 123
    assert m.defaults(1, f="given") == "1|2|x|-1.5|None|given"
    assert m.defaults(1, 5, e=True) == "1|5|x|-1.5|Some(true)|computed"
    # Keywords out of parameter order, and skipping parameters: the slot after the positional
    # arguments is tried first, then the names are searched.
    assert m.defaults(1, c="y", b=3) == "1|3|y|-1.5|None|computed"
    assert m.defaults(1, 2, d=0.5) == "1|2|x|0.5|None|computed"
    assert m.defaults(1, b=2, c="z", d=1.0, e=False, f="all") == "1|2|z|1|Some(false)|all"


def test_keyword_names_that_are_not_interned():
    # Names built at run time are different objects from the interned parameter names.
    names = ["".join(["a"]), "".join(["b"]), "".join(["c"])]
    kwargs = dict(zip(names, [1, 2.0, "xyz"]))
    assert m.add(**kwargs) == 6


@pytest.mark.parametrize("repeat", range(2))
def test_errors_through_the_quick_path(repeat):
    assert raises(m.add, 1, 2.0, c="x", a=1) == "add() got multiple values for argument 'a'"
    assert raises(m.add, 1, b=2.0) == "add() missing 1 required positional argument: 'c'"
    assert raises(m.add, b=2.0, c="x") == "add() missing 1 required positional argument: 'a'"
    assert raises(m.add, 1, 2.0, c="x", z=1) == "add() got an unexpected keyword argument 'z'"
    assert raises(m.add, 1, 2.0, "x", 4, c="y") == (
        "add() takes 3 positional arguments but 4 were given"
    )
    assert raises(m.pos_only, 1, b=2, c=3) == (
        "pos_only() got some positional-only arguments passed as keyword arguments: 'b'"
    )
    assert raises(m.defaults, 1, a=2) == "defaults() got multiple values for argument 'a'"


def test_wrong_type_by_keyword():
    with pytest.raises(TypeError, match="argument 'c'"):
        m.add(a=1, b=2.0, c=3)
