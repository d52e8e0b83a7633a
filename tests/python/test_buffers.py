"""The buffer protocol both ways: `PyBuffer<T>` parameters reading any exporter, and classes
lending Rust memory (`#[pyclass(buffer)]`, PyO3's raw `__getbuffer__`)."""
import array
import ctypes
import gc
import mmap
import struct
import sys

import pytest

from _ext import ABI3, m

# The abi3 (cp39-abi3) build has no buffer protocol: the stable ABI has it from 3.11.
pytestmark = pytest.mark.skipif(ABI3, reason="the abi3 build has no buffer protocol")

try:
    import numpy as np
except ImportError:  # the debug-CPython venv: PyPI's wheels do not fit it
    np = None

needs_numpy = pytest.mark.skipif(np is None, reason="numpy is not installed for this interpreter")


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p), ("obj", ctypes.py_object), ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t), ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p), ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p), ("internal", ctypes.c_void_p),
    ]


def request_writable(obj):
    """`PyObject_GetBuffer(obj, &view, PyBUF_WRITABLE)`, the exporter's error raised as is
    (Python-level APIs turn it into a TypeError of their own); released if it succeeds."""
    get = ctypes.pythonapi.PyObject_GetBuffer
    get.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
    view = _PyBuffer()
    get(obj, ctypes.byref(view), 1)
    ctypes.pythonapi.PyBuffer_Release.argtypes = [ctypes.POINTER(_PyBuffer)]
    ctypes.pythonapi.PyBuffer_Release(ctypes.byref(view))


# ---- consumer: PyBuffer<T> parameters ----

def test_every_exporter_of_doubles():
    values = [1.0, 2.5, -0.5, 4.0]
    assert m.sum_f64(array.array("d", values)) == 7.0
    assert m.sum_f64(memoryview(array.array("d", values))) == 7.0
    raw = array.array("d", values).tobytes()
    assert m.sum_f64(memoryview(raw).cast("d")) == 7.0
    assert m.sum_f64(memoryview(bytearray(raw)).cast("d")) == 7.0


def test_pyo3_cells_still_work():
    assert m.sum_f64_cells(array.array("d", [1.0, 2.0])) == 3.0
    assert m.sum_f64_cells(memoryview(array.array("d", [1.0, 2.0, 3.0]))[::2]) is None


def test_sliced_and_strided_views():
    data = array.array("d", range(10))
    assert m.sum_f64(memoryview(data)[2:5]) == 2 + 3 + 4
    assert m.sum_f64(memoryview(data)[::3]) == 0 + 3 + 6 + 9
    assert m.sum_f64(memoryview(data)[::-1]) == sum(range(10))
    assert m.i64_items(memoryview(array.array("q", range(6)))[1::2]) == [1, 3, 5]


def test_mmap_is_an_exporter():
    with mmap.mmap(-1, 8) as mapped:
        mapped[:] = array.array("q", [-7]).tobytes()
        with pytest.raises(BufferError, match="format 'B'"):
            m.i64_items(mapped)  # an mmap exports bytes
        assert m.i64_items(memoryview(mapped).cast("q")) == [-7]
        m.fill_bytes(mapped, 0)
        assert mapped[:] == bytes(8)


def test_format_and_type_errors_are_clear():
    with pytest.raises(BufferError, match=r"not compatible with f64: its items have format 'f' \(4 bytes each\)"):
        m.sum_f64(array.array("f", [1.0]))
    with pytest.raises(BufferError, match="not compatible with i64: its items have format 'd'"):
        m.i64_items(array.array("d", [1.0]))
    with pytest.raises(TypeError, match="a bytes-like object is required, not 'list'"):
        m.sum_f64([1.0, 2.0])
    with pytest.raises(TypeError, match="a bytes-like object is required, not 'str'"):
        m.fill_bytes("abc", 0)


def test_writes_land_in_the_exporter_and_read_only_is_refused():
    target = bytearray(b"abcd")
    m.fill_bytes(target, 0x2A)
    assert target == b"****"
    view = memoryview(bytearray(6))[1:4]
    m.fill_bytes(view, 1)
    assert bytes(view.obj) == b"\x00\x01\x01\x01\x00\x00"
    with pytest.raises(BufferError, match="writable, contiguous"):
        m.fill_bytes(b"read only", 0)
    with pytest.raises(BufferError, match="writable, contiguous"):
        m.fill_bytes(memoryview(bytearray(6))[::2], 0)


def test_exports_end_when_the_call_returns():
    data = bytearray(b"abc")
    m.fill_bytes(data, 0)
    data.extend(b"more")  # would raise BufferError if an export leaked
    assert len(data) == 7


