#!/bin/sh
# The library and the test extension compiled for a free-threaded interpreter (3.14t, which
# pyo3-ffi supports): `Py_GIL_DISABLED` selects the atomic borrow flag, the critical sections
# and the reference-taking list reads. No free-threaded CPython can be installed here, so this
# checks that the code compiles, not that it runs (docs/threads-and-versions.md).
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PYO3_CONFIG_FILE="$ROOT/tests/free-threaded/pyo3-config-3.14t.txt" CARGO_TARGET_DIR="$ROOT/target/ft" \
    cargo check --quiet -p pybound -p pybound-testext --features pybound/full
echo "free-threaded: pybound and the test extension compile for CPython 3.14t"
