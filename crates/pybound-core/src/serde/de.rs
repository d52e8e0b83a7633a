//! Python objects → `Deserialize`.

use ::serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use ::serde::forward_to_deserialize_any;

use super::error::PythonizeError;
use crate::ffi;
use crate::instance::Bound;
use crate::sync::PyOnceLock;
use crate::type_object::type_name_of;
use crate::types::{
    PyAny, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};
use crate::Py;

type Result<T> = std::result::Result<T, PythonizeError>;

/// A `T` read out of plain Python objects (see the [module docs](super) for the mapping).
/// Owned data only (`String`, not `&str`): the objects the values come from are not kept.
///
/// ```
/// use pybound::prelude::*;
///
/// Python::attach(|py| {
///     let obj = py.eval(c"{'x': (1, 2), 'y': None}", None, None).unwrap();
///     let m: std::collections::HashMap<String, Option<Vec<u8>>> =
///         pybound::serde::from_python(&obj).unwrap();
///     assert_eq!(m["x"], Some(vec![1, 2]));
///     assert_eq!(m["y"], None);
/// });
/// ```
pub fn from_python<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T> {
    T::deserialize(Depythonizer::from_object(obj))
}

/// [`from_python`] under the `pythonize` crate's name.
pub fn depythonize<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T> {
    from_python(obj)
}

/// The serde `Deserializer` reading a Python object.
pub struct Depythonizer<'py> {
    obj: Bound<'py, PyAny>,
}

impl<'py> Depythonizer<'py> {
    /// A deserializer reading `obj` (and what it contains).
    pub fn from_object(obj: &Bound<'py, PyAny>) -> Self {
        Depythonizer { obj: obj.clone() }
    }

    fn type_error(&self, expected: &str) -> PythonizeError {
        PythonizeError::type_error(format_args!(
            "expected {expected}, not '{}'",
            type_name_of(self.obj.as_borrowed())
        ))
    }

    /// An int (exact, a subclass, or anything with `__index__`) to the smallest visitor call
    /// that holds it.
    fn visit_int<'de, V: Visitor<'de>>(
        &self,
        int: &Bound<'py, PyAny>,
        visitor: V,
    ) -> Result<V::Value> {
        if let Ok(v) = int.extract::<i64>() {
            return visitor.visit_i64(v);
        }
        if let Ok(v) = int.extract::<u64>() {
            return visitor.visit_u64(v);
        }
        if let Ok(v) = int.extract::<i128>() {
            return visitor.visit_i128(v);
        }
        visitor.visit_u128(int.extract::<u128>()?)
    }
}

/// `collections.abc.Mapping` or `Sequence`, for objects that are neither dicts nor lists.
fn abc<'py>(py: crate::Python<'py>, name: &str) -> Result<&'py Bound<'py, PyType>> {
    static MAPPING: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static SEQUENCE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let cell = if name == "Mapping" {
        &MAPPING
    } else {
        &SEQUENCE
    };
    Ok(crate::types::sequence::abc(py, cell, name)?)
}

impl<'de, 'py> de::Deserializer<'de> for Depythonizer<'py> {
    type Error = PythonizeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let obj = &self.obj;
        let py = obj.py();
        // The common exact types first, each one pointer comparison.
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if obj.is_exact_instance_of::<PyString>() {
            // SAFETY: checked just above.
            return visitor.visit_str(unsafe { obj.cast_unchecked::<PyString>() }.to_str()?);
        }
        // SAFETY (the checks below): attached; type checks only read the object's type.
        if unsafe { ffi::PyBool_Check(obj.as_ptr()) } != 0 {
            return visitor.visit_bool(obj.is_truthy()?);
        }
        if obj.is_instance_of::<PyInt>() {
            return self.visit_int(obj, visitor);
        }
        if obj.is_instance_of::<PyFloat>() {
            return visitor.visit_f64(obj.extract()?);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return visitor.visit_map(DictAccess::new(dict.clone()));
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            return visitor.visit_seq(SeqAccess::new(obj.clone())?);
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return visitor.visit_str(s.to_str()?);
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return visitor.visit_bytes(b.as_bytes());
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return visitor.visit_byte_buf(b.to_vec());
        }
        if unsafe { ffi::PyAnySet_Check(obj.as_ptr()) } != 0 {
            return visitor.visit_seq(SeqAccess::new(obj.clone())?);
        }
        if unsafe { ffi::PyIndex_Check(obj.as_ptr()) } != 0 {
            let int = crate::conversion::ints::index(obj.as_borrowed())?.into_any();
            return self.visit_int(&int, visitor);
        }
        if obj.is_instance(abc(py, "Mapping")?.as_any())? {
            let items = obj.call_method0(crate::intern!(py, "items"))?;
            let dict = PyDict::new(py);
            for pair in items.try_iter()? {
                let (k, v): (Bound<'py, PyAny>, Bound<'py, PyAny>) = pair?.extract()?;
                dict.set_item(k, v)?;
            }
            return visitor.visit_map(DictAccess::new(dict));
        }
        if obj.is_instance(abc(py, "Sequence")?.as_any())? {
            return visitor.visit_seq(SeqAccess::new(obj.clone())?);
        }
        Err(self.type_error(
            "a value serde can read (None, bool, int, float, str, bytes, a sequence or a mapping)",
        ))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.obj.is_none() {
            visitor.visit_unit()
        } else {
            Err(self.type_error("None"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Skipped values are not converted at all.
        visitor.visit_unit()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if let Ok(s) = self.obj.cast::<PyString>() {
            let name: ::serde::de::value::StrDeserializer<'_, PythonizeError> =
                s.to_str()?.into_deserializer();
            return visitor.visit_enum(name);
        }
        if let Ok(dict) = self.obj.cast::<PyDict>() {
            if dict.len() == 1 {
                let (key, value) = dict.iter().next().expect("one item");
                let variant = key
                    .cast::<PyString>()
                    .map_err(|_| {
                        PythonizeError::type_error(format_args!(
                            "the variant name of enum {name} must be a str"
                        ))
                    })?
                    .to_str()?
                    .to_owned();
                return visitor.visit_enum(EnumAccess { variant, value });
            }
        }
        Err(self.type_error(&format!("a str or a dict of one item for enum {name}")))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        seq tuple tuple_struct map struct identifier
    }
}

/// The items of a list, tuple or other sequence (a set: in its iteration order).
struct SeqAccess<'py> {
    items: Bound<'py, PyAny>,
    index: usize,
    len: usize,
}

impl<'py> SeqAccess<'py> {
    fn new(obj: Bound<'py, PyAny>) -> Result<Self> {
        // Lists and tuples are read in place; anything else is copied into a list once.
        let items = if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            obj
        } else if unsafe { ffi::PyAnySet_Check(obj.as_ptr()) } != 0 {
            PyList::new(
                obj.py(),
                obj.try_iter()?.collect::<crate::PyResult<Vec<_>>>()?,
            )?
            .into_any()
        } else {
            // SAFETY: attached; returns a new list or NULL with an exception set.
            unsafe { Bound::from_owned_ptr_or_err(obj.py(), ffi::PySequence_List(obj.as_ptr()))? }
        };
        let len = items.len()?;
        Ok(SeqAccess {
            items,
            index: 0,
            len,
        })
    }
}

