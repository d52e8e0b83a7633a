"""The extension module under test.

`maturin develop` installs a pure-Rust extension as a package (`pybound_testext/__init__.py`
re-exporting from `pybound_testext/pybound_testext.*.so`); the tests use the extension module
itself so that they see exactly what the Rust code defined.
"""
import importlib

_pkg = importlib.import_module("pybound_testext")
m = getattr(_pkg, "pybound_testext", _pkg)
