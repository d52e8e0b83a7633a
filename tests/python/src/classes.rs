//! Classes: #[pyclass] and #[pymethods].

use pybound::prelude::*;
use pybound::types::PyType;
use pybound::CompareOp;
use pybound::PyClassInitializer;

/// A point in the plane.
#[pyclass(module = "pybound_testext", from_py_object)]
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    #[pybound(get, set)]
    x: f64,
    #[pybound(get, set)]
    y: f64,
}

#[pymethods]
impl Point {
    #[classattr]
    const DIMENSIONS: u32 = 2;

    #[new]
    #[pybound(signature = (x = 0.0, y = 0.0))]
    fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }

    /// Distance from the origin.
    fn norm(&self) -> f64 {
        (self.x * self.x + self.y * self.y).sqrt()
    }

    fn scale(&mut self, k: f64) {
        self.x *= k;
        self.y *= k;
    }

    #[getter]
    fn quadrant(&self) -> u8 {
        match (self.x >= 0.0, self.y >= 0.0) {
            (true, true) => 1,
            (false, true) => 2,
            (false, false) => 3,
            (true, false) => 4,
        }
    }

    #[setter]
    fn set_quadrant(&mut self, q: u8) -> PyResult<()> {
        let (sx, sy) = match q {
            1 => (1.0, 1.0),
            2 => (-1.0, 1.0),
            3 => (-1.0, -1.0),
            4 => (1.0, -1.0),
            _ => {
                return Err(pybound::exceptions::PyValueError::new_err(
                    "quadrant must be 1-4",
                ))
            }
        };
        self.x = self.x.abs() * sx;
        self.y = self.y.abs() * sy;
        Ok(())
    }

    #[staticmethod]
    fn origin() -> Point {
        Point { x: 0.0, y: 0.0 }
    }

    #[classmethod]
    fn from_tuple<'py>(cls: &Bound<'py, PyType>, t: (f64, f64)) -> PyResult<Bound<'py, PyAny>> {
        cls.call1(t)
    }

    #[classattr]
    fn unit_name() -> &'static str {
        "metre"
    }

    fn add(&self, other: PyRef<'_, Point>) -> Point {
        Point {
            x: self.x + other.x,
            y: self.y + other.y,
        }
    }

    fn __repr__(&self) -> String {
        format!("Point({}, {})", self.x, self.y)
    }

    fn __str__(&self) -> String {
        format!("({}, {})", self.x, self.y)
    }

    fn __richcmp__(&self, other: PyRef<'_, Point>, op: CompareOp) -> PyResult<bool> {
        let eq = self.x == other.x && self.y == other.y;
        match op {
            CompareOp::Eq => Ok(eq),
            CompareOp::Ne => Ok(!eq),
            _ => Err(pybound::exceptions::PyTypeError::new_err(
                "points are not ordered",
            )),
        }
    }

    fn __hash__(&self) -> u64 {
        (self.x.to_bits() ^ self.y.to_bits().rotate_left(1)) >> 1
    }
}

/// A frozen value: no borrow flag, shared access only.
#[pyclass(frozen)]
pub struct Frozen {
    #[pybound(get)]
    value: i64,
}

#[pymethods]
impl Frozen {
    #[new]
    fn new(value: i64) -> Self {
        Frozen { value }
    }

    fn doubled(&self) -> i64 {
        self.value * 2
    }
}

/// A class Python code may subclass.
#[pyclass(subclass)]
pub struct Base {
    #[pybound(get)]
    n: i64,
}

#[pymethods]
impl Base {
    #[new]
    #[pybound(signature = (n = 1))]
    fn new(n: i64) -> Self {
        Base { n }
    }

    fn describe(&self) -> String {
        format!("Base(n={})", self.n)
    }

    fn call_overridable(slf: &Bound<'_, Self>) -> PyResult<String> {
        slf.call_method0("describe")?.extract()
    }
}

/// Counts up to a limit: an iterator, a sequence and a callable.
#[pyclass]
pub struct Counter {
    count: usize,
    limit: usize,
}

#[pymethods]
impl Counter {
    #[new]
    fn new(limit: usize) -> Self {
        Counter { count: 0, limit }
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self) -> Option<usize> {
        if self.count < self.limit {
            self.count += 1;
            Some(self.count)
        } else {
            None
        }
    }

    fn __len__(&self) -> usize {
        self.limit
    }

    fn __getitem__(&self, index: usize) -> PyResult<usize> {
        if index < self.limit {
            Ok(index + 1)
        } else {
            Err(pybound::exceptions::PyIndexError::new_err(
                "counter index out of range",
            ))
        }
    }