def test_immutable_slices_only_for_memory_nothing_can_change():
    assert m.immutable_len(b"hello") == 5
    assert m.immutable_len(memoryview(b"hello")[1:]) == 4
    assert m.immutable_len(memoryview(memoryview(b"hello"))) == 5
    assert m.immutable_len(m.owned_bytes(b"abc")) == 3
    assert m.immutable_len(memoryview(m.owned_bytes(b"abcd"))[1:]) == 3
    assert m.immutable_len(bytearray(b"hello")) is None
    assert m.immutable_len(memoryview(bytearray(b"hello")).toreadonly()) is None
    assert m.immutable_len(memoryview(b"hello")[::2]) is None  # not contiguous
    assert m.immutable_len(m.owned_bytes_writable(3)) is None
    assert m.immutable_len(memoryview(m.owned_bytes_writable(3))) is None


def test_describe_buffer_of_a_matrix():
    matrix = memoryview(array.array("i", range(6))).cast("B").cast("i", [2, 3])
    fmt, itemsize, shape, strides, readonly, c_contiguous = m.describe_buffer(matrix)
    assert (fmt, itemsize, shape, strides, readonly, c_contiguous) == ("i", 4, [2, 3], [12, 4], False, True)


@needs_numpy
def test_numpy_arrays_in_place():
    a = np.arange(12, dtype=np.float64)
    assert m.sum_f64(a) == a.sum()
    assert m.sum_f64(a.reshape(3, 4)[:, 1]) == a.reshape(3, 4)[:, 1].sum()
    assert m.sum_f64(a.reshape(3, 4).T) == a.sum()
    assert m.i64_items(np.array([[1, 2], [3, 4]], dtype=np.int64).T) == [1, 3, 2, 4]
    with pytest.raises(BufferError, match="format 'i'"):
        m.i64_items(np.arange(3, dtype=np.int32))
    b = np.zeros(4, dtype=np.uint8)
    m.fill_bytes(b, 9)
    assert b.tolist() == [9, 9, 9, 9]
    frozen = np.zeros(4, dtype=np.uint8)
    frozen.flags.writeable = False
    with pytest.raises(BufferError):
        m.fill_bytes(frozen, 1)


# ---- exporter: #[pyclass(buffer)] ----

def test_memoryview_shares_the_rust_memory():
    s = m.Samples([1.0, 2.0, 3.5])
    view = memoryview(s)
    assert view.format == "d"
    assert view.itemsize == 8
    assert view.shape == (3,)
    assert view.strides == (8,)
    assert view.readonly
    assert view.tolist() == [1.0, 2.0, 3.5]
    assert view.obj is s
    view.release()


def test_mutation_is_refused_while_exported_and_allowed_after():
    s = m.Samples([1.0])
    view = memoryview(s)
    with pytest.raises(BufferError, match="Existing exports of data: Samples cannot be modified"):
        s.push(2.0)
    assert s.total() == 1.0  # reading under a shared borrow is fine
    second = memoryview(s)
    view.release()
    with pytest.raises(BufferError):
        s.push(2.0)
    second.release()
    s.push(2.0)
    assert memoryview(s).tolist() == [1.0, 2.0]


def test_slices_of_a_view_keep_the_export():
    s = m.Samples([0.0, 1.0, 2.0, 3.0])
    sliced = memoryview(s)[1::2]
    with pytest.raises(BufferError):
        s.push(9.0)
    assert sliced.tolist() == [1.0, 3.0]
    del sliced
    gc.collect()
    s.push(9.0)
    assert len(s) == 5


def test_writable_requests_are_refused():
    s = m.Samples([1.0])
    with pytest.raises(BufferError, match="Object is not writable"):
        request_writable(s)
    # ... and the refused request left no export behind.
    s.push(2.0)


def test_multidimensional_exports():
    s = m.Samples([float(i) for i in range(6)], [2, 3])
    view = memoryview(s)
    assert view.shape == (2, 3)
    assert view.strides == (24, 8)
    assert view.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    view.release()
    scalar = memoryview(m.Samples([7.5], []))
    assert scalar.ndim == 0 and scalar.shape == () and scalar.tobytes() == array.array("d", [7.5]).tobytes()
    scalar.release()
    with pytest.raises(BufferError, match=r"Samples exports 5 items but a shape of \[2, 3\]"):
        memoryview(m.Samples([0.0] * 5, [2, 3]))
    with pytest.raises(BufferError, match=r"exports 6 items but a shape of \[5\]"):
        memoryview(m.Samples([0.0] * 6, [5]))


