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

COMPILE_IMPLS = ["pybound", "pyo3"]


# Rebuilds after a touch per clean build. One touch rebuild takes about half a second, and on a
# 2-core machine its parallel part sometimes gets only one core (the same crate then takes 25 %
# longer), so a single sample per clean build says more about the machine than the crate.
TOUCHES_PER_BUILD = 6


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
        for _ in range(TOUCHES_PER_BUILD):
            for impl in COMPILE_IMPLS:
                os.utime(BENCH / "impls" / impl / "src" / "lib.rs")
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


def print_table(cases, memory, memory_empty, compile_s):
    header = (
        f"{'case':<16}" + "".join(f"{impl:>14}" for impl in IMPLS)
        + f"{'pb/capi':>10}{'pb/pyo3':>10}{'abi3/pb':>10}{'abi3/pyo3':>10}"
    )
    print()
    print("ns per operation (median)")
    print(header)
    print("-" * len(header))
    r_capi, r_pyo3, r_abi3, r_abi3_pyo3 = [], [], [], []
    for name, per in cases.items():
        a, b = per["pybound"] / per["capi"], per["pybound"] / per["pyo3"]
        r_capi.append(a)
        r_pyo3.append(b)
        # The abi3 build against the full-API one, and against PyO3's abi3 build.
        c = d = None
        if per["pybound_abi3"] and per["pyo3_abi3"]:
            c = per["pybound_abi3"] / per["pybound"]
            d = per["pybound_abi3"] / per["pyo3_abi3"]
            r_abi3.append(c)
            r_abi3_pyo3.append(d)
        cells = "".join(f"{per[i]:>14.1f}" if per[i] is not None else f"{'n/a':>14}" for i in IMPLS)
        extra = f"{c:>10.2f}{d:>10.2f}" if c else f"{'n/a':>10}{'n/a':>10}"
        print(f"{name:<16}" + cells + f"{a:>10.2f}{b:>10.2f}" + extra)
    print("-" * len(header))
    print(
        f"{'geometric mean':<16}" + " " * (14 * len(IMPLS))
        + f"{geomean(r_capi):>10.2f}{geomean(r_pyo3):>10.2f}{geomean(r_abi3):>10.2f}"
        + f"{geomean(r_abi3_pyo3):>10.2f}"
    )
    print()
    print("peak RSS, one call making 3,000,000 temporary lists (MB; empty call in brackets)")
    for impl in IMPLS:
        print(f"  {impl:<14}{memory[impl]:>8.1f}  ({memory_empty[impl]:.1f})")
    if compile_s:
        print()
        print("release build time (s): clean / after touching lib.rs")
        for impl, t in compile_s.items():
            print(f"  {impl:<14}{t['clean']:>8.2f} {t['touch']:>8.3f}")
        c = compile_s["pybound"]["clean"] / compile_s["pyo3"]["clean"]
        t = compile_s["pybound"]["touch"] / compile_s["pyo3"]["touch"]
        print(f"  pybound/pyo3: clean {c:.2f}, touch {t:.2f}")
    return geomean(r_capi), geomean(r_pyo3), geomean(r_abi3), geomean(r_abi3_pyo3)


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

    g_capi, g_pyo3, g_abi3, g_abi3_pyo3 = print_table(cases, memory, memory_empty, compile_s)
    result = {
        "cases": cases,
        "memory_mb": memory,
        "memory_empty_mb": memory_empty,
        "compile_s": compile_s,
        "geomean": {
            "pybound/capi": round(g_capi, 3),
            "pybound/pyo3": round(g_pyo3, 3),
            "pybound_abi3/pybound": round(g_abi3, 3),
            "pybound_abi3/pyo3_abi3": round(g_abi3_pyo3, 3),
        },
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


if __name__ == "__main__":
    main()
