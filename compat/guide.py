"""Compile and run every example of PyO3's guide, renamed to pybound, with `rustdoc --test`.

The brief's promise is that what PyO3's guide shows compiles and behaves the same after the
rename. This check holds pybound to it, example by example: each chapter of the guide of the
PyO3 release the benchmarks use (read from cargo's registry copy, never copied into this
repository) is renamed by compat/port.py's source rules and handed to `rustdoc --test`, which
compiles each example as its own program and runs it (`no_run` ones are only compiled,
`ignore` ones skipped, `compile_fail` ones must fail), exactly as PyO3 tests its own guide.

Not every example passes with PyO3 itself (some are fragments with placeholders, some need
crates not at hand), so `--baseline` runs them unrenamed against PyO3 and records which pass
in compat/results/guide-baseline.json. The check: every example that passes with PyO3 passes
with pybound, unless compat/guide-expected.json lists it with the reason pybound differs
(docs/porting-from-pyo3.md says more); a listed one that passes is reported, so the list only
shrinks.

    python compat/guide.py                 # all chapters; exit status 1 on an unexpected result
    python compat/guide.py class function  # chapters whose path contains one of the words
    python compat/guide.py --list-failures # print the failures' compiler output
    python compat/guide.py --baseline      # PyO3 itself: writes results/guide-baseline.json
"""

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "compat" / "guide-expected.json"
BASELINE = ROOT / "compat" / "results" / "guide-baseline.json"
BASELINE_RUN = "--baseline" in sys.argv
# The helper crate whose dependencies the examples use: pybound's, or PyO3's for --baseline.
HELPER = ROOT / "compat" / "guide" / ("pyo3" if BASELINE_RUN else "")
TARGET = ROOT / "compat" / "target" / ("guide-baseline" if BASELINE_RUN else "guide")

sys.path.insert(0, str(ROOT / "compat"))
from port import SOURCE_RULES  # noqa: E402

# The crates an example may name, as `--extern` (the helper crate depends on each).
EXTERNS = ["pyo3" if BASELINE_RUN else "pybound", "pyo3_ffi", "serde", "rayon", "log",
           "futures"]
# PyO3 tests its guide with its `full` feature set; an example guarded by one of these
# features' cfg is compiled here too, including the ones pybound lacks (experimental-async,
# experimental-inspect), so that what is missing shows rather than being skipped.
FEATURES = [
    "macros", "multiple-pymethods", "py-clone", "auto-initialize", "chrono", "chrono-tz",
    "num-bigint", "num-complex", "anyhow", "eyre", "serde", "indexmap", "hashbrown",
    "smallvec", "either", "rust_decimal", "experimental-async", "experimental-inspect",
]


def guide_dir():
    """`guide/src` of the pyo3 package the PyO3 benchmark crate resolves to."""
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1",
         "--manifest-path", str(ROOT / "bench" / "impls" / "pyo3" / "Cargo.toml")],
        check=True, capture_output=True, text=True,
    ).stdout
    for package in json.loads(meta)["packages"]:
        if package["name"] == "pyo3":
            src = Path(package["manifest_path"]).parent / "guide" / "src"
            if src.is_dir():
                return package["version"], src
    raise SystemExit("pyo3's guide is not in cargo's registry copy of the crate")


