"""The extension module under test.

`maturin develop` installs a pure-Rust extension as a package (`pybound_testext/__init__.py`
re-exporting from `pybound_testext/pybound_testext.*.so`); the tests use the extension module
itself so that they see exactly what the Rust code defined.
"""
import importlib

_pkg = importlib.import_module("pybound_testext")
m = getattr(_pkg, "pybound_testext", _pkg)

# The stable-ABI build (`make test-abi3`): one `cp39-abi3` wheel for every interpreter. It
# leaves out what the stable ABI cannot do before 3.11 (classes extending built-in types,
# the buffer protocol), and the tests of those are skipped with this reason.
ABI3 = m.LIMITED_API

_ABI3_REASON = "the abi3 (cp39-abi3) build has no native base classes and no buffers"


def full_api_only(test):
    """Skip `test` on the abi3 build (see `ABI3`)."""
    import pytest

    return pytest.mark.skipif(ABI3, reason=_ABI3_REASON)(test)
