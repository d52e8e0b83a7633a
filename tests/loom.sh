#!/bin/sh
# Model checks of the atomic state machines free-threaded CPython relies on (loom explores
# every interleaving of the threads in each test): the class borrow flag
# (crates/pybound-core/src/class/borrow_flag.rs) and the queue of deferred decrefs
# (crates/pybound-core/src/decref_queue.rs). Built apart (--cfg loom changes the atomics), in
# release mode as loom recommends.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR="$ROOT/target/loom" \
    cargo test --quiet --release -p pybound-core --lib loom_tests
