"""Every signature form of #[pyfunction], called from Python."""
import inspect
import warnings

import pytest

from _ext import m


def test_positional_call():
    assert m.add(1, 2.5, "abc") == 6


def test_positional_with_int_for_float():
    assert m.add(1, 2, "") == 3


def test_keywords_for_positional_or_keyword_parameters():
    assert m.add(a=1, b=2.0, c="x") == 4
    assert m.add(1, c="xy", b=0.0) == 3


def test_no_args():
    assert m.no_args() == "nothing"


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((1,), {}, "1|2|x|-1.5|None|computed"),
        ((1, 5), {}, "1|5|x|-1.5|None|computed"),
        ((1, 5, "y"), {}, "1|5|y|-1.5|None|computed"),
        ((1,), {"d": 2.0}, "1|2|x|2|None|computed"),
        ((1,), {"e": True}, "1|2|x|-1.5|Some(true)|computed"),
        ((1,), {"e": None}, "1|2|x|-1.5|None|computed"),
        ((1,), {"f": "given"}, "1|2|x|-1.5|None|given"),
        ((), {"a": 9, "c": "z"}, "9|2|z|-1.5|None|computed"),
    ],
)
def test_defaults(args, kwargs, expected):
    assert m.defaults(*args, **kwargs) == expected


def test_varargs_and_kwargs():
    assert m.args_kwargs() == (0, [])
    assert m.args_kwargs(1, 2, 3) == (3, [])
    assert m.args_kwargs(1, x=1, y=2) == (1, ["x", "y"])
    assert m.args_kwargs(**{"k": 1}) == (0, ["k"])


def test_kwargs_absent_is_none():
    assert m.echo_kwargs() is None
    assert m.echo_kwargs(a=1, b="two") == {"a": 1, "b": "two"}


def test_kwargs_dict_is_fresh_copy():
    d = {"q": 1}
    out = m.echo_kwargs(**d)
    assert out == d and out is not d


def test_keyword_only():
    assert m.kw_only(1, b=2) == (1, 2, 3)
    assert m.kw_only(1, b=2, c=4) == (1, 2, 4)
    assert m.kw_only(a=1, b=2) == (1, 2, 3)


def test_positional_only():
    assert m.pos_only(1, 2, 3) == 123
    assert m.pos_only(1, 2, c=3) == 123


def test_many_parameters_in_every_call_shape():
    full = "n:1,2,3,4,5,6,7,8,9,10"
    assert m.ten(1, 2, 3, 4, 5, 6, 7, 8, "n", 9, 10) == full
    # Omitted defaults, keywords, and both.
    assert m.ten(1, 2, 3, 4, 5, 6, 7, 8, "n") == full
    assert m.ten(1, 2, 3, 4, 5, 6, 7, 8, "n", j=0) == "n:1,2,3,4,5,6,7,8,9,0"
    assert m.ten(a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, name="".join("nm"), i=0) == (
        "nm:1,2,3,4,5,6,7,8,0,10"
    )
    with pytest.raises(TypeError) as info:
        m.ten(1, 2, 3, 4, 5, 6, 7, 8)
    assert str(info.value) == "ten() missing 1 required positional argument: 'name'"
    with pytest.raises(TypeError) as info:
        m.ten(1, 2, 3, 4, 5, 6, 7, 8, "n", 9, 10, 11)
    assert str(info.value) == "ten() takes from 9 to 11 positional arguments but 12 were given"
    with pytest.raises(TypeError) as info:
        m.ten(1, 2, 3, 4, 5, 6, 7, 8, "n", k=1)
    assert str(info.value) == "ten() got an unexpected keyword argument 'k'"


def test_mixed_all_forms():
    assert m.mixed_all(1, c=3) == "a=1 b=1 args=() c=3 d=4 kw=0"
    assert m.mixed_all(1, 2, 7, 8, c=3, d=5, z=1) == "a=1 b=2 args=(7, 8) c=3 d=5 kw=1"
    assert m.mixed_all(1, b=9, c=0) == "a=1 b=9 args=() c=0 d=4 kw=0"


def test_mixed_positional_only_name_goes_to_kwargs():
    # With **kw, a keyword named like a positional-only parameter lands in kw (as in Python).
    assert m.mixed_all(1, c=3, a=5) == "a=1 b=1 args=() c=3 d=4 kw=1"


def test_optional_trailing_defaults_to_none():
    assert m.optional_trailing(1) == "1 None None"
    assert m.optional_trailing(1, 2) == "1 Some(2) None"
    assert m.optional_trailing(1, None, "x") == '1 None Some("x")'
    assert m.optional_trailing(1, c="k") == '1 None Some("k")'


def test_renamed_functions():
    assert m.renamed() == "renamed via #[pybound(name)]"
    assert m.renamed_inline_name() == "renamed inline"
    assert m.renamed.__name__ == "renamed"
    assert not hasattr(m, "renamed_option")


def test_pass_module():
    assert m.with_module("!") == m.__name__ + "!"


def test_python_token_is_not_a_parameter():
    assert m.token_and_args(2, 3) == 5
    assert "py" not in inspect.signature(m.token_and_args).parameters


def test_function_names_and_module():
    assert m.add.__name__ == "add"
    assert m.add.__module__ == m.__name__
    assert m.add.__qualname__ == "add"


