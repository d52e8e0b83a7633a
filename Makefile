# The two set-up commands the README names: `make demo` and `make test`.
# Both create .venv (with maturin and pytest) on first use.

PYTHON ?= python3
VENV := .venv
VPY := $(abspath $(VENV)/bin/python)

# Build against the venv's interpreter, and load its libpython at run time (an rpath is set by
# the build script; LD_LIBRARY_PATH covers tools that ignore it).
export PYO3_PYTHON := $(VPY)
PY_LIBDIR = $(shell $(VPY) -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')
PY_VERSION = $(shell $(VPY) -c 'import sys; print(sys.version.split()[0])')

# maturin installs into the venv it is told about.
MATURIN = VIRTUAL_ENV=$(abspath $(VENV)) PATH=$(abspath $(VENV))/bin:$$PATH $(VENV)/bin/maturin


.PHONY: docs etl etl-measure demo test test-rust test-python test-bench bench-ecosystem test-versions test-abi3 test-refleaks test-memcheck compat compat-check compat-baseline compat-guide compat-guide-baseline ext bench bench-quick bench-instructions bench-case-instructions fmt lint venv

$(VENV)/.ready:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet maturin pytest
	touch $@

venv: $(VENV)/.ready

# The quickstart extension, built and used from Python; then the embedding example.
demo: $(VENV)/.ready
	$(MATURIN) develop --quiet -m examples/quickstart/Cargo.toml
	$(VPY) examples/quickstart/demo.py
	LD_LIBRARY_PATH=$(PY_LIBDIR) cargo run --quiet -p pybound --example word_stats

test: test-rust test-python test-bench test-versions test-refleaks test-abi3 test-memcheck etl compat-guide

# Rust tests that embed Python (plus doctests and compile-fail cases), with every optional
# conversion (`full`: `--all-features` would also turn on `extension-module`, which stops
# linking libpython); then each optional feature compiled on its own.
test-rust: $(VENV)/.ready
	LD_LIBRARY_PATH=$(PY_LIBDIR) cargo run --quiet -p pybound --example pyversion
	LD_LIBRARY_PATH=$(PY_LIBDIR) PYBOUND_EXPECT_PY_VERSION=$(PY_VERSION) cargo test --quiet --features pybound/full
	./tests/check_features.sh
	./tests/free-threaded/check.sh
	./tests/loom.sh
	./tests/embedding/outside_workspace.sh

# The test extension, built once into the venv, and the pytest suites against it.
ext: $(VENV)/.ready
	$(MATURIN) develop --quiet -m tests/python/Cargo.toml

# The ETL example (examples/etl, docs/buffers.md): built into the venv with the pure-Rust
# binary beside it, and its tests run on a small generated file. `make etl-measure` times it
# on a 1 GiB partition against pure Rust and the PyO3 version in examples/etl/pyo3
# (PARTITION=256M for a quicker look).
etl: $(VENV)/.numpy
	$(MATURIN) develop --quiet -m examples/etl/Cargo.toml
	cargo build --quiet -p etl --bin etl-rust
	ETL_RUST=target/debug/etl-rust $(VPY) -m pytest examples/etl/test_etl.py -q -p no:cacheprovider

PARTITION ?= 1G
etl-measure: $(VENV)/.numpy
	$(MATURIN) develop --quiet --release -m examples/etl/Cargo.toml
	$(MATURIN) develop --quiet --release -m examples/etl/pyo3/Cargo.toml
	cargo build --quiet --release -p etl --bin etl-rust
	$(VPY) examples/etl/measure.py $(PARTITION) --pyo3

# numpy: a buffer exporter and consumer the buffer tests use (they skip without it, as in the
# debug-CPython venv, which PyPI's wheels do not fit).
$(VENV)/.numpy: $(VENV)/.ready
	$(VENV)/bin/pip install --quiet numpy
	touch $@

# The other languages' bindings the benchmarks compare with (bench/impls/nanobind, cython) and
# their build tools.
$(VENV)/.peers: $(VENV)/.ready
	$(VENV)/bin/pip install --quiet nanobind cmake ninja cython setuptools
	touch $@

# matplotlib, for the plot `make bench` draws (bench/plot.py).
$(VENV)/.plot: $(VENV)/.ready
	$(VENV)/bin/pip install --quiet matplotlib
	touch $@

# hypothesis: property tests of the conversions (test_ecosystem_properties.py skips without it).
$(VENV)/.hypothesis: $(VENV)/.ready
	$(VENV)/bin/pip install --quiet hypothesis
	touch $@

test-python: ext $(VENV)/.numpy $(VENV)/.hypothesis
	$(VPY) -m pytest tests/python -q
	tests/python/stubs.sh
	tests/getting_started.sh

# The runtime tests and the pytest suites again for CPython 3.9, 3.10, 3.12 and 3.13, where installed
# (through pyenv); each has its own venv (.venv-3.X) and target directory.
test-versions: $(VENV)/.ready
	tests/python/other_versions.sh

# The stable ABI: the test extension built once as an `abi3-py39` wheel (`cp39-abi3`) and the
# pytest suite run against that one wheel on every installed CPython 3.9-3.13; then the
# runtime tests compiled for the stable ABI (docs/threads-and-versions.md).
test-abi3: $(VENV)/.numpy $(VENV)/.hypothesis
	tests/python/abi3.sh

# The pytest suites (fault injection included) on Debian's debug CPython, each test repeated
# (3 warm-up runs, 3 counted): reference and allocated-block deltas must be zero. Installs
# python3.11-dbg through apt when it is missing.
test-refleaks: $(VENV)/.ready
	tests/python/debug_python.sh

# valgrind memcheck on the embedding tests (CPython 3.13), and the pytest suites under
# PYTHONMALLOC=debug -X dev. Run after `ext` (it uses the extension built into .venv).
test-memcheck: ext
	tests/python/memcheck.sh

# The compatibility suite: published PyO3-based packages renamed to pybound by compat/port.py
# only, built against this checkout and tested with their own suites (compat/README.md);
# compat-baseline builds them with their own PyO3 and records the figures pybound is held to.
compat: $(VENV)/.ready
	$(VPY) compat/run.py

compat-baseline: $(VENV)/.ready
	$(VPY) compat/run.py --baseline

# PyO3's guide, example by example, renamed to pybound (compat/guide.py): every example that
# passes with PyO3 (compat/results/guide-baseline.json, written by compat-guide-baseline) must
# compile and run, unless compat/guide-expected.json gives the reason it cannot.
compat-guide: $(VENV)/.ready
	$(VPY) compat/guide.py

compat-guide-baseline: $(VENV)/.ready
	$(VPY) compat/guide.py --baseline

# What CI runs after `make test`: every package that does not wait for a missing feature
# (packages.json's waits_for) must build and pass exactly what it passes with PyO3.
compat-check: $(VENV)/.ready
	$(VPY) compat/run.py --check

# Each benchmark case once through each implementation: same results (no timing).
test-bench: $(VENV)/.numpy $(VENV)/.peers
	$(VPY) bench/check.py
	$(VPY) bench/ecosystem.py --check

# Benchmarks: pybound vs PyO3 (Bound API), PyO3 0.20 (GIL refs) and the C API. See bench/README.md.
bench: $(VENV)/.numpy $(VENV)/.peers $(VENV)/.plot
	$(VPY) bench/run.py

bench-quick: $(VENV)/.numpy $(VENV)/.peers $(VENV)/.plot
	$(VPY) bench/run.py --quick

# The optional conversions (chrono, num-bigint, rust_decimal, serde) against PyO3's own features
# and pythonize: bench/results/ecosystem.json, bench/README.md.
bench-ecosystem: $(VENV)/.ready
	$(VPY) bench/ecosystem.py
	$(VPY) bench/ecosystem.py --bigint-scaling

# The compiler's instruction count for a touch rebuild of each bench crate (needs valgrind;
# run after bench or bench-quick). Repeatable where wall-clock rebuild times are not.
bench-instructions: $(VENV)/.ready
	$(VPY) bench/compile_instructions.py

bench-case-instructions: $(VENV)/.numpy $(VENV)/.peers
	$(VPY) bench/case_instructions.py --build

# The user guide (docs/) as a book, with mdBook (installed into .tools/ on first use): target/book.
# Its Rust examples run in `make test` (the pybound crate's doctests include every chapter).
MDBOOK := .tools/bin/mdbook
$(MDBOOK):
	cargo install --quiet --locked mdbook --version 0.5.4 --root .tools

docs: $(MDBOOK)
	@$(MDBOOK) build docs 2>&1 | tee target/mdbook.log
	@! grep -E "WARN|ERROR" target/mdbook.log
	@echo "the book: target/book/index.html"

fmt:
	cargo fmt --all

lint: $(VENV)/.ready
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