    fn __contains__(&self, value: usize) -> bool {
        value >= 1 && value <= self.limit
    }

    fn __call__(&mut self, step: usize) -> usize {
        self.count += step;
        self.count
    }

    fn __bool__(&self) -> bool {
        self.limit > 0
    }

    fn __reversed__(&self) -> Vec<usize> {
        (1..=self.limit).rev().collect()
    }
}

/// Re-entrancy: a `&mut self` method calls back into Python, which calls another method.
#[pyclass]
pub struct Reentrant {
    #[pybound(get)]
    value: i64,
}

#[pymethods]
impl Reentrant {
    #[new]
    fn new() -> Self {
        Reentrant { value: 0 }
    }

    fn read(&self) -> i64 {
        self.value
    }

    fn bump(&mut self) {
        self.value += 1;
    }

    fn mutate_and_call(&mut self, f: &Bound<'_, PyAny>) -> PyResult<()> {
        self.value += 10;
        f.call0()?;
        Ok(())
    }

    fn read_and_call(&self, f: &Bound<'_, PyAny>) -> PyResult<i64> {
        f.call0()?;
        Ok(self.value)
    }
}

/// A class without a constructor: made from Rust only.
#[pyclass]
pub struct Token {
    #[pybound(get)]
    id: u32,
}

#[pyfunction]
pub fn make_token(id: u32) -> Token {
    Token { id }
}

/// Takes a point by value (Clone extraction) and by reference.
#[pyfunction]
pub fn point_sum(p: Point, q: PyRef<'_, Point>) -> f64 {
    p.x + p.y + q.x + q.y
}

#[pyfunction]
pub fn move_point(mut p: PyRefMut<'_, Point>, dx: f64) {
    p.x += dx;
}

#[pyfunction]
pub fn make_points(n: usize) -> Vec<Point> {
    (0..n)
        .map(|i| Point {
            x: i as f64,
            y: 0.0,
        })
        .collect()
}

/// A 2D vector: the number protocol.
#[pyclass]
#[derive(Clone)]
pub struct Vec2 {
    #[pybound(get)]
    x: f64,
    #[pybound(get)]
    y: f64,
}

#[pymethods]
impl Vec2 {
    #[new]
    fn new(x: f64, y: f64) -> Self {
        Vec2 { x, y }
    }

    fn __add__(&self, other: PyRef<'_, Vec2>) -> Vec2 {
        Vec2 {
            x: self.x + other.x,
            y: self.y + other.y,
        }
    }

    fn __sub__(&self, other: PyRef<'_, Vec2>) -> Vec2 {
        Vec2 {
            x: self.x - other.x,
            y: self.y - other.y,
        }
    }

    fn __mul__(&self, k: f64) -> Vec2 {
        Vec2 {
            x: self.x * k,
            y: self.y * k,
        }
    }

    fn __rmul__(&self, k: f64) -> Vec2 {
        self.__mul__(k)
    }

    fn __truediv__(&self, k: f64) -> PyResult<Vec2> {
        if k == 0.0 {
            return Err(pybound::exceptions::PyZeroDivisionError::new_err(
                "division of a vector by zero",
            ));
        }
        Ok(Vec2 {
            x: self.x / k,
            y: self.y / k,
        })
    }

    fn __iadd__(&mut self, other: PyRef<'_, Vec2>) {
        self.x += other.x;
        self.y += other.y;
    }

    fn __neg__(&self) -> Vec2 {
        Vec2 {
            x: -self.x,
            y: -self.y,
        }
    }

    fn __abs__(&self) -> f64 {
        self.x.hypot(self.y)
    }

    fn __eq__(&self, other: PyRef<'_, Vec2>) -> bool {
        self.x == other.x && self.y == other.y
    }

    fn __lt__(&self, other: PyRef<'_, Vec2>) -> bool {
        self.__abs__() < other.__abs__()
    }

    fn __repr__(&self) -> String {
        format!("Vec2({}, {})", self.x, self.y)
    }

    /// Pickle support: rebuild with `Vec2(x, y)`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, (f64, f64))> {
        let v = slf.borrow();
        Ok((slf.get_type(), (v.x, v.y)))
    }

    fn __copy__(&self) -> Vec2 {
        self.clone()
    }

    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Vec2 {
        self.clone()
    }

    fn __getstate__(&self) -> (f64, f64) {
        (self.x, self.y)
    }

    fn __setstate__(&mut self, state: (f64, f64)) {
        self.x = state.0;
        self.y = state.1;
    }
}

