//! `hashbrown::HashMap` ↔ `dict` and `hashbrown::HashSet` ↔ `set` (feature `hashbrown`), as
//! for the std collections (a set extracts from `set` or `frozenset`).
//!
//! ```
//! use pybound::prelude::*;
//!
//! Python::attach(|py| {
//!     let map: hashbrown::HashMap<String, u8> =
//!         py.eval(c"{'a': 1}", None, None).unwrap().extract().unwrap();
//!     assert_eq!(map["a"], 1);
//!     let set: hashbrown::HashSet<i32> = py.eval(c"frozenset({1, 2})", None, None).unwrap().extract().unwrap();
//!     assert_eq!(set.len(), 2);
//!     assert_eq!(set.into_pyobject(py).unwrap().len(), 2);
//! });
//! ```

use std::hash::{BuildHasher, Hash};

use hashbrown::{HashMap, HashSet};

use crate::conversion::maps::{dict_from_pairs, for_each_pair};
use crate::conversion::sets::for_each_member;
use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyDict, PySet};

impl<'a, 'py, K, V, S> FromPyObject<'a, 'py> for HashMap<K, V, S>
where
    K: FromPyObjectOwned<'py> + Eq + Hash,
    V: FromPyObjectOwned<'py>,
    S: BuildHasher + Default,
{
    type Error = PyErr;
    #[inline(never)]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let len = obj.cast::<PyDict>()?.len();
        let mut map = HashMap::with_capacity_and_hasher(len, S::default());
        for_each_pair(obj, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }
}

impl<'py, K, V, S> IntoPyObject<'py> for HashMap<K, V, S>
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

impl<'a, 'py, K, V, S> IntoPyObject<'py> for &'a HashMap<K, V, S>
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

impl<'a, 'py, T, S> FromPyObject<'a, 'py> for HashSet<T, S>
where
    T: FromPyObjectOwned<'py> + Eq + Hash,
    S: BuildHasher + Default,
{
    type Error = PyErr;
    #[inline(never)]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let mut set = HashSet::with_hasher(S::default());
        for_each_member(obj, |v| {
            set.insert(v);
        })?;
        Ok(set)
    }
}

impl<'py, T, S> IntoPyObject<'py> for HashSet<T, S>
where
    T: IntoPyObject<'py>,
{
    type Target = PySet;
    type Output = Bound<'py, PySet>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PySet>> {
        PySet::new(py, self)
    }
}

impl<'a, 'py, T, S> IntoPyObject<'py> for &'a HashSet<T, S>
where
    &'a T: IntoPyObject<'py>,
{
    type Target = PySet;
    type Output = Bound<'py, PySet>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PySet>> {
        PySet::new(py, self)
    }
}
