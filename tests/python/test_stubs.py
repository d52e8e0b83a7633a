"""Type stubs (the `stubs` feature): what `_pybound_stubs()` writes for the test extension.

`tests/python/stubs.sh` checks the whole stub with mypy's stubtest and type-checks usage files
against it; these tests pin the annotations themselves, on every build of the matrix (the abi3
build finds its functions another way).
"""
import ast

import pytest

from _ext import m


@pytest.fixture(scope="module")
def stub():
    return m._pybound_stubs()


def defs(stub):
    """Every function and method of the stub, by qualified name: its `def` lines (as `ast`
    writes them: `x: int=...`)."""
    tree = ast.parse(stub)
    out = {}

    def visit(body, prefix):
        for node in body:
            if isinstance(node, ast.FunctionDef):
                line = next(x for x in ast.unparse(node).splitlines() if x.startswith("def "))
                out.setdefault(prefix + node.name, []).append(line)
            elif isinstance(node, ast.ClassDef):
                visit(node.body, prefix + node.name + ".")

    visit(tree.body, "")
    return out


def test_stub_is_valid_python(stub):
    compile(stub, "pybound_testext.pyi", "exec")


def test_stub_function_is_private_and_not_exported():
    assert "_pybound_stubs" not in m.__all__


@pytest.mark.parametrize(
    "name, line",
    [
        ("add", "def add(a: int, b: float, c: str) -> int:"),
        # Defaults are `...`; `Option<T>` is `T | None`; `/` and `*` as the signature says.
        ("kw_only", "def kw_only(a: int, *, b: int, c: int=...) -> tuple[int, int, int]:"),
        ("optional_trailing",
         "def optional_trailing(a: int, b: int | None=..., c: str | None=...) -> str:"),
        ("mixed_all", "def mixed_all(a: int, /, b: int=..., *args: typing.Any, c: int, "
                      "d: int=..., **kw: typing.Any) -> str:"),
        # `*args: Vec<T>` and `**kwargs: HashMap<String, T>` annotate each item.
        ("sum_args", "def sum_args(*args: int, **kwargs: int) -> int:"),
        # Annotations written in `signature = (x: "...") -> "..."` (PyO3 0.30's form).
        ("annotated_sig", "def annotated_sig(values: list[int], *rest: int, scale: float=...) "
                          "-> list[float]:"),
        ("Scaler.scale", "def scale(self, x: float) -> float:"),
        # Collections: abstract types for parameters, concrete ones for results.
        ("sum_map", "def sum_map(values: typing.Mapping[str, int]) -> int:"),
        ("word_count", "def word_count(text: str) -> dict[str, int]:"),
        ("sum_list", "def sum_list(values: typing.Sequence[int]) -> int:"),
        ("tuple_swap", "def tuple_swap(t: tuple[int, str]) -> tuple[str, int]:"),
        ("maybe_len", "def maybe_len(items: list[typing.Any] | None=...) -> int | None:"),
        # `#[pyclass]` types are their classes; `Vec<Point>` a list of them.
        ("make_points", "def make_points(n: int) -> list[Point]:"),
        ("describe_shape", "def describe_shape(s: Shape) -> str:"),
        ("returns_unit", "def returns_unit() -> None:"),
        # `PyResult<T>` is `T`.
        ("optional_result", "def optional_result(flag: bool) -> int | None:"),
    ],
)
def test_function_annotations(stub, name, line):
    assert defs(stub)[name] == [line]


@pytest.mark.parametrize(
    "name, line",
    [
        ("Point.__new__", "def __new__(cls, x: float=..., y: float=...) -> Point:"),
        ("Point.norm", "def norm(self) -> float:"),
        # `Self` is the class; a comparison's operand is positional-only.
        ("Point.origin", "def origin() -> Point:"),
        ("Point.__lt__", "def __lt__(self, other: Point, /) -> bool:"),
        # `__eq__` takes any object, as `object.__eq__` does.
        ("Point.__eq__", "def __eq__(self, other: object, /) -> bool:"),
    ],
)
def test_method_annotations(stub, name, line):
    assert defs(stub)[name] == [line]


def test_properties_with_getter_and_setter(stub):
    # A field with `get, set`: a property and its setter, typed by the field.
    assert defs(stub)["Point.x"] == [
        "def x(self) -> float:",
        "def x(self, value: float) -> None:",
    ]


def test_decorators_and_final(stub):
    tree = ast.parse(stub)
    point = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Point")
    decorators = {
        f.name: [ast.unparse(d) for d in f.decorator_list]
        for f in point.body
        if isinstance(f, ast.FunctionDef)
    }
    assert decorators["origin"] == ["staticmethod"]
    assert decorators["from_tuple"] == ["classmethod"]
    # A class Python cannot subclass is `final`; one it can (`subclass`) is not.
    assert [ast.unparse(d) for d in point.decorator_list] == ["typing.final"]
    base = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Base")
    assert "typing.final" not in [ast.unparse(d) for d in base.decorator_list]


def test_exceptions_and_values(stub):
    lines = stub.splitlines()
    # `create_exception!`: a class with its base; constants typed by their value.
    assert "class NestedError(ValueError):" in lines
    assert "ANSWER: int" in lines
    assert any(line.startswith("__all__ = [") for line in lines)


def test_what_pybound_did_not_define_is_introspected():
    # A Python function added to the module at run time: its signature, unannotated. (Set
    # and deleted by hand: the refleak mode runs a test several times with one `monkeypatch`,
    # whose undo list would grow.)
    m.added_later = lambda x, y=1: x
    try:
        stub = m._pybound_stubs()
    finally:
        del m.added_later
    line = "def added_later(x: typing.Any, y: typing.Any = ...) -> typing.Any: ..."
    assert line in stub.splitlines()
