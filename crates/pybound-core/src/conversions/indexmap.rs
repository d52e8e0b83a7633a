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

crate::conversion::maps::hash_map_conversions!(indexmap::IndexMap<K, V, S>);
