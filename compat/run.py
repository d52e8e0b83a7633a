"""The compatibility suite: published PyO3-based packages, ported to pybound by the mechanical
rename only (port.py), built with maturin against this checkout, and tested with their own
suites. With `--baseline`, the same packages built with their own PyO3 (the figures pybound is
held to, kept in results/baseline.json).

    python compat/run.py [--baseline | --check] [NAME ...]

With `--check` (what CI runs), the exit status says whether every package that is not marked
`waits_for` (a pybound feature still missing) builds and passes exactly the tests it passes
with PyO3 (results/baseline.json).

Sources are downloaded once into compat/cache (PyPI source distributions); each package gets
its own venv (compat/venvs) and target directory (compat/target), kept between runs. Prints a
table and writes results/latest.json (or results/baseline.json).
"""
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE, WORK, VENVS, TARGET = (HERE / d for d in ("cache", "work", "venvs", "target"))
sys.path.insert(0, str(HERE))
from port import port_tree  # noqa: E402


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def sdist(name, version):
    CACHE.mkdir(exist_ok=True)
    found = list(CACHE.glob(f"{name}-{version}.tar.gz"))
    if not found:
        r = run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                 "-q", "-d", str(CACHE), f"{name}=={version}"])
        if r.returncode != 0:
            raise RuntimeError(f"download failed: {r.stderr[-500:]}")
        found = list(CACHE.glob(f"{name}-{version}.tar.gz"))
    return found[0]


def venv(name, pytest, requirements):
    path = VENVS / name
    if not (path / ".ready").exists():
        shutil.rmtree(path, ignore_errors=True)
        base = os.environ.get("COMPAT_PYTHON", sys.executable)
        subprocess.run([base, "-m", "venv", str(path)], check=True)
        r = run([str(path / "bin" / "pip"), "install", "-q", pytest, "maturin", *requirements])
        if r.returncode != 0:
            raise RuntimeError(f"installing test requirements failed: {r.stderr[-500:]}")
        (path / ".ready").touch()
    return path


def counts(junit):
    suites = ET.parse(junit).getroot()
    suites = [suites] if suites.tag == "testsuite" else list(suites)
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for s in suites:
        for k in total:
            total[k] += int(s.get(k, 0))
    return {"passed": total["tests"] - total["failures"] - total["errors"] - total["skipped"],
            "failed": total["failures"] + total["errors"], "skipped": total["skipped"]}


def one(package, pytest, baseline):
    name, version = package["name"], package["version"]
    kind = "pyo3" if baseline else "pybound"
    result = {"package": f"{name} {version}", "compiles": False}
    start = time.monotonic()
    tree = WORK / kind / f"{name}-{version}"
    shutil.rmtree(tree, ignore_errors=True)
    tree.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(sdist(name, version)) as t:
        t.extractall(tree.parent, filter="data")
    if not baseline:
        changed, dropped = port_tree(tree, str(ROOT / "crates" / "pybound"))
        result["features_dropped"] = dropped
    env_path = venv(f"{name}-{kind}", pytest, package.get("requirements", []))
    env = dict(os.environ, VIRTUAL_ENV=str(env_path),
               PATH=f"{env_path / 'bin'}:{os.environ['PATH']}",
               CARGO_TARGET_DIR=str(TARGET / f"{name}-{kind}"),
               PYO3_PYTHON=str(env_path / "bin" / "python"))
    dist = tree / "compat-dist"
    build = run([str(env_path / "bin" / "maturin"), "build", "--release", "-q", "-o", str(dist)],
                cwd=tree, env=env)
    if build.returncode != 0:
        errors = [l for l in build.stderr.splitlines() if l.startswith("error")]
        result["errors"] = len([l for l in errors if not l.startswith("error: could not compile")])
        result["first_errors"] = errors[:5]
        result["seconds"] = round(time.monotonic() - start)
        return result
    result["compiles"] = True
    wheels = list(dist.glob("*.whl"))
    subprocess.run([str(env_path / "bin" / "pip"), "install", "-q", "--force-reinstall",
                    "--no-deps", str(wheels[0])], check=True)
    junit = tree / "compat-junit.xml"
    deselect = [a for d in package.get("deselect", []) for a in ("--deselect", d["test"])]
    # The venv's `pytest` script, not `python -m pytest`: the source tree must not shadow the
    # installed package.
    run([str(env_path / "bin" / "pytest"), "-q", "-p", "no:cacheprovider", f"--junitxml={junit}",
         *package.get("pytest_args", []), *deselect], cwd=tree, env=env, timeout=1800)
    result.update(counts(junit) if junit.exists() else {"passed": 0, "failed": 0, "skipped": 0})
    result["seconds"] = round(time.monotonic() - start)
    return result


def main():
    args = sys.argv[1:]
    baseline = "--baseline" in args
    check = "--check" in args
    names = [a for a in args if not a.startswith("--")]
    spec = json.loads((HERE / "packages.json").read_text())
    packages = [p for p in spec["packages"] if not names or p["name"] in names]
    if check:
        # Packages waiting for a pybound feature are not built (they cannot pass yet).
        for p in packages:
            if p.get("waits_for"):
                print(f"compat: {p['name']} {p['version']} waits for {p['waits_for']}")
        packages = [p for p in packages if not p.get("waits_for")]
    results = []
    for package in packages:
        try:
            r = one(package, spec["pytest"], baseline)
        except Exception as e:  # a harness failure is reported, not hidden
            r = {"package": f"{package['name']} {package['version']}", "compiles": False,
                 "harness_error": str(e)}
        results.append(r)
        print(json.dumps(r), flush=True)
    base_file = HERE / "results" / "baseline.json"
    base = {r["package"]: r for r in json.loads(base_file.read_text())["results"]} \
        if base_file.exists() and not baseline else {}
    print(f"\n{'package':<20} {'compiles':<9} {'passed':>7} {'failed':>7} {'skipped':>8}   with PyO3")
    for r in results:
        b = base.get(r["package"], {})
        ours = (f"{r.get('passed', '-'):>7} {r.get('failed', '-'):>7} {r.get('skipped', '-'):>8}"
                if r["compiles"] else f"{'(' + str(r.get('errors', '?')) + ' errors)':>24}")
        theirs = f"{b.get('passed', '-')}/{b.get('failed', '-')}/{b.get('skipped', '-')}" if b else ""
        print(f"{r['package']:<20} {str(r['compiles']):<9} {ours}   {theirs}")
    if check:
        sys.exit(check_against_baseline(packages, results, base))
    out = HERE / "results" / ("baseline.json" if baseline else "latest.json")
    out.parent.mkdir(exist_ok=True)
    if names and out.exists():
        # A run of some packages updates their rows and keeps the others.
        kept = {r["package"]: r for r in json.loads(out.read_text())["results"]}
        kept.update({r["package"]: r for r in results})
        results = list(kept.values())
    out.write_text(json.dumps({"results": results}, indent=1) + "\n")


def check_against_baseline(packages, results, base):
    """0 if every package not waiting for a feature matches its PyO3 figures, else 1."""
    by_name = {r["package"]: r for r in results}
    failures = []
    for p in packages:
        key = f"{p['name']} {p['version']}"
        r, b = by_name.get(key, {}), base.get(key, {})
        same = r.get("compiles") and all(r.get(k) == b.get(k) for k in ("passed", "failed"))
        if not same:
            failures.append(key)
    for key in failures:
        print(f"compat: {key} does not match its PyO3 baseline")
    print(f"compat: {len(packages) - len(failures)} of {len(packages)} packages as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    main()
