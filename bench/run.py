"""`make bench` / `make bench-quick`: build the four implementations in release mode, measure
every case interleaved, the memory of 3 million temporaries, and compile times; write
results/latest.json and print the table.

    python bench/run.py [--quick] [--no-compile]
"""
import argparse
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

from common import BENCH, CASES, IMPLS, build, case_globals, install, load, module_name

COMPILE_IMPLS = ["pybound", "pyo3", "nanobind", "cython"]
# The file a touch rebuild touches.
SOURCES = {"nanobind": "bench_nanobind.cpp", "cython": "bench_cython.pyx"}


# Rebuilds after a touch per clean build. One touch rebuild takes about half a second, and on a
# 2-core machine its parallel part sometimes gets only one core (the same crate then takes 25 %
# longer), so a single sample per clean build says more about the machine than the crate.
TOUCHES_PER_BUILD = 6
FOREIGN_TOUCHES = 2


def measure_compile(repeats):
    """Clean release build (dependencies included) and rebuild after touching lib.rs; minimum
    over `repeats` clean builds and `TOUCHES_PER_BUILD` touches after each. The implementations
    take turns: each round builds both from clean, then alternates their touch rebuilds, so a
    slow spell of the machine falls on both rather than on whichever was being built.
    Returns ({impl: {"clean": s, "touch": s}}, {impl: built library})."""
    cleans = {impl: [] for impl in COMPILE_IMPLS}
    touches = {impl: [] for impl in COMPILE_IMPLS}
    libraries = {}
    for _ in range(repeats):
        for impl in COMPILE_IMPLS:
            clean, libraries[impl] = build(impl, clean=True, target_root=BENCH / "target" / "compile")
            cleans[impl].append(clean)
        for t in range(TOUCHES_PER_BUILD):
            for impl in COMPILE_IMPLS:
                # The C++ and Cython rebuilds (a whole compile each, several seconds) vary
                # less: two samples per clean build.
                if impl in SOURCES and t >= FOREIGN_TOUCHES:
                    continue
                os.utime(BENCH / "impls" / impl / SOURCES.get(impl, "src/lib.rs"))
                touch, libraries[impl] = build(impl, target_root=BENCH / "target" / "compile")
                touches[impl].append(touch)
    results = {}
    for impl in COMPILE_IMPLS:
        results[impl] = {"clean": round(min(cleans[impl]), 2), "touch": round(min(touches[impl]), 3)}
        print(f"  compile {impl}: clean {results[impl]['clean']} s, touch {results[impl]['touch']} s")
    return results, libraries


