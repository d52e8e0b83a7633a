use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound, BoundObject, Py};
use crate::python::Python;
use crate::type_object::PyTypeCheck;
use crate::types::PyAny;

/// Python → Rust conversion.
///
/// `'a` is how long the input object is borrowed: a type like `&'a str` can point into the
/// object (no copy); owned types ignore it. `'py` is the attach scope.
///
/// ```
/// use pybound::prelude::*;
///
/// struct Celsius(f64);
///
/// impl<'a, 'py> FromPyObject<'a, 'py> for Celsius {
///     type Error = PyErr;
///     fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
///         Ok(Celsius(obj.getattr("celsius")?.extract()?))
///     }
/// }
///
/// Python::attach(|py| {
///     let obj = py.eval(c"type('T', (), {'celsius': 21.5})()", None, None).unwrap();
///     let t: Celsius = obj.extract().unwrap();
///     assert_eq!(t.0, 21.5);
/// });
/// ```
pub trait FromPyObject<'a, 'py>: Sized {
    /// The conversion error; converts into the `PyErr` raised to Python.
    type Error: Into<PyErr>;

    /// Convert `obj`.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error>;

    /// The zone a naive `datetime` is taken to be in when extracting a `chrono::DateTime` of
    /// this zone type: `chrono::Local` answers itself (with the `chrono-local` feature); every
    /// other type `None`, so such datetimes must be aware.
    #[doc(hidden)]
    #[inline]
    fn __naive_datetime_zone() -> Option<Self> {
        None
    }

    /// The zone to use for an aware `datetime` whose `tzinfo` does not convert to this zone
    /// type, given the datetime's own UTC offset in seconds: `chrono::FixedOffset` takes any
    /// aware datetime at its offset (a `ZoneInfo` one too); every other type `None`.
    #[doc(hidden)]
    #[inline]
    fn __zone_from_datetime_offset(_seconds: i32) -> Option<Self> {
        None
    }
}

/// A [`FromPyObject`] type that borrows nothing from its input (owned output).
pub trait FromPyObjectOwned<'py>: for<'a> FromPyObject<'a, 'py> {}
impl<'py, T> FromPyObjectOwned<'py> for T where T: for<'a> FromPyObject<'a, 'py> {}

