#!/bin/sh
# Refleak mode: the pytest suites (fault injection included) against a build of the test
# extension for Debian's debug CPython (python3.11-dbg, installed through apt when missing),
# each test run 3 + 3 times (`refleaks.py`): reference and block deltas must be zero.
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MATURIN="$ROOT/.venv/bin/maturin"
DBG=/usr/bin/python3.11-dbg
if [ ! -x "$DBG" ]; then
    echo "refleaks: installing python3.11-dbg"
    (apt-get install -y -q python3.11-dbg || (apt-get update -q && apt-get install -y -q python3.11-dbg)) >/dev/null
fi
venv="$ROOT/.venv-dbg"
if [ ! -f "$venv/.ready" ]; then
    "$DBG" -m venv "$venv"
    "$venv/bin/pip" install --quiet pytest
    touch "$venv/.ready"
fi
echo "refleaks: $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0], "debug" if hasattr(sys, "gettotalrefcount") else "RELEASE")')"
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" PYO3_PYTHON="$venv/bin/python" \
    CARGO_TARGET_DIR="$ROOT/target/dbg" "$MATURIN" develop --quiet -m "$ROOT/tests/python/Cargo.toml"
PYTHONPATH="$ROOT/tests/python" "$venv/bin/python" -m pytest -p refleaks --refleaks=3:3 \
    -p no:cacheprovider "$ROOT/tests/python" -q
