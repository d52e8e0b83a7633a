//! serde ↔ Python objects (feature `serde`): [`to_python`] turns any `Serialize` value into
//! plain Python objects, and [`from_python`] reads any `Deserialize` type back out of them.
//! (The Python-side counterpart of `serde_json`; `pythonize` / `depythonize` are the same
//! functions under the names of the `pythonize` crate, for code ported from it.)
//!
//! | serde | Python (to) | Python (from) |
//! |---|---|---|
//! | bool, integers (up to 128 bits), floats | `bool`, `int`, `float` | the same; ints from anything with `__index__` |
//! | char, string | `str` | `str` |
//! | bytes | `bytes` | `bytes`, `bytearray` (or a sequence of ints) |
//! | `None` / `Some(v)`, unit, unit struct | `None` / `v`, `None`, `None` | the same |
//! | sequence | `list` | `list`, `tuple`, `set`, `frozenset`, any sequence but `str` |
//! | tuple, tuple struct | `tuple` | as sequence |
//! | map, struct | `dict` | `dict` or any mapping |
//! | enum (serde's default, externally tagged) | `"Unit"`, `{"Variant": value}` | the same |
//! | newtype struct | its value | its value |
//!
//! Struct field names become `str` keys made once per thread and reused (dict insertion with a
//! cached hash), so a list of records converts at about the cost of the values themselves.
//! serde's other enum representations (`#[serde(tag = ...)]`, `untagged`) go through maps and
//! work as they do with serde_json.
//!
//! Errors name the path of the failing value: `TypeError: records[3].name: invalid type:
//! integer `5`, expected a string`. An exception raised by Python while reading (a failing
//! `__index__`, say) keeps its type, with the path added to its message and the original as
//! its `__cause__`.
//!
//! ```
//! use pybound::prelude::*;
//! use pybound::serde::{from_python, to_python};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, PartialEq, Debug)]
//! struct Record {
//!     id: u32,
//!     tags: Vec<String>,
//!     score: Option<f64>,
//! }
//!
//! Python::attach(|py| {
//!     let r = Record { id: 7, tags: vec!["a".into()], score: None };
//!     let obj = to_python(py, &r).unwrap();
//!     assert_eq!(obj.repr().unwrap(), "{'id': 7, 'tags': ['a'], 'score': None}");
//!     assert_eq!(from_python::<Record>(&obj).unwrap(), r);
//!
//!     let bad = py.eval(c"{'id': 1, 'tags': ['a', 2], 'score': None}", None, None).unwrap();
//!     let err = from_python::<Record>(&bad).unwrap_err();
//!     assert_eq!(err.to_string(), "tags[1]: invalid type: integer `2`, expected a string");
//!     // Raised to Python as a TypeError with that message.
//!     assert!(PyErr::from(err).is_instance_of::<pybound::exceptions::PyTypeError>(py));
//! });
//! ```

mod de;
mod error;
mod ser;

pub use de::{depythonize, from_python, Depythonizer};
pub use error::PythonizeError;
pub use ser::{pythonize, to_python, Pythonizer};

use crate::class::PyClass;
use crate::instance::Py;
use crate::python::Python;
use crate::type_object::PyTypeInfo;

/// A `Py<T>` of a `#[pyclass]` serializes as its value (borrowed while serializing: an error if
/// it is mutably borrowed; the thread attaches if needed).
impl<T> ::serde::Serialize for Py<T>
where
    T: PyClass + ::serde::Serialize,
{
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Python::attach(|py| {
            let value = self
                .try_borrow(py)
                .map_err(|e| <S::Error as ::serde::ser::Error>::custom(e.to_string()))?;
            value.serialize(serializer)
        })
    }
}

/// A `Py<T>` of a `#[pyclass]` deserializes a `T` and puts it in a new Python object.
impl<'de, T> ::serde::Deserialize<'de> for Py<T>
where
    T: PyClass + PyTypeInfo + ::serde::Deserialize<'de> + Into<crate::class::PyClassInitializer<T>>,
{
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = T::deserialize(deserializer)?;
        Python::attach(|py| Py::new(py, value))
            .map_err(|e| <D::Error as ::serde::de::Error>::custom(e.to_string()))
    }
}