/// Rust → Python conversion.
///
/// `Output` is either an owned [`Bound`] or, when the conversion can hand out an existing
/// reference without an incref (`True`, `None`, `&Bound`), a [`Borrowed`].
///
/// ```
/// use pybound::prelude::*;
/// use std::convert::Infallible;
///
/// struct Point { x: i32, y: i32 }
///
/// impl<'py> IntoPyObject<'py> for Point {
///     type Target = PyTuple;
///     type Output = Bound<'py, PyTuple>;
///     type Error = PyErr;
///     fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
///         PyTuple::new(py, [self.x, self.y])
///     }
/// }
///
/// Python::attach(|py| {
///     let t = Point { x: 1, y: 2 }.into_pyobject(py).unwrap();
///     assert_eq!(t.to_string(), "(1, 2)");
/// });
/// ```
pub trait IntoPyObject<'py>: Sized {
    /// The Python type of the result.
    type Target;
    /// `Bound<'py, Target>` or `Borrowed<'_, 'py, Target>`.
    type Output: BoundObject<'py, Self::Target>;
    /// The conversion error ([`Infallible`](std::convert::Infallible) when it cannot fail).
    type Error: Into<PyErr>;

    /// Convert `self`.
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error>;

    /// How an owned sequence of this type (`Vec<Self>`, `[Self; N]`, `Box<[Self]>`) converts:
    /// a list of the converted items, except that `u8` makes `bytes` (as in PyO3). Called by
    /// those containers' conversions; not meant to be overridden outside pybound.
    #[doc(hidden)]
    #[inline]
    fn owned_sequence_into_pyobject<I>(
        items: I,
        py: Python<'py>,
        _: sequence::Token,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        I: IntoIterator<Item = Self> + AsRef<[Self]>,
        I::IntoIter: ExactSizeIterator,
    {
        let items = items.into_iter();
        crate::conversion::collect_exact(py, items.len(), items, crate::conversion::Exact::List)
    }

    /// How a borrowed sequence (`&[T]`, `&Vec<T>`, `&[T; N]`, with `Self = &T`) converts: a
    /// list, except that `&u8` makes `bytes`.
    #[doc(hidden)]
    #[inline]
    fn borrowed_sequence_into_pyobject<I>(
        items: I,
        py: Python<'py>,
        _: sequence::Token,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        Self: sequence::Reference,
        I: IntoIterator<Item = Self> + AsRef<[<Self as sequence::Reference>::Referent]>,
        I::IntoIter: ExactSizeIterator,
    {
        let items = items.into_iter();
        crate::conversion::collect_exact(py, items.len(), items, crate::conversion::Exact::List)
    }
}

/// The types in the sequence hooks of [`IntoPyObject`], public in name only.
#[doc(hidden)]
pub mod sequence {
    /// Proof that the call comes from pybound's containers.
    pub struct Token(pub(crate) ());

    /// `&T`, and what it refers to.
    pub trait Reference {
        /// `T`.
        type Referent;
    }

    impl<T> Reference for &T {
        type Referent = T;
    }
}

/// Shortcuts for [`IntoPyObject`] that produce an untyped result.
pub trait IntoPyObjectExt<'py>: IntoPyObject<'py> {
    /// Convert to an owned `Bound<PyAny>`.
    #[inline]
    fn into_bound_py_any(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.into_pyobject(py) {
            Ok(obj) => Ok(obj.into_any().into_bound()),
            Err(e) => Err(e.into()),
        }
    }

    /// Convert to a detached `Py<PyAny>`.
    #[inline]
    fn into_py_any(self, py: Python<'py>) -> PyResult<Py<PyAny>> {
        self.into_bound_py_any(py).map(Bound::unbind)
    }

    /// Convert, with the error already a `PyErr`.
    #[inline]
    fn into_pyobject_or_pyerr(self, py: Python<'py>) -> PyResult<Self::Output> {
        self.into_pyobject(py).map_err(Into::into)
    }
}

impl<'py, T: IntoPyObject<'py>> IntoPyObjectExt<'py> for T {}

// ---- the smart pointers themselves ----

impl<'py, T> IntoPyObject<'py> for Bound<'py, T> {
    type Target = T;
    type Output = Bound<'py, T>;
    type Error = std::convert::Infallible;
    #[inline]
    fn into_pyobject(self, _py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self)
    }
}

impl<'a, 'py, T> IntoPyObject<'py> for &'a Bound<'py, T> {
    type Target = T;
    type Output = Borrowed<'a, 'py, T>;
    type Error = std::convert::Infallible;
    #[inline]
    fn into_pyobject(self, _py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self.as_borrowed())
    }
}

impl<'a, 'py, T> IntoPyObject<'py> for Borrowed<'a, 'py, T> {
    type Target = T;
    type Output = Borrowed<'a, 'py, T>;
    type Error = std::convert::Infallible;
    #[inline]
    fn into_pyobject(self, _py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self)
    }
}

impl<'py, T> IntoPyObject<'py> for Py<T> {
    type Target = T;
    type Output = Bound<'py, T>;
    type Error = std::convert::Infallible;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self.into_bound(py))
    }
}

impl<'a, 'py, T> IntoPyObject<'py> for &'a Py<T> {
    type Target = T;
    type Output = Borrowed<'a, 'py, T>;
    type Error = std::convert::Infallible;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self.bind_borrowed(py))
    }
}

impl<'a, 'py, T: PyTypeCheck> FromPyObject<'a, 'py> for Bound<'py, T> {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<T>()?.to_owned())
    }
}

impl<'a, 'py, T: PyTypeCheck> FromPyObject<'a, 'py> for Borrowed<'a, 'py, T> {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<T>()?)
    }
}

impl<'a, 'py, T: PyTypeCheck> FromPyObject<'a, 'py> for Py<T> {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<T>()?.to_owned().unbind())
    }
}