/// An amount of money in cents: conversions to int, float and index.
#[pyclass]
pub struct Cents {
    value: i64,
}

#[pymethods]
impl Cents {
    #[new]
    fn new(value: i64) -> Self {
        Cents { value }
    }

    fn __int__(&self) -> i64 {
        self.value
    }

    fn __float__(&self) -> f64 {
        self.value as f64 / 100.0
    }

    fn __index__(&self) -> i64 {
        self.value
    }

    fn __pos__(&self) -> i64 {
        self.value
    }

    fn __invert__(&self) -> i64 {
        !self.value
    }
}

/// A node of a graph: reference cycles through `Py` fields, reclaimed by the collector.
#[pyclass(weakref)]
pub struct Node {
    #[pybound(get, set)]
    other: Option<Py<Node>>,
    #[pybound(get)]
    label: String,
}

#[pymethods]
impl Node {
    #[new]
    fn new(label: String) -> Self {
        Node { other: None, label }
    }

    fn __traverse__(
        &self,
        visit: pybound::class::PyVisit<'_>,
    ) -> Result<(), pybound::class::PyTraverseError> {
        visit.call(&self.other)
    }

    fn __clear__(&mut self) {
        self.other = None;
    }
}

/// Instances take arbitrary attributes (`__dict__`).
#[pyclass(dict, subclass)]
pub struct Open {
    #[pybound(get)]
    base: i64,
}

#[pymethods]
impl Open {
    #[new]
    fn new() -> Self {
        Open { base: 1 }
    }
}

/// A colour.
#[pyclass(eq_int, from_py_object)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Color {
    Red,
    Green,
    Blue = 10,
}

#[pyfunction]
pub fn next_color(c: Color) -> Color {
    match c {
        Color::Red => Color::Green,
        Color::Green => Color::Blue,
        Color::Blue => Color::Red,
    }
}

/// A version number: comparisons, hash and str from the Rust traits.
#[pyclass(eq, ord, hash, str, frozen)]
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash, Clone)]
pub struct Version {
    #[pybound(get)]
    major: u32,
    #[pybound(get)]
    minor: u32,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[pymethods]
impl Version {
    #[new]
    fn new(major: u32, minor: u32) -> Self {
        Version { major, minor }
    }
}

/// A second `#[pymethods]` block for `Point`, as a class may have several.
#[pymethods]
impl Point {
    fn manhattan(&self) -> f64 {
        self.x.abs() + self.y.abs()
    }

    /// One positional-only parameter: `METH_O`.
    #[pybound(signature = (k, /))]
    fn times(&self, k: f64) -> Point {
        Point {
            x: self.x * k,
            y: self.y * k,
        }
    }

    /// A static method with one positional-only parameter: `METH_STATIC | METH_O`.
    #[staticmethod]
    #[pybound(signature = (v, /))]
    fn diagonal(v: f64) -> Point {
        Point { x: v, y: v }
    }

    #[staticmethod]
    fn unit_x() -> Point {
        Point { x: 1.0, y: 0.0 }
    }
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
/// A custom exception carrying Rust data.
#[pyclass(extends = pybound::exceptions::PyValueError, subclass)]
pub struct ParseError {
    #[pybound(get)]
    line: u32,
    #[pybound(get)]
    column: u32,
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
#[pymethods]
impl ParseError {
    #[new]
    #[pybound(signature = (message, line = 0, column = 0))]
    fn new(message: &str, line: u32, column: u32) -> Self {
        let _ = message; // kept by the ValueError base as `args`
        ParseError { line, column }
    }

    fn position(&self) -> (u32, u32) {
        (self.line, self.column)
    }
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
/// Raise `ParseError` from Rust.
#[pyfunction]
pub fn parse_strict(text: &str) -> PyResult<usize> {
    match text.find('!') {
        None => Ok(text.len()),
        Some(col) => {
            let py = unsafe { Python::assume_attached() };
            let err = Bound::new(
                py,
                ParseError {
                    line: 1,
                    column: col as u32,
                },
            )?;
            Err(PyErr::from_value(err.into_any()))
        }
    }
}

/// Attribute hooks: `__getattr__` for missing names, `__setattr__`/`__delattr__` for all.
#[pyclass]
pub struct Dynamic {
    values: std::collections::HashMap<String, i64>,
}

#[pymethods]
impl Dynamic {
    #[new]
    fn new() -> Self {
        Dynamic {
            values: Default::default(),
        }
    }

    fn __getattr__(&self, name: &str) -> PyResult<i64> {
        self.values.get(name).copied().ok_or_else(|| {
            pybound::exceptions::PyAttributeError::new_err(format!("no attribute {name}"))
        })
    }

