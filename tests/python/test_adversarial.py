"""Objects that lie, raise or mutate what is being converted, panics while an exception is in
flight, threads: the defects an adversarial probe found, each with its regression test. Tests
that could crash the interpreter run in a child process, so a crash fails one test instead of
ending the run."""
import collections.abc
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import traceback
import warnings

import pytest

from _ext import m


def in_child(body):
    """Run `body()` in a forked child: a crash (a signal) or an exception fails the test."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            body()
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        pytest.fail(f"the child crashed: {signal.Signals(os.WTERMSIG(status)).name}")
    assert os.WEXITSTATUS(status) == 0, "the child failed (its traceback is above)"


def run_python(code, *flags, **env):
    """Run `code` in a fresh interpreter (with `flags` and extra environment variables)."""
    environment = dict(os.environ, **env)
    environment["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(__file__), environment.get("PYTHONPATH", "")]
    )
    return subprocess.run(
        [sys.executable, *flags, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


# ---- 1. a panic in Drop while an exception propagates ----

def test_panic_in_drop_while_an_exception_propagates():
    def body():
        reported = []
        sys.unraisablehook = lambda u: reported.append(u.exc_type.__name__)
        try:
            [m.PanicOnDrop(), {}["k"]]
        except KeyError as e:
            assert e.args == ("k",)
        else:
            raise AssertionError("the KeyError was lost")

        def inner():
            return [m.PanicOnDrop(), {}["missing"]]

        try:
            inner()
        except KeyError as e:
            assert e.args == ("missing",)
        assert reported == ["PanicException", "PanicException"], reported

    in_child(body)


def test_drop_without_panic_keeps_the_exception_and_reports_nothing():
    reported = []
    old = sys.unraisablehook
    sys.unraisablehook = lambda u: reported.append(u)
    try:
        with pytest.raises(KeyError):
            [m.PanicOnDrop(False), {}["k"]]
    finally:
        sys.unraisablehook = old
    assert reported == []


# ---- 2. a keyword dict emptied while the arguments are converted ----

EVIL_KWARGS = """
    import _ext
    m = _ext.m

    class Evil:
        def __init__(self, d):
            self.d = d
        def __index__(self):
            self.d.clear()
            return 1

    class Later:
        def __index__(self):
            return 2

    def kwargs():
        d = {}
        d["a"] = Evil(d)
        d["b"] = Later()
        return d

    pair = m.call_with_dict(m.KwPair, kwargs())
    assert (pair.a, pair.b) == (1, 2), (pair.a, pair.b)
    assert m.call_with_dict(m.KwPair(10, 100), kwargs()) == 210
    print("ok")
