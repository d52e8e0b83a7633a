"""The ecosystem conversion cases: chrono datetimes, num-bigint ints, rust_decimal decimals and
serde records, pybound against PyO3 with its own features (and `pythonize` for serde).

    .venv/bin/python bench/ecosystem.py            # measure (release builds); writes results/ecosystem.json
    .venv/bin/python bench/ecosystem.py --check    # debug builds, each case once, same results
    .venv/bin/python bench/ecosystem.py --bigint-scaling   # pybound's bigint time per size

Both modules are built with the `ecosystem` feature of their bench crate (so the main
benchmark's crates and compile times are untouched) and timed in fresh processes, interleaved,
as run.py does: each figure is the median over processes of the median over repetitions."""
import argparse
import datetime as dt
import decimal
import json
import random
import statistics
import subprocess
import sys
import timeit

from common import BENCH, build, install, load

IMPLS = ["pybound", "pyo3"]


def inputs():
    rng = random.Random(7)
    big = rng.getrandbits(3322) | (1 << 3321)  # 1000 decimal digits
    return {
        "aware": dt.datetime(2024, 2, 29, 12, 30, 45, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "big1000": big,
        "dec": decimal.Decimal("12345.678901234567"),
    }


# (name, function, statement, what it measures)
CASES = [
    ("datetime_roundtrip", "datetime_roundtrip", "f(aware)", "aware datetime in and out as chrono DateTime<FixedOffset>"),
    ("bigint_roundtrip", "bigint_roundtrip", "f(big1000)", "a 1000-digit int in and out as num-bigint BigInt"),
    ("decimal_roundtrip", "decimal_roundtrip", "f(dec)", "a Decimal in and out as rust_decimal Decimal"),
    ("serde_to_python", "serde_to_python", "f()", "1000 records (5 fields) to a list of dicts (PyO3: pythonize)"),
    ("serde_from_python", "serde_from_python", "f(recs)", "the same list of dicts back to 1000 records (PyO3: depythonize)"),
]


def namespace(module, func):
    ns = dict(inputs(), f=getattr(module, func))
    ns["recs"] = module.serde_to_python()
    return ns


def install_all(profile):
    for impl in IMPLS:
        _, lib = build(impl, profile=profile, features=("ecosystem",))
        install(impl, lib)


def check():
    install_all("debug")
    modules = {impl: load(impl) for impl in IMPLS}
    failures = 0
    for name, func, stmt, _ in CASES:
        results = {impl: eval(stmt, namespace(modules[impl], func)) for impl in IMPLS}  # noqa: S307
        if results["pybound"] != results["pyo3"]:
            print(f"MISMATCH {name}: pybound {results['pybound']!r:.200} pyo3 {results['pyo3']!r:.200}")
            failures += 1
    print(f"ecosystem check: {len(CASES)} cases x {len(IMPLS)} implementations, {failures} mismatches")
    return 1 if failures else 0


def worker(repeats):
    modules = {impl: load(impl) for impl in IMPLS}
    samples = {name: {impl: [] for impl in IMPLS} for name, *_ in CASES}
    for name, func, stmt, _ in CASES:
        timers = {impl: timeit.Timer(stmt, globals=namespace(modules[impl], func)) for impl in IMPLS}
        number = max(1, timers["pybound"].autorange()[0])
        for _ in range(repeats):
            order = IMPLS[:]
            random.shuffle(order)
            for impl in order:
                samples[name][impl].append(timers[impl].timeit(number) / number * 1e9)
    print(json.dumps({n: {i: statistics.median(v) for i, v in per.items()} for n, per in samples.items()}))


def measure(processes, repeats):
    install_all("release")
    runs = []
    for i in range(processes):
        out = subprocess.run([sys.executable, __file__, "--worker", str(repeats)],
                             check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out))
        print(f"  process {i + 1}/{processes} done", file=sys.stderr)
    table = {name: {impl: round(statistics.median(r[name][impl] for r in runs), 1) for impl in IMPLS}
             for name, *_ in CASES}
    print(f"{'case':<20}{'pybound ns':>12}{'pyo3 ns':>12}{'pb/pyo3':>9}")
    for name, per in table.items():
        print(f"{name:<20}{per['pybound']:>12.1f}{per['pyo3']:>12.1f}{per['pybound'] / per['pyo3']:>9.2f}")
    out = BENCH / "results" / "ecosystem.json"
    out.write_text(json.dumps({"cases": table, "processes": processes, "repeats": repeats}, indent=1) + "\n")
    print(f"written {out}")


def bigint_scaling():
    """pybound's round trip of ints of 10**3..10**5 digits (release build): time per digit
    should stay flat if the conversion is linear."""
    install_all("release")
    f = load("pybound").bigint_roundtrip
    print(f"{'digits':>8}{'µs':>12}{'ns/digit':>10}")
    for digits in (1_000, 10_000, 100_000):
        value = random.Random(digits).getrandbits(int(digits * 3.3219)) | 1
        number = max(1, timeit.Timer(lambda: f(value)).autorange()[0])
        best = min(timeit.Timer(lambda: f(value)).repeat(5, number)) / number
        print(f"{digits:>8}{best * 1e6:>12.2f}{best * 1e9 / digits:>10.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--bigint-scaling", action="store_true")
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--worker", type=int)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker)
    if args.check:
        return check()
    if args.bigint_scaling:
        return bigint_scaling()
    return measure(args.processes, args.repeats)


if __name__ == "__main__":
    sys.exit(main())
