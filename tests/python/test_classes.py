"""#[pyclass] and #[pymethods]: construction, methods, attributes, borrow tracking, magic
methods, subclassing."""
import gc
import inspect
import sys

import pytest

from _ext import ABI3, full_api_only, m


# ---- construction and attributes ----

def test_construct_with_defaults():
    p = m.Point()
    assert (p.x, p.y) == (0.0, 0.0)


@pytest.mark.parametrize("args, kwargs, expected", [((1, 2), {}, (1.0, 2.0)), ((), {"y": 5}, (0.0, 5.0)), ((3,), {"y": 4}, (3.0, 4.0))])
def test_construct_with_arguments(args, kwargs, expected):
    p = m.Point(*args, **kwargs)
    assert (p.x, p.y) == expected


def test_constructor_argument_errors():
    with pytest.raises(TypeError, match=r"^Point\.__new__\(\) got an unexpected keyword argument 'z'$"):
        m.Point(z=1)
    with pytest.raises(TypeError, match=r"^Point\.__new__\(\) takes from 0 to 2 positional arguments but 3 were given$"):
        m.Point(1, 2, 3)
    with pytest.raises(TypeError, match="argument 'x'"):
        m.Point("a")


def test_class_without_constructor():
    with pytest.raises(TypeError, match="No constructor defined for Token"):
        m.Token()
    t = m.make_token(7)
    assert t.id == 7
    assert type(t) is m.Token


def test_field_getter_and_setter():
    p = m.Point(1, 2)
    p.x = 10
    assert p.x == 10.0
    p.y = -1.5
    assert p.y == -1.5


def test_field_setter_type_error():
    p = m.Point()
    with pytest.raises(TypeError, match="argument 'x': must be real number, not str"):
        p.x = "no"


def test_deleting_attribute_raises_attribute_error():
    p = m.Point()
    with pytest.raises(AttributeError, match="can't delete attribute 'x'"):
        del p.x
    with pytest.raises(AttributeError, match="can't delete attribute 'quadrant'"):
        del p.quadrant


def test_get_only_field_is_read_only():
    f = m.Frozen(3)
    with pytest.raises(AttributeError):
        f.value = 4


def test_unknown_attribute():
    with pytest.raises(AttributeError):
        m.Point().z = 1


def test_getter_and_setter_methods():
    p = m.Point(1, 1)
    assert p.quadrant == 1
    p.quadrant = 3
    assert (p.x, p.y) == (-1.0, -1.0)
    with pytest.raises(ValueError, match="quadrant must be 1-4"):
        p.quadrant = 9


def test_methods():
    p = m.Point(3, 4)
    assert p.norm() == 5.0
    p.scale(2)
    assert (p.x, p.y) == (6.0, 8.0)


def test_method_argument_errors():
    p = m.Point()
    with pytest.raises(TypeError, match=r"scale\(\) missing 1 required positional argument: 'k'"):
        p.scale()
    # A method without parameters is METH_NOARGS: CPython's own check and message.
    with pytest.raises(TypeError, match=r"^Point\.norm\(\) takes no arguments \(1 given\)$"):
        p.norm(1)


def test_positional_only_method_is_meth_o():
    p = m.Point(1, 2)
    assert (p.times(3).x, p.times(3).y) == (3.0, 6.0)
    assert (m.Point.diagonal(2).x, p.diagonal(2).y) == (2.0, 2.0)
    with pytest.raises(TypeError, match=r"^Point\.times\(\) takes no keyword arguments$"):
        p.times(k=3)
    with pytest.raises(TypeError, match=r"takes exactly one argument \(0 given\)"):
        m.Point.diagonal()
    with pytest.raises(TypeError, match=r"^argument 'k': must be real number, not str$"):
        p.times("x")
    assert str(inspect.signature(m.Point.times)) == "(self, k, /)"


def test_method_keyword_argument():
    p = m.Point(1, 1)
    p.scale(k=3)
    assert p.x == 3.0


def test_method_taking_pyref_of_same_class():
    assert (m.Point(1, 2).add(m.Point(3, 4)).x, m.Point(1, 2).add(m.Point(3, 4)).y) == (4.0, 6.0)
    with pytest.raises(TypeError, match="'int' object is not an instance of 'Point'"):
        m.Point().add(5)


def test_unbound_method_call():
    assert m.Point.norm(m.Point(3, 4)) == 5.0
    with pytest.raises(TypeError):
        m.Point.norm(5)


def test_static_method():
    o = m.Point.origin()
    assert (o.x, o.y) == (0.0, 0.0)
    assert m.Point().origin().x == 0.0


def test_class_method():
    p = m.Point.from_tuple((1, 2))
    assert type(p) is m.Point and p.y == 2.0


def test_class_attributes():
    assert m.Point.DIMENSIONS == 2
    assert m.Point.unit_name == "metre"
    assert m.Point().DIMENSIONS == 2


def test_docstrings_and_signatures():
    assert m.Point.__doc__ == "A point in the plane."
    assert m.Point.norm.__doc__ == "Distance from the origin."
    assert str(inspect.signature(m.Point.scale)) == "(self, /, k)"
    assert str(inspect.signature(m.Point.norm)) == "(self, /)"


def test_class_module_and_name():
    assert m.Point.__name__ == "Point"
    assert m.Point.__module__ == "pybound_testext"
    assert m.Token.__module__ == m.__name__


# ---- magic methods ----

def test_repr_and_str():
    p = m.Point(1, 2)
    assert repr(p) == "Point(1, 2)"
    assert str(p) == "(1, 2)"
    assert f"{p}" == "(1, 2)"