    fn __setattr__(&mut self, name: String, value: i64) {
        self.values.insert(name, value);
    }

    fn __delattr__(&mut self, name: &str) -> PyResult<()> {
        self.values
            .remove(name)
            .map(drop)
            .ok_or_else(|| pybound::exceptions::PyAttributeError::new_err(name.to_owned()))
    }

    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.values.keys().cloned().collect();
        v.sort();
        v
    }
}

/// A descriptor: `__get__` and `__set__`.
#[pyclass]
pub struct Stored {
    value: f64,
}

#[pymethods]
impl Stored {
    #[new]
    fn new(value: f64) -> Self {
        Stored { value }
    }

    fn __get__(&self, obj: Option<&Bound<'_, PyAny>>, _owner: Option<&Bound<'_, PyAny>>) -> f64 {
        if obj.is_some_and(|o| !o.is_none()) {
            self.value
        } else {
            -1.0
        }
    }

    fn __set__(&mut self, _obj: &Bound<'_, PyAny>, value: f64) {
        self.value = value;
    }
}

/// Registered as a `collections.abc.Sequence`.
#[pyclass(sequence)]
pub struct Squares {
    n: usize,
}

#[pymethods]
impl Squares {
    #[new]
    fn new(n: usize) -> Self {
        Squares { n }
    }

    fn __len__(&self) -> usize {
        self.n
    }

    fn __getitem__(&self, i: usize) -> PyResult<usize> {
        if i < self.n {
            Ok(i * i)
        } else {
            Err(pybound::exceptions::PyIndexError::new_err(
                "index out of range",
            ))
        }
    }
}

/// Field names in camelCase for Python.
#[pyclass(get_all, set_all, rename_all = "camelCase")]
pub struct Person {
    first_name: String,
    last_name: String,
}

#[pymethods]
impl Person {
    #[new]
    fn new(first_name: String, last_name: String) -> Self {
        Person {
            first_name,
            last_name,
        }
    }
}

#[pyfunction]
pub fn sequence_len(seq: &Bound<'_, PySequence>) -> PyResult<usize> {
    seq.len()
}

/// A class extending another `#[pyclass]` (`Base`).
#[pyclass(extends = Base)]
pub struct Derived {
    #[pybound(get)]
    extra: String,
}

#[pymethods]
impl Derived {
    #[new]
    #[pybound(signature = (n = 1, extra = String::from("x")))]
    fn new(n: i64, extra: String) -> (Self, Base) {
        (Derived { extra }, Base { n })
    }

    fn both(slf: &Bound<'_, Self>) -> PyResult<String> {
        let base_n = slf.cast::<Base>()?.borrow().n;
        Ok(format!("{}:{}", base_n, slf.borrow().extra))
    }

    fn base_n(slf: PyRef<'_, Self>) -> PyResult<i64> {
        Ok(slf.as_super().n)
    }
}

/// A non-`Send` value (`Rc`): usable only on the thread that created it.
#[pyclass(unsendable)]
pub struct LocalOnly {
    shared: std::rc::Rc<std::cell::Cell<u32>>,
}

#[pymethods]
impl LocalOnly {
    #[new]
    fn new() -> Self {
        LocalOnly {
            shared: std::rc::Rc::new(std::cell::Cell::new(0)),
        }
    }

    fn bump(&self) -> u32 {
        self.shared.set(self.shared.get() + 1);
        self.shared.get()
    }
}

/// An enum with fields: a class per variant.
#[pyclass(from_py_object)]
#[derive(Clone, Debug)]
pub enum Shape {
    Circle { r: f64 },
    Rect { w: f64, h: f64 },
    Pair(i64, String),
    Empty,
}

/// Variant constructors laid out by `#[pybound(constructor = (...))]` (PyO3's `constructor`).
#[pyclass]
pub enum Knob {
    #[pybound(constructor = (value, *, unit = "mm".to_string(), fine = false))]
    Dial {
        value: f64,
        unit: String,
        fine: bool,
    },
    #[pybound(constructor = (_0 = 1, /))]
    Steps(u32),
    Plain {
        x: i64,
    },
}

#[pyfunction]
pub fn area(shape: PyRef<'_, Shape>) -> f64 {
    match &*shape {
        Shape::Circle { r } => std::f64::consts::PI * r * r,
        Shape::Rect { w, h } => w * h,
        Shape::Pair(..) | Shape::Empty => 0.0,
    }
}

#[pyfunction]
pub fn make_rect(w: f64, h: f64) -> Shape {
    Shape::Rect { w, h }
}

/// Instances recycled through a free list.
#[pyclass(freelist = 8)]
pub struct Pooled {
    #[pybound(get)]
    v: i64,
    label: String,
}

#[pymethods]
impl Pooled {
    #[new]
    fn new(v: i64) -> Self {
        Pooled {
            v,
            label: format!("item {v}"),
        }
    }

