"""Instructions the compiler executes to rebuild each bench crate after `lib.rs` is touched.

Wall-clock rebuild times on a small, shared machine move by 20 % between runs (see
bench/README.md); the instruction count of the one `rustc` call that a touch triggers does not.
Needs valgrind. Usage: `python bench/compile_instructions.py [impl ...]` (default: pybound
pyo3), after `make bench` or `make bench-quick` has built the crates.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def rustc_command(impl, env):
    """The `rustc` command line cargo runs for the crate itself after a touch."""
    crate = BENCH / "impls" / impl
    manifest = ["--manifest-path", str(crate / "Cargo.toml")]
    subprocess.run(["cargo", "build", "--release", "--quiet", *manifest], check=True, env=env)
    (crate / "src" / "lib.rs").touch()
    out = subprocess.run(
        ["cargo", "build", "--release", "-v", *manifest],
        check=True, env=env, capture_output=True, text=True,
    ).stderr
    name = f"bench_{impl}"
    for line in out.splitlines():
        m = re.match(r"\s*Running `(.*)`$", line)
        if m and f"--crate-name {name} " in m.group(1):
            return m.group(1)
    raise SystemExit(f"no rustc call for {name} in cargo's output")


def instructions(command, cwd, env):
    """Total instructions of `command` and its children (the linker), under cachegrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.%p")
        subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes", "-q",
             f"--cachegrind-out-file={out}", "sh", "-c", command],
            check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        total = 0
        for f in Path(tmp).iterdir():
            for line in f.read_text().splitlines():
                if line.startswith("summary:"):
                    total += int(line.split()[1])
        return total


def main():
    impls = sys.argv[1:] or ["pybound", "pyo3"]
    counts = {}
    for impl in impls:
        env = dict(os.environ, PYO3_PYTHON=sys.executable,
                   CARGO_TARGET_DIR=str(BENCH / "target" / f"release-{impl}"))
        command = rustc_command(impl, env)
        (BENCH / "impls" / impl / "src" / "lib.rs").touch()
        counts[impl] = instructions(command, BENCH / "impls" / impl, env)
        print(f"  {impl:<14}{counts[impl] / 1e9:8.3f} G instructions")
    if "pybound" in counts and "pyo3" in counts:
        print(f"  pybound/pyo3: {counts['pybound'] / counts['pyo3']:.2f}")


if __name__ == "__main__":
    main()