def test_equality_and_hash():
    assert m.Point(1, 2) == m.Point(1, 2)
    assert m.Point(1, 2) != m.Point(2, 1)
    assert hash(m.Point(1, 2)) == hash(m.Point(1, 2))
    assert len({m.Point(1, 2), m.Point(1, 2), m.Point(0, 0)}) == 2


def test_comparison_with_other_type_falls_back():
    # Our __richcmp__ returns NotImplemented for non-Points, so Python falls back to identity.
    assert (m.Point() == 5) is False
    assert (m.Point() != "x") is True


def test_ordering_error_from_rust():
    with pytest.raises(TypeError, match="points are not ordered"):
        m.Point() < m.Point()


def test_iterator_protocol():
    assert list(m.Counter(4)) == [1, 2, 3, 4]
    c = m.Counter(2)
    assert next(c) == 1
    assert next(c) == 2
    with pytest.raises(StopIteration):
        next(c)
    assert iter(c) is c


def test_len_getitem_contains():
    c = m.Counter(3)
    assert len(c) == 3
    assert c[0] == 1 and c[2] == 3
    with pytest.raises(IndexError, match="counter index out of range"):
        c[3]
    assert 2 in c and 4 not in c


def test_call():
    c = m.Counter(10)
    assert c(3) == 3
    assert c(step=2) == 5
    with pytest.raises(TypeError, match=r"__call__\(\) missing 1 required positional argument: 'step'"):
        c()


def test_bool():
    assert bool(m.Counter(1)) is True
    assert bool(m.Counter(0)) is False


# ---- borrow tracking ----

def test_reentrant_read_during_mutation_raises():
    r = m.Reentrant()
    with pytest.raises(RuntimeError, match="^Already mutably borrowed$"):
        r.mutate_and_call(lambda: r.read())


def test_reentrant_mutation_during_read_raises():
    r = m.Reentrant()
    with pytest.raises(RuntimeError, match="^Already borrowed$"):
        r.read_and_call(lambda: r.bump())


def test_reentrant_shared_reads_are_fine():
    r = m.Reentrant()
    r.bump()
    assert r.read_and_call(lambda: r.read()) == 1


def test_borrow_released_after_error():
    r = m.Reentrant()
    with pytest.raises(RuntimeError):
        r.mutate_and_call(lambda: r.read())
    r.bump()  # the exclusive borrow was released when the method returned
    assert r.value == 11


def test_pyrefmut_argument_conflicts_with_a_live_borrow():
    p = m.Point(1, 1)
    r = m.Reentrant()
    # move_point needs an exclusive borrow of p while add() holds a shared one: no conflict
    # here, but passing the same object twice to a &mut receiver and a PyRef argument is.
    with pytest.raises(RuntimeError, match="^Already mutably borrowed$"):
        r.mutate_and_call(lambda: r.read_and_call(lambda: None))
    assert p.add(p).x == 2.0  # two shared borrows of the same object are fine


def test_frozen_class():
    f = m.Frozen(21)
    assert f.value == 21
    assert f.doubled() == 42
    assert f.doubled() == f.doubled()


# ---- conversions ----

def test_clone_extraction_and_pyref_argument():
    assert m.point_sum(m.Point(1, 2), m.Point(3, 4)) == 10.0


def test_pyrefmut_argument_mutates():
    p = m.Point(1, 1)
    m.move_point(p, 2.5)
    assert p.x == 3.5


def test_returning_class_values():
    points = m.make_points(3)
    assert [p.x for p in points] == [0.0, 1.0, 2.0]
    assert all(type(p) is m.Point for p in points)


def test_wrong_type_argument():
    with pytest.raises(TypeError, match="argument 'p': 'str' object is not an instance of 'Point'"):
        m.point_sum("x", m.Point())


# ---- subclassing ----

class Sub(m.Base):
    # #[new] parses the constructor arguments, so a subclass that adds its own defines __new__
    # too (as with any built-in type whose __new__ takes arguments).
    def __new__(cls, n=1, extra="e"):
        return super().__new__(cls, n)

    def __init__(self, n=1, extra="e"):
        super().__init__()
        self.extra = extra

    def describe(self):
        return "Sub:" + super().describe()


def test_python_subclass():
    s = Sub(5, extra="x")
    assert s.n == 5
    assert s.extra == "x"
    assert isinstance(s, m.Base)
    assert s.describe() == "Sub:Base(n=5)"


def test_rust_calls_overridden_method():
    assert Sub(2).call_overridable() == "Sub:Base(n=2)"
    assert m.Base(3).call_overridable() == "Base(n=3)"


def test_construction_follows_init_assigned_later():
    # A class is constructed through its vectorcall constructor, which must step aside when
    # Python code gives the class an `__init__` of its own.
    assert m.Base(n=4).n == 4
    calls = []

    def init(self, *args, **kwargs):
        calls.append((args, kwargs))

    m.Base.__init__ = init
    try:
        b = m.Base(7)
        assert (b.n, calls) == (7, [((7,), {})])
        m.Base(n=8)
        assert calls[-1] == ((), {"n": 8})
    finally:
        del m.Base.__init__
    assert m.Base(9).n == 9
    assert len(calls) == 2
    # A Python subclass does not inherit the constructor's vectorcall.
    assert type(Sub(3)) is Sub


def test_non_subclassable_class():
    with pytest.raises(TypeError):
        class Nope(m.Point):  # noqa: F811
            pass


def test_subclass_instances_are_freed():
    import weakref

    s = Sub()
    r = weakref.ref(s)
    del s
    gc.collect()
    assert r() is None


# ---- memory ----

def test_many_instances_do_not_leak():
    import tracemalloc

    def churn():
        for i in range(20000):
            p = m.Point(i, i)
            p.scale(2)

    churn()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    churn()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert after - before < 100_000


