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

crate::conversion::maps::hash_map_conversions!(hashbrown::HashMap<K, V, S>);
crate::conversion::sets::hash_set_conversions!(hashbrown::HashSet<T, S>);
