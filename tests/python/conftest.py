"""Shared set-up: the extension under test is built once per `make test` (maturin develop into
.venv) and imported by every test file."""
import sys

import pytest

from _ext import m as pybound_testext


def pytest_report_header(config):
    return f"python {sys.version.split()[0]}; pybound_testext from {pybound_testext.__file__}"


@pytest.fixture(scope="session")
def ext():
    return pybound_testext


def pytest_configure(config):
    # Read by refleaks.py (refleak mode), declared here so that every run knows it.
    config.addinivalue_line(
        "markers", "block_count_varies: refleak mode checks only the reference deltas"
    )