def test_refcounts_after_method_calls():
    p = m.Point()
    before = sys.getrefcount(p)
    for _ in range(1000):
        p.norm()
        p.x = 1.0
        _ = p.x
    assert sys.getrefcount(p) == before


# ---- the number protocol ----

def test_binary_operators():
    a, b = m.Vec2(1, 2), m.Vec2(3, 4)
    assert repr(a + b) == "Vec2(4, 6)"
    assert repr(b - a) == "Vec2(2, 2)"
    assert repr(a * 2) == "Vec2(2, 4)"
    assert repr(a / 2) == "Vec2(0.5, 1)"


def test_reflected_operator():
    assert repr(3 * m.Vec2(1, 2)) == "Vec2(3, 6)"


def test_wrong_operand_type_gives_python_type_error():
    with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for \+: '([\w.]+\.)?Vec2' and 'int'"):
        m.Vec2(1, 2) + 1
    with pytest.raises(TypeError):
        "x" * m.Vec2(1, 2)


def test_not_implemented_lets_python_try_the_other_side():
    class Other:
        def __radd__(self, other):
            return "other handled it"

    assert m.Vec2(1, 1) + Other() == "other handled it"


def test_operator_error_propagates():
    with pytest.raises(ZeroDivisionError, match="division of a vector by zero"):
        m.Vec2(1, 1) / 0


def test_in_place_operator_mutates_and_returns_self():
    v = m.Vec2(1, 1)
    alias = v
    v += m.Vec2(2, 3)
    assert v is alias
    assert repr(v) == "Vec2(3, 4)"


def test_unary_operators():
    assert repr(-m.Vec2(1, -2)) == "Vec2(-1, 2)"
    assert abs(m.Vec2(3, 4)) == 5.0
    assert +m.Cents(7) == 7
    assert ~m.Cents(0) == -1


def test_individual_comparisons():
    a, b = m.Vec2(1, 0), m.Vec2(3, 4)
    assert a == m.Vec2(1, 0)
    assert a != b  # derived from __eq__
    assert a < b
    assert b > a  # reflected __lt__
    with pytest.raises(TypeError):
        a <= b  # not defined


def test_comparison_with_other_types():
    assert (m.Vec2(1, 1) == 5) is False
    assert (m.Vec2(1, 1) != "s") is True


def test_int_float_index():
    c = m.Cents(250)
    assert int(c) == 250
    assert float(c) == 2.5
    assert [10, 20, 30][m.Cents(2)] == 30
    assert hex(m.Cents(255)) == "0xff"
    assert operator_index(m.Cents(3)) == 3


def operator_index(x):
    import operator

    return operator.index(x)


def test_pickle_with_reduce():
    import pickle

    v = m.Vec2(1.5, -2)
    w = pickle.loads(pickle.dumps(v))
    assert w == v and w is not v


def test_copy_with_dunder_copy():
    import copy

    v = m.Vec2(1, 2)
    c = copy.copy(v)
    assert c == v and c is not v


# ---- garbage collection, weak references, __dict__ ----

def test_gc_reclaims_cycle_through_two_pyclass_objects():
    a, b = m.Node("a"), m.Node("b")
    a.other = b
    b.other = a
    ra, rb = weakref_ref(a), weakref_ref(b)
    del a, b
    assert ra() is not None  # only the collector can free a cycle
    gc.collect()
    assert ra() is None and rb() is None


def weakref_ref(obj):
    import weakref

    return weakref.ref(obj)


def test_self_cycle_is_collected():
    n = m.Node("self")
    n.other = n
    r = weakref_ref(n)
    del n
    gc.collect()
    assert r() is None


def test_weakref_to_class_without_option_fails():
    with pytest.raises(TypeError):
        weakref_ref(m.Point())


def test_weakref_dies_with_object():
    n = m.Node("w")
    r = weakref_ref(n)
    assert r() is n
    del n
    assert r() is None


def test_traverse_reports_references():
    a, b = m.Node("a"), m.Node("b")
    a.other = b
    assert b in gc.get_referents(a)


def test_instance_dict():
    o = m.Open()
    o.extra = 5
    assert o.extra == 5
    assert o.__dict__ == {"extra": 5}
    o.__dict__ = {"z": 1}
    assert o.z == 1
    assert o.base == 1


def test_instances_carry_only_the_fields_their_class_asks_for():
    header = object.__basicsize__
    flag = 8  # the borrow flag, right after the header
    # Point: two f64 fields and nothing else.
    assert m.Point.__basicsize__ == header + flag + 16
    assert m.Point.__dictoffset__ == 0 and m.Point.__weakrefoffset__ == 0
    # Open (dict): an i64 and the __dict__ pointer, which comes first.
    assert m.Open.__basicsize__ == header + flag + 8 + 8
    assert m.Open.__dictoffset__ == header + flag
    # Node (weakref): the weak-reference list comes first.
    assert m.Node.__weakrefoffset__ == header + flag
    assert m.Node.__dictoffset__ == 0
    # LocalOnly (unsendable): the owning thread, then an Rc.
    assert m.LocalOnly.__basicsize__ == header + flag + 8 + 8


def test_dict_cycle_collected():
    o = m.Open()
    o.me = o
    r = weakref_ref_or_none(o)
    del o
    gc.collect()
    assert r is None or r() is None


def weakref_ref_or_none(obj):
    try:
        return weakref_ref(obj)
    except TypeError:
        return None


def test_million_instances_leave_memory_flat():
    import resource
    import tracemalloc

    def churn(n):
        for i in range(n):
            node = m.Node("label")
            node.other = None
            m.Point(i, i)

    churn(10000)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    traced_before = tracemalloc.get_traced_memory()[0]
    churn(1_000_000)
    traced_after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    rss_growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert traced_after - traced_before < 100_000
    assert rss_growth_kib < 10 * 1024


