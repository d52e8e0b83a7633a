"""Module definitions: inline and function forms, submodules, attributes, initialisation."""
import importlib
import sys

import pytest

from _ext import m


def test_module_docstring():
    assert m.__doc__ == "Test module for pybound's functions and modules."


def test_module_name_and_file():
    # The name comes from the import spec (maturin installs it inside a package).
    assert m.__name__.split(".")[-1] == "pybound_testext"
    assert m.__file__.endswith((".so", ".pyd"))


def test_exported_functions_present():
    for name in ["add", "defaults", "kw_only", "pos_only", "call_back", "sum_list", "make_counter"]:
        assert callable(getattr(m, name)), name


def test_inline_pyfunction_is_added():
    assert m.inline_function() == "inline"


def test_inline_pyclasses_are_added():
    obj = m.InlineClass(m.InlineKind.Second)
    assert obj.kind == m.InlineKind.Second
    assert m.InlineKind.First != m.InlineKind.Second
    assert not hasattr(m, "CompiledOut")


def test_module_init_adds_constants():
    assert m.VERSION == "0.0.0"
    assert m.ANSWER == 42


def test_all_lists_added_names():
    assert "add" in m.__all__
    assert "VERSION" in m.__all__
    assert "nested" in m.__all__


def test_inline_submodule():
    assert m.nested.where_am_i() == "nested:-"
    assert m.nested.where_am_i("x") == "nested:x"
    assert m.nested.__name__ == "nested"


def test_nested_submodule_doc():
    assert m.nested.__doc__ == "An inline submodule."
    assert m.nested.deeper.__doc__ == "A submodule of a submodule."


def test_two_levels_of_submodules():
    assert m.nested.deeper.depth() == 2


def test_function_form_submodule():
    assert m.helpers.double(21) == 42
    assert m.helpers.KIND == "function-form submodule"
    assert m.helpers.__doc__ == "A helper submodule defined with the function form."


def test_submodule_functions_know_their_module():
    assert m.helpers.double.__module__ == "helpers"


def test_module_is_a_module():
    import types

    assert isinstance(m, types.ModuleType)
    assert isinstance(m.nested, types.ModuleType)


def test_reimport_after_removal_from_sys_modules():
    name = m.__name__
    saved = sys.modules.pop(name)
    try:
        fresh = importlib.import_module(name)
        assert fresh is not saved
        assert fresh.add(1, 1.0, "") == 2
        assert fresh.ANSWER == 42
    finally:
        sys.modules[name] = saved


def test_reload():
    reloaded = importlib.reload(m)
    assert reloaded.add(1, 1.0, "a") == 3


def test_import_in_subinterpreter_raises_import_error():
    try:
        import _xxsubinterpreters as interpreters  # 3.9 - 3.12
    except ImportError:
        try:
            import _interpreters as interpreters  # 3.13+
        except ImportError:
            pytest.skip("no subinterpreter API in this Python")
    interp = interpreters.create()
    try:
        code = (
            "import sys\n"
            "try:\n"
            f"    import {m.__name__}\n"
            "    sys.modules['__main__'].outcome = 'imported'\n"
            "except ImportError as e:\n"
            "    sys.modules['__main__'].outcome = 'ImportError: ' + str(e)\n"
            "assert sys.modules['__main__'].outcome.startswith('ImportError'), sys.modules['__main__'].outcome\n"
        )
        result = interpreters.run_string(interp, code)
        # 3.13's _interpreters returns an error description instead of raising
        assert result is None, result
    finally:
        interpreters.destroy(interp)


def test_renamed_submodule():
    assert m.renamed_sub.__name__ == "renamed_sub"
    assert m.renamed_sub.double(2) == 4
    assert not hasattr(m, "rust_side_name")


def test_module_attributes_are_settable_like_python_modules():
    m.some_new_attribute = 1
    try:
        assert m.some_new_attribute == 1
    finally:
        del m.some_new_attribute


def test_function_form_module_taking_the_token():
    assert m.with_token.py_major == sys.version_info.major


def test_add_class_adds_the_class_under_its_name():
    cls = m.with_token.Receivers
    assert cls.__name__ == "Receivers"
    assert cls.__module__ == "with_token"


def test_add_wrapped_function_and_module():
    assert m.with_token.double(4) == 8
    assert m.with_token.wrapped_sub.ANSWER == 42
    assert m.with_token.wrapped_sub.__name__ == "wrapped_sub"


def test_exports_follow_their_cfg():
    assert m.cfg_kept() == "kept"
    assert not hasattr(m, "missing")
