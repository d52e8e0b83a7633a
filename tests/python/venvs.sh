# Shared by other_versions.sh and abi3.sh (sourced): finding an installed CPython and the
# per-version venvs the suites run in.

# The pyenv interpreter for minor version $1 (e.g. 3.10), or nothing if it is not installed.
python_for() {
    if command -v pyenv >/dev/null 2>&1; then
        full=$(pyenv versions --bare 2>/dev/null | grep -E "^$1\.[0-9]+$" | tail -n 1 || true)
        if [ -n "$full" ] && [ -x "$(pyenv root)/versions/$full/bin/python3" ]; then
            echo "$(pyenv root)/versions/$full/bin/python3"
        fi
    fi
}

# Make the venv $2 for interpreter $1 (once), with what the suites import.
ensure_venv() {
    if [ ! -f "$2/.ready" ]; then
        "$1" -m venv "$2"
        "$2/bin/pip" install --quiet pytest
        touch "$2/.ready"
    fi
    if [ ! -f "$2/.numpy" ]; then
        "$2/bin/pip" install --quiet numpy
        touch "$2/.numpy"
    fi
    if [ ! -f "$2/.hypothesis" ]; then
        "$2/bin/pip" install --quiet hypothesis
        touch "$2/.hypothesis"
    fi
}
