"""`async fn` as `#[pyfunction]`: the coroutine protocol, asyncio, wakers, cancellation."""
import asyncio
import inspect

import pytest

from _ext import m


def run(coro):
    # A hang (a waker that never fires) fails the test rather than the suite.
    return asyncio.run(asyncio.wait_for(coro, timeout=30))


# Whether a coroutine is woken before or after it yields, and so how many iterations its loop
# runs, depends on the waking thread's timing: the refleak runs (debug_python.sh) hold these
# tests to their reference counts only (refleaks.py).
pytestmark = pytest.mark.block_count_varies

# Once, before any test: a wake from another thread after the coroutine yielded, which starts
# the runtime's waker thread and makes its one-time objects.
run(m.sleep_then(0.05))


def test_result_through_asyncio_after_another_threads_wakeup():
    sentinel = object()
    assert run(m.sleep_then(0.02, sentinel)) is sentinel
    assert run(m.sleep_then(0.0)) is None


def test_many_coroutines_wait_together():
    async def main():
        return await asyncio.gather(*(m.sleep_then(0.05, i) for i in range(20)))

    assert run(main()) == list(range(20))


def test_coroutine_protocol_by_hand():
    c = m.add_async(2, 3)
    assert inspect.isawaitable(c) and asyncio.iscoroutine(c)
    assert c.__qualname__ == "add_async"
    with pytest.raises(StopIteration) as stop:
        c.send(None)
    assert stop.value.value == 5
    with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
        c.send(None)


def test_errors_and_panics_are_raised():
    with pytest.raises(ValueError, match="nope"):
        run(m.fail_async("nope"))
    with pytest.raises(BaseException, match="async panic") as info:
        run(m.panic_async())
    assert type(info.value).__name__ == "PanicException"
    c = m.panic_async()
    with pytest.raises(BaseException, match="async panic"):
        c.send(None)
    with pytest.raises(RuntimeError, match="cannot reuse already awaited coroutine"):
        c.send(None)


def test_throw_without_a_cancel_handle_drops_the_future():
    c = m.sleep_then(10.0, 1)
    assert c.send(None) is None  # no running loop: a bare yield
    with pytest.raises(KeyError):
        c.throw(KeyError("k"))
    with pytest.raises(RuntimeError, match="already awaited"):
        c.send(None)
    c.close()


def test_cancel_handle_receives_the_cancellation():
    async def main():
        task = asyncio.ensure_future(m.until_cancelled())
        await asyncio.sleep(0)
        task.cancel()
        return await task

    assert run(main()) == "cancelled: CancelledError"


def test_close_and_argument_errors():
    c = m.sleep_then(10.0)
    c.close()
    with pytest.raises(RuntimeError):
        c.send(None)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'seconds'"):
        m.sleep_then()


def test_async_methods():
    store = m.Store("k:")

    async def main():
        return await store.fetch("a"), await m.Store.double(21)

    assert run(main()) == ("k:a", 42)
    assert store.fetch("b").__qualname__ == "Store.fetch"


def test_async_methods_keep_self_borrowed_until_done():
    store = m.Store("k:")

    async def main():
        pending = store.rename("new:", 0.05)
        task = asyncio.ensure_future(pending)
        await asyncio.sleep(0)  # started: `&mut self` is held across the await
        with pytest.raises(RuntimeError, match="Already mutably borrowed"):
            store.prefix()
        old = await task
        # Shared borrows coexist.
        both = await asyncio.gather(store.describe(0.01), store.describe(0.01))
        return old, store.prefix(), both

    assert run(main()) == ("k:", "new:", ["store new:", "store new:"])


def test_a_coroutine_never_started_holds_the_borrow_until_dropped():
    store = m.Store("p")
    c = store.rename("q", 0.0)  # the borrow is taken when the method is called
    with pytest.raises(RuntimeError, match="Already mutably borrowed"):
        store.prefix()
    c.close()
    del c
    assert store.prefix() == "p"
