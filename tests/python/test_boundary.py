"""The call boundary: panics, errors, callbacks, closures."""
import gc
import sys
import traceback

import pytest

from _ext import m


def test_panic_becomes_panic_exception():
    with pytest.raises(BaseException) as info:
        m.panics()
    assert type(info.value).__name__ == "PanicException"
    assert str(info.value) == "rust panicked here"


def test_panic_exception_is_not_an_exception_subclass():
    with pytest.raises(BaseException) as info:
        m.panics()
    assert not isinstance(info.value, Exception)
    assert type(info.value).__module__ == "pybound_runtime"


def test_panic_message_with_formatting():
    with pytest.raises(BaseException, match="bad n = 5"):
        m.panics_with_format(5)
    assert m.panics_with_format(-1) == -1


def test_interpreter_usable_after_panics():
    for _ in range(5):
        with pytest.raises(BaseException):
            m.panics()
    assert m.add(1, 1.0, "") == 2


def test_value_error_from_rust():
    with pytest.raises(ValueError, match="^given message$"):
        m.raises_value_error("given message")


def test_custom_exception_class():
    with pytest.raises(m.CustomError, match="custom failure"):
        m.raises_custom()
    assert issubclass(m.CustomError, Exception)
    assert m.CustomError.__module__ == "pybound_testext"  # from create_exception!(pybound_testext, ...)
    assert m.CustomError.__doc__ == "An error defined in Rust."


def test_custom_exception_caught_as_base():
    try:
        m.raises_custom()
    except Exception as e:  # noqa: BLE001
        assert type(e) is m.CustomError


def test_io_error_maps_to_file_not_found():
    with pytest.raises(FileNotFoundError) as info:
        m.returns_err_io("/no/such/file/here")
    assert info.value.errno == 2


def test_io_success():
    assert m.returns_err_io(__file__) > 0


def test_unit_returns_none():
    assert m.returns_unit() is None


def test_callback_result():
    assert m.call_back(lambda a, b: a + b, 2, 3) == 5
    assert m.call_back(lambda: "no args") == "no args"


def test_callback_with_kwargs():
    assert m.call_back_with_kwargs(lambda **kw: kw, "k", 9) == {"k": 9}


def test_callback_exception_propagates_with_traceback():
    def failing():
        raise KeyError("from python")

    with pytest.raises(KeyError) as info:
        m.call_back(failing)
    frames = traceback.extract_tb(info.value.__traceback__)
    assert any(f.name == "failing" for f in frames)


def test_nested_callback_through_rust_twice():
    assert m.call_back(m.call_back, lambda x: x * 2, 21) == 42


def test_callback_raising_base_exception_propagates():
    def stop():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        m.call_back(stop)


def test_callback_can_call_panicking_rust():
    with pytest.raises(BaseException) as info:
        m.call_back(m.panics)
    assert type(info.value).__name__ == "PanicException"


def test_dict_mutation_during_rust_iteration_raises_runtime_error():
    d = {"a": 1, "b": 2}
    with pytest.raises(RuntimeError, match="dictionary changed size during iteration"):
        m.mutate_dict_while_iterating(d, lambda k: d.__setitem__(k * 2, 0))


def test_dict_iteration_without_mutation():
    assert m.mutate_dict_while_iterating({"a": 1, "b": 2}, lambda k: None) == 2


def test_closure_counts_calls():
    counter = m.make_counter()
    assert counter() == 1
    assert counter() == 2
    assert counter(5) == 7
    assert counter.__name__ == "counter"
    assert counter.__doc__ == "Count calls."


def test_closures_are_independent():
    a, b = m.make_counter(), m.make_counter()
    a()
    a()
    assert b() == 1


def test_closure_error():
    counter = m.make_counter()
    with pytest.raises(ValueError, match="asked to fail"):
        counter(fail=True)


def test_closure_argument_error():
    counter = m.make_counter()
    with pytest.raises(TypeError):
        counter("not a number")


def test_closure_is_freed():
    import weakref

    counter = m.make_counter()
    # builtin functions are not weak-referenceable; check refcount behaviour instead
    before = sys.getrefcount(counter)
    for _ in range(100):
        counter()
    assert sys.getrefcount(counter) == before
    del counter
    gc.collect()


def test_no_reference_leak_in_calls():
    obj = object()
    before = sys.getrefcount(obj)
    for _ in range(1000):
        m.py_object_roundtrip(obj)
        m.describe(obj)
        m.call_back(lambda x: x, obj)
    assert sys.getrefcount(obj) == before


def test_no_reference_leak_on_errors():
    s = "not-an-int-xyz"
    before = sys.getrefcount(s)
    for _ in range(1000):
        with pytest.raises(TypeError):
            m.add(s, 1.0, "")
    assert sys.getrefcount(s) == before


def test_calls_from_threads():
    import threading

    results = []

    def work():
        results.append(sum(m.add(i, 0.0, "") for i in range(1000)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [499500] * 4


# Every kind of C callback a class can have: a panic becomes PanicException and an error its
# Python exception, through the slot's own error return (NULL, or -1 for statuses, hashes and
# lengths). `Panicky(True)` panics in each, `Panicky(False)` raises ValueError.
SLOT_CALLS = {
    "method": lambda p: p.method(),
    "getter": lambda p: p.prop,
    "setter": lambda p: setattr(p, "prop", 1),
    "__repr__": repr,
    "__hash__": hash,
    "__len__": len,
    "__bool__": bool,
    "__getitem__": lambda p: p[0],
    "__setitem__": lambda p: p.__setitem__(0, 1),
    "__contains__": lambda p: 0 in p,
    "__call__": lambda p: p(),
    "__neg__": lambda p: -p,
    "__add__": lambda p: p + 1,
    "__eq__": lambda p: p == 1,
}


@pytest.mark.parametrize("slot", sorted(SLOT_CALLS))
def test_panic_in_each_slot_becomes_panic_exception(slot):
    with pytest.raises(BaseException) as info:
        SLOT_CALLS[slot](m.Panicky(True))
    assert type(info.value).__name__ == "PanicException"
    assert str(info.value) == f"{slot} panicked"


@pytest.mark.parametrize("slot", sorted(SLOT_CALLS))
def test_error_in_each_slot_is_raised(slot):
    with pytest.raises(ValueError, match=f"^{slot} failed$"):
        SLOT_CALLS[slot](m.Panicky(False))


def test_panic_and_error_in_new():
    with pytest.raises(BaseException) as info:
        m.Panicky(True, in_new=True)
    assert type(info.value).__name__ == "PanicException"
    assert str(info.value) == "__new__ panicked"
    with pytest.raises(ValueError, match="^__new__ failed$"):
        m.Panicky(False, in_new=True)


@pytest.mark.parametrize("raise_it", [m.raises_custom, lambda: m.raises_value_error("x")])
def test_error_raised_while_handling_another_chains_context(raise_it):
    # Literal-message errors are made at once, builder errors when raised: both chain like
    # `raise` in an `except` block.
    try:
        raise KeyError("first")
    except KeyError as first:
        with pytest.raises(Exception) as info:
            raise_it()
        assert info.value.__context__ is first
    with pytest.raises(Exception) as info:
        raise_it()
    assert info.value.__context__ is None


def test_create_exception_with_a_dotted_module_exported_by_pymodule_export():
    assert issubclass(m.NestedError, ValueError)
    assert m.NestedError.__module__ == "pybound_testext.errors"
    assert m.NestedError.__name__ == "NestedError"
    assert m.NestedError.__doc__ == "An error whose module is a dotted path."