    fn label(&self) -> &str {
        &self.label
    }
}

/// Methods receiving their object in each way PyO3 allows, under any name.
#[pyclass]
pub struct Receivers {
    value: i64,
}

#[pymethods]
impl Receivers {
    #[new]
    fn new(value: i64) -> Self {
        Receivers { value }
    }

    fn by_owned_bound(slf: Bound<'_, Self>) -> i64 {
        slf.borrow().value
    }

    fn by_py(this: Py<Self>, py: Python<'_>) -> i64 {
        this.borrow(py).value + 1
    }

    fn by_named_ref(self_: PyRef<'_, Self>) -> i64 {
        self_.value + 2
    }

    fn by_named_mut(mut me: PyRefMut<'_, Self>, by: i64) -> i64 {
        me.value += by;
        me.value
    }

    fn by_guard(slf: PyClassGuard<'_, Self>) -> i64 {
        slf.value + 3
    }

    fn by_guard_mut(mut slf: PyClassGuardMut<'_, Self>, by: i64) -> i64 {
        slf.value *= by;
        slf.value
    }

    /// The guard converts back to the object it borrows.
    fn guard_object(slf: PyClassGuard<'_, Self>, py: Python<'_>) -> Py<Self> {
        slf.into_pyobject(py).unwrap().unbind()
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(&mut self, _kind: Py<PyAny>, _value: Py<PyAny>, _traceback: Py<PyAny>) {
        self.value = -1;
    }
}

/// Magic methods, getters, setters and operators that also take the `Python` token, anywhere
/// among their parameters, as PyO3 allows.
#[pyclass]
pub struct TokenTaking {
    value: i64,
}

#[pymethods]
impl TokenTaking {
    #[new]
    fn new(value: i64) -> Self {
        TokenTaking { value }
    }

    #[getter]
    fn doubled(&self, py: Python<'_>) -> i64 {
        let _ = py;
        self.value * 2
    }

    #[setter]
    fn set_doubled(&mut self, _py: Python<'_>, value: i64) {
        self.value = value / 2;
    }

    fn __len__(&self, _py: Python<'_>) -> usize {
        self.value as usize
    }

    fn __getitem__(&self, py: Python<'_>, index: i64) -> PyResult<i64> {
        let _ = py;
        Ok(self.value * index)
    }

    fn __add__(&self, _py: Python<'_>, other: i64) -> i64 {
        self.value + other
    }

    fn __eq__(&self, other: PyRef<'_, Self>, _py: Python<'_>) -> bool {
        self.value == other.value
    }

    fn __lt__(&self, other: &Self) -> bool {
        self.value < other.value
    }

    fn __contains__(&self, other: &Self) -> bool {
        other.value <= self.value
    }
}

/// Variants renamed for Python, as PyO3's `#[pyo3(name = "...")]` on a variant does.
#[pyclass(eq, eq_int)]
#[derive(Clone, PartialEq)]
pub enum Level {
    #[pybound(name = "LOW")]
    Low,
    High,
}

/// Ordered by declaration (`ord` with a derived `PartialOrd`), as PyO3's guide shows.
#[pyclass(eq, ord)]
#[derive(PartialEq, PartialOrd)]
pub enum Priority {
    Low,
    Medium,
    High,
}

/// An enum with fields whose variant is renamed.
#[pyclass]
pub enum Event {
    #[pybound(name = "Start")]
    Begin {
        at: i64,
    },
    Stop(),
}

/// `from_py_object` with `#[derive(Clone)]` written before `#[pyclass]` (which cannot see it).
#[derive(Clone, PartialEq)]
#[pyclass(eq, eq_int, from_py_object)]
pub enum Speed {
    Fast,
    Slow,
}

/// An enum class value extracted by cloning it out.
#[pyfunction]
pub fn speed_name(speed: Speed) -> &'static str {
    match speed {
        Speed::Fast => "fast",
        Speed::Slow => "slow",
    }
}

/// A complex enum value (`#[derive(Clone)]` after `#[pyclass]`) extracted by cloning it out.
#[pyfunction]
pub fn shape_variant(shape: Shape) -> &'static str {
    match shape {
        Shape::Circle { .. } => "circle",
        Shape::Rect { .. } => "rect",
        Shape::Pair(..) => "pair",
        Shape::Empty => "empty",
    }
}

/// A `#[pyclass]` parameter by shared reference (borrowed for the call).
#[pyfunction]
pub fn point_norm1(p: &Point) -> f64 {
    p.x.abs() + p.y.abs()
}

/// A `#[pyclass]` parameter by exclusive reference.
#[pyfunction]
pub fn point_shift(p: &mut Point, dx: f64) {
    p.x += dx;
}

/// An optional `#[pyclass]` reference, `None` by default.
#[pyfunction]
pub fn point_x_or_zero(p: Option<&Point>) -> f64 {
    p.map_or(0.0, |p| p.x)
}

/// `PyClassGuard` / `PyClassGuardMut` parameters (PyO3 0.30's borrowed guards), one optional.
#[pyfunction]
#[pybound(signature = (p, into, scale=None))]
pub fn point_guards(
    p: PyClassGuard<'_, Point>,
    mut into: PyClassGuardMut<'_, Point>,
    scale: Option<PyClassGuard<'_, Point>>,
) -> f64 {
    let k = scale.map_or(1.0, |s| s.x);
    into.x = p.x * k;
    let y = p.map(|p| &p.y);
    *y
}

#[pymethods]
impl Receivers {
    /// Another instance by reference.
    fn plus(&self, other: &Receivers) -> i64 {
        self.value + other.value
    }