def build_helper(env):
    """Build the helper crate; the rlib of each crate in EXTERNS and the deps directory."""
    out = subprocess.run(
        ["cargo", "build", "--quiet", "--message-format=json",
         "--manifest-path", str(HELPER / "Cargo.toml")],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    rlibs = {}
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") != "compiler-artifact" or "lib" not in msg["target"]["kind"]:
            continue
        name = msg["target"]["name"].replace("-", "_")
        for f in msg["filenames"]:
            if f.endswith(".rlib"):
                rlibs[name] = f
    missing = [c for c in EXTERNS if c not in rlibs]
    if missing:
        raise SystemExit(f"helper crate built no rlib for {missing}")
    return rlibs, TARGET / "debug" / "deps"


def rename(text):
    for pattern, replacement in SOURCE_RULES:
        text = pattern.sub(replacement, text)
    return text


RESULT = re.compile(r"^test (?P<file>\S+) - (?P<name>.*) \(line (?P<line>\d+)\)"
                    r"(?: - compile(?: fail)?)? \.\.\. (?P<result>ok|FAILED|ignored)$")


def run_chapter(md, rel, rlibs, deps, env, work):
    """rustdoc --test on one renamed chapter: {line: (result, name)} and rustdoc's output."""
    renamed = work / rel.with_suffix(".md")
    renamed.parent.mkdir(parents=True, exist_ok=True)
    text = md.read_text()
    renamed.write_text(text if BASELINE_RUN else rename(text))
    crate = "guide_" + re.sub(r"\W", "_", str(rel.with_suffix("")))
    libdir = sysconfig.get_config_var("LIBDIR")
    cmd = ["rustdoc", "--test", str(renamed), "--edition", "2021", "--crate-name", crate,
           "-L", f"dependency={deps}", "-L", f"native={libdir}",
           "-C", f"link-arg=-Wl,-rpath,{libdir}"]
    for name in EXTERNS:
        cmd += ["--extern", f"{name}={rlibs[name]}"]
    for feature in FEATURES:
        cmd += ["--cfg", f'feature="{feature}"']
    cmd += ["--test-args", "--test-threads=2"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work)
    results = {}
    for line in proc.stdout.splitlines():
        m = RESULT.match(line.strip())
        if m:
            results[int(m.group("line"))] = (m.group("result"), m.group("name"))
    if proc.returncode != 0 and not any(r == "FAILED" for r, _ in results.values()):
        raise SystemExit(f"rustdoc failed on {rel} without a test result:\n{proc.stderr}"
                         f"{proc.stdout}")
    return results, proc.stdout


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--list-failures" in sys.argv
    version, src = guide_dir()
    env = dict(os.environ, PYO3_PYTHON=sys.executable, CARGO_TARGET_DIR=str(TARGET),
               PYTHONHOME=sys.base_prefix)
    env.pop("VIRTUAL_ENV", None)
    rlibs, deps = build_helper(env)
    work = TARGET / "chapters"
    expected = json.loads(EXPECTED.read_text()) if EXPECTED.exists() else {}
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    if not BASELINE_RUN and baseline.get("pyo3") != version:
        raise SystemExit(f"{BASELINE.name} is for PyO3 {baseline.get('pyo3')}, the guide is "
                         f"{version}'s: run `compat/guide.py --baseline`")
    passing = set(baseline.get("passing", []))
    who = "PyO3 itself" if BASELINE_RUN else "renamed to pybound"
    print(f"PyO3 {version}'s guide ({src}), {who}; examples run on {sys.version}")
    chapters = sorted(p for p in src.rglob("*.md") if p.name not in ("changelog.md",))
    unexpected, counts = [], {"ok": 0, "FAILED": 0, "ignored": 0}
    passed, failed = [], set()
    for md in chapters:
        rel = md.relative_to(src)
        if args and not any(a in str(rel) for a in args):
            continue
        results, output = run_chapter(md, rel, rlibs, deps, env, work)
        for line, (result, name) in sorted(results.items()):
            counts[result] += 1
            key = f"{rel}:{line}"
            if result == "ok":
                passed.append(key)
            elif result == "FAILED":
                failed.add(key)
            if BASELINE_RUN:
                continue
            listed = key in expected
            if result == "FAILED" and key in passing and not listed:
                unexpected.append(f"FAILED   {key}  {name}")
            elif result == "ok" and listed:
                unexpected.append(f"PASSES   {key}  (listed as failing: {expected[key]})")
        if show and any(r == "FAILED" for r, _ in results.values()):
            print(f"===== {rel}\n{output}")
    if BASELINE_RUN:
        if args:
            raise SystemExit("--baseline records the whole guide: name no chapters")
        BASELINE.write_text(json.dumps({"pyo3": version, "passing": sorted(passed)}, indent=1)
                            + "\n")
        print(f"examples: {counts['ok']} pass with PyO3, {counts['FAILED']} do not, "
              f"{counts['ignored']} ignored; written to {BASELINE.relative_to(ROOT)}")
        return
    print(f"examples: {counts['ok']} passed, {counts['FAILED']} failed "
          f"({len(failed & set(expected))} listed in {EXPECTED.name}, "
          f"{len(failed - passing)} fail with PyO3 too), {counts['ignored']} ignored")
    for line in unexpected:
        print(line)
    if unexpected:
        sys.exit(1)


if __name__ == "__main__":
    main()