def measure_memory(n):
    """Peak RSS (MB) of a fresh process after one call making `n` temporary lists."""
    out = {}
    for impl in IMPLS:
        code = (
            "import resource, sys\n"
            f"sys.path.insert(0, {str(BENCH)!r})\n"
            "from common import load\n"
            f"m = load({impl!r})\n"
            f"m.make_temporaries({n})\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        kib = int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        out[impl] = round(kib / 1024, 1)
    return out


def calibrate(timer, target_seconds):
    number = 1
    while True:
        if timer.timeit(number) >= target_seconds / 4:
            return max(1, int(number * 4 * target_seconds / max(timer.timeit(number), 1e-9) / 4))
        number *= 2


def measure_cases(modules, repeats, target_seconds, cases=CASES):
    """ns/op per case and implementation: interleaved repetitions (implementation order shuffled
    each round), warm-up first, median reported."""
    samples = {name: {impl: [] for impl in IMPLS} for name, *_ in cases}
    timers = {}
    for name, func, stmt, _ in cases:
        for impl in IMPLS:
            # (A case an implementation does not have, the abi3 build's buffer case: no timer.)
            if hasattr(modules[impl], func):
                timers[(name, impl)] = timeit.Timer(stmt, globals=case_globals(modules[impl], func))
    numbers = {}
    for name, *_ in cases:
        timer = timers[(name, "capi")]
        timer.timeit(100)  # warm-up
        numbers[name] = calibrate(timer, target_seconds)
        for impl in IMPLS:
            if (name, impl) in timers:
                timers[(name, impl)].timeit(max(1, numbers[name] // 10))
    for _ in range(repeats):
        for name, *_ in cases:
            order = [impl for impl in IMPLS if (name, impl) in timers]
            random.shuffle(order)
            for impl in order:
                t = timers[(name, impl)].timeit(numbers[name])
                samples[name][impl].append(t / numbers[name] * 1e9)
    return {
        name: {impl: round(statistics.median(v), 1) if v else None for impl, v in per.items()}
        for name, per in samples.items()
    }


def measure_cases_in_processes(processes, repeats, target_seconds):
    """`measure_cases` in `processes` fresh interpreters, one after another; per case and
    implementation, the median of the processes' medians.

    Within one process the ratios between implementations are steady, but between processes
    they move by up to 10 % (where the interpreter and each extension land in memory changes
    which code shares cache sets and branch-predictor entries), so one process would decide
    a 5 % comparison by its luck. pyperf spreads its runs over worker processes for the same
    reason."""
    runs = []
    for i in range(processes):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(repeats), str(target_seconds)],
            check=True, capture_output=True, text=True,
        ).stdout
        runs.append(json.loads(out))
        print(f"  process {i + 1}/{processes} done")
    def median(name, impl):
        values = [r[name][impl] for r in runs if r[name][impl] is not None]
        return round(statistics.median(values), 1) if values else None

    return {name: {impl: median(name, impl) for impl in IMPLS} for name, *_ in CASES}


def worker(repeats, target_seconds):
    """One measuring process: the case timings as JSON on stdout."""
    modules = {impl: load(impl) for impl in IMPLS}
    print(json.dumps(measure_cases(modules, repeats, target_seconds)))


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


# The ratio columns: pybound's time over each peer's, and the abi3 build's.
RATIOS = [
    ("pb/capi", "pybound", "capi"),
    ("pb/pyo3", "pybound", "pyo3"),
    ("pb/nb", "pybound", "nanobind"),
    ("pb/cy", "pybound", "cython"),
    ("abi3/pb", "pybound_abi3", "pybound"),
    ("abi3/pyo3", "pybound_abi3", "pyo3_abi3"),
]


def ratios(cases):
    """Per case and ratio column, the ratio (None where a side lacks the case)."""
    return {
        name: {
            col: round(per[a] / per[b], 3) if per.get(a) and per.get(b) else None
            for col, a, b in RATIOS
        }
        for name, per in cases.items()
    }


def print_table(cases, memory, memory_empty, compile_s, sizes):
    short = {"pyo3_gilrefs": "pyo3-0.20", "pybound_abi3": "pb_abi3", "pyo3_abi3": "pyo3_abi3"}
    header = (
        f"{'case':<16}" + "".join(f"{short.get(i, i):>10}" for i in IMPLS)
        + "".join(f"{col:>10}" for col, *_ in RATIOS)
    )
    print()
    print("ns per operation (median)")
    print(header)
    print("-" * len(header))
    table = ratios(cases)
    for name, per in cases.items():
        cells = "".join(f"{per[i]:>10.1f}" if per[i] is not None else f"{'n/a':>10}" for i in IMPLS)
        r = table[name]
        extra = "".join(f"{r[c]:>10.2f}" if r[c] else f"{'n/a':>10}" for c, *_ in RATIOS)
        print(f"{name:<16}" + cells + extra)
    print("-" * len(header))
    means = {
        col: geomean([table[n][col] for n in table if table[n][col]]) for col, *_ in RATIOS
    }
    print(f"{'geometric mean':<16}" + " " * (10 * len(IMPLS)) + "".join(f"{means[c]:>10.2f}" for c, *_ in RATIOS))
    print()
    print("peak RSS, one call making 3,000,000 temporary lists (MB; empty call in brackets)")
    for impl in IMPLS:
        print(f"  {impl:<14}{memory[impl]:>8.1f}  ({memory_empty[impl]:.1f})")
    print()
    print("stripped extension module size (KiB)")
    for impl, size in sizes.items():
        print(f"  {impl:<14}{size:>8.0f}")
    if compile_s:
        print()
        print("release build time (s): clean / after touching the source")
        for impl, t in compile_s.items():
            print(f"  {impl:<14}{t['clean']:>8.2f} {t['touch']:>8.3f}")
        c = compile_s["pybound"]["clean"] / compile_s["pyo3"]["clean"]
        t = compile_s["pybound"]["touch"] / compile_s["pyo3"]["touch"]
        print(f"  pybound/pyo3: clean {c:.2f}, touch {t:.2f}")
    return means


def measure_sizes(libraries):
    """Size in KiB of each built module after `strip` (debug symbols and symbol table gone:
    what a wheel ships when built for release)."""
    out = {}
    for impl, library in libraries.items():
        stripped = BENCH / "target" / "stripped" / Path(library).name
        stripped.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["strip", "-o", str(stripped), str(library)], check=True)
        out[impl] = round(stripped.stat().st_size / 1024, 1)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (under 3 minutes)")
    parser.add_argument("--no-compile", action="store_true", help="skip the compile-time measurement")
    parser.add_argument("--worker", nargs=2, metavar=("REPEATS", "SECONDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(int(args.worker[0]), float(args.worker[1]))
        return
    processes = 3 if args.quick else 5
    repeats = 5 if args.quick else 11
    target_seconds = 0.004 if args.quick else 0.01

    started = time.time()
    print("building (release) …")
    compile_s, libraries = ({}, {})
    if not args.no_compile:
        compile_s, libraries = measure_compile(1 if args.quick else 3)
    for impl in IMPLS:
        if impl not in libraries:
            _, libraries[impl] = build(impl)
        install(impl, libraries[impl])
    print(f"measuring cases in {processes} processes …")
    cases = measure_cases_in_processes(processes, repeats, target_seconds)
    print("measuring memory …")
    memory = measure_memory(3_000_000)
    memory_empty = measure_memory(0)

    sizes = measure_sizes(libraries)
    means = print_table(cases, memory, memory_empty, compile_s, sizes)
    result = {
        "cases": cases,
        "ratios": ratios(cases),
        "memory_mb": memory,
        "memory_empty_mb": memory_empty,
        "compile_s": compile_s,
        "stripped_size_kib": sizes,
        # Keyed by the implementations' names: "pybound/capi", "pybound_abi3/pyo3_abi3", …
        "geomean": {f"{a}/{b}": round(means[col], 3) for col, a, b in RATIOS},
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d"),
            "mode": "quick" if args.quick else "full",
            "processes": processes,
        },
    }
    if args.no_compile:
        # A partial run: latest.json keeps the last complete one (with its compile times).
        print(f"\n--no-compile: latest.json left as it was ({time.time() - started:.0f} s)")
        return
    out = BENCH / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {out.relative_to(BENCH.parent)} in {time.time() - started:.0f} s")
    subprocess.run([sys.executable, str(BENCH / "plot.py")], check=True)


if __name__ == "__main__":
    main()
