"""Instructions per operation of each benchmark case and implementation, counted by callgrind.

Times move by up to 10 % from one process to the next (see bench/README.md); instruction
counts, with the string hash fixed (`PYTHONHASHSEED=0`, set here), repeat: the single-call
cases exactly, the 1000-element cases and `dict_sum` within 0.5 % (Rust's `HashMap` seeds its
own hash). So they show small differences that timing cannot settle, and where they come from. They are not times: a cache miss or a mispredicted branch costs many instructions' worth,
and one implementation's instructions may be cheaper than another's.

Each implementation is measured in one process under valgrind's callgrind, collecting only
inside the `exec` builtin and dumping after each `exec` call. Every case runs three times, in a
function as timeit runs it: once to warm up, then N and 2N times; the instructions of one
operation are (count(2N) − count(N)) / N, so what surrounds the loop cancels out, and so do the
first iterations of each run, before CPython has specialised that copy of the bytecode. The
warm-up run fills what the first use of a case fills (type objects, interned names, caches).
The interpreter's own work in an operation (the call, the loop's bytecode) is included: it is
the same for every implementation and it is what a user waits for.

Usage: `python bench/case_instructions.py [--build] [--impls pybound,capi,...] [CASE ...]`
(`--build`: release builds first, as `make bench` installs them); `make bench-case-instructions`
counts every case of five implementations (about 5 minutes). Needs valgrind.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
import textwrap

from common import CASES, build, case_globals, install, load

DEFAULT_IMPLS = ["pybound", "pyo3", "capi", "nanobind", "cython"]
# Operations per counted run: enough that rounding is below one instruction per operation.
# The 1000-element cases are long already; their N is smaller.
N = 2000
N_LONG = 50
LONG_CASES = {"list_sum", "list_make", "dict_sum", "callback", "getattr", "buffer_sum",
              "bytes_return", "list_sum_p", "iter_next"}


def loop_code(stmt, n):
    """`exec` of this runs the statement n times in a function, as timeit does (so names are
    globals, with the interpreter's specialised lookups, and `_` is a fast local)."""
    body = textwrap.indent(stmt, "        ")
    return compile(f"def __case():\n    for _ in range({n}):\n{body}\n__case()\n", "<case>", "exec")


def worker(impl, names):
    """Inside valgrind: every import done first, then three `exec` calls per case."""
    module = load(impl)
    work = []
    for name, func, stmt, _ in CASES:
        if name not in names or not hasattr(module, func):
            continue
        n = N_LONG if name in LONG_CASES else N
        ns = case_globals(module, func)
        work.append((name, n, ns, [loop_code(stmt, k) for k in (n, n, 2 * n)]))
    print(" ".join(f"{name}:{n}" for name, n, _, _ in work), flush=True)
    for _, _, ns, codes in work:
        for code in codes:
            exec(code, ns)  # noqa: S102 - our own fixed statements


def measure(impl, names):
    """{case: instructions per operation} for one implementation."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             "--collect-atstart=no", "--toggle-collect=builtin_exec",
             "--dump-after=builtin_exec",
             sys.executable, __file__, "--worker", impl, *names],
            capture_output=True, text=True, check=True,
            # A fixed string hash: with a random one, dict probe sequences (and so counts)
            # change from process to process.
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        plan = [item.split(":") for item in proc.stdout.strip().splitlines()[-1].split()]
        dumps = sorted(glob.glob(out + ".*"), key=lambda p: int(p.rsplit(".", 1)[1]))
        totals = [dump_total(p) for p in dumps]
    # The last 3 dumps per case are ours (imports before them may have called exec too).
    totals = totals[len(totals) - 3 * len(plan):]
    result = {}
    for i, (name, n) in enumerate(plan):
        _, once, twice = totals[3 * i:3 * i + 3]
        result[name] = (twice - once) / int(n)
    return result


def dump_total(path):
    with open(path) as f:
        for line in f:
            m = re.match(r"(?:summary|totals): (\d+)", line)
            if m:
                return int(m.group(1))
    raise RuntimeError(f"no total in {path}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--impls", default=",".join(DEFAULT_IMPLS))
    parser.add_argument("--build", action="store_true",
                        help="build and install release builds of the implementations first")
    parser.add_argument("--worker", metavar="IMPL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    known = [c[0] for c in CASES]
    names = args.cases or known
    if args.worker:
        worker(args.worker, set(names))
        return
    unknown = [n for n in names if n not in known]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}")
    impls = args.impls.split(",")
    if args.build:
        for impl in impls:
            install(impl, build(impl)[1])
    counts = {}
    for impl in impls:
        print(f"  counting {impl} …", file=sys.stderr, flush=True)
        counts[impl] = measure(impl, names)
    print("instructions per operation (callgrind; the interpreter's share included)")
    header = f"{'case':<16}" + "".join(f"{i:>10}" for i in impls)
    others = [i for i in impls if i != "pybound"]
    if "pybound" in impls:
        header += "".join(f"{'pb-' + i[:5]:>10}" for i in others)
    print(header)
    print("-" * len(header))
    for name in names:
        row = f"{name:<16}"
        for impl in impls:
            v = counts[impl].get(name)
            row += f"{v:>10.0f}" if v is not None else f"{'n/a':>10}"
        if "pybound" in impls and name in counts["pybound"]:
            for impl in others:
                v = counts[impl].get(name)
                row += f"{counts['pybound'][name] - v:>+10.0f}" if v is not None else f"{'n/a':>10}"
        print(row)
    print("(pb-X: pybound's instructions minus X's, per operation)")


if __name__ == "__main__":
    main()
