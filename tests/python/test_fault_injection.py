"""Fault injection: each operation runs again and again with one allocation made to fail — the
first, then the second, and so on (`_testcapi.set_nomemory(k, k + 1)`) — and must end in its
normal result or `MemoryError`: never a crash, a `SystemError`, a panic or a wrong result.
On a debug interpreter (`make test-refleaks`), the injection rounds must also leave the total
reference count unchanged. Each operation runs in a forked child, so a crash fails one test."""
import gc
import os
import sys

import pytest

from _ext import m

_testcapi = pytest.importorskip("_testcapi")
if not hasattr(_testcapi, "set_nomemory"):
    pytest.skip("no _testcapi.set_nomemory", allow_module_level=True)

# How many allocation points are tried per operation (each operation makes fewer).
POINTS = 120

# Each operation makes at least one allocation (results are new objects), so that failing
# allocations reach it; its normal result is taken from a first call. Arguments are built
# beforehand: a list display whose allocation fails leaks a reference in CPython 3.11 itself
# (`sum([10**12, 2, 3])` does too), which would hide ours.
BIG = 10**12
LIST = [BIG, 2, 3]
DICT = {"a": BIG, "b": 2}
PAIR = {"left": BIG, "right": 2}
TUPLE = (BIG, "xyz")
TEXT = " ".join(f"word{i % 40}" for i in range(200))
OPERATIONS = {
    "positional arguments": lambda: m.add(BIG, 2.5, "abc"),
    "keywords and defaults": lambda: m.defaults(1, c="y", f="z"),
    "keyword-only": lambda: m.kw_only(BIG, b=2),
    "*args and **kwargs": lambda: m.args_kwargs(BIG, 2, k=3),
    "list to Vec": lambda: m.sum_list(LIST),
    "dict to HashMap": lambda: m.sum_map(DICT),
    "str in and out": lambda: m.to_upper("héllo"),
    "HashMap to dict": lambda: m.word_count(TEXT),
    "nested Vec to list": lambda: m.list_of_lists(30),
    "tuple in and out": lambda: m.tuple_swap(TUPLE),
    "class instance": lambda: m.Point(1.5, 2.5).x,
    "keyword constructor": lambda: m.KwPair(a=BIG, b=2).a,
    "error from Rust": lambda: _raised(m.raises_value_error),
    "derived conversion": lambda: m.pair_sum(PAIR),
}


def _raised(f):
    try:
        f()
    except MemoryError:
        raise
    except Exception as e:
        return type(e).__name__, str(e)
    return None


def _inject(op, point):
    """`op()` with allocation number `point` failing: its result, or MemoryError."""
    _testcapi.set_nomemory(point, point + 1)
    try:
        return op()
    except MemoryError:
        return MemoryError
    finally:
        _testcapi.remove_mem_hooks()


def _round(op, expected):
    """One injection at every point; returns how many points ended in MemoryError."""
    memory_errors = 0
    for point in range(POINTS):
        outcome = _inject(op, point)
        if outcome is MemoryError:
            memory_errors += 1
        elif outcome != expected:
            raise AssertionError(f"allocation {point} failing gave {outcome!r}, not {expected!r}")
    assert op() == expected, "the operation works again once allocations succeed"
    return memory_errors


def _child(name):
    op = OPERATIONS[name]
    expected = op()
    survived = _round(op, expected)
    if hasattr(sys, "gettotalrefcount"):
        # Rounds 3 and 4 against the one before (the first two may fill caches for good). The
        # totals are kept as in refleaks.py, so that measuring adds no reference itself.
        deltas = [0, 0]
        refs = 0
        for i in range(4):
            _round(op, expected)
            gc.collect()
            now = sys.gettotalrefcount()
            if i >= 2:
                deltas[i - 2] = now - refs
            refs = now
        assert deltas == [0, 0], f"{name}: injection rounds leaked references: {deltas}"
    return survived


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_allocation_failure_at_every_point(name):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        code = 1
        try:
            survived = _child(name)
            os.write(write, str(survived).encode())
            code = 0
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        report = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert not os.WIFSIGNALED(status), f"crashed: signal {os.WTERMSIG(status)}"
    assert os.WEXITSTATUS(status) == 0, "failed (the child's traceback is above)"
    survived = int(report)
    assert survived > 0, "no allocation failure was injected into the operation"
    print(f"fault injection: {name}: {survived} failing allocation points survived")
