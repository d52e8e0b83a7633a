"""Type-checked with mypy against the generated stub (tests/python/stubs.sh): correct uses of
the test extension, which must produce no error."""
from pybound_testext.pybound_testext import (
    Point,
    add,
    kw_only,
    make_points,
    maybe_len,
    sum_map,
    word_count,
)

total: int = add(1, 2.5, "x")
counts: dict[str, int] = word_count("a b a")
a, b, c = kw_only(1, b=2)
n: int = sum_map({"a": 1})
length: int | None = maybe_len(None)

p = Point(1.0, 2.0)
p.x = 3.0
norm: float = p.norm()
q: Point = Point.origin()
points: list[Point] = make_points(3)
closer: bool = p < q
same: bool = p == 1