    /// Another instance by reference, while `self` is borrowed exclusively.
    fn absorb(&mut self, other: &Receivers) {
        self.value += other.value;
    }
}

/// A property with `#[getter]`, `#[setter]` and `#[deleter]` (PyO3's guide), and one that can
/// be read and deleted but not set.
#[pyclass]
pub struct Deletable {
    value: Option<i64>,
    note: Option<String>,
}

#[pymethods]
impl Deletable {
    #[new]
    fn new(value: i64) -> Self {
        Deletable {
            value: Some(value),
            note: Some("initial".into()),
        }
    }

    #[getter]
    fn get_value(&self) -> PyResult<i64> {
        self.value
            .ok_or_else(|| pybound::exceptions::PyAttributeError::new_err("value was deleted"))
    }

    #[setter]
    fn set_value(&mut self, value: i64) {
        self.value = Some(value);
    }

    #[deleter]
    fn delete_value(&mut self) {
        self.value = None;
    }

    #[getter]
    fn note(&self) -> Option<String> {
        self.note.clone()
    }

    #[deleter(note)]
    fn clear_note(&mut self) -> PyResult<()> {
        match self.note.take() {
            Some(_) => Ok(()),
            None => Err(pybound::exceptions::PyAttributeError::new_err(
                "note already deleted",
            )),
        }
    }
}

/// Only `__getitem__` (no `sequence` option, no `__iter__`): iterable through it, as a class
/// written in Python is.
#[pyclass]
pub struct Indexed {
    n: i64,
}

#[pymethods]
impl Indexed {
    #[new]
    fn new(n: i64) -> Self {
        Indexed { n }
    }

    fn __getitem__(&self, i: i64) -> PyResult<i64> {
        if (0..self.n).contains(&i) {
            Ok(i * 10)
        } else {
            Err(pybound::exceptions::PyIndexError::new_err(
                "Indexed index out of range",
            ))
        }
    }
}

/// The sequence protocol's concatenation and repetition (`+`, `*`, `+=`, `*=` through
/// `sq_concat` / `sq_repeat` and their in-place forms), as PyO3 offers them.
#[pyclass]
#[derive(Clone)]
pub struct Chain {
    #[pybound(get)]
    items: Vec<i64>,
}

#[pymethods]
impl Chain {
    #[new]
    fn new(items: Vec<i64>) -> Self {
        Chain { items }
    }

    fn __len__(&self) -> usize {
        self.items.len()
    }

    fn __concat__(&self, other: &Chain) -> Chain {
        let mut items = self.items.clone();
        items.extend_from_slice(&other.items);
        Chain { items }
    }

    fn __repeat__(&self, count: usize) -> Chain {
        Chain {
            items: self.items.repeat(count),
        }
    }

