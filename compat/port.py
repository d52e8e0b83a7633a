"""Port a PyO3-based source tree to pybound by the mechanical rename only, in place:
the Cargo.toml dependency, `pyo3::` paths, `use pyo3`, `extern crate pyo3`, `#[pyo3(...)]`
attributes and `pyo3/feature` names. Nothing is edited per package.

    python compat/port.py TREE PYBOUND_CRATE_DIR
"""
import re
import sys
import tomllib
from pathlib import Path

# PyO3 features pybound has, by the same name (all of pybound's: the conversions are named as
# PyO3 names them); any other is dropped (and reported).
with open(Path(__file__).resolve().parent.parent / "crates" / "pybound" / "Cargo.toml", "rb") as f:
    KNOWN_FEATURES = set(tomllib.load(f)["features"]) - {"default"}

SOURCE_RULES = [
    (re.compile(r"\bextern\s+crate\s+pyo3\b"), "extern crate pybound"),
    (re.compile(r"#\[pyo3\("), "#[pybound("),
    (re.compile(r"\bpyo3::"), "pybound::"),
    (re.compile(r"\buse\s+pyo3\b"), "use pybound"),
    (re.compile(r"\buse\s+::pyo3\b"), "use ::pybound"),
    # `#[pyo3(crate = "reexported::pyo3")]`: the path to the crate, in a string.
    (re.compile(r'(\bcrate\s*=\s*"(?:[\w:]*::)?)pyo3"'), r'\1pybound"'),
    (re.compile(r"\bpyo3_build_config\b"), "pybound_build_config"),
]


def replace_dependency(text, crate_dir, dropped):
    """`pyo3 = "0.x"` or `pyo3 = { ... }` (over several lines too) becomes a path dependency on
    pybound with the features pybound has."""
    match = re.search(r"^pyo3\s*=\s*", text, re.M)
    if not match:
        return text
    start, i = match.start(), match.end()
    if text[i] == "{":
        depth = 0
        for j in range(i, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                break
        spec = text[i : j + 1]
        end = j + 1
    else:
        end = text.index("\n", i)
        spec = text[i:end]
    features = []
    if "features" in spec:
        listed = spec.split("features", 1)[1].split("[", 1)[1].split("]", 1)[0]
        features = re.findall(r"""["']([^"']+)["']""", listed)
    kept = [f for f in features if f in KNOWN_FEATURES]
    dropped.extend(f for f in features if f not in KNOWN_FEATURES)
    optional = ", optional = true" if re.search(r"optional\s*=\s*true", spec) else ""
    feature_list = ", ".join(f'"{f}"' for f in kept)
    new = f'pybound = {{ path = "{crate_dir}", features = [{feature_list}]{optional} }}'
    return text[:start] + new + text[end:]


def port_manifest(path, crate_dir, dropped):
    text = path.read_text()
    text = replace_dependency(text, crate_dir, dropped)
    # A build script's `pyo3-build-config` becomes `pybound-build-config`, beside the crate.
    build_config = str(Path(crate_dir).parent / "pybound-build-config")
    text = re.sub(
        r"^pyo3-build-config\s*=\s*(\{[^}\n]*\}|\"[^\"\n]*\")",
        f'pybound-build-config = {{ path = "{build_config}" }}',
        text,
        flags=re.M,
    )
    # `pyo3/feature` in [features] tables, and `dep:pyo3`.
    lines = []
    for line in text.splitlines():
        refs = re.findall(r'"pyo3/([^"]+)"', line)
        for name in refs:
            if name in KNOWN_FEATURES:
                line = line.replace(f'"pyo3/{name}"', f'"pybound/{name}"')
            else:
                dropped.append(name)
                line = re.sub(rf'\s*"pyo3/{re.escape(name)}"\s*,?', "", line)
        line = line.replace('"dep:pyo3"', '"dep:pybound"')
        lines.append(line)
    path.write_text("\n".join(lines) + "\n")


def port_tree(tree, crate_dir):
    tree = Path(tree)
    dropped = []
    for manifest in tree.rglob("Cargo.toml"):
        port_manifest(manifest, crate_dir, dropped)
    # maturin's feature list in pyproject.toml names `pyo3/extension-module` and the like.
    for pyproject in tree.rglob("pyproject.toml"):
        text = pyproject.read_text()
        pyproject.write_text(re.sub(r"""(["'])pyo3/""", r"\1pybound/", text))
    changed = 0
    for source in tree.rglob("*.rs"):
        text = source.read_text()
        new = text
        for pattern, replacement in SOURCE_RULES:
            new = pattern.sub(replacement, new)
        if new != text:
            source.write_text(new)
            changed += 1
    return changed, sorted(set(dropped))


if __name__ == "__main__":
    changed, dropped = port_tree(sys.argv[1], sys.argv[2])
    print(f"port: {changed} source files renamed; PyO3 features dropped: {dropped or 'none'}")
