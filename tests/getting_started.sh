#!/bin/sh
# docs/getting-started.md, followed as a new user would: the files the chapter gives (each
# block after a `<!-- file: NAME -->` line) are written into a project outside this workspace,
# the path to pybound pointed at this checkout, built with maturin into a venv of its own,
# and the chapter's check.py run with it.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/target/getting-started"
rm -rf "$WORK/textstats"
mkdir -p "$WORK/textstats"
"$ROOT/.venv/bin/python" - "$ROOT/docs/getting-started.md" "$WORK/textstats" "$ROOT" <<'PY'
import pathlib, re, sys
chapter, dest, root = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
text = pathlib.Path(chapter).read_text()
files = re.findall(r"<!-- file: (\S+) -->\n```[a-z]*\n(.*?)```", text, re.S)
assert {name for name, _ in files} == {"Cargo.toml", "pyproject.toml", "src/lib.rs", "check.py"}, files
for name, body in files:
    if name == "Cargo.toml":
        body = body.replace('path = "../pybound/crates/pybound"', f'path = "{root}/crates/pybound"')
        body += "\n[workspace]\n"  # its own workspace, not pybound's
    if name.endswith(".rs"):
        # Lines rustdoc hides (`# fn main() {}`, for the doctest) are not part of the file.
        body = "".join(l for l in body.splitlines(True) if not l.startswith("# "))
    path = dest / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
print("getting-started: wrote", ", ".join(name for name, _ in files))
PY
venv="$WORK/venv"
if [ ! -x "$venv/bin/maturin" ]; then
    "$ROOT/.venv/bin/python" -m venv "$venv"
    "$venv/bin/pip" install --quiet maturin
fi
cd "$WORK/textstats"
env -u PYO3_PYTHON VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" CARGO_TARGET_DIR="$WORK/target" \
    "$venv/bin/maturin" develop --quiet
"$venv/bin/python" check.py
