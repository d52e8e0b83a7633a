#!/bin/sh
# Every optional feature of pybound compiles on its own (`make test` runs the whole suite with
# all of them together, `--features pybound/full`). The features are read from the `full` list
# in crates/pybound-core/Cargo.toml, so a new one is checked without editing this script.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
features=$(sed -n '/^full = \[/,/^\]/p' "$ROOT/crates/pybound-core/Cargo.toml" | tr ',' '\n' | tr -d ' "[]' | grep -v '^full=' | tr '\n' ' ')
count=0
# Default features too: the crate with none of them must not warn about what they use.
for f in "" $features; do
    out=$(cargo check --quiet -p pybound --features "$f" 2>&1) || { echo "$out"; exit 1; }
    if echo "$out" | grep -q "^warning"; then
        echo "features: warnings with --features '$f':"; echo "$out"; exit 1
    fi
    count=$((count + 1))
done
echo "features: no features and each of $((count - 1)) optional features on its own compile without warnings"