# ---- enums ----

def test_enum_variants_are_class_attributes():
    assert isinstance(m.Color.Red, m.Color)
    assert m.Color.Red is m.Color.Red
    assert repr(m.Color.Blue) == "Color.Blue"


def test_enum_equality_and_hash():
    assert m.Color.Red == m.Color.Red
    assert m.Color.Red != m.Color.Green
    assert len({m.Color.Red, m.Color.Red, m.Color.Blue}) == 2


def test_enum_int_and_eq_int():
    assert int(m.Color.Red) == 0
    assert int(m.Color.Blue) == 10
    assert m.Color.Green == 1
    assert m.Color.Blue != 9
    assert [10, 20][m.Color.Green] == 20


def test_enum_through_functions():
    assert m.next_color(m.Color.Red) == m.Color.Green
    assert m.next_color(m.Color.Blue) == m.Color.Red
    with pytest.raises(TypeError, match="'int' object is not an instance of 'Color'"):
        m.next_color(0)


def test_enum_cannot_be_constructed():
    with pytest.raises(TypeError, match="No constructor defined for Color"):
        m.Color()


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match statement")
def test_enum_match_statement():
    ns = {}
    exec(
        "def kind(c, Color):\n"
        "    match c:\n"
        "        case Color.Red:\n"
        "            return 'red'\n"
        "        case Color.Blue:\n"
        "            return 'blue'\n"
        "        case _:\n"
        "            return 'other'\n",
        ns,
    )
    assert ns["kind"](m.Color.Blue, m.Color) == "blue"
    assert ns["kind"](m.Color.Green, m.Color) == "other"


# ---- eq / ord / hash / str options ----

def test_derived_comparisons():
    v = m.Version
    assert v(1, 2) == v(1, 2)
    assert v(1, 2) != v(1, 3)
    assert v(1, 2) < v(1, 10) <= v(1, 10) < v(2, 0)
    assert v(3, 0) > v(2, 9) >= v(2, 9)
    assert sorted([v(2, 0), v(1, 5), v(1, 0)]) == [v(1, 0), v(1, 5), v(2, 0)]


def test_derived_hash_and_str():
    v = m.Version
    assert len({v(1, 1), v(1, 1), v(1, 2)}) == 2
    assert str(v(3, 4)) == "3.4"


def test_derived_comparison_with_other_type():
    assert (m.Version(1, 0) == "1.0") is False
    with pytest.raises(TypeError):
        m.Version(1, 0) < 1


def test_methods_from_a_second_pymethods_block():
    assert m.Point(3, -4).manhattan() == 7.0
    assert m.Point.unit_x().x == 1.0
    assert m.Point(3, 4).norm() == 5.0  # the first block is still there


# ---- custom exceptions with Rust fields (extends = PyValueError) ----

@full_api_only
def test_exception_class_hierarchy():
    assert issubclass(m.ParseError, ValueError)
    assert issubclass(m.ParseError, Exception)


@full_api_only
def test_exception_fields_and_args():
    e = m.ParseError("bad token", 3, 7)
    assert (e.line, e.column) == (3, 7)
    assert e.position() == (3, 7)
    assert e.args == ("bad token", 3, 7)


@full_api_only
def test_raise_and_catch_as_base():
    with pytest.raises(ValueError) as info:
        raise m.ParseError("x", line=2)
    assert info.value.line == 2
    assert info.value.args == ("x",)


@full_api_only
def test_raised_from_rust_with_fields():
    with pytest.raises(m.ParseError) as info:
        m.parse_strict("ab!c")
    assert (info.value.line, info.value.column) == (1, 2)
    assert info.value.__traceback__ is not None
    assert m.parse_strict("abc") == 3


@full_api_only
def test_python_subclass_of_rust_exception():
    class Sub(m.ParseError):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.extra = "e"

    s = Sub("q", 1, 2)
    assert (s.line, s.extra) == (1, "e")
    with pytest.raises(ValueError):
        raise s


@full_api_only
def test_exception_instances_are_freed():
    import tracemalloc

    def churn():
        for i in range(20000):
            try:
                raise m.ParseError("w", i, 1)
            except ValueError:
                pass

    churn()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    churn()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert after - before < 100_000


# ---- attribute hooks, descriptors, sequence/mapping options, rename_all ----

def test_getattr_hook_for_missing_names():
    d = m.Dynamic()
    d.a = 1
    assert d.a == 1
    with pytest.raises(AttributeError, match="no attribute zz"):
        d.zz


def test_getattr_does_not_hide_real_attributes():
    d = m.Dynamic()
    assert callable(d.names)
    assert d.names() == []


def test_setattr_and_delattr_hooks():
    d = m.Dynamic()
    d.x = 5
    d.y = 6
    assert d.names() == ["x", "y"]
    del d.x
    assert d.names() == ["y"]
    with pytest.raises(AttributeError):
        del d.nothing
    with pytest.raises(TypeError, match="argument 'value'"):
        d.z = "not an int"


def test_descriptor_get_and_set():
    class Host:
        s = m.Stored(2.5)

    h = Host()
    assert h.s == 2.5
    assert Host.s == -1.0  # accessed on the class: no instance
    h.s = 4.0
    assert h.s == 4.0


def test_descriptor_without_delete():
    class Host:
        s = m.Stored(1.0)

    with pytest.raises(AttributeError, match="has no __delete__"):
        del Host().s


