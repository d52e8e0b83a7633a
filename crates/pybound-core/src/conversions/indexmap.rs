//! `indexmap::IndexMap` ↔ `dict` (feature `indexmap`), keeping the order both ways: a dict's
//! insertion order becomes the map's, and the map's order the new dict's.
//!
//! ```
//! use indexmap::IndexMap;
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let d = py.eval(c"{'b': 1, 'a': 2, 'c': 3}", None, None).unwrap();
//!     let map: IndexMap<String, i32> = d.extract().unwrap();
//!     assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "a", "c"]);
//!     assert_eq!(map.into_pyobject(py).unwrap().str().unwrap(), "{'b': 1, 'a': 2, 'c': 3}");
//! });
//! ```

use std::hash::{BuildHasher, Hash};

use indexmap::IndexMap;

use crate::conversion::maps::{dict_from_pairs, for_each_pair};
use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyDict};

impl<'a, 'py, K, V, S> FromPyObject<'a, 'py> for IndexMap<K, V, S>
where
    K: FromPyObjectOwned<'py> + Eq + Hash,
    V: FromPyObjectOwned<'py>,
    S: BuildHasher + Default,
{
    type Error = PyErr;
    #[inline(never)]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let len = obj.cast::<PyDict>()?.len();
        let mut map = IndexMap::with_capacity_and_hasher(len, S::default());
        for_each_pair(obj, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }
}

impl<'py, K, V, S> IntoPyObject<'py> for IndexMap<K, V, S>
where
    K: IntoPyObject<'py>,
    V: IntoPyObject<'py>,
{
    type Target = PyDict;
    type Output = Bound<'py, PyDict>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_from_pairs(py, self)
    }
}

impl<'a, 'py, K, V, S> IntoPyObject<'py> for &'a IndexMap<K, V, S>
where
    &'a K: IntoPyObject<'py>,
    &'a V: IntoPyObject<'py>,
{
    type Target = PyDict;
    type Output = Bound<'py, PyDict>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_from_pairs(py, self)
    }
}
