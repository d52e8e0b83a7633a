#!/usr/bin/env bash
# Type stubs of the test extension (built with pybound's `stubs` feature, as `make ext`
# installs it): write them with tools/pybound-stubgen, check them against the module with mypy's
# stubtest (no error allowed), and type-check the usage files in tests/python/stubs/ with mypy:
# usage_ok.py must pass, and every line of usage_bad.py marked `# error` must be reported.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -c "import mypy" 2>/dev/null || "$PY" -m pip install -q mypy
out=target/stubs
rm -rf "$out"
"$PY" tools/pybound-stubgen pybound_testext.pybound_testext --out "$out/pybound_testext"
# The package's own `__init__` re-exports the extension module (what maturin generates).
echo "from .pybound_testext import *" > "$out/pybound_testext/__init__.pyi"
stub="$out/pybound_testext/pybound_testext.pyi"
echo "stub: $(grep -c '^ *def ' "$stub") functions and methods, $(grep -c '^ *class ' "$stub") classes, $(grep -c '^ *@property' "$stub") properties"

# stubtest imports the module and compares every name, signature and property with the stub.
(cd "$out" && MYPYPATH=. "../../$PY" -m mypy.stubtest pybound_testext.pybound_testext)

mypy_run() { MYPYPATH="$out" "$PY" -m mypy --no-incremental --strict --python-version 3.11 "$@"; }
mypy_run tests/python/stubs/usage_ok.py
expected=$(grep -c '  # error:' tests/python/stubs/usage_bad.py)
set +e
report=$(mypy_run tests/python/stubs/usage_bad.py)
set -e
# One report (at least) on each marked line, and none elsewhere.
marked=$(grep -n '  # error:' tests/python/stubs/usage_bad.py | cut -d: -f1 | sort -u)
reported=$(echo "$report" | grep -oE '^tests/python/stubs/usage_bad.py:[0-9]+: error' | cut -d: -f2 | sort -u)
if [ "$marked" != "$reported" ]; then
    echo "usage_bad.py: mypy reported lines [$(echo $reported)], the file marks [$(echo $marked)]:"
    echo "$report"
    exit 1
fi
echo "usage_bad.py: mypy reported each of the $expected marked lines"
