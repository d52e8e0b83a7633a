"""`export_numpy`: a Rust `Vec<f64>` handed to `numpy.asarray` through `PyBufferOwner`, for
lengths from 1K to 100M. Two timings per length:

- `np.asarray(owner)`: numpy taking the owner's memory (the hand-over itself);
- `np.asarray(export_zeros(n))`: the whole trip, including making the vector (`vec![0.0; n]`,
  a zeroed allocation: free for lengths glibc serves with a fresh mapping, a `memset` for
  those it serves from its heap, so this column may grow with the length where the first
  does not).

Run after `make bench` (or bench-quick), which installs `bench_pybound`.

    python bench/export_numpy.py
"""
import statistics
import timeit

import numpy as np

import bench_pybound


def per_call_us(fn, number=20):
    runs = timeit.repeat(fn, number=number, repeat=7)
    return statistics.median(runs) / number * 1e6


def main():
    print(f"{'elements':>12} {'np.asarray(owner) µs':>22} {'with making the Vec µs':>24}")
    for n in (1_000, 1_000_000, 100_000_000):
        owner = bench_pybound.export_zeros(n)
        a = np.asarray(owner)
        # numpy sees the vector's memory (no copy) with its length and type.
        assert a.shape == (n,) and a.dtype == np.float64 and not a.flags.owndata
        assert np.shares_memory(a, np.asarray(owner))
        del a
        handover = per_call_us(lambda: np.asarray(owner))
        whole = per_call_us(lambda: np.asarray(bench_pybound.export_zeros(n)))
        print(f"{n:>12,} {handover:>22.2f} {whole:>24.2f}")


if __name__ == "__main__":
    main()
