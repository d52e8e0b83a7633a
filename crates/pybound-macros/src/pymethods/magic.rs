//! The magic methods `#[pymethods]` turns into CPython type slots, as data: one row per
//! method says which slot it fills, what it receives and how its result becomes the slot's.
//! Adding a magic method is adding a row (and, for a new kind of result, a [`Returns`] case).

/// A magic method backed by a slot.
pub struct Magic {
    /// The method's name (`__len__`).
    pub name: &'static str,
    /// Where its slot function goes.
    pub target: Target,
    /// What the slot function receives besides `self`.
    pub shape: Shape,
}

/// Where a slot function goes.
#[derive(Clone, Copy)]
pub enum Target {
    /// A field of the runtime's `ClassSlots` (`len`, `getitem`, …).
    Type(&'static str),
    /// A number slot, by its `ffi::Py_nb_*` constant (unary operators).
    Number(&'static str),
    /// A sequence slot taking the instance and one object, by its `ffi::Py_sq_*` constant
    /// (`__concat__`).
    SequenceBinary(&'static str),
    /// A sequence slot taking the instance and a count, by its `ffi::Py_sq_*` constant
    /// (`__repeat__`).
    SequenceRepeat(&'static str),
    /// One half of a slot two methods share: the `ClassSlots` field, this method's role, and
    /// the runtime's `SharedSlot` variant, which decides what the missing half does.
    Shared(&'static str, Role, &'static str),
}

/// The half of a shared slot a method fills.
#[derive(Clone, Copy, PartialEq)]
pub enum Role {
    Store,
    Delete,
}

/// What a slot function receives besides `self`, and how it calls the method.
#[derive(Clone, Copy)]
pub enum Shape {
    /// `n` objects, each converted to the method's parameter type; the result as [`Returns`].
    Operands(usize, Returns),
    /// `__get__(instance, owner)`: a missing instance or owner (NULL) becomes `None`.
    Descriptor,
    /// `__getattr__(name)`: runs only when the generic lookup (or `__getattribute__`) raises
    /// `AttributeError`.
    GetAttr,
    /// `__getattribute__(name)`: every attribute lookup.
    GetAttribute,
    /// `__call__`: any signature, parsed from the call's tuple and dict.
    Call,
    /// `__init__`: likewise, with a status result (`tp_init`).
    Init,
    /// `__richcmp__(other, op)`: an `other` of another type is `NotImplemented`.
    RichCompare,
    /// `__traverse__(visit)`: handed to the runtime's cycle-collector support.
    Traverse,
    /// `__clear__()`: likewise.
    Clear,
    /// `unsafe fn __getbuffer__(view: *mut ffi::Py_buffer, flags: c_int)`: the C arguments
    /// passed through as they are, the method filling the view itself (PyO3's raw form).
    GetBuffer,
    /// `unsafe fn __releasebuffer__(view: *mut ffi::Py_buffer)`: likewise.
    ReleaseBuffer,
    /// `__repeat__(count)`: the count CPython passes (a `Py_ssize_t`), converted to the
    /// parameter's integer type.
    Repeat,
}

/// How the method's result becomes the slot's.
#[derive(Clone, Copy)]
pub enum Returns {
    /// Converted to a Python object.
    Object,
    /// A `Py_hash_t` (`-1` is reserved for errors).
    Hash,
    /// A `Py_ssize_t` (`OverflowError` beyond it).
    Length,
    /// A C truth value.
    Truth,
    /// `Option<T>`: `None` ends the iteration.
    IterNext,
    /// `__anext__`'s `Option<T>`: `None` raises `StopAsyncIteration`.
    AsyncIterNext,
    /// A status: 0 for success.
    Status,
}

use Returns::*;
use Shape::*;
use Target::*;

/// Every magic method backed by a slot, except the operator families below.
pub const MAGIC: &[Magic] = &[
    m("__repr__", Type("repr"), Operands(0, Object)),
    m("__str__", Type("str"), Operands(0, Object)),
    m("__iter__", Type("iter"), Operands(0, Object)),
    m("__next__", Type("iternext"), Operands(0, IterNext)),
    // The async protocols: `await x`, `async for` (the objects they return are up to the
    // method; pybound runs no event loop of its own).
    m("__await__", Number("Py_am_await"), Operands(0, Object)),
    m("__aiter__", Number("Py_am_aiter"), Operands(0, Object)),
    m(
        "__anext__",
        Number("Py_am_anext"),
        Operands(0, AsyncIterNext),
    ),
    m("__hash__", Type("hash"), Operands(0, Hash)),
    m("__len__", Type("len"), Operands(0, Length)),
    m("__bool__", Type("bool_"), Operands(0, Truth)),
    m("__getitem__", Type("getitem"), Operands(1, Object)),
    m("__contains__", Type("contains"), Operands(1, Truth)),
    m(
        "__setitem__",
        Shared("setitem", Role::Store, "Item"),
        Operands(2, Status),
    ),
    m(
        "__delitem__",
        Shared("setitem", Role::Delete, "Item"),
        Operands(1, Status),
    ),
    m(
        "__setattr__",
        Shared("setattro", Role::Store, "Attribute"),
        Operands(2, Status),
    ),
    m(
        "__delattr__",
        Shared("setattro", Role::Delete, "Attribute"),
        Operands(1, Status),
    ),
    m(
        "__set__",
        Shared("descr_set", Role::Store, "Descriptor"),
        Operands(2, Status),
    ),
    m(
        "__delete__",
        Shared("descr_set", Role::Delete, "Descriptor"),
        Operands(1, Status),
    ),
    m("__get__", Type("descr_get"), Descriptor),
    m("__getattr__", Type("getattro"), GetAttr),
    m("__getattribute__", Type("getattro"), GetAttribute),
    m("__call__", Type("call"), Call),
    m("__init__", Type("init"), Init),
    m("__richcmp__", Type("richcompare"), RichCompare),
    m("__traverse__", Type("traverse"), Traverse),
    m("__clear__", Type("clear"), Clear),
    m("__getbuffer__", Type("getbuffer"), GetBuffer),
    m("__releasebuffer__", Type("releasebuffer"), ReleaseBuffer),
    m(
        "__concat__",
        SequenceBinary("Py_sq_concat"),
        Operands(1, Object),
    ),
    m(
        "__inplace_concat__",
        SequenceBinary("Py_sq_inplace_concat"),
        Operands(1, Object),
    ),
    m("__repeat__", SequenceRepeat("Py_sq_repeat"), Repeat),
    m(
        "__inplace_repeat__",
        SequenceRepeat("Py_sq_inplace_repeat"),
        Repeat,
    ),
    m("__neg__", Number("Py_nb_negative"), Operands(0, Object)),
    m("__pos__", Number("Py_nb_positive"), Operands(0, Object)),
    m("__abs__", Number("Py_nb_absolute"), Operands(0, Object)),
    m("__invert__", Number("Py_nb_invert"), Operands(0, Object)),
    m("__int__", Number("Py_nb_int"), Operands(0, Object)),
    m("__float__", Number("Py_nb_float"), Operands(0, Object)),
    m("__index__", Number("Py_nb_index"), Operands(0, Object)),
];

const fn m(name: &'static str, target: Target, shape: Shape) -> Magic {
    Magic {
        name,
        target,
        shape,
    }
}

/// A binary operator: `__add__`, its reflection `__radd__` and its in-place form `__iadd__`.
pub struct BinaryOperator {
    /// The name without underscores and prefix (`add`).
    pub stem: &'static str,
    /// The `ffi::Py_nb_*` constant of the operator's slot.
    pub slot: &'static str,
    /// The in-place slot's constant, if the operator has one.
    pub inplace_slot: Option<&'static str>,
    /// The slot takes a third operand (`pow`'s modulo).
    pub ternary: bool,
}

/// Which of an operator's methods.
#[derive(Clone, Copy, PartialEq)]
pub enum Side {
    Forward,
    Reflected,
    InPlace,
}

const fn op(
    stem: &'static str,
    slot: &'static str,
    inplace_slot: Option<&'static str>,
) -> BinaryOperator {
    BinaryOperator {
        stem,
        slot,
        inplace_slot,
        ternary: false,
    }
}

/// The binary operators.
pub const BINARY: &[BinaryOperator] = &[
    op("add", "Py_nb_add", Some("Py_nb_inplace_add")),
    op("sub", "Py_nb_subtract", Some("Py_nb_inplace_subtract")),
    op("mul", "Py_nb_multiply", Some("Py_nb_inplace_multiply")),
    op(
        "matmul",
        "Py_nb_matrix_multiply",
        Some("Py_nb_inplace_matrix_multiply"),
    ),
    op(
        "truediv",
        "Py_nb_true_divide",
        Some("Py_nb_inplace_true_divide"),
    ),
    op(
        "floordiv",
        "Py_nb_floor_divide",
        Some("Py_nb_inplace_floor_divide"),
    ),
    op("mod", "Py_nb_remainder", Some("Py_nb_inplace_remainder")),
    op("divmod", "Py_nb_divmod", None),
    op("lshift", "Py_nb_lshift", Some("Py_nb_inplace_lshift")),
    op("rshift", "Py_nb_rshift", Some("Py_nb_inplace_rshift")),
    op("and", "Py_nb_and", Some("Py_nb_inplace_and")),
    op("or", "Py_nb_or", Some("Py_nb_inplace_or")),
    op("xor", "Py_nb_xor", Some("Py_nb_inplace_xor")),
    BinaryOperator {
        ternary: true,
        ..op("pow", "Py_nb_power", Some("Py_nb_inplace_power"))
    },
];

/// The individual comparison methods and their `CompareOp` variant; together they fill
/// `tp_richcompare`.
pub const COMPARISONS: &[(&str, &str)] = &[
    ("__eq__", "Eq"),
    ("__ne__", "Ne"),
    ("__lt__", "Lt"),
    ("__le__", "Le"),
    ("__gt__", "Gt"),
    ("__ge__", "Ge"),
];

/// The operator and side a method name denotes (`__radd__` is `add`, reflected).
pub fn binary_operator(name: &str) -> Option<(&'static BinaryOperator, Side)> {
    let stem = name.strip_prefix("__")?.strip_suffix("__")?;
    BINARY.iter().find_map(|op| {
        if stem == op.stem {
            Some((op, Side::Forward))
        } else if stem.strip_prefix('r') == Some(op.stem) {
            Some((op, Side::Reflected))
        } else if stem.strip_prefix('i') == Some(op.stem) && op.inplace_slot.is_some() {
            Some((op, Side::InPlace))
        } else {
            None
        }
    })
}

/// The slot-backed magic method named `name`.
pub fn magic(name: &str) -> Option<&'static Magic> {
    MAGIC.iter().find(|m| m.name == name)
}

/// The `CompareOp` variant of an individual comparison method.
pub fn comparison(name: &str) -> Option<&'static str> {
    COMPARISONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, op)| *op)
}
