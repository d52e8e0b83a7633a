#!/bin/sh
# Every optional feature of pybound compiles on its own (`make test` runs the whole suite with
# all of them together, `--features pybound/full`). The features are read from the `full` list
# in crates/pybound-core/Cargo.toml, so a new one is checked without editing this script.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
features=$(sed -n '/^full = \[/,/^\]/p' "$ROOT/crates/pybound-core/Cargo.toml" | tr ',' '\n' | tr -d ' "[]' | grep -v '^full=' | tr '\n' ' ')
count=0
for f in $features; do
    [ -n "$f" ] || continue
    cargo check --quiet -p pybound --features "$f"
    count=$((count + 1))
done
echo "features: $count optional features each compile on their own"