@pytest.mark.parametrize(
    "func, expected",
    [
        ("add", "(a, b, c)"),
        ("no_args", "()"),
        ("defaults", "(a, b=2, c='x', d=-1.5, e=None, f=Ellipsis)"),
        ("args_kwargs", "(*args, **kwargs)"),
        ("echo_kwargs", "(**kwargs)"),
        ("kw_only", "(a, *, b, c=3)"),
        ("pos_only", "(a, b, /, c)"),
        ("mixed_all", "(a, /, b=1, *args, c, d=4, **kw)"),
        ("optional_trailing", "(a, b=None, c=None)"),
        ("text_sig_override", "(value, /)"),
        ("with_module", "(suffix)"),
        ("token_and_args", "(a, b)"),
    ],
)
def test_inspect_signature(func, expected):
    assert str(inspect.signature(getattr(m, func))) == expected


def test_inspect_signature_parameter_kinds():
    params = inspect.signature(m.mixed_all).parameters
    kinds = {name: p.kind for name, p in params.items()}
    P = inspect.Parameter
    assert kinds == {
        "a": P.POSITIONAL_ONLY,
        "b": P.POSITIONAL_OR_KEYWORD,
        "args": P.VAR_POSITIONAL,
        "c": P.KEYWORD_ONLY,
        "d": P.KEYWORD_ONLY,
        "kw": P.VAR_KEYWORD,
    }


def test_docstrings():
    assert m.add.__doc__ == "Add an int, a float and a string length."
    assert m.with_doc.__doc__ == "First line of the docs.\n\nMore details after a blank line."
    assert m.no_args.__doc__ in (None, "")


def test_text_signature_none_shows_no_signature():
    assert m.no_text_sig.__text_signature__ is None
    assert m.no_text_sig.__doc__ == "Adds two numbers (no signature shown)."
    assert m.no_text_sig(2, 3) == 5 and m.no_text_sig(2) == 2
    s = m.Scaler(2.0)
    assert m.Scaler.scale_quiet.__text_signature__ is None
    assert m.Scaler.scale_quiet.__doc__ == "Scaled, no signature shown."
    assert m.Scaler.scale.__text_signature__ == "($self, x)"
    assert s.scale(1.5) == 3.0 and s.scale_quiet(2.0) == 4.0
    with pytest.raises(ValueError):
        inspect.signature(m.Scaler)


def test_annotations_in_the_signature_only_annotate():
    # The annotations are for the stub; the call and the text signature are as without them.
    assert m.annotated_sig([1, 2], 3, scale=2.0) == [2.0, 4.0, 6.0]
    assert m.annotated_sig.__text_signature__ == "(values, *rest, scale=1.0)"


def test_text_signature_attribute():
    assert m.add.__text_signature__ == "(a, b, c)"


def test_help_output_mentions_signature_and_doc():
    import pydoc

    text = pydoc.render_doc(m.add, renderer=pydoc.plaintext)
    assert "add(a, b, c)" in text
    assert "Add an int, a float and a string length." in text


def test_help_of_module_lists_functions():
    import pydoc

    text = pydoc.render_doc(m, renderer=pydoc.plaintext)
    assert "Test module for pybound's functions and modules." in text
    assert "add(a, b, c)" in text
    assert "kw_only(a, *, b, c=3)" in text


def test_functions_are_builtin_functions():
    assert type(m.add).__name__ == "builtin_function_or_method"
    assert callable(m.add)


def test_function_usable_as_key_function():
    assert sorted([3, 1, 2], key=m.double) == [1, 2, 3]
    assert list(map(m.double, [1, 2])) == [2, 4]


def test_many_calls_are_stable():
    for i in range(10000):
        assert m.add(i, 0.0, "") == i


def test_varargs_and_kwargs_of_any_convertible_type():
    assert m.sum_args() == 0
    assert m.sum_args(1, 2, 3) == 6
    assert m.sum_args(1, a=10, b=20) == 31
    with pytest.raises(TypeError, match="argument 'args'"):
        m.sum_args(1, "x")
    with pytest.raises(TypeError, match="argument 'kwargs'"):
        m.sum_args(a="x")


def test_from_py_with_converts_with_the_given_function():
    assert m.object_length([1, 2, 3]) == 3
    assert m.object_length("abcd") == 4
    assert m.object_length(argument={}) == 0
    with pytest.raises(TypeError) as info:
        m.object_length(5)
    assert str(info.value) == "argument 'argument': object of type 'int' has no len()"


def test_from_py_with_string_form_defaults_and_errors():
    assert m.hex_sum("10") == 16 + 255
    assert m.hex_sum("10", b="1") == 17
    with pytest.raises(ValueError, match="invalid digit"):
        m.hex_sum("zz")
    with pytest.raises(TypeError, match="argument 'a'"):
        m.hex_sum(3)


def test_from_py_with_on_a_method():
    assert m.Measurer().measure([0] * 4) == 40
    with pytest.raises(TypeError, match="argument 'n'"):
        m.Measurer().measure(1)


def _recorded(f):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = f()
    return result, [(w.category, str(w.message), w.filename) for w in caught]


def test_warn_option_on_functions():
    assert _recorded(m.old_api) == (42, [(UserWarning, "old_api is deprecated", __file__)])
    result, caught = _recorded(lambda: m.twice_warned(1))
    assert result == 2
    assert [(c, msg) for c, msg, _ in caught] == [(UserWarning, "first"), (FutureWarning, "second")]


def test_warn_option_on_methods_constructor_getter_and_slot():
    legacy, caught = _recorded(m.Legacy)
    assert [(c, msg) for c, msg, _ in caught] == [(DeprecationWarning, "Legacy is deprecated")]
    assert _recorded(legacy.get)[1][0][:2] == (UserWarning, "use value")
    assert _recorded(lambda: legacy.old) == (3, [(UserWarning, "reading old", __file__)])
    assert _recorded(lambda: len(legacy))[1][0][:2] == (UserWarning, "len of a Legacy")


def test_warn_option_turned_into_an_error_by_the_filters():
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(FutureWarning, match="^second$"):
            m.twice_warned(1)
