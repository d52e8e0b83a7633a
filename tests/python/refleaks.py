"""Refleak mode for the pytest suites (a pytest plugin: `-p refleaks --refleaks=3:3`), as
CPython's `regrtest -R 3:3`: each test function runs WARMUP + RUNS times in a row, and after
each run the interpreter's total reference count (`sys.gettotalrefcount`, debug builds only)
and its number of allocated memory blocks are read, caches cleared and cycles collected
first. The differences between consecutive runs after the warm-up must all be zero; a test
whose are not fails, naming the deltas.

The warm-up runs absorb what a first call creates once and keeps (interned names, type
objects, caches). Fixtures are set up once for all runs.

A test marked `block_count_varies` is held to its reference deltas only: its allocated-block
count depends on thread timing (an asyncio loop woken from another thread runs a different
number of iterations from one run to the next), so it can move by a block with no reference
left behind. Its block deltas are still printed."""
import gc
import sys

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--refleaks",
        metavar="WARMUP:RUNS",
        help="run each test WARMUP+RUNS times; fail it if references or blocks grow",
    )


def _settle():
    """Drop what caches hold and collect cycles, so that only leaks remain."""
    sys._clear_type_cache()
    for _ in range(3):
        gc.collect()


class _Report:
    tests = 0
    runs = 0
    leaks = []


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    spec = pyfuncitem.config.getoption("--refleaks")
    if not spec:
        return None
    if not hasattr(sys, "gettotalrefcount"):
        raise pytest.UsageError("--refleaks needs a debug build of CPython (sys.gettotalrefcount)")
    warmup, runs = (int(n) for n in spec.split(":"))
    function = pyfuncitem.obj
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    # Deltas go into lists made beforehand, and the totals live in locals, so that measuring
    # allocates nothing that outlives a run (a delta of 0 is a cached small int).
    ref_deltas = [0] * runs
    block_deltas = [0] * runs
    refs_before = blocks_before = 0
    for i in range(warmup + runs):
        function(**args)
        _settle()
        refs_after = sys.gettotalrefcount()
        blocks_after = sys.getallocatedblocks()
        if i >= warmup:
            ref_deltas[i - warmup] = refs_after - refs_before
            block_deltas[i - warmup] = blocks_after - blocks_before
        refs_before = refs_after
        blocks_before = blocks_after
    _Report.tests += 1
    _Report.runs += warmup + runs
    blocks_judged = pyfuncitem.get_closest_marker("block_count_varies") is None
    if not blocks_judged and any(block_deltas):
        print(f"{pyfuncitem.nodeid}: block deltas {block_deltas} (not judged: block_count_varies)")
    if any(ref_deltas) or (blocks_judged and any(block_deltas)):
        _Report.leaks.append(pyfuncitem.nodeid)
        pytest.fail(
            f"leaks: reference deltas {ref_deltas}, block deltas {block_deltas}",
            pytrace=False,
        )
    return True


def pytest_terminal_summary(terminalreporter, config):
    if not config.getoption("--refleaks"):
        return
    terminalreporter.write_line(
        f"refleaks: {_Report.tests} tests x {config.getoption('--refleaks')} "
        f"({_Report.runs} runs), {len(_Report.leaks)} leaking"
    )
    for nodeid in _Report.leaks:
        terminalreporter.write_line(f"refleaks: LEAK {nodeid}")
