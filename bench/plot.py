"""Plot results/latest.json: each case's time for pybound, PyO3, nanobind and Cython relative to
the hand-written C API (1.0), as results/ratios.png. `make bench` runs it after measuring.

    python bench/plot.py
"""
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend

BENCH = Path(__file__).resolve().parent
SHOWN = [("pybound", "#1f77b4"), ("pyo3", "#ff7f0e"), ("nanobind", "#2ca02c"), ("cython", "#d62728")]


def main():
    result = json.loads((BENCH / "results" / "latest.json").read_text())
    cases = result["cases"]
    names = list(cases)
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(names) + 1.5))
    height = 0.8 / len(SHOWN)
    for k, (impl, color) in enumerate(SHOWN):
        ys, xs = [], []
        for i, name in enumerate(names):
            per = cases[name]
            if per.get(impl) and per.get("capi"):
                ys.append(i + (k - (len(SHOWN) - 1) / 2) * height)
                xs.append(per[impl] / per["capi"])
        ax.barh(ys, xs, height=height, color=color, label=impl)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlabel("time relative to the hand-written C API (log scale; lower is faster)")
    machine = result.get("machine", {})
    ax.set_title(f"bench: CPython {machine.get('python', '?')}, {machine.get('date', '?')}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    out = BENCH / "results" / "ratios.png"
    fig.savefig(out, dpi=110)
    print(f"wrote {out.relative_to(BENCH.parent)}")


if __name__ == "__main__":
    main()
