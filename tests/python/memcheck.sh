#!/bin/sh
# Memory checking: the embedding runtime tests under valgrind memcheck (PYTHONMALLOC=malloc, so
# that every Python allocation is visible to it) against CPython 3.13, whose start-up is clean
# (3.11's leaves one int digit uninitialised in _PyLong_New, fixed upstream in 3.12); then the
# pytest suites under PYTHONMALLOC=debug -X dev (CPython's own checks of buffer overruns, use
# after free and API misuse). Zero errors are allowed.
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
py=""
if command -v pyenv >/dev/null 2>&1; then
    full=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.13\.[0-9]+$' | tail -n 1 || true)
    [ -n "$full" ] && py="$(pyenv root)/versions/$full/bin/python3"
fi
if [ -n "$py" ] && [ -x "$py" ] && command -v valgrind >/dev/null 2>&1; then
    libdir=$("$py" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')
    export LD_LIBRARY_PATH="$libdir" PYO3_PYTHON="$py" CARGO_TARGET_DIR="$ROOT/target/py3.13"
    binary=$(cargo test --quiet -p pybound --test runtime --no-run --message-format=json 2>/dev/null \
        | "$py" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "runtime":
        print(m["executable"])')
    echo "memcheck: $("$py" -c 'import sys; print(sys.version.split()[0])'), $binary"
    PYTHONMALLOC=malloc valgrind --quiet --error-exitcode=99 --errors-for-leak-kinds=none \
        --leak-check=no "$binary" --test-threads=1 -q
else
    echo "memcheck: CPython 3.13 or valgrind not installed, valgrind run skipped"
fi
echo "memcheck: pytest under PYTHONMALLOC=debug -X dev"
PYTHONMALLOC=debug "$ROOT/.venv/bin/python" -X dev -m pytest "$ROOT/tests/python" -q -p no:cacheprovider
