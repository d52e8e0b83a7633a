"""Paired comparisons, for a case near its target: `run.py`'s measurement of the named cases
(all by default) in N fresh processes, reporting per case the median and range of the
per-process ratios pybound/capi and pybound/pyo3. A ratio taken inside one process, where the
implementations take turns, does not move with the machine's speed; its spread from process
to process shows what the memory layout of that process does to the case.

With `--alt IMPL=DIR`, processes alternate between the installed module of IMPL and one
imported from DIR (a scratch build: copy its `lib….so` there as `bench_IMPL` plus the
extension suffix), and both are reported: an A/B of two builds under the same conditions.

    .venv/bin/python bench/compare.py [--processes N] [--alt IMPL=DIR] [CASE ...]

Builds the four implementations in release mode and installs them first (as `run.py` does;
`make test` leaves debug builds installed).
"""
import argparse
import json
import statistics
import subprocess
import sys

from common import CASES, IMPLS, build, install, load
from run import measure_cases

REPEATS = 11
TARGET_SECONDS = 0.01


def worker(case_names, path):
    if path:
        sys.path.insert(0, path)
    modules = {impl: load(impl) for impl in IMPLS}
    cases = [c for c in CASES if c[0] in case_names]
    print(json.dumps(measure_cases(modules, REPEATS, TARGET_SECONDS, cases)))


def summary(values):
    values = sorted(values)
    return f"median {statistics.median(values):.3f}  ({values[0]:.3f}–{values[-1]:.3f})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--alt", metavar="IMPL=DIR", help="also measure IMPL's module from DIR")
    parser.add_argument("--worker-path", help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    known = [c[0] for c in CASES]
    names = args.cases or known
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(known)}")
    if args.worker:
        worker(names, args.worker_path)
        return

    for impl in IMPLS:
        install(impl, build(impl)[1])
    variants = {"installed": None}
    if args.alt:
        impl, _, path = args.alt.partition("=")
        if impl not in IMPLS or not path:
            parser.error("--alt takes IMPL=DIR with IMPL one of " + ", ".join(IMPLS))
        variants[f"{impl} from {path}"] = path
    ratios = {v: {n: {"capi": [], "pyo3": []} for n in names} for v in variants}
    for i in range(args.processes):
        for variant, path in variants.items():
            cmd = [sys.executable, __file__, "--worker", *names]
            if path:
                cmd += ["--worker-path", path]
            out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            for n in names:
                for peer in ("capi", "pyo3"):
                    ratios[variant][n][peer].append(out[n]["pybound"] / out[n][peer])
        print(f"  process {i + 1}/{args.processes} done", file=sys.stderr)
    print(f"per-process ratios over {args.processes} processes (cases measured together: {' '.join(names)})")
    for variant in variants:
        if len(variants) > 1:
            print(f"{variant}:")
        for n in names:
            r = ratios[variant][n]
            print(f"  {n:<16} pb/capi {summary(r['capi'])}   pb/pyo3 {summary(r['pyo3'])}")


if __name__ == "__main__":
    main()