impl<'de, 'py> de::SeqAccess<'de> for SeqAccess<'py> {
    type Error = PythonizeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        // A list can shrink while its items are read (Python code in an `__index__`): the
        // length is checked again each time.
        let index = self.index;
        if index >= self.len || index >= self.items.len()? {
            return Ok(None);
        }
        self.index += 1;
        let item = self.items.get_item(index)?;
        seed.deserialize(Depythonizer { obj: item })
            .map(Some)
            .map_err(|e| e.at_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len - self.index)
    }
}

/// A dict's `(key, value)` pairs, as `try_iter_items` yields them.
type Pairs<'py> =
    Box<dyn Iterator<Item = crate::PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> + 'py>;

/// The items of a dict.
struct DictAccess<'py> {
    items: Pairs<'py>,
    value: Option<Bound<'py, PyAny>>,
    key: Option<Bound<'py, PyAny>>,
    remaining: usize,
}

impl<'py> DictAccess<'py> {
    fn new(dict: Bound<'py, PyDict>) -> Self {
        let remaining = dict.len();
        DictAccess {
            items: Box::new(dict.try_iter_items()),
            value: None,
            key: None,
            remaining,
        }
    }
}

impl<'de, 'py> de::MapAccess<'de> for DictAccess<'py> {
    type Error = PythonizeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let (key, value) = item?;
        self.remaining = self.remaining.saturating_sub(1);
        let read = seed
            .deserialize(Depythonizer { obj: key.clone() })
            .map_err(|e| {
                e.at_key(
                    key.repr()
                        .map(|r| r.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )
            })?;
        self.key = Some(key);
        self.value = Some(value);
        Ok(Some(read))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = self.value.take().ok_or_else(|| {
            <PythonizeError as de::Error>::custom("a map value read before its key")
        })?;
        let key = self.key.take();
        seed.deserialize(Depythonizer { obj: value })
            .map_err(|e| match key {
                Some(key) => e.at_key(
                    key.str()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ),
                None => e,
            })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining)
    }
}

/// An enum given as `{variant: value}`.
struct EnumAccess<'py> {
    variant: String,
    value: Bound<'py, PyAny>,
}

impl<'de, 'py> de::EnumAccess<'de> for EnumAccess<'py> {
    type Error = PythonizeError;
    type Variant = VariantAccess<'py>;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantAccess<'py>)> {
        let variant = self.variant;
        let name: ::serde::de::value::StrDeserializer<'_, PythonizeError> =
            variant.as_str().into_deserializer();
        let read = seed.deserialize(name)?;
        Ok((
            read,
            VariantAccess {
                variant,
                value: self.value,
            },
        ))
    }
}

/// The content of a `{variant: value}` enum.
struct VariantAccess<'py> {
    variant: String,
    value: Bound<'py, PyAny>,
}

impl<'de, 'py> de::VariantAccess<'de> for VariantAccess<'py> {
    type Error = PythonizeError;

    fn unit_variant(self) -> Result<()> {
        if self.value.is_none() {
            Ok(())
        } else {
            Err(PythonizeError::type_error(format_args!(
                "the unit variant {} takes None, not '{}'",
                self.variant,
                type_name_of(self.value.as_borrowed())
            )))
        }
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let variant = self.variant;
        seed.deserialize(Depythonizer { obj: self.value })
            .map_err(|e| e.at_key(variant))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        let variant = self.variant;
        de::Deserializer::deserialize_seq(Depythonizer { obj: self.value }, visitor)
            .map_err(|e| e.at_key(variant))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let variant = self.variant;
        de::Deserializer::deserialize_map(Depythonizer { obj: self.value }, visitor)
            .map_err(|e| e.at_key(variant))
    }
}
