"""Shared by run.py (the benchmark) and check.py (the correctness check in `make test`):
building the four implementations, installing them into the running venv, and the cases."""
import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

BENCH = Path(__file__).resolve().parent
IMPLS = ["pybound", "pyo3", "pyo3_gilrefs", "capi", "pybound_abi3", "pyo3_abi3", "nanobind", "cython"]

# Implementations in other languages, built with their own tools (from the venv: the Makefile
# installs nanobind, cmake, ninja, Cython and setuptools): see `build_foreign`.
FOREIGN = {"nanobind", "cython"}

# Implementations that are another one's crate built with features: `pybound_abi3` is the
# pybound crate for the stable ABI (`abi3-py39`: one module for every CPython from 3.9, and the
# limited API's slower paths where it has them), `pyo3_abi3` PyO3's, its reference. Their
# modules keep the crate's name (`bench_pybound`), so they are loaded from files of their own
# rather than imported.
VARIANTS = {"pybound_abi3": ("pybound", ("abi3",)), "pyo3_abi3": ("pyo3", ("abi3",))}


def module_name(impl):
    return f"bench_{VARIANTS.get(impl, (impl,))[0]}"


def build(impl, profile="release", clean=False, target_root=None, features=()):
    """`cargo build` one implementation in its own target directory (one per feature set);
    returns seconds taken and the library built."""
    if impl in FOREIGN:
        return build_foreign(impl, profile, clean, target_root)
    if impl in VARIANTS:
        impl, extra = VARIANTS[impl]
        features = (*features, *extra)
    crate = BENCH / "impls" / impl
    suffix = "".join(f"-{f}" for f in features)
    target = Path(target_root or BENCH / "target") / f"{profile}-{impl}{suffix}"
    if clean and target.exists():
        shutil.rmtree(target)
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), PYO3_PYTHON=sys.executable)
    if impl == "pyo3_gilrefs":
        # PyO3 0.20's macros trip lints of today's compiler (non_local_definitions); its code is
        # not ours to fix, so keep the build log quiet.
        env["RUSTFLAGS"] = "-A warnings"
    cmd = ["cargo", "build", "--quiet", "--manifest-path", str(crate / "Cargo.toml")]
    if profile == "release":
        cmd.append("--release")
    if features:
        cmd += ["--features", ",".join(features)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    elapsed = time.perf_counter() - start
    return elapsed, target / profile / f"lib{module_name(impl)}.so"


def build_foreign(impl, profile, clean, target_root):
    """Build the nanobind (CMake + ninja, nanobind's CMake package) or Cython (`cythonize -i`,
    setuptools with the interpreter's compiler flags) implementation, as their documentation
    shows, in a directory of its own. A clean build configures and compiles everything
    (nanobind's own library included); otherwise the tools rebuild what changed. Returns
    seconds taken and the library built."""
    source = BENCH / "impls" / impl
    target = Path(target_root or BENCH / "target") / f"{profile}-{impl}"
    if clean and target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
    start = time.perf_counter()
    if impl == "nanobind":
        if not (target / "build.ninja").exists():
            build_type = "Release" if profile == "release" else "Debug"
            subprocess.run(
                ["cmake", "-S", str(source), "-B", str(target), "-G", "Ninja", "--log-level=ERROR",
                 f"-DCMAKE_BUILD_TYPE={build_type}", f"-DPython_EXECUTABLE={sys.executable}"],
                check=True, env=env, stdout=subprocess.DEVNULL,
            )
        subprocess.run(["cmake", "--build", str(target)], check=True, env=env, stdout=subprocess.DEVNULL)
    else:
        pyx = target / "bench_cython.pyx"
        # Copied only when changed, so that an untouched source is not rebuilt.
        if not pyx.exists() or pyx.read_bytes() != (source / pyx.name).read_bytes() or \
                pyx.stat().st_mtime < (source / pyx.name).stat().st_mtime:
            shutil.copy2(source / pyx.name, pyx)
        subprocess.run(["cythonize", "-i", "-q", pyx.name], check=True, env=env, cwd=target,
                       stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    library = next(target.glob(f"{module_name(impl)}.*.so"))
    return elapsed, library


def variant_path(impl):
    """Where a variant's module is kept (see `VARIANTS`)."""
    return BENCH / "target" / "variants" / impl / (module_name(impl) + ".abi3.so")


def install(impl, library):
    """Copy the built library into the venv's site-packages as an importable extension (a
    variant: into its own directory, see `VARIANTS`)."""
    if impl in VARIANTS:
        dest = variant_path(impl)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(library, dest)
        return dest
    dest = Path(sysconfig.get_paths()["platlib"]) / (module_name(impl) + EXTENSION_SUFFIXES[0])
    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(library, tmp)
    os.replace(tmp, dest)
    return dest


def load(impl):
    if impl in VARIANTS:
        # Loaded under the crate's module name (its init function's), but not entered in
        # sys.modules, so it does not replace the full-API module.
        spec = importlib.util.spec_from_file_location(module_name(impl), variant_path(impl))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    return importlib.import_module(module_name(impl))


class Attr:
    """The object `getattr_sum` reads: a plain instance attribute."""

    def __init__(self):
        self.value = 3


def callback_function(i):
    return i + 1


# Each case: (name, function name, statement run per op, what it measures).
# The statement sees `f` (the implementation's function) and the inputs below.
def _doubles_1m():
    import numpy  # installed into the venv by the Makefile's bench targets

    return numpy.arange(1_000_000, dtype=numpy.float64)


INPUTS = {
    "doubles1m": _doubles_1m(),
    "ints1000": list(range(1000)),
    "s100": "x" * 100,
    "d100": {f"key{i}": i for i in range(100)},
    "attr_obj": Attr(),
    "cb": callback_function,
}

CASES = [
    ("call_noargs", "noargs", "f()", "f() — the call overhead"),
    ("call_positional", "positional", "f(1, 2.5, 'abc')", "f(1, 2.5, 'abc') extracting i64/f64/&str"),
    ("call_keywords", "keywords", "f(a=1, b=2, c=3)", "three int arguments by keyword"),
    ("call_defaults", "defaults", "f(1)", "one argument given, two defaulted"),
    ("list_sum", "list_sum", "f(ints1000)", "sum of a 1000-int list via Vec<i64>"),
    ("list_make", "list_make", "f(1000)", "build a 1000-int list"),
    ("str_len", "str_len", "f(s100)", "length of a 100-char str via &str"),
    ("str_echo", "str_echo", "f(s100)", "&str in, String out"),
    ("dict_sum", "dict_sum", "f(d100)", "sum of a 100-entry dict[str, int] via HashMap<String, i64>"),
    ("tuple_return", "tuple_return", "f()", "return (int, float, str)"),
    ("raise_catch", "raise_value_error", "try:\n    f()\nexcept ValueError:\n    pass", "ValueError raised in Rust, caught in Python"),
    ("callback", "callback", "f(cb)", "Rust calls a Python function 100 times"),
    ("getattr", "getattr_sum", "f(attr_obj)", "100 interned attribute reads"),
    ("buffer_sum", "buffer_sum", "f(doubles1m)", "sum of 1M f64 of a numpy array via PyBuffer<f64>"),
    ("bytes_return", "bytes_return", "f(1048576)", "a 1 MiB Vec<u8> returned as bytes"),
    ("class_new", "Counter", "f(1)", "construct an instance: Counter(1)"),
    ("class_method", "Counter", "obj.incr(1)", "a method call on an instance: c.incr(1)"),
    ("class_getter", "Counter", "obj.value", "read a property: c.value"),
    ("class_setter", "Counter", "obj.value = 5", "write a property: c.value = 5"),
    # Positional-only (`/`) versions: `METH_O` where the bindings can register it.
    ("list_sum_p", "list_sum_p", "f(ints1000)", "list_sum(values, /)"),
    ("str_len_p", "str_len_p", "f(s100)", "str_len(s, /)"),
    ("class_method_p", "Counter", "obj.incr_p(1)", "a method with a positional-only parameter: c.incr_p(1)"),
    ("richcmp", "Counter", "obj < obj2", "a < b on two instances (__lt__)"),
    ("iter_next", "Ints", "for _ in f(1000):\n    pass", "iterate an instance yielding 1000 ints"),
    ("inherit_method", "Derived", "obj.get()", "a base class's method on a subclass instance"),
]


# The same Python API everywhere: calls every implementation must accept (keywords included)
# and calls every one must refuse with TypeError (a keyword for a positional-only parameter,
# an argument for none). Checked by check.py.
ACCEPTED_CALLS = [
    "m.positional(a=1, b=2.5, c='abc')",
    "m.list_sum(values=[1, 2])",
    "m.list_sum((1, 2))",
    "m.str_len(s='ab')",
    "m.dict_sum(d={'a': 1})",
    "m.list_make(n=3)",
    "m.Counter(start=1).incr(k=2)",
]
REFUSED_CALLS = [
    "m.noargs(1)",
    "m.tuple_return(1)",
    "m.list_sum_p(values=[1])",
    "m.str_len_p(s='ab')",
    "m.Counter(1).incr_p(k=1)",
    "m.str_len()",
]


def case_globals(module, func_name):
    """The names a case's statement sees: `f`, the fixed inputs, and for the class cases an
    instance `obj` of the implementation's class."""
    f = getattr(module, func_name)
    ns = dict(INPUTS, f=f)
    if func_name == "Counter":
        ns["obj"] = f(0)
        ns["obj2"] = f(1)
    if func_name == "Derived":
        ns["obj"] = f()
    return ns


def run_case_once(module, func_name, stmt):
    """Run a case's statement once and return what it produced (for the correctness check)."""
    ns = case_globals(module, func_name)
    f = ns["f"]
    if func_name == "raise_value_error":
        try:
            f()
        except ValueError as e:
            return f"ValueError: {e}"
        return "no exception"
    if func_name == "Counter":
        if stmt == "obj < obj2":
            return (eval(stmt, ns), ns["obj2"] < ns["obj"])  # noqa: S307
        exec(stmt, ns)  # noqa: S102 - our own fixed statements
        result = ns["obj"].value
        return (type(f(3)).__name__, result, ns["obj"].incr(2))
    if func_name == "Ints":
        return list(f(5))
    if func_name == "Derived":
        return (ns["obj"].get(), module.Base().get(), isinstance(ns["obj"], module.Base))
    return eval(stmt, ns)  # noqa: S307 - our own fixed statements