def test_sequence_option_registers_and_iterates():
    import collections.abc as abc

    q = m.Squares(4)
    assert isinstance(q, abc.Sequence)
    assert list(q) == [0, 1, 4, 9]
    assert list(reversed(q)) == [9, 4, 1, 0]
    assert 9 in q
    assert m.sequence_len(q) == 4


def test_rename_all_camel_case():
    p = m.Person("Ada", "Lovelace")
    assert (p.firstName, p.lastName) == ("Ada", "Lovelace")
    p.firstName = "A"
    assert p.firstName == "A"
    assert not hasattr(p, "first_name")


# ---- extends another #[pyclass] ----

def test_class_extending_a_pyclass():
    d = m.Derived(5, "hello")
    assert (d.n, d.extra) == (5, "hello")
    assert isinstance(d, m.Base)
    assert m.Derived.__mro__[1] is m.Base


def test_inherited_methods_and_properties():
    d = m.Derived(3)
    assert d.describe() == "Base(n=3)"
    assert d.call_overridable() == "Base(n=3)"
    assert d.both() == "3:x"
    assert d.base_n() == 3


def test_derived_defaults():
    d = m.Derived()
    assert (d.n, d.extra) == (1, "x")


def test_derived_is_not_subclassable_without_option():
    with pytest.raises(TypeError, match="not an acceptable base type"):
        type("Sub", (m.Derived,), {})


def test_base_method_rejects_unrelated_object():
    with pytest.raises(TypeError):
        m.Base.describe(m.Point())


def test_many_derived_instances():
    import tracemalloc

    def churn():
        for i in range(20000):
            m.Derived(i, "x" * 10)

    churn()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    churn()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert after - before < 100_000


# ---- unsendable ----

def test_unsendable_class_works_on_its_thread():
    o = m.LocalOnly()
    assert o.bump() == 1
    assert o.bump() == 2


def test_unsendable_class_raises_on_another_thread():
    import threading

    o = m.LocalOnly()
    result = []

    def other():
        try:
            result.append(o.bump())
        except RuntimeError as e:
            result.append(str(e))

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert result == ["LocalOnly is unsendable, but is being used on a thread other than the one that created it"]


def test_unsendable_released_on_another_thread_is_leaked_with_warning():
    import threading
    import warnings

    holder = []
    t = threading.Thread(target=lambda: holder.append(m.LocalOnly()))
    t.start()
    t.join()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        holder.clear()
    assert any("released on another thread" in str(w.message) for w in caught)


# ---- enums with fields ----

def test_complex_enum_variant_constructor_signatures():
    K = m.Knob
    assert repr(K.Dial(2.5)) == "Knob.Dial(value=2.5, unit='mm', fine=False)"
    assert repr(K.Dial(2.5, unit="cm", fine=True)) == "Knob.Dial(value=2.5, unit='cm', fine=True)"
    assert repr(K.Steps()) == "Knob.Steps(1)" and repr(K.Steps(4)) == "Knob.Steps(4)"
    assert repr(K.Plain(x=3)) == "Knob.Plain(x=3)"  # no constructor option: fields in order
    with pytest.raises(TypeError, match=r"^Dial\(\) takes 1 positional argument but 2 were given$"):
        K.Dial(1.0, "cm")  # unit is keyword-only
    with pytest.raises(TypeError, match="positional-only arguments passed as keyword arguments: '_0'"):
        K.Steps(_0=2)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'value'"):
        K.Dial()


def test_complex_enum_variant_classes():
    c = m.Shape.Circle(2.0)
    assert isinstance(c, m.Shape)
    assert type(c).__qualname__ == "Shape.Circle"
    assert c.r == 2.0
    assert repr(c) == "Shape.Circle(r=2.0)"


def test_complex_enum_constructors_parse_fields():
    r = m.Shape.Rect(w=2, h=3)
    assert (r.w, r.h) == (2.0, 3.0)
    with pytest.raises(TypeError, match=r"Rect\(\) missing 1 required positional argument: 'h'"):
        m.Shape.Rect(1)
    p = m.Shape.Pair(1, "x")
    assert (p._0, p._1) == (1, "x")
    assert repr(m.Shape.Empty()) == "Shape.Empty()"


def test_complex_enum_base_is_abstract():
    with pytest.raises(TypeError, match="No constructor defined for Shape"):
        m.Shape()


def test_complex_enum_through_functions():
    assert m.area(m.Shape.Rect(2, 3)) == 6.0
    rect = m.make_rect(1, 2)
    assert type(rect) is m.Shape.Rect
    assert (rect.w, rect.h) == (1.0, 2.0)


def test_complex_enum_match_args():
    assert m.Shape.Circle.__match_args__ == ("r",)
    assert m.Shape.Rect.__match_args__ == ("w", "h")
    assert m.Shape.Pair.__match_args__ == ("_0", "_1")


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match statement")
def test_complex_enum_match_statement():
    ns = {}
    exec(
        "def kind(s, Shape):\n"
        "    match s:\n"
        "        case Shape.Circle(r):\n"
        "            return f'circle {r}'\n"
        "        case Shape.Rect(w, h):\n"
        "            return f'rect {w}x{h}'\n"
        "        case Shape.Pair(a, b):\n"
        "            return f'pair {a} {b}'\n"
        "        case _:\n"
        "            return 'other'\n",
        ns,
    )
    kind = ns["kind"]
    assert kind(m.Shape.Circle(1.5), m.Shape) == "circle 1.5"
    assert kind(m.Shape.Rect(2, 3), m.Shape) == "rect 2.0x3.0"
    assert kind(m.Shape.Pair(7, "q"), m.Shape) == "pair 7 q"
    assert kind(m.Shape.Empty(), m.Shape) == "other"


