//! `smallvec::SmallVec` ↔ `list` (feature `smallvec`), as `Vec`: extraction from any sequence
//! but `str`; `bytes` for a `SmallVec` of `u8` going to Python.
//!
//! ```
//! use pybound::prelude::*;
//! use smallvec::SmallVec;
//!
//! Python::attach(|py| {
//!     let v: SmallVec<[i32; 4]> = py.eval(c"(1, 2, 3)", None, None).unwrap().extract().unwrap();
//!     assert_eq!(v.as_slice(), [1, 2, 3]);
//!     assert_eq!(v.into_pyobject(py).unwrap().str().unwrap(), "[1, 2, 3]");
//! });
//! ```

use smallvec::{Array, SmallVec};

use crate::conversion::sequence::Token;
use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::PyAny;

impl<'a, 'py, A> FromPyObject<'a, 'py> for SmallVec<A>
where
    A: Array,
    A::Item: FromPyObjectOwned<'py>,
{
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Vec::<A::Item>::extract(obj).map(SmallVec::from_vec)
    }
}

impl<'py, A> IntoPyObject<'py> for SmallVec<A>
where
    A: Array,
    A::Item: IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline(never)]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        A::Item::owned_sequence_into_pyobject(self, py, Token(()))
    }
}

impl<'a, 'py, A> IntoPyObject<'py> for &'a SmallVec<A>
where
    A: Array,
    &'a A::Item: IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline(never)]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.as_slice()
            .into_pyobject(py)
            .map(crate::BoundObject::into_any)
            .map(crate::BoundObject::into_bound)
    }
}
