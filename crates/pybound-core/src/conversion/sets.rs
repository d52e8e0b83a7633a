//! `HashSet` / `BTreeSet` ↔ `set` (extraction also accepts `frozenset`).

use std::collections::{BTreeSet, HashSet};

use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyTypeError;
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::type_object::type_name_of;
use crate::types::{PyAny, PySet};

pub(crate) fn for_each_member<'py, T, F>(obj: Borrowed<'_, 'py, PyAny>, mut f: F) -> PyResult<()>
where
    T: FromPyObjectOwned<'py>,
    F: FnMut(T),
{
    // SAFETY: attached; the check reads the type.
    if unsafe { ffi::PyAnySet_Check(obj.as_ptr()) } == 0 {
        return Err(PyTypeError::new_err(format!(
            "'{}' object is not an instance of 'set' or 'frozenset'",
            type_name_of(obj)
        )));
    }
    for item in obj.try_iter()? {
        f(item?.as_borrowed().extract().map_err(Into::into)?);
    }
    Ok(())
}

/// `FromPyObject` (from a `set` or `frozenset`) and `IntoPyObject` (owned and borrowed, to a
/// `set`) for a hash set type with `with_hasher` and `insert`: std's `HashSet`, and by feature
/// `hashbrown::HashSet`.
macro_rules! hash_set_conversions {
    ($set:path) => {
        impl<'a, 'py, T, S> $crate::conversion::FromPyObject<'a, 'py> for $set
        where
            T: $crate::conversion::FromPyObjectOwned<'py> + Eq + std::hash::Hash,
            S: std::hash::BuildHasher + Default,
        {
            type Error = $crate::PyErr;
            // Out of line, like the sequence and mapping conversions.
            #[inline(never)]
            fn extract(
                obj: $crate::Borrowed<'a, 'py, $crate::types::PyAny>,
            ) -> $crate::PyResult<Self> {
                let mut set = <$set>::with_hasher(S::default());
                $crate::conversion::sets::for_each_member(obj, |v| {
                    set.insert(v);
                })?;
                Ok(set)
            }
        }

        impl<'py, T, S> $crate::conversion::IntoPyObject<'py> for $set
        where
            T: $crate::conversion::IntoPyObject<'py>,
        {
            type Target = $crate::types::PySet;
            type Output = $crate::Bound<'py, $crate::types::PySet>;
            type Error = $crate::PyErr;
            fn into_pyobject(self, py: $crate::Python<'py>) -> $crate::PyResult<Self::Output> {
                $crate::types::PySet::new(py, self)
            }
        }

        impl<'a, 'py, T, S> $crate::conversion::IntoPyObject<'py> for &'a $set
        where
            &'a T: $crate::conversion::IntoPyObject<'py>,
        {
            type Target = $crate::types::PySet;
            type Output = $crate::Bound<'py, $crate::types::PySet>;
            type Error = $crate::PyErr;
            fn into_pyobject(self, py: $crate::Python<'py>) -> $crate::PyResult<Self::Output> {
                $crate::types::PySet::new(py, self)
            }
        }
    };
}
// Used by the `hashbrown` conversions, when that feature is on.
#[allow(unused_imports)]
pub(crate) use hash_set_conversions;

hash_set_conversions!(HashSet<T, S>);

impl<'a, 'py, T> FromPyObject<'a, 'py> for BTreeSet<T>
where
    T: FromPyObjectOwned<'py> + Ord,
{
    type Error = PyErr;
    // Out of line, like the sequence and mapping conversions.
    #[inline(never)]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let mut set = BTreeSet::new();
        for_each_member(obj, |v| {
            set.insert(v);
        })?;
        Ok(set)
    }
}

macro_rules! set_into_py {
    ($([$($gen:tt)*] $t:ty => $item:ty;)*) => {$(
        impl<'py, $($gen)*> IntoPyObject<'py> for $t
        where
            $item: IntoPyObject<'py>,
        {
            type Target = PySet;
            type Output = Bound<'py, PySet>;
            type Error = PyErr;
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PySet>> {
                PySet::new(py, self)
            }
        }
    )*};
}

set_into_py! {
    [T] BTreeSet<T> => T;
    ['a, T] &'a BTreeSet<T> => &'a T;
}
