//! `PyAny`: any Python object, and the generic object protocol on `Bound<'py, PyAny>`.

use std::cell::UnsafeCell;
use std::cmp::Ordering;
use std::os::raw::c_int;

use crate::call::PyCallArgs;
use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyTypeError;
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::type_object::{PyTypeCheck, PyTypeInfo};
use crate::types::{PyDict, PyIterator, PyList, PyString, PyType};
use crate::Python;

/// Any Python object. `Bound<'py, PyAny>` carries the methods every object has; all other
/// `Bound<'py, T>` deref to it.
#[repr(transparent)]
pub struct PyAny(UnsafeCell<ffi::PyObject>);

// SAFETY: every object is an instance of `object`.
unsafe impl PyTypeInfo for PyAny {
    const NAME: &'static str = "object";
    const MODULE: Option<&'static str> = Some("builtins");
    #[inline]
    fn type_object_raw(_py: Python<'_>) -> *mut ffi::PyTypeObject {
        // SAFETY: address of the static `object` type.
        std::ptr::addr_of_mut!(ffi::PyBaseObject_Type)
    }
    #[inline]
    fn is_type_of(_obj: &Bound<'_, PyAny>) -> bool {
        true
    }
}

/// The six rich comparison operators, for [`Bound::rich_compare`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The C API's constant (`Py_LT`, …).
    pub fn as_raw(self) -> c_int {
        match self {
            CompareOp::Lt => ffi::Py_LT,
            CompareOp::Le => ffi::Py_LE,
            CompareOp::Eq => ffi::Py_EQ,
            CompareOp::Ne => ffi::Py_NE,
            CompareOp::Gt => ffi::Py_GT,
            CompareOp::Ge => ffi::Py_GE,
        }
    }

    /// From the C API's constant.
    pub fn from_raw(op: c_int) -> Option<CompareOp> {
        Some(match op {
            ffi::Py_LT => CompareOp::Lt,
            ffi::Py_LE => CompareOp::Le,
            ffi::Py_EQ => CompareOp::Eq,
            ffi::Py_NE => CompareOp::Ne,
            ffi::Py_GT => CompareOp::Gt,
            ffi::Py_GE => CompareOp::Ge,
            _ => return None,
        })
    }

    /// Whether the operator holds for an ordering: `CompareOp::Le.matches(a.cmp(&b))` is
    /// `a <= b`; what a `__richcmp__` of an ordered type returns.
    ///
    /// ```
    /// use pybound::pyclass::CompareOp;
    /// use std::cmp::Ordering;
    ///
    /// assert!(CompareOp::Le.matches(Ordering::Equal));
    /// assert!(!CompareOp::Ne.matches(Ordering::Equal));
    /// assert!(CompareOp::Gt.matches(3.cmp(&2)));
    /// ```
    pub fn matches(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CompareOp::Lt => ordering == Less,
            CompareOp::Le => ordering != Greater,
            CompareOp::Eq => ordering == Equal,
            CompareOp::Ne => ordering != Equal,
            CompareOp::Gt => ordering == Greater,
            CompareOp::Ge => ordering != Less,
        }
    }
}

/// Convert an operand, keeping borrowed inputs borrowed.
macro_rules! operand {
    ($py:expr, $v:expr) => {
        $v.into_pyobject($py).map_err(Into::into)?
    };
}

/// Generate binary operators that map to one `PyNumber_*` call.
macro_rules! binary_ops {
    ($($(#[$doc:meta])* $name:ident => $ffi:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<Bound<'py, PyAny>> {
            let other = operand!(self.py(), other);
            // SAFETY: attached; both are valid; returns a new reference or NULL.
            unsafe { Bound::from_owned_ptr_or_err(self.py(), ffi::$ffi(self.as_ptr(), other.as_ptr())) }
        }
    )*};
}

/// Generate unary operators that map to one C-API call returning a new reference.
macro_rules! unary_ops {
    ($($(#[$doc:meta])* $name:ident => $ffi:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(&self) -> PyResult<Bound<'py, PyAny>> {
            // SAFETY: attached; returns a new reference or NULL.
            unsafe { Bound::from_owned_ptr_or_err(self.py(), ffi::$ffi(self.as_ptr())) }
        }
    )*};
}