    fn __inplace_concat__(mut slf: PyRefMut<'_, Self>, other: Vec<i64>) -> PyRefMut<'_, Self> {
        slf.items.extend(other);
        slf
    }

    fn __inplace_repeat__(mut slf: PyRefMut<'_, Self>, count: isize) -> PyRefMut<'_, Self> {
        let n = count.max(0) as usize;
        slf.items = slf.items.repeat(n);
        slf
    }
}

/// `__getattribute__` alone: every attribute lookup runs it.
#[pyclass]
pub struct Shouting;

#[pymethods]
impl Shouting {
    #[new]
    fn new() -> Self {
        Shouting
    }

    fn __getattribute__(&self, name: &str) -> PyResult<String> {
        if name.starts_with('_') {
            return Err(pybound::exceptions::PyAttributeError::new_err(
                name.to_owned(),
            ));
        }
        Ok(name.to_uppercase())
    }
}

/// Both: `__getattribute__` first, `__getattr__` when it raises `AttributeError`.
#[pyclass]
pub struct Layered;

#[pymethods]
impl Layered {
    #[new]
    fn new() -> Self {
        Layered
    }

    fn __getattribute__(&self, name: String) -> PyResult<String> {
        match name.strip_prefix("x_") {
            Some(rest) => Ok(format!("primary:{rest}")),
            None if name == "boom" => Err(pybound::exceptions::PyValueError::new_err("boom")),
            None => Err(pybound::exceptions::PyAttributeError::new_err(name)),
        }
    }

    fn __getattr__(&self, name: String) -> String {
        format!("fallback:{name}")
    }
}

/// `str = "..."`, `new = "from_fields"`, `generic`, `immutable_type`.
#[pyclass(
    str = "({x}, {y:.1}) {label:?}",
    new = "from_fields",
    generic,
    immutable_type
)]
#[derive(Clone)]
pub struct Labelled {
    #[pybound(get)]
    x: i64,
    #[pybound(get)]
    y: f64,
    label: String,
}

/// A tuple struct formatting its fields by position.
#[pyclass(str = "#{0}/{1}")]
pub struct Pair2(i64, i64);

#[pymethods]
impl Pair2 {
    #[new]
    fn new(a: i64, b: i64) -> Self {
        Pair2(a, b)
    }
}

/// `#[new]` with `#[classmethod]`: the constructor learns which class is being made.
#[pyclass(subclass)]
pub struct Tagged {
    #[pybound(get)]
    made_by: String,
    #[pybound(get)]
    value: i64,
}

#[pymethods]
impl Tagged {
    #[new]
    #[classmethod]
    fn new(cls: &Bound<'_, PyType>, value: i64) -> PyResult<Self> {
        Ok(Tagged {
            made_by: cls.name()?.to_string(),
            value,
        })
    }
}

/// `__init__` in `#[pymethods]`: runs after `#[new]`, as in Python (and again when called).
#[pyclass(subclass)]
pub struct Initialised {
    #[pybound(get)]
    value: i64,
    #[pybound(get)]
    inits: usize,
}

#[pymethods]
impl Initialised {
    #[new]
    #[pybound(signature = (*_args, **_kwargs))]
    fn new(
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, pybound::types::PyDict>>,
    ) -> Self {
        Initialised { value: 0, inits: 0 }
    }

    #[pybound(signature = (value, *, scale = 1))]
    fn __init__(&mut self, value: i64, scale: i64) -> PyResult<()> {
        if value < 0 {
            return Err(pybound::exceptions::PyValueError::new_err("negative"));
        }
        self.value = value * scale;
        self.inits += 1;
        Ok(())
    }
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
/// Exceptions with larger instance layouts as bases: `OSError` (errno, filename, …) and
/// `AttributeError` (obj, name on 3.10+).
#[pyclass(extends = pybound::exceptions::PyOSError)]
pub struct StorageError {
    #[pybound(get)]
    device: String,
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
#[pymethods]
impl StorageError {
    #[new]
    #[pybound(signature = (*args, device = String::new()))]
    fn new(args: &Bound<'_, PyTuple>, device: String) -> Self {
        let _ = args; // OSError's own constructor reads (errno, strerror, filename)
        StorageError { device }
    }
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
#[pyclass(extends = pybound::exceptions::PyAttributeError)]
pub struct MissingField {
    #[pybound(get)]
    field: String,
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
#[pymethods]
impl MissingField {
    #[new]
    fn new(field: String) -> Self {
        MissingField { field }
    }
}

/// Three levels of `#[pyclass]` inheritance built with `PyClassInitializer`, as PyO3's guide
/// writes it.
#[pyclass(subclass)]
pub struct Vehicle {
    #[pybound(get)]
    wheels: u32,
}

#[pymethods]
impl Vehicle {
    #[new]
    fn new(wheels: u32) -> Self {
        Vehicle { wheels }
    }

