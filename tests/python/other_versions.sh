#!/bin/sh
# The embedding runtime tests and the pytest suites against the test extension, for every
# CPython 3.9-3.13 this machine has besides the main one (pyenv's 3.9, 3.10, 3.12 and 3.13
# here). Layout-dependent code (small ints, ASCII strings, exception subclasses) differs
# between these versions.
# Versions that are not installed are skipped with a message; each gets its own venv and
# target directory, so nothing is rebuilt for the main interpreter. The first of them is built
# with PYBOUND_INT_LAYOUT_AT_RUNTIME, so the run-time check of the int digit layout (taken when
# the build cannot ask the interpreter) is tested as well as the build-time one.
set -eu
MATURIN="$(cd "$(dirname "$0")/../.." && pwd)/.venv/bin/maturin"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/python/venvs.sh"
for v in ${PYBOUND_OTHER_PYTHONS:-3.9 3.10 3.12 3.13}; do
    py=$(python_for "$v")
    if [ -z "$py" ]; then
        echo "other-versions: CPython $v not installed, skipped"
        continue
    fi
    venv="$ROOT/.venv-$v"
    ensure_venv "$py" "$venv"
    echo "other-versions: $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"
    if [ -z "${layout_done:-}" ]; then
        export PYBOUND_INT_LAYOUT_AT_RUNTIME=1
        layout_done=1
        echo "other-versions: int digit layout checked at run time"
    else
        unset PYBOUND_INT_LAYOUT_AT_RUNTIME
    fi
    VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" PYO3_PYTHON="$venv/bin/python" \
        CARGO_TARGET_DIR="$ROOT/target/py$v" \
        "$MATURIN" develop --quiet -m "$ROOT/tests/python/Cargo.toml"
    "$venv/bin/python" -m pytest "$ROOT/tests/python" -q
    libdir=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')
    (cd "$ROOT" && LD_LIBRARY_PATH="$libdir" PYO3_PYTHON="$venv/bin/python" \
        CARGO_TARGET_DIR="$ROOT/target/py$v" cargo test --quiet -p pybound --test runtime)
done
