#!/bin/sh
# The stable-ABI build: the test extension built ONCE with `abi3-py39` (one
# `cp39-abi3` wheel, from the main venv's interpreter), installed by each interpreter's own pip
# (which checks the wheel's tags) and the whole pytest suite run against it on every CPython
# 3.9-3.13 this machine has; then the embedding runtime tests compiled for the stable ABI, and
# the test extension compile-checked (clippy, no warnings) for every other minimum: each
# selects other stable-ABI paths (vectorcall from 3.10 and 3.12, buffers from 3.11).
# What the abi3-py39 build leaves out (classes extending built-in types, buffers) is skipped
# by the suites (`_ext.ABI3`). Each interpreter's venv is the one other_versions.sh uses (the
# main one for the main interpreter); the wheel goes to a directory of its own on PYTHONPATH,
# so the venvs' full-API builds are untouched.
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/python/venvs.sh"
OUT="$ROOT/target/abi3"
rm -rf "$OUT/wheel" "$OUT"/site-*
VIRTUAL_ENV="$ROOT/.venv" PATH="$ROOT/.venv/bin:$PATH" PYO3_PYTHON="$ROOT/.venv/bin/python" \
    CARGO_TARGET_DIR="$OUT" "$ROOT/.venv/bin/maturin" build --quiet \
    -m "$ROOT/tests/python/Cargo.toml" --features abi3-py39 -o "$OUT/wheel"
wheel=$(ls "$OUT"/wheel/*.whl)
case "$wheel" in
    *-cp39-abi3-*) echo "abi3: one wheel, $(basename "$wheel")" ;;
    *) echo "abi3: expected a cp39-abi3 wheel, got $(basename "$wheel")"; exit 1 ;;
esac
main=$("$ROOT/.venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
ran=""
for v in 3.9 3.10 3.11 3.12 3.13; do
    if [ "$v" = "$main" ]; then
        venv="$ROOT/.venv"  # numpy and hypothesis: the Makefile's prerequisites
    else
        py=$(python_for "$v")
        if [ -z "$py" ]; then
            echo "abi3: CPython $v not installed, skipped"
            continue
        fi
        venv="$ROOT/.venv-$v"
        ensure_venv "$py" "$venv"
    fi
    site="$OUT/site-$v"
    "$venv/bin/pip" install --quiet --no-deps --target "$site" "$wheel"
    echo "abi3: the same wheel on $("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')"
    # The suite must see the abi3 module, not the venv's own build.
    (cd "$ROOT/tests/python" && PYTHONPATH="$site" "$venv/bin/python" -c \
        'from _ext import ABI3, m; assert ABI3, m.__file__')
    (cd "$ROOT" && PYTHONPATH="$site" "$venv/bin/python" -m pytest tests/python -q -p no:cacheprovider)
    ran="$ran $v"
done
echo "abi3: pytest passed with the one wheel on:$ran"
# The same wheel on Debian's debug CPython (made by debug_python.sh, which `make test` runs
# first): it poisons freed memory, so a use after free that a release build survives by luck
# crashes there. A debug build loads only plain `.so` names, not `.abi3.so`.
dbg="$ROOT/.venv-dbg"
if [ -x "$dbg/bin/python" ]; then
    site="$OUT/site-dbg"
    mkdir -p "$site"
    (cd "$site" && "$dbg/bin/python" -m zipfile -e "$wheel" .)
    mv "$site/pybound_testext/pybound_testext.abi3.so" "$site/pybound_testext/pybound_testext.so"
    echo "abi3: the same wheel on $("$dbg/bin/python" -c 'import sys; print(sys.version.split()[0])') (debug build)"
    (cd "$ROOT" && PYTHONPATH="$site" "$dbg/bin/python" -m pytest tests/python -q -p no:cacheprovider)
else
    echo "abi3: no debug CPython venv (.venv-dbg; make test-refleaks makes it), skipped"
fi
libdir=$("$ROOT/.venv/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')
(cd "$ROOT" && LD_LIBRARY_PATH="$libdir" PYO3_PYTHON="$ROOT/.venv/bin/python" \
    CARGO_TARGET_DIR="$OUT" cargo test --quiet -p pybound --features abi3-py39 --test runtime)
# The other minimums: 3.10 and 3.11 against the main interpreter, 3.12 and 3.13 against 3.13
# (a minimum above the interpreter's version is refused).
for f in abi3-py310 abi3-py311; do
    echo "abi3: checking the test extension with $f"
    (cd "$ROOT" && PYO3_PYTHON="$ROOT/.venv/bin/python" CARGO_TARGET_DIR="$OUT/check" \
        cargo clippy --quiet -p pybound-testext --features "$f" -- -D warnings)
done
py313=$(python_for 3.13)
if [ -n "$py313" ]; then
    for f in abi3-py312 abi3-py313; do
        echo "abi3: checking the test extension with $f (CPython 3.13)"
        (cd "$ROOT" && PYO3_PYTHON="$py313" CARGO_TARGET_DIR="$OUT/check-3.13" \
            cargo clippy --quiet -p pybound-testext --features "$f" -- -D warnings)
    done
else
    echo "abi3: CPython 3.13 not installed, abi3-py312/py313 not checked"
fi
