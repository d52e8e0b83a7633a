"""The ETL example end to end, on a small file: partitions cover the file exactly, the bytes
come back unchanged without a copy, and the numpy transformation writes what it should."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pybound_etl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
import pipeline  # noqa: E402


@pytest.fixture(scope="module")
def csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("etl") / "input.csv"
    generate.generate(path, 300_000)
    return path


def test_partitions_cover_the_file_on_line_boundaries(csv, tmp_path):
    data = csv.read_bytes()
    parts = []
    for i in range(7):
        start, end = pybound_etl.partition_bounds(csv, i, 7)
        assert start == 0 or data[start - 1:start] == b"\n"
        assert end == len(data) or data[end - 1:end] == b"\n"
        parts.append((start, end))
    assert parts[0][0] == 0 and parts[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    with pytest.raises(ValueError):
        pybound_etl.partition_bounds(csv, 7, 7)


def test_round_trip_is_byte_exact_and_shares_memory(csv, tmp_path):
    data = csv.read_bytes()
    start, end = pybound_etl.partition_bounds(csv, 2, 5)
    part = pybound_etl.read_partition(csv, 2, 5)
    view = memoryview(part)
    assert view.readonly and view.nbytes == end - start
    assert view.tobytes() == data[start:end]
    out = tmp_path / "out.csv"
    assert pybound_etl.write_partition(out, part) == end - start
    assert out.read_bytes() == data[start:end]
    # bytes and memoryviews of it are written as they are too.
    assert pybound_etl.write_partition(out, memoryview(data)[start:end]) == end - start
    assert out.read_bytes() == data[start:end]


def test_pipeline_upper_cases_with_numpy(csv, tmp_path):
    pytest.importorskip("numpy")
    out = tmp_path / "upper.csv"
    written, _ = pipeline.run(csv, out, 0, 3, upper=True)
    start, end = pybound_etl.partition_bounds(csv, 0, 3)
    assert written == end - start
    assert out.read_bytes() == csv.read_bytes()[start:end].upper()


def test_all_partitions_concatenate_to_the_input(csv, tmp_path):
    pieces = []
    for i in range(4):
        out = tmp_path / f"p{i}.csv"
        pipeline.run(csv, out, i, 4)
        pieces.append(out.read_bytes())
    assert b"".join(pieces) == csv.read_bytes()


def test_pure_rust_binary_writes_the_same(csv, tmp_path):
    binary = Path(os.environ.get("ETL_RUST", HERE.parent.parent / "target" / "debug" / "etl-rust"))
    if not binary.exists():
        pytest.skip("etl-rust not built (make etl builds it)")
    out = tmp_path / "rust.csv"
    subprocess.run([binary, csv, out, "1", "3"], check=True, capture_output=True)
    start, end = pybound_etl.partition_bounds(csv, 1, 3)
    assert out.read_bytes() == csv.read_bytes()[start:end]
