//! `HashMap` / `BTreeMap` ↔ `dict`.

use std::collections::{BTreeMap, HashMap};

use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyDict};

/// Visit each `(key, value)` pair of a dict, with strong references (conversions may run Python
/// code that changes the dict; the iterator then raises `RuntimeError` like CPython).
/// Inlined into the map extractions (each out of line), for the reason `seq::for_each_item`
/// gives.
#[inline]
pub(crate) fn for_each_pair<'py, K, V, F>(obj: Borrowed<'_, 'py, PyAny>, mut f: F) -> PyResult<()>
where
    K: FromPyObjectOwned<'py>,
    V: FromPyObjectOwned<'py>,
    F: FnMut(K, V),
{
    let dict = obj.cast::<PyDict>()?;
    for item in dict.try_iter_items() {
        let (k, v) = item?;
        f(
            k.as_borrowed().extract().map_err(Into::into)?,
            v.as_borrowed().extract().map_err(Into::into)?,
        );
    }
    Ok(())
}

/// `FromPyObject` (from a `dict`) and `IntoPyObject` (owned and borrowed, to a `dict`) for a
/// hash map type with `with_capacity_and_hasher` and `insert`: std's `HashMap`, and by feature
/// `indexmap::IndexMap` (whose order is the dict's) and `hashbrown::HashMap`.
macro_rules! hash_map_conversions {
    ($map:path) => {
        impl<'a, 'py, K, V, S> $crate::conversion::FromPyObject<'a, 'py> for $map
        where
            K: $crate::conversion::FromPyObjectOwned<'py> + Eq + std::hash::Hash,
            V: $crate::conversion::FromPyObjectOwned<'py>,
            S: std::hash::BuildHasher + Default,
        {
            type Error = $crate::PyErr;
            // Out of line: the item loop is never cheap, and a copy inlined into each wrapper
            // would be compiled again there (see `callback::trampoline`).
            #[inline(never)]
            fn extract(
                obj: $crate::Borrowed<'a, 'py, $crate::types::PyAny>,
            ) -> $crate::PyResult<Self> {
                let len = obj.cast::<$crate::types::PyDict>()?.len();
                let mut map = <$map>::with_capacity_and_hasher(len, S::default());
                $crate::conversion::maps::for_each_pair(obj, |k, v| {
                    map.insert(k, v);
                })?;
                Ok(map)
            }
        }

        impl<'py, K, V, S> $crate::conversion::IntoPyObject<'py> for $map
        where
            K: $crate::conversion::IntoPyObject<'py>,
            V: $crate::conversion::IntoPyObject<'py>,
        {
            type Target = $crate::types::PyDict;
            type Output = $crate::Bound<'py, $crate::types::PyDict>;
            type Error = $crate::PyErr;
            fn into_pyobject(self, py: $crate::Python<'py>) -> $crate::PyResult<Self::Output> {
                $crate::conversion::maps::dict_from_pairs(py, self)
            }
        }

        impl<'a, 'py, K, V, S> $crate::conversion::IntoPyObject<'py> for &'a $map
        where
            &'a K: $crate::conversion::IntoPyObject<'py>,
            &'a V: $crate::conversion::IntoPyObject<'py>,
        {
            type Target = $crate::types::PyDict;
            type Output = $crate::Bound<'py, $crate::types::PyDict>;
            type Error = $crate::PyErr;
            fn into_pyobject(self, py: $crate::Python<'py>) -> $crate::PyResult<Self::Output> {
                $crate::conversion::maps::dict_from_pairs(py, self)
            }
        }
    };
}
// Used by the `indexmap` and `hashbrown` conversions, when those features are on.
#[allow(unused_imports)]
pub(crate) use hash_map_conversions;

hash_map_conversions!(HashMap<K, V, S>);

impl<'a, 'py, K, V> FromPyObject<'a, 'py> for BTreeMap<K, V>
where
    K: FromPyObjectOwned<'py> + Ord,
    V: FromPyObjectOwned<'py>,
{
    type Error = PyErr;
    // Out of line: the item loop is never cheap, and a copy inlined into each wrapper
    // would be compiled again there (see `callback::trampoline`).
    #[inline(never)]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let mut map = BTreeMap::new();
        for_each_pair(obj, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }
}

pub(crate) fn dict_from_pairs<'py, I, K, V>(
    py: Python<'py>,
    pairs: I,
) -> PyResult<Bound<'py, PyDict>>
where
    I: IntoIterator<Item = (K, V)>,
    K: IntoPyObject<'py>,
    V: IntoPyObject<'py>,
{
    let dict = PyDict::new(py);
    for (k, v) in pairs {
        dict.set_item(k, v)?;
    }
    Ok(dict)
}

macro_rules! map_into_dict {
    ($([$($gen:tt)*] $t:ty => $k:ty, $v:ty;)*) => {$(
        impl<'py, $($gen)*> IntoPyObject<'py> for $t
        where
            $k: IntoPyObject<'py>,
            $v: IntoPyObject<'py>,
        {
            type Target = PyDict;
            type Output = Bound<'py, PyDict>;
            type Error = PyErr;
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                dict_from_pairs(py, self)
            }
        }
    )*};
}

map_into_dict! {
    [K, V] BTreeMap<K, V> => K, V;
    ['a, K, V] &'a BTreeMap<K, V> => &'a K, &'a V;
}