impl<'py> Bound<'py, PyAny> {
    /// Whether `self` and `other` are the same object (`is`).
    #[inline]
    pub fn is<T>(&self, other: &Bound<'_, T>) -> bool {
        self.as_ptr() == other.as_ptr()
    }

    /// Whether the object is `None`.
    #[inline]
    pub fn is_none(&self) -> bool {
        // SAFETY: Py_None is a static object.
        self.as_ptr() == unsafe { ffi::Py_None() }
    }

    /// The reference count (for tests and diagnostics).
    #[inline]
    pub fn get_refcnt(&self) -> isize {
        // SAFETY: attached; reads the header.
        unsafe { ffi::Py_REFCNT(self.as_ptr()) }
    }

    /// `hasattr(self, name)`. Only `AttributeError` means `false`; other errors propagate.
    pub fn hasattr<N: IntoPyObject<'py, Target = PyString>>(&self, name: N) -> PyResult<bool> {
        let name = operand!(self.py(), name);
        // SAFETY: attached; returns 1, 0, or -1 with an exception set.
        match unsafe { ffi::compat::PyObject_HasAttrWithError(self.as_ptr(), name.as_ptr()) } {
            -1 => Err(PyErr::fetch(self.py())),
            r => Ok(r == 1),
        }
    }

    /// `getattr(self, name)`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let math = py.import("math").unwrap();
    ///     let pi: f64 = math.getattr("pi").unwrap().extract().unwrap();
    ///     assert!((pi - std::f64::consts::PI).abs() < 1e-12);
    /// });
    /// ```
    #[inline]
    pub fn getattr<N: IntoPyObject<'py, Target = PyString>>(
        &self,
        name: N,
    ) -> PyResult<Bound<'py, PyAny>> {
        let name = operand!(self.py(), name);
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PyObject_GetAttr(self.as_ptr(), name.as_ptr()),
            )
        }
    }

    /// `getattr(self, name, None)`-like: `Ok(None)` when the attribute does not exist (without
    /// creating an `AttributeError`), `Err` for other errors.
    pub fn getattr_opt<N: IntoPyObject<'py, Target = PyString>>(
        &self,
        name: N,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let name = operand!(self.py(), name);
        let mut out = std::ptr::null_mut();
        // SAFETY: attached; returns 1 (found, `out` owned), 0 (missing), -1 (error).
        match unsafe {
            ffi::compat::PyObject_GetOptionalAttr(self.as_ptr(), name.as_ptr(), &mut out)
        } {
            -1 => Err(PyErr::fetch(self.py())),
            // SAFETY: `out` is a new reference when the result is 1.
            1 => Ok(Some(unsafe { Bound::from_owned_ptr(self.py(), out) })),
            _ => Ok(None),
        }
    }

    /// `setattr(self, name, value)`.
    pub fn setattr<N, V>(&self, name: N, value: V) -> PyResult<()>
    where
        N: IntoPyObject<'py, Target = PyString>,
        V: IntoPyObject<'py>,
    {
        let name = operand!(self.py(), name);
        let value = operand!(self.py(), value);
        // SAFETY: attached; returns -1 with an exception set on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyObject_SetAttr(self.as_ptr(), name.as_ptr(), value.as_ptr())
        })
    }

    /// `delattr(self, name)`.
    pub fn delattr<N: IntoPyObject<'py, Target = PyString>>(&self, name: N) -> PyResult<()> {
        let name = operand!(self.py(), name);
        // SAFETY: attached; a NULL value deletes; returns -1 with an exception on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyObject_SetAttr(self.as_ptr(), name.as_ptr(), std::ptr::null_mut())
        })
    }

    /// Rich comparison returning the result object (`self < other`, …).
    pub fn rich_compare<O: IntoPyObject<'py>>(
        &self,
        other: O,
        op: CompareOp,
    ) -> PyResult<Bound<'py, PyAny>> {
        let other = operand!(self.py(), other);
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PyObject_RichCompare(self.as_ptr(), other.as_ptr(), op.as_raw()),
            )
        }
    }

    fn compare_bool<O: IntoPyObject<'py>>(&self, other: O, op: CompareOp) -> PyResult<bool> {
        let other = operand!(self.py(), other);
        // SAFETY: attached; returns 1, 0 or -1 with an exception set.
        crate::err::predicate(self.py(), unsafe {
            ffi::PyObject_RichCompareBool(self.as_ptr(), other.as_ptr(), op.as_raw())
        })
    }

    /// `self == other` (identity implies equality, as in `PyObject_RichCompareBool`).
    pub fn eq<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<bool> {
        self.compare_bool(other, CompareOp::Eq)
    }
    /// `self != other`.
    pub fn ne<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<bool> {
        self.compare_bool(other, CompareOp::Ne)
    }
    /// `self < other`.
    pub fn lt<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<bool> {
        self.compare_bool(other, CompareOp::Lt)
    }
    /// `self <= other`.
    pub fn le<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<bool> {
        self.compare_bool(other, CompareOp::Le)
    }
    /// `self > other`.
    pub fn gt<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<bool> {
        self.compare_bool(other, CompareOp::Gt)
    }
    /// `self >= other`.
    pub fn ge<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<bool> {
        self.compare_bool(other, CompareOp::Ge)
    }

    /// Three-way comparison using `==` then `<` then `>`; `TypeError` if the objects are not
    /// ordered with respect to each other (like `float('nan')`).
    pub fn compare<O: IntoPyObject<'py>>(&self, other: O) -> PyResult<Ordering> {
        let other = operand!(self.py(), other).into_any().into_bound();
        if self.eq(&other)? {
            Ok(Ordering::Equal)
        } else if self.lt(&other)? {
            Ok(Ordering::Less)
        } else if self.gt(&other)? {
            Ok(Ordering::Greater)
        } else {
            Err(PyTypeError::new_err(
                "PyAny::compare(): All comparisons returned false",
            ))
        }
    }

    binary_ops! {
        /// `self + other`.
        add => PyNumber_Add;
        /// `self - other`.
        sub => PyNumber_Subtract;
        /// `self * other`.
        mul => PyNumber_Multiply;
        /// `self @ other`.
        matmul => PyNumber_MatrixMultiply;
        /// `self / other`.
        div => PyNumber_TrueDivide;
        /// `self // other`.
        floor_div => PyNumber_FloorDivide;
        /// `self % other`.
        rem => PyNumber_Remainder;
        /// `divmod(self, other)`.
        divmod => PyNumber_Divmod;
        /// `self << other`.
        lshift => PyNumber_Lshift;
        /// `self >> other`.
        rshift => PyNumber_Rshift;
        /// `self & other`.
        bitand => PyNumber_And;
        /// `self | other`.
        bitor => PyNumber_Or;
        /// `self ^ other`.
        bitxor => PyNumber_Xor;
    }

    unary_ops! {
        /// `-self`.
        neg => PyNumber_Negative;
        /// `+self`.
        pos => PyNumber_Positive;
        /// `abs(self)`.
        abs => PyNumber_Absolute;
        /// `~self`.
        bitnot => PyNumber_Invert;
        /// `repr(self)` as an object; see [`repr`](Bound::repr) for a `PyString`.
        repr_any => PyObject_Repr;
    }

    /// `pow(self, other, modulo)`; pass `None` (e.g. `py.None()`) for no modulo.
    pub fn pow<O1, O2>(&self, other: O1, modulo: O2) -> PyResult<Bound<'py, PyAny>>
    where
        O1: IntoPyObject<'py>,
        O2: IntoPyObject<'py>,
    {
        let other = operand!(self.py(), other);
        let modulo = operand!(self.py(), modulo);
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PyNumber_Power(self.as_ptr(), other.as_ptr(), modulo.as_ptr()),
            )
        }
    }

    /// Whether the object can be called.
    #[inline]
    pub fn is_callable(&self) -> bool {
        // SAFETY: attached; cannot fail.
        unsafe { ffi::PyCallable_Check(self.as_ptr()) != 0 }
    }

    /// `self(*args, **kwargs)`. `args` is a Rust tuple (`()`, `(a,)`, `(a, b)`, …) or a Python
    /// tuple.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let int = py.eval(c"int", None, None).unwrap();
    ///     let kwargs = PyDict::new(py);
    ///     kwargs.set_item("base", 16).unwrap();
    ///     let n: i32 = int.call(("ff",), Some(&kwargs)).unwrap().extract().unwrap();
    ///     assert_eq!(n, 255);
    /// });
    /// ```
    #[inline]
    pub fn call<A: PyCallArgs<'py>>(
        &self,
        args: A,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        args.call(self.as_borrowed(), kwargs.map(Bound::as_borrowed))
    }

    /// `self()`.
    #[inline]
    pub fn call0(&self) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe { Bound::from_owned_ptr_or_err(self.py(), crate::abi::call_no_args(self.as_ptr())) }
    }

    /// `self(*args)`.
    #[inline]
    pub fn call1<A: PyCallArgs<'py>>(&self, args: A) -> PyResult<Bound<'py, PyAny>> {
        args.call(self.as_borrowed(), None)
    }

    /// `self.name(*args, **kwargs)`.
    pub fn call_method<N, A>(
        &self,
        name: N,
        args: A,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        N: IntoPyObject<'py, Target = PyString>,
        A: PyCallArgs<'py>,
    {
        match kwargs {
            None => self.call_method1(name, args),
            Some(_) => self.getattr(name)?.call(args, kwargs),
        }
    }

    /// `self.name()`.
    #[inline]
    pub fn call_method0<N: IntoPyObject<'py, Target = PyString>>(
        &self,
        name: N,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.call_method1(name, ())
    }

    /// `self.name(*args)`, without creating a bound-method object.
    #[inline]
    pub fn call_method1<N, A>(&self, name: N, args: A) -> PyResult<Bound<'py, PyAny>>
    where
        N: IntoPyObject<'py, Target = PyString>,
        A: PyCallArgs<'py>,
    {
        let name = operand!(self.py(), name);
        args.call_method_positional(self.as_borrowed(), name.as_borrowed())
    }

    /// `bool(self)`.
    #[inline]
    pub fn is_truthy(&self) -> PyResult<bool> {
        // SAFETY: attached; returns 1, 0 or -1 with an exception set.
        crate::err::predicate(self.py(), unsafe { ffi::PyObject_IsTrue(self.as_ptr()) })
    }

    /// `len(self) == 0`.
    pub fn is_empty(&self) -> PyResult<bool> {
        self.len().map(|n| n == 0)
    }

    /// `len(self)`.
    #[inline]
    pub fn len(&self) -> PyResult<usize> {
        // SAFETY: attached; returns -1 with an exception set on failure.
        let n = unsafe { ffi::PyObject_Size(self.as_ptr()) };
        if n < 0 {
            Err(PyErr::fetch(self.py()))
        } else {
            Ok(n as usize)
        }
    }

    /// `hash(self)`.
    pub fn hash(&self) -> PyResult<isize> {
        // SAFETY: attached; returns -1 with an exception set on failure.
        let h = unsafe { ffi::PyObject_Hash(self.as_ptr()) };
        if h == -1 && PyErr::occurred(self.py()) {
            Err(PyErr::fetch(self.py()))
        } else {
            Ok(h)
        }
    }

    /// `self[key]`.
    pub fn get_item<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<Bound<'py, PyAny>> {
        let key = operand!(self.py(), key);
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PyObject_GetItem(self.as_ptr(), key.as_ptr()),
            )
        }
    }

    /// `self[key] = value`.
    pub fn set_item<K, V>(&self, key: K, value: V) -> PyResult<()>
    where
        K: IntoPyObject<'py>,
        V: IntoPyObject<'py>,
    {
        let key = operand!(self.py(), key);
        let value = operand!(self.py(), value);
        // SAFETY: attached; returns -1 with an exception set on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyObject_SetItem(self.as_ptr(), key.as_ptr(), value.as_ptr())
        })
    }

    /// `del self[key]`.
    pub fn del_item<K: IntoPyObject<'py>>(&self, key: K) -> PyResult<()> {
        let key = operand!(self.py(), key);
        // SAFETY: attached; returns -1 with an exception set on failure.
        crate::err::status(self.py(), unsafe {
            ffi::PyObject_DelItem(self.as_ptr(), key.as_ptr())
        })
    }

    /// `value in self`.
    pub fn contains<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<bool> {
        let value = operand!(self.py(), value);
        // SAFETY: attached; returns 1, 0, or -1 with an exception set.
        crate::err::predicate(self.py(), unsafe {
            ffi::PySequence_Contains(self.as_ptr(), value.as_ptr())
        })
    }

    /// `iter(self)`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let r = py.eval(c"range(3)", None, None).unwrap();
    ///     let v: Vec<i64> = r.try_iter().unwrap().map(|x| x.unwrap().extract().unwrap()).collect();
    ///     assert_eq!(v, [0, 1, 2]);
    /// });
    /// ```
    pub fn try_iter(&self) -> PyResult<Bound<'py, PyIterator>> {
        PyIterator::from_object(self)
    }

    /// `repr(self)`.
    pub fn repr(&self) -> PyResult<Bound<'py, PyString>> {
        // SAFETY: attached; returns a new str reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyObject_Repr(self.as_ptr()))
                .map(|s| s.cast_into_unchecked())
        }
    }

    /// `str(self)`.
    pub fn str(&self) -> PyResult<Bound<'py, PyString>> {
        // SAFETY: attached; returns a new str reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyObject_Str(self.as_ptr()))
                .map(|s| s.cast_into_unchecked())
        }
    }

    /// `type(self)`.
    #[inline]
    pub fn get_type(&self) -> Bound<'py, PyType> {
        // SAFETY: attached; Py_TYPE is a borrowed reference that we incref.
        unsafe {
            Bound::from_borrowed_ptr(self.py(), ffi::Py_TYPE(self.as_ptr()).cast())
                .cast_into_unchecked()
        }
    }

    /// The raw type pointer (borrowed).
    #[inline]
    pub fn get_type_ptr(&self) -> *mut ffi::PyTypeObject {
        // SAFETY: attached; reads the header.
        unsafe { ffi::Py_TYPE(self.as_ptr()) }
    }

    /// `isinstance(self, ty)`; `ty` may be a type or a tuple of types.
    pub fn is_instance(&self, ty: &Bound<'py, PyAny>) -> PyResult<bool> {
        // SAFETY: attached; returns 1, 0 or -1 with an exception set.
        crate::err::predicate(self.py(), unsafe {
            ffi::PyObject_IsInstance(self.as_ptr(), ty.as_ptr())
        })
    }

    /// Whether the object is a `T` (or subclass), using the fast check for `T`.
    #[inline]
    pub fn is_instance_of<T: PyTypeCheck>(&self) -> bool {
        T::type_check(self)
    }

    /// Whether the object's type is exactly `T`.
    #[inline]
    pub fn is_exact_instance_of<T: PyTypeInfo>(&self) -> bool {
        T::is_exact_type_of(self)
    }

    /// Whether the object's type is exactly `ty` (`type(self) is ty`).
    #[inline]
    pub fn is_exact_instance(&self, ty: &Bound<'py, PyAny>) -> bool {
        // SAFETY: attached; reads the header.
        std::ptr::eq(unsafe { ffi::Py_TYPE(self.as_ptr()) }.cast(), ty.as_ptr())
    }

    /// `dir(self)`.
    pub fn dir(&self) -> PyResult<Bound<'py, PyList>> {
        // SAFETY: attached; returns a new list reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyObject_Dir(self.as_ptr()))
                .map(|l| l.cast_into_unchecked())
        }
    }
}
