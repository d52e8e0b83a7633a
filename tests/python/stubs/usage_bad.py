"""Type-checked with mypy against the generated stub (tests/python/stubs.sh): each line marked
`# error` must be reported, so that the stub is shown to carry types (a stub of `Any`s would
accept them all)."""
from pybound_testext.pybound_testext import Point, add, kw_only, word_count

add("1", 2.5, "x")  # error: a str for an int
add(1, 2.5)  # error: missing argument
kw_only(1, 2)  # error: b is keyword-only
counts: list[int] = word_count("a")  # error: returns a dict
p = Point(1.0, 2.0)
p.x = "far"  # error: the property takes a float
p.no_such_method()  # error: no such attribute
p < 3  # error: compares with a Point
add(1, 2.5, "x").upper()  # error: an int has no upper()