    fn describe(&self) -> String {
        format!("{} wheels", self.wheels)
    }
}

#[pyclass(extends = Vehicle, subclass)]
pub struct Car {
    #[pybound(get)]
    brand: String,
}

#[pymethods]
impl Car {
    #[new]
    fn new(brand: String) -> (Self, Vehicle) {
        (Car { brand }, Vehicle { wheels: 4 })
    }
}

#[pyclass(extends = Car)]
pub struct RaceCar {
    #[pybound(get, set)]
    top_speed: u32,
}

/// How many parts of vehicles were dropped (each level's value counts one).
static VEHICLE_PARTS_DROPPED: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

macro_rules! count_drops {
    ($($t:ty),*) => {$(
        impl Drop for $t {
            fn drop(&mut self) {
                VEHICLE_PARTS_DROPPED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    )*};
}
count_drops!(Vehicle, Car, RaceCar);

/// The number of vehicle parts dropped so far.
#[pyfunction]
pub fn vehicle_parts_dropped() -> usize {
    VEHICLE_PARTS_DROPPED.load(std::sync::atomic::Ordering::Relaxed)
}

#[pymethods]
impl RaceCar {
    #[new]
    fn new(brand: String, top_speed: u32) -> PyResult<PyClassInitializer<Self>> {
        Ok(PyClassInitializer::from(Vehicle { wheels: 4 })
            .add_subclass(Car { brand })
            .add_subclass(RaceCar { top_speed }))
    }

    /// Reaches both bases' parts.
    fn summary(slf: PyRef<'_, Self>) -> PyResult<String> {
        let car = slf.as_super();
        let vehicle = car.as_super();
        Ok(format!(
            "{} {} km/h on {} wheels",
            car.brand, slf.top_speed, vehicle.wheels
        ))
    }
}

/// A race car made from Rust with `Py::new` of an initializer.
#[pyfunction]
pub fn make_race_car(py: Python<'_>) -> PyResult<Py<RaceCar>> {
    Py::new(
        py,
        PyClassInitializer::from(Vehicle { wheels: 4 })
            .add_subclass(Car {
                brand: "Rust".into(),
            })
            .add_subclass(RaceCar { top_speed: 300 }),
    )
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
/// A `dict` subclass with a Rust field: the dict is filled by `dict.__init__` from the
/// constructor's arguments.
#[pyclass(extends = pybound::types::PyDict)]
pub struct TaggedDict {
    #[pybound(get, set)]
    tag: String,
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
#[pymethods]
impl TaggedDict {
    #[new]
    #[pybound(signature = (*_args, **_kwargs))]
    fn new(
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, pybound::types::PyDict>>,
    ) -> Self {
        TaggedDict { tag: "dict".into() }
    }

    /// The keys, through the dict the object is.
    fn sorted_keys(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        let dict = slf.as_any().cast::<pybound::types::PyDict>()?;
        let mut keys: Vec<String> = dict.keys().extract()?;
        keys.sort();
        Ok(keys)
    }
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
/// A `list` subclass.
#[pyclass(extends = pybound::types::PyList)]
pub struct CountingList {
    #[pybound(get)]
    pushes: usize,
}

#[cfg(not(Py_LIMITED_API))] // a native base class: not in abi3 builds
#[pymethods]
impl CountingList {
    #[new]
    #[pybound(signature = (*_args))]
    fn new(_args: &Bound<'_, PyTuple>) -> Self {
        CountingList { pushes: 0 }
    }

    fn push(slf: &Bound<'_, Self>, item: Bound<'_, PyAny>) -> PyResult<()> {
        slf.as_any().call_method1("append", (item,))?;
        slf.borrow_mut().pushes += 1;
        Ok(())
    }
}

/// An awaitable that completes at once with its value (`await Ready(5)` is 5): `__await__`
/// returns the iterator, whose `StopIteration` carries the result.
#[pyclass]
pub struct Ready {
    value: i64,
}

#[pymethods]
impl Ready {
    #[new]
    fn new(value: i64) -> Self {
        Ready { value }
    }

    fn __await__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self) -> PyResult<Option<i64>> {
        Err(pybound::exceptions::PyStopIteration::new_err((self.value,)))
    }
}

/// `async for x in Countdown(3)` gives 2, 1, 0: `__anext__` returns an awaitable, and `None`
/// (raised as `StopAsyncIteration`) at the end.
#[pyclass]
pub struct Countdown {
    n: i64,
}

#[pymethods]
impl Countdown {
    #[new]
    fn new(n: i64) -> Self {
        Countdown { n }
    }

    fn __aiter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __anext__(&mut self) -> Option<Ready> {
        (self.n > 0).then(|| {
            self.n -= 1;
            Ready { value: self.n }
        })
    }
}