"""


def test_kwargs_dict_emptied_during_argument_conversion():
    # The debug allocator overwrites freed memory, so a use of a freed value crashes.
    result = run_python(EVIL_KWARGS, PYTHONMALLOC="debug")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# ---- 3. a lying __len__ ----

class LyingSequence(collections.abc.Sequence):
    def __init__(self, claimed):
        self.claimed = claimed

    def __len__(self):
        return self.claimed

    def __getitem__(self, i):
        if i < 3:
            return i
        raise IndexError(i)


@pytest.mark.parametrize("claimed", [2**33, 2**61])
def test_vec_from_a_huge_lying_len_is_a_memory_error(claimed):
    def body():
        try:
            m.vec_len(LyingSequence(claimed))
        except MemoryError:
            pass
        else:
            raise AssertionError("expected MemoryError, as list() gives")

    in_child(body)


def test_vec_from_a_short_or_negative_lying_len():
    # Items are read as list() reads them: until IndexError, whatever __len__ says.
    assert m.vec_len(LyingSequence(1)) == len(list(LyingSequence(1))) == 3
    with pytest.raises(ValueError, match="__len__"):
        m.vec_len(LyingSequence(-5))


# ---- 4. the unsendable check across threads that come and go ----

def test_unsendable_object_of_a_finished_thread_is_refused_on_a_new_thread():
    for _ in range(40):
        made = []
        t = threading.Thread(target=lambda: made.append(m.LocalOnly()))
        t.start()
        t.join()
        # Let the OS thread finish exiting, so that its stack (and thread-local storage) can
        # be reused by the next thread, as it is in a long-running program.
        time.sleep(0.005)
        outcome = []

        def use():
            try:
                outcome.append(made[0].bump())
            except RuntimeError as e:
                outcome.append(str(e))

        t2 = threading.Thread(target=use)
        t2.start()
        t2.join()
        assert outcome == [
            "LocalOnly is unsendable, but is being used on a thread other than the one that created it"
        ]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            made.clear()


# ---- 5. an unsendable object released on another thread with warnings as errors ----

def test_unsendable_released_elsewhere_with_warnings_as_errors():
    def body():
        made = []
        t = threading.Thread(target=lambda: made.append(m.LocalOnly()))
        t.start()
        t.join()
        reported = []
        sys.unraisablehook = lambda u: reported.append(u.exc_type)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            made.clear()  # must not leave the warning's exception set
            x = [1, 2, 3]  # ... which the next call would find
            assert sum(x) == 6
        assert reported == [RuntimeWarning], reported

    in_child(body)


# ---- 6. keyword names UTF-8 cannot hold ----

def test_lone_surrogate_keyword_goes_to_kwargs():
    assert m.kwargs_keys(**{"\ud800": 1}) == 1


def test_lone_surrogate_keyword_is_unexpected():
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        m.one_named(x=1, **{"\ud800": 1})


# ---- 7. 128-bit integers call __index__ once ----

class CountingIndex:
    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __index__(self):
        self.calls += 1
        return self.value


@pytest.mark.parametrize("value", [5, 2**70, -(2**70)])
def test_i128_calls_index_once(value):
    o = CountingIndex(value)
    assert m.echo_i128(o) == value
    assert o.calls == 1


@pytest.mark.parametrize("value", [5, 2**100])
def test_u128_calls_index_once(value):
    o = CountingIndex(value)
    assert m.echo_u128(o) == value
    assert o.calls == 1


# ---- objects that lie, raise or mutate what is being converted ----

class ClearsList:
    """An int-like item that empties the list it sits in when converted."""

    def __init__(self, target):
        self.target = target

    def __index__(self):
        self.target.clear()
        return 1


def test_list_emptied_while_its_items_convert():
    def body():
        items = []
        items.extend([ClearsList(items), 2, 3])
        # The loop re-reads the size: the items after the first are gone.
        assert m.sum_list(items) == 1

    in_child(body)


class GrowsDict:
    """A value that adds keys to the dict being converted."""

    def __init__(self, target):
        self.target = target

    def __index__(self):
        for i in range(100):
            self.target[f"k{i}"] = i
        return 1


def test_dict_grown_while_its_values_convert():
    def body():
        d = {}
        d["a"] = GrowsDict(d)
        d["b"] = 2
        try:
            m.sum_map(d)
        except RuntimeError as e:
            assert "changed size" in str(e)

    in_child(body)


class RaisingSequence(collections.abc.Sequence):
    def __len__(self):
        return 3

    def __getitem__(self, i):
        raise KeyError("no items here")


def test_sequence_that_raises_while_read():
    with pytest.raises(KeyError, match="no items here"):
        m.vec_len(RaisingSequence())


class RaisingLength(collections.abc.Sequence):
    def __len__(self):
        raise ValueError("no length")

    def __getitem__(self, i):
        if i < 2:
            return i
        raise IndexError(i)


def test_sequence_whose_len_raises():
    # list() asks for a length hint and ignores nothing but TypeError: the error propagates.
    with pytest.raises(ValueError, match="no length"):
        m.vec_len(RaisingLength())


class IndexRaises:
    def __index__(self):
        raise ArithmeticError("no index")


class IndexNotInt:
    def __index__(self):
        return "three"


def test_index_that_raises_or_lies():
    with pytest.raises(ArithmeticError, match="no index"):
        m.echo_i128(IndexRaises())
    with pytest.raises(TypeError, match="__index__ returned non-int"):
        m.echo_i128(IndexNotInt())
    with pytest.raises(TypeError):
        m.sum_list([1, IndexNotInt()])


class MyInt(int):
    pass


class MyStr(str):
    pass


class MyList(list):
    pass


class MyDict(dict):
    pass


def test_conversions_accept_subclasses():
    assert m.echo_i128(MyInt(2**70)) == 2**70
    assert m.to_upper(MyStr("abc")) == "ABC"
    assert m.sum_list(MyList([1, 2, 3])) == 6
    assert m.sum_map(MyDict(a=1, b=2)) == 3
    assert m.vec_len((1, 2)) == 2


@pytest.mark.parametrize(
    "function, argument",
    [
        (m.sum_list, "abc"),
        (m.sum_list, 5),
        (m.sum_list, {1: 2}),
        (m.sum_map, [1, 2]),
        (m.to_upper, b"abc"),
        (m.echo_i128, 1.5),
        (m.echo_u128, -1),
        (m.vec_len, None),
    ],
)
def test_conversions_refuse_wrong_types(function, argument):
    with pytest.raises((TypeError, OverflowError)):
        function(argument)


class LyingHash:
    """Equal to everything, with a hash that changes on every call."""

    calls = 0

    def __hash__(self):
        LyingHash.calls += 1
        return LyingHash.calls

    def __eq__(self, other):
        return True


def test_set_of_objects_with_lying_hash_and_eq():
    with pytest.raises(TypeError):
        m.set_len({LyingHash(), LyingHash()})


def test_panic_in_every_callback_shape_while_an_exception_is_handled():
    # The callbacks run inside an `except` block (an exception is being handled); each
    # panic becomes PanicException and the handled exception is intact afterwards.
    try:
        raise LookupError("outer")
    except LookupError as outer:
        p = m.Panicky(True)
        for call in (lambda: p.method(), lambda: p.prop, lambda: repr(p), lambda: len(p)):
            with pytest.raises(BaseException) as info:
                call()
            assert type(info.value).__name__ == "PanicException"
        assert sys.exc_info()[1] is outer
