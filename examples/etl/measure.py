"""Time the ETL pipeline: pure Rust (`etl-rust`) against the round trip through Python
(`pipeline.py`, untouched and with --upper), each run in a fresh process, interleaved. The
input has two partitions of PARTITION bytes; partition 1 is processed. Prints a table of the
median wall time (measured inside each process) and peak RSS, and the ratio to pure Rust.

    python measure.py PARTITION [RUNS] [--pyo3]   (PARTITION in bytes; K, M, G suffixes
                                                  allowed; --pyo3: the PyO3 version too)
"""
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402


def run(cmd):
    """(seconds reported by the process, its peak RSS in MiB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"{cmd} failed")
    fields = out.split()
    return float(fields[1]), usage.ru_maxrss / 1024


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) not in (1, 2):
        sys.exit(__doc__)
    partition = generate.parse_size(args[0])
    runs = int(args[1]) if len(args) == 2 else 5
    work = ROOT / "target" / "etl"
    work.mkdir(parents=True, exist_ok=True)
    src = work / f"input-{partition}.csv"
    if not src.exists():
        generate.generate(src, 2 * partition)
    out = work / "output.csv"
    binary = ROOT / "target" / "release" / "etl-rust"
    cases = {
        "pure Rust": [str(binary), str(src), str(out), "1", "2"],
        "pybound, untouched": [sys.executable, str(HERE / "pipeline.py"), str(src), str(out), "1", "2"],
        "pybound, numpy upper()": [sys.executable, str(HERE / "pipeline.py"), str(src), str(out), "1", "2", "--upper"],
    }
    if "--pyo3" in sys.argv:
        cases["PyO3, untouched"] = cases["pybound, untouched"] + ["--pyo3"]
        cases["PyO3, numpy upper()"] = cases["pybound, numpy upper()"] + ["--pyo3"]
    results = {name: [] for name in cases}
    for _ in range(runs):
        for name, cmd in cases.items():
            results[name].append(run(cmd))
    base = statistics.median(t for t, _ in results["pure Rust"])
    size = (src.stat().st_size) / 2 / (1 << 20)
    print(f"partition ≈ {size:.0f} MiB, {runs} runs each, median")
    print(f"{'case':<24} {'seconds':>8} {'× Rust':>7} {'peak RSS MiB':>13}")
    for name, samples in results.items():
        t = statistics.median(s for s, _ in samples)
        rss = max(r for _, r in samples)
        print(f"{name:<24} {t:>8.3f} {t / base:>7.2f} {rss:>13.0f}")
    out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
