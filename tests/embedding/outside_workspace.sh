#!/bin/sh
# An embedding program outside this workspace, written as docs/embedding.md tells users to:
# `pybound` with `auto-initialize`, and a build script calling
# `pybound_build_config::add_libpython_rpath_link_args()`. Run without LD_LIBRARY_PATH, it must
# report the `sys.version` of the interpreter it was built for (PYO3_PYTHON), although another
# libpython3.11.so sits on the loader's default path here (Debian's). The same program built
# without the build script is run too, as the control: on this machine it picks the other
# libpython, which is what the helper is for (it is only reported, not required: machines
# without a second libpython load the right one either way).
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${PYO3_PYTHON:-$ROOT/.venv/bin/python}"
WORK="$ROOT/target/outside-embedding"
want=$("$PY" -c 'import sys; print(sys.version)')
make_crate() {  # $1: directory, $2: "with" or "without" the build script
    mkdir -p "$1/src"
    cat > "$1/Cargo.toml" <<TOML
[package]
name = "embed-$2"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
pybound = { path = "$ROOT/crates/pybound", features = ["auto-initialize"] }
TOML
    if [ "$2" = with ]; then
        cat >> "$1/Cargo.toml" <<TOML

[build-dependencies]
pybound-build-config = { path = "$ROOT/crates/pybound-build-config" }
TOML
        cat > "$1/build.rs" <<'RS'
fn main() {
    // Load the libpython this program was built for, not the first one the loader finds.
    pybound_build_config::add_libpython_rpath_link_args();
}
RS
    fi
    cat > "$1/src/main.rs" <<'RS'
use pybound::prelude::*;

fn main() {
    Python::attach(|py| {
        let version: String = py.import("sys").unwrap().getattr("version").unwrap().extract().unwrap();
        println!("{version}");
    });
}
RS
}
make_crate "$WORK/with" with
make_crate "$WORK/without" without
for kind in with without; do
    (cd "$WORK/$kind" && env -u LD_LIBRARY_PATH PYO3_PYTHON="$PY" CARGO_TARGET_DIR="$WORK/target" \
        cargo build --quiet)
done
got=$(env -u LD_LIBRARY_PATH "$WORK/target/debug/embed-with")
control=$(env -u LD_LIBRARY_PATH "$WORK/target/debug/embed-without" 2>&1 || true)
echo "outside-embedding: built for   $want"
echo "outside-embedding: loaded      $got"
echo "outside-embedding: without the build script: $control"
if [ "$got" != "$want" ]; then
    echo "outside-embedding: FAILED: the program did not load the libpython it was built for"
    exit 1
fi