def test_complex_enum_fields_are_read_only():
    c = m.Shape.Circle(1.0)
    with pytest.raises(AttributeError):
        c.r = 3.0


# ---- free list ----

def test_freelist_class_values_are_correct_when_recycled():
    objs = [m.Pooled(i) for i in range(20)]
    assert [o.v for o in objs] == list(range(20))
    del objs
    for i in range(1000):
        p = m.Pooled(i)
        assert p.v == i and p.label() == f"item {i}"


def test_freelist_class_memory_is_flat():
    import resource

    for i in range(10000):
        m.Pooled(i)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for i in range(500_000):
        m.Pooled(i)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 10 * 1024


# ---- broader coverage: parametrised checks over several classes ----

@pytest.mark.parametrize(
    "a, b, eq",
    [
        ("Red", "Red", True),
        ("Red", "Green", False),
        ("Green", "Blue", False),
        ("Blue", "Blue", True),
    ],
)
def test_enum_equality_matrix(a, b, eq):
    assert (getattr(m.Color, a) == getattr(m.Color, b)) is eq
    assert (getattr(m.Color, a) != getattr(m.Color, b)) is (not eq)


@pytest.mark.parametrize(
    "left, right, op, expected",
    [
        ((1, 0), (1, 0), "==", True),
        ((1, 0), (1, 1), "<", True),
        ((2, 0), (1, 9), ">", True),
        ((1, 5), (1, 5), "<=", True),
        ((1, 5), (1, 4), ">=", True),
        ((0, 1), (0, 2), "!=", True),
    ],
)
def test_version_ordering(left, right, op, expected):
    import operator

    ops = {"==": operator.eq, "<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge, "!=": operator.ne}
    assert ops[op](m.Version(*left), m.Version(*right)) is expected


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("m.Vec2(1, 2) + m.Vec2(3, 4)", "Vec2(4, 6)"),
        ("m.Vec2(5, 5) - m.Vec2(1, 2)", "Vec2(4, 3)"),
        ("m.Vec2(1, -1) * 3", "Vec2(3, -3)"),
        ("2 * m.Vec2(1, 1)", "Vec2(2, 2)"),
        ("m.Vec2(4, 2) / 2", "Vec2(2, 1)"),
        ("-m.Vec2(1, 2)", "Vec2(-1, -2)"),
    ],
)
def test_vector_expressions(expr, expected):
    assert repr(eval(expr)) == expected


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: m.Point().scale(), r"^Point\.scale\(\) missing 1 required positional argument: 'k'$"),
        (lambda: m.Point().scale(1, 2), r"scale\(\) takes 1 positional argument but 2 were given"),
        (lambda: m.Point().scale(q=1), r"scale\(\) got an unexpected keyword argument 'q'"),
        (lambda: m.Point().scale("x"), r"argument 'k'"),
        (lambda: m.Counter(), r"^Counter\.__new__\(\) missing 1 required positional argument: 'limit'$"),
        (lambda: m.Counter(-1), r"can't convert negative int to unsigned"),
        (lambda: m.Version(1), r"__new__\(\) missing 1 required positional argument: 'minor'"),
        (lambda: m.Frozen("x"), r"argument 'value'"),
    ],
)
def test_class_call_errors(call, message):
    with pytest.raises((TypeError, OverflowError), match=message):
        call()


@pytest.mark.parametrize("cls", ["Point", "Frozen", "Base", "Counter", "Vec2", "Version", "Node", "Open", "Squares", "Person"])
def test_classes_are_types_in_the_module(cls):
    t = getattr(m, cls)
    assert isinstance(t, type)
    assert t.__name__ == cls


@pytest.mark.parametrize("cls, args", [("Point", (1, 2)), ("Vec2", (1, 2)), ("Version", (1, 2)), ("Counter", (3,)), ("Base", (4,))])
def test_instances_release_their_references(cls, args):
    t = getattr(m, cls)
    before = sys.getrefcount(t)
    objs = [t(*args) for _ in range(100)]
    assert sys.getrefcount(t) == before + 100  # each instance holds its heap type
    del objs
    assert sys.getrefcount(t) == before


@pytest.mark.parametrize(
    "method, message", [("read", "^Already mutably borrowed$"), ("bump", "^Already borrowed$")]
)
def test_borrow_conflicts_from_inside_mutating_method(method, message):
    r = m.Reentrant()
    with pytest.raises(RuntimeError, match=message):
        r.mutate_and_call(lambda: getattr(r, method)())