def test_consumers_that_copy_or_hash():
    blob = m.Blob(b"hello world")
    assert bytes(blob) == b"hello world"
    assert bytearray(blob) == b"hello world"
    import hashlib
    assert hashlib.sha256(blob).hexdigest() == hashlib.sha256(b"hello world").hexdigest()
    assert m.immutable_len(blob) is None  # not a bytes object: no plain slice


@needs_numpy
def test_numpy_asarray_shares_memory():
    s = m.Samples([float(i) for i in range(1000)])
    a = np.asarray(s)
    assert a.dtype == np.float64 and a.shape == (1000,)
    assert not a.flags.writeable
    assert a.sum() == sum(range(1000))
    # No copy: numpy points into the memoryview of the Rust vector.
    assert np.shares_memory(a, np.asarray(memoryview(s)))
    with pytest.raises(BufferError):
        s.push(1.0)
    del a
    gc.collect()
    s.push(1.0)
    m2 = np.asarray(m.Samples([1.0, 2.0, 3.0, 4.0], [2, 2]))
    assert m2.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert np.asfortranarray(m2).tolist() == [[1.0, 2.0], [3.0, 4.0]]  # a copy, from C order


def test_exports_are_balanced_over_many_cycles():
    s = m.Samples([1.0, 2.0])
    before = sys.getrefcount(s)
    for _ in range(100_000):
        with memoryview(s) as v:
            v[0]
    assert sys.getrefcount(s) == before
    s.push(3.0)


def test_a_subclass_exports_too():
    class Sub(m.Blob):
        pass

    assert bytes(memoryview(Sub(b"xy"))) == b"xy"


# ---- PyO3's raw __getbuffer__ / __releasebuffer__ ----

def test_raw_getbuffer_and_releasebuffer():
    r = m.RawBuffer(b"raw bytes")
    with memoryview(r) as v:
        assert v.tobytes() == b"raw bytes"
        assert v.format == "B"
        assert r.releases == 0
    assert r.releases == 1
    assert bytes(r) == b"raw bytes"
    assert r.releases == 2
    with pytest.raises(BufferError, match="RawBuffer is read-only"):
        request_writable(r)
    assert r.releases == 2


def test_raw_getbuffer_failure_leaves_no_reference():
    r = m.RawBuffer(b"\xff")
    before = sys.getrefcount(r)
    for _ in range(100):
        with pytest.raises(BufferError, match="refusing to export 0xff"):
            memoryview(r)
    assert sys.getrefcount(r) == before
    assert r.releases == 0


# ---- ready owners and bytes ----

def test_owner_exports_the_vector_read_only():
    owner = m.owned_doubles(5)
    assert type(owner).__module__ == "pybound" and type(owner).__name__ == "RustBuffer"
    assert len(owner) == 5
    view = memoryview(owner)
    assert view.readonly and view.format == "d" and view.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    with pytest.raises(TypeError):
        view[0] = 1.0
    with pytest.raises(BufferError, match="Object is not writable"):
        request_writable(owner)
    with pytest.raises(TypeError, match="No constructor defined for RustBuffer"):
        type(owner)()
    assert m.sum_f64(owner) == 10.0


def test_writable_owner_is_written_by_python():
    owner = m.owned_bytes_writable(4)
    view = memoryview(owner)
    assert not view.readonly
    view[1] = 7
    m.fill_bytes(owner, 3)
    assert bytes(owner) == b"\x03\x03\x03\x03"
    request_writable(owner)


def test_owner_outlives_its_views_and_is_freed_after():
    owner = m.owned_doubles(3)
    view = memoryview(owner)
    del owner
    gc.collect()
    assert view.tolist() == [0.0, 1.0, 2.0]  # the view keeps the owner (and vector) alive
    view.release()


@needs_numpy
def test_numpy_shares_the_owner_memory():
    owner = m.owned_doubles(1000)
    a = np.asarray(owner)
    b = np.asarray(owner)
    assert np.shares_memory(a, b)
    assert a.sum() == sum(range(1000))
    assert not a.flags.writeable
    w = np.asarray(m.owned_bytes_writable(8))
    assert w.flags.writeable
    w[:] = 5
    assert w.tolist() == [5] * 8


def test_vec_u8_returns_bytes():
    assert m.counting_bytes(4) == b"\x00\x01\x02\x03"
    assert type(m.counting_bytes(0)) is bytes
    assert m.filled_bytes(3, 0x41) == b"AAA"
    assert m.filled_bytes(0, 1) == b""