def test_frozen_value_shared_between_threads():
    import threading

    f = m.Frozen(5)
    out = []
    threads = [threading.Thread(target=lambda: out.append(f.doubled())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [10] * 4


def test_class_instances_used_from_threads():
    import threading

    p = m.Point(1, 1)
    errors = []

    def work():
        try:
            for _ in range(1000):
                p.norm()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_reversed_with_dunder_reversed():
    assert list(reversed(m.Counter(3))) == [3, 2, 1]


def test_deepcopy_with_dunder_deepcopy():
    import copy

    v = m.Vec2(1, 2)
    d = copy.deepcopy(v)
    assert d == v and d is not v


def test_getstate_and_setstate_methods():
    v = m.Vec2(1, 2)
    assert v.__getstate__() == (1.0, 2.0)
    v.__setstate__((5.0, 6.0))
    assert (v.x, v.y) == (5.0, 6.0)


# ---- receivers of every kind PyO3 allows ----

def test_receivers_of_every_kind_and_name():
    r = m.with_token.Receivers(10)
    assert r.by_owned_bound() == 10
    assert r.by_py() == 11
    assert r.by_named_ref() == 12
    assert r.by_named_mut(5) == 15
    with r as entered:
        assert entered is r
    assert r.by_owned_bound() == -1


def test_magic_methods_getters_and_setters_taking_the_token():
    t = m.with_token.TokenTaking(3)
    assert t.doubled == 6
    t.doubled = 10
    assert len(t) == 5
    assert t[4] == 20
    assert t + 1 == 6
    assert t == m.with_token.TokenTaking(5)
    assert t != m.with_token.TokenTaking(6)
    assert (t == "other") is False


def test_await_and_async_for_through_the_async_slots():
    import asyncio

    ready, countdown = m.with_token.Ready, m.with_token.Countdown

    async def main():
        return await ready(5), [x async for x in countdown(3)]

    assert asyncio.run(main()) == (5, [2, 1, 0])
    it = countdown(1).__aiter__()
    with pytest.raises(StopIteration) as stop:
        it.__anext__().__await__().__next__()
    assert stop.value.value == 0
    with pytest.raises(StopAsyncIteration):
        it.__anext__()


def test_enum_ord_orders_by_declaration():
    p = m.with_token.Priority
    assert p.Low < p.Medium < p.High
    assert p.High >= p.High and p.High > p.Low and not (p.Low > p.Medium)
    assert sorted([p.High, p.Low, p.Medium]) == [p.Low, p.Medium, p.High]
    with pytest.raises(TypeError, match="'<' not supported"):
        p.Low < 1


def test_enum_variants_renamed_for_python():
    level = m.with_token.Level
    assert repr(level.LOW) == "Level.LOW"
    assert level.High != level.LOW
    assert not hasattr(level, "Low")
    event = m.with_token.Event
    start = event.Start(at=3)
    assert start.at == 3
    assert repr(start) == "Event.Start(at=3)"
    assert not hasattr(event, "Begin")


def test_enum_values_extracted_by_clone():
    w = m.with_token
    assert w.speed_name(w.Speed.Slow) == "slow"
    with pytest.raises(TypeError):
        w.speed_name("Slow")
    assert w.shape_variant(m.Shape.Circle(1.0)) == "circle"
    assert w.shape_variant(m.Shape.Pair(1, "x")) == "pair"


def test_class_parameters_by_reference():
    w = m.with_token
    p = m.Point(3.0, -4.0)
    assert w.point_norm1(p) == 7.0
    w.point_shift(p, 1.5)
    assert p.x == 4.5
    assert w.point_x_or_zero(p) == 4.5
    assert w.point_x_or_zero() == 0.0
    assert w.point_x_or_zero(None) == 0.0
    with pytest.raises(TypeError, match="argument 'p'"):
        w.point_norm1("not a point")
    r = w.Receivers(2)
    assert r.plus(w.Receivers(5)) == 7
    assert r.plus(r) == 4  # the same object, borrowed twice shared


def test_class_guards_as_parameters_and_receivers():
    w = m.with_token
    p, q = m.Point(2.0, 5.0), m.Point(0.0, 0.0)
    assert w.point_guards(p, q) == 5.0
    assert q.x == 2.0
    assert w.point_guards(p, q, m.Point(3.0, 0.0)) == 5.0
    assert q.x == 6.0
    with pytest.raises(RuntimeError, match="^Already borrowed$"):
        w.point_guards(p, p)  # a shared and an exclusive borrow of one object
    with pytest.raises(TypeError, match="argument 'into'"):
        w.point_guards(p, "x")
    assert p.x == 2.0  # the refused call released its shared borrow: the object is writable
    p.x = 1.0
    r = w.Receivers(4)
    assert r.by_guard() == 7
    assert r.by_guard_mut(3) == 12
    assert r.guard_object() is r


def test_class_parameter_that_is_the_exclusively_borrowed_receiver():
    r = m.with_token.Receivers(2)
    r.absorb(m.with_token.Receivers(3))
    assert r.by_owned_bound() == 5
    with pytest.raises(RuntimeError, match="Already mutably borrowed"):
        r.absorb(r)
    assert r.by_owned_bound() == 5


def test_magic_method_operands_by_class_reference():
    T = m.with_token.TokenTaking
    assert T(1) < T(2)
    assert not (T(3) < T(2))
    assert T(1).__lt__("x") is NotImplemented
    assert T(1) in T(5)
    assert T(9) not in T(5)
    with pytest.raises(TypeError):
        "x" in T(5)


def test_error_messages_name_the_class_with_its_module():
    with pytest.raises(TypeError) as info:
        class Sub(m.Counter):  # not a `subclass` class
            pass
    assert str(info.value) == f"type '{m.__name__}.Counter' is not an acceptable base type"
    assert m.Counter.__module__ == m.__name__


def test_deleter_runs_on_del_and_setter_on_assignment():
    d = m.Deletable(3)
    assert d.value == 3
    d.value = 5
    assert d.value == 5
    del d.value
    with pytest.raises(AttributeError, match="value was deleted"):
        d.value
    d.value = 1
    assert d.value == 1


def test_property_with_deleter_but_no_setter():
    d = m.Deletable(0)
    assert d.note == "initial"
    with pytest.raises(AttributeError, match="property 'note' of 'Deletable' object has no setter"):
        d.note = "x"
    del d.note
    assert d.note is None
    with pytest.raises(AttributeError, match="note already deleted"):
        del d.note


def test_getitem_alone_makes_a_class_iterable():
    import collections.abc as abc

    x = m.Indexed(3)
    assert list(x) == [0, 10, 20]
    assert tuple(x) == (0, 10, 20)
    assert 20 in x and 5 not in x
    assert not isinstance(x, abc.Sequence)  # only the `sequence` option registers it
    assert list(m.Indexed(0)) == []


def test_sequence_concat_and_repeat():
    a, b = m.Chain([1, 2]), m.Chain([3])
    assert (a + b).items == [1, 2, 3]
    assert (a * 2).items == [1, 2, 1, 2]
    assert (2 * a).items == [1, 2, 1, 2]
    with pytest.raises(OverflowError):
        a * -1  # the count does not fit `usize`
    with pytest.raises(TypeError, match="argument 'other'"):
        a + 5
    c = m.Chain([7])
    before = c
    c += [8, 9]
    assert c is before and c.items == [7, 8, 9]
    c *= 2
    assert c is before and c.items == [7, 8, 9, 7, 8, 9]
    c *= -3
    assert c.items == []


def test_getattribute_runs_for_every_lookup():
    s = m.Shouting()
    assert s.hello == "HELLO"
    assert getattr(s, "x") == "X"
    with pytest.raises(AttributeError):
        s._private


def test_getattribute_then_getattr():
    x = m.Layered()
    assert x.x_one == "primary:one"
    assert x.other == "fallback:other"  # __getattribute__ raised AttributeError
    with pytest.raises(ValueError, match="boom"):
        x.boom  # other errors are not swallowed


def test_class_options_str_format_new_from_fields_generic_immutable():
    import types

    v = m.Labelled(1, 2.25, "pt")
    assert (v.x, v.y) == (1, 2.25)
    assert str(v) == "(1, 2.2) \"pt\""
    v2 = m.Labelled(x=3, y=0.5, label="q")
    assert str(v2) == "(3, 0.5) \"q\""
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'label'"):
        m.Labelled(1, 2.0)
    alias = m.Labelled[int]
    assert isinstance(alias, types.GenericAlias)
    assert alias.__origin__ is m.Labelled and alias.__args__ == (int,)
    if sys.version_info >= (3, 10):
        with pytest.raises(TypeError):
            m.Labelled.extra = 1  # immutable type
    assert str(m.Pair2(4, 5)) == "#4/5"


def test_new_with_classmethod_receives_the_class():
    t = m.Tagged(3)
    assert (t.made_by, t.value) == ("Tagged", 3)

    class Sub(m.Tagged):
        pass

    s = Sub(value=4)
    assert (s.made_by, s.value) == ("Sub", 4)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'value'"):
        m.Tagged()


def test_init_runs_after_new():
    x = m.Initialised(5)
    assert (x.value, x.inits) == (5, 1)
    x.__init__(7, scale=2)
    assert (x.value, x.inits) == (14, 2)
    with pytest.raises(ValueError, match="negative"):
        m.Initialised(-1)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'value'"):
        m.Initialised()

    class Sub(m.Initialised):
        def __init__(self, text):
            super().__init__(len(text), scale=10)

    assert Sub("abc").value == 30


@pytest.mark.skipif(sys.version_info < (3, 10), reason="CPython 3.9 drops a heap type's signature line when it copies the docstring")
def test_constructor_signature_is_visible_to_inspect_and_help():
    assert str(inspect.signature(m.Tagged)) == "(value)"
    assert str(inspect.signature(m.Labelled)) == "(x, y, label)"
    assert m.Tagged.__text_signature__ == "(value)"
    # The docstring itself does not show the signature line.
    assert not (m.Labelled.__doc__ or "").startswith("Labelled(")
    assert "`str = " in m.Labelled.__doc__


@full_api_only
def test_exception_bases_with_larger_layouts():
    import errno

    e = m.StorageError(errno.ENOENT, "gone", "/tmp/x", device="sda")
    assert isinstance(e, OSError) and isinstance(e, FileNotFoundError) is False
    assert (e.errno, e.strerror, e.filename, e.device) == (errno.ENOENT, "gone", "/tmp/x", "sda")
    with pytest.raises(OSError) as info:
        raise m.StorageError(errno.EACCES, "denied", device="nvme")
    assert info.value.device == "nvme" and info.value.errno == errno.EACCES
    a = m.MissingField("colour")
    assert isinstance(a, AttributeError) and a.field == "colour"
    gc.collect()


def test_three_levels_of_inheritance():
    r = m.RaceCar("Ferrari", 320)
    assert isinstance(r, m.Car) and isinstance(r, m.Vehicle)
    assert (r.wheels, r.brand, r.top_speed) == (4, "Ferrari", 320)
    assert r.describe() == "4 wheels"  # a base class's method
    assert r.summary() == "Ferrari 320 km/h on 4 wheels"
    r.top_speed = 330
    assert r.summary() == "Ferrari 330 km/h on 4 wheels"
    made = m.make_race_car()
    assert (made.brand, made.top_speed, made.wheels) == ("Rust", 300, 4)
    assert m.Car("VW").brand == "VW" and m.Car("VW").wheels == 4

    class Kart(m.Car):  # a Python subclass of a middle class
        pass

    k = Kart("Mini")
    assert (k.brand, k.wheels) == ("Mini", 4)
    before = m.vehicle_parts_dropped()
    del r, made, k
    gc.collect()
    # Every level's value of each object is dropped: 3 + 3 + 2.
    assert m.vehicle_parts_dropped() - before == 8


@full_api_only
def test_dict_and_list_bases():
    d = m.TaggedDict({"b": 2}, a=1)
    assert isinstance(d, dict)
    assert d == {"a": 1, "b": 2} and d.tag == "dict"
    d["c"] = 3
    d.tag = "renamed"
    assert d.sorted_keys() == ["a", "b", "c"] and d.tag == "renamed"
    assert len(d) == 3 and "c" in d
    lst = m.CountingList([1, 2])
    assert isinstance(lst, list) and lst == [1, 2]
    lst.push(3)
    lst.push("x")
    assert lst == [1, 2, 3, "x"] and lst.pushes == 2
    del d, lst
    gc.collect()
