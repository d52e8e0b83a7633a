//! `Serialize` → Python objects.

use std::cell::RefCell;
use std::collections::HashMap;

use ::serde::ser::{self, Serialize};

use super::error::PythonizeError;
use crate::conversion::IntoPyObject;
use crate::instance::{Bound, BoundObject, Py};
use crate::python::Python;
use crate::types::{PyAny, PyBytes, PyDict, PyList, PyString, PyTuple};

type Result<T> = std::result::Result<T, PythonizeError>;

/// `value` as plain Python objects (see the [module docs](super) for the mapping).
///
/// ```
/// use pybound::prelude::*;
/// use std::collections::BTreeMap;
///
/// Python::attach(|py| {
///     let m = BTreeMap::from([("a", vec![1, 2]), ("b", vec![])]);
///     let obj = pybound::serde::to_python(py, &m).unwrap();
///     assert_eq!(obj.repr().unwrap(), "{'a': [1, 2], 'b': []}");
/// });
/// ```
pub fn to_python<'py, T>(py: Python<'py>, value: &T) -> Result<Bound<'py, PyAny>>
where
    T: Serialize + ?Sized,
{
    value.serialize(Pythonizer::new(py))
}

/// [`to_python`] under the `pythonize` crate's name.
pub fn pythonize<'py, T>(py: Python<'py>, value: &T) -> Result<Bound<'py, PyAny>>
where
    T: Serialize + ?Sized,
{
    to_python(py, value)
}

/// The serde `Serializer` that makes Python objects.
#[derive(Clone, Copy)]
pub struct Pythonizer<'py> {
    py: Python<'py>,
}

impl<'py> Pythonizer<'py> {
    /// A serializer producing objects for this interpreter.
    pub fn new(py: Python<'py>) -> Self {
        Pythonizer { py }
    }

    fn any<T: IntoPyObject<'py>>(self, value: T) -> Result<Bound<'py, PyAny>>
    where
        T::Error: Into<crate::PyErr>,
    {
        Ok(value
            .into_pyobject(self.py)
            .map_err(Into::into)?
            .into_any()
            .into_bound())
    }
}

/// At most this many field names are kept per thread (the names of a program's structs are a
/// bounded set; a leaked, generated name past the limit is simply made each time).
const KEY_CACHE_LIMIT: usize = 4096;

thread_local! {
    /// Field names already made as `str` objects, by the address and length of their
    /// `&'static str` (immutable for the program's life, so the pair identifies the text).
    static FIELD_NAMES: RefCell<HashMap<(usize, usize), Py<PyString>>> = RefCell::new(HashMap::new());
}

/// The `str` for a struct field name: made once per thread, then an incref (its hash is cached
/// in the object, so each dict insertion skips hashing too).
fn field_name<'py>(py: Python<'py>, name: &'static str) -> Bound<'py, PyString> {
    let key = (name.as_ptr() as usize, name.len());
    FIELD_NAMES.with(|cache| {
        if let Some(found) = cache.borrow().get(&key) {
            return found.bind(py).clone();
        }
        let made = PyString::new(py, name);
        let mut cache = cache.borrow_mut();
        if cache.len() < KEY_CACHE_LIMIT {
            cache.insert(key, made.clone().unbind());
        }
        made
    })
}

impl<'py> ser::Serializer for Pythonizer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PythonizeError;
    type SerializeSeq = Collect<'py>;
    type SerializeTuple = Collect<'py>;
    type SerializeTupleStruct = Collect<'py>;
    type SerializeTupleVariant = Variant<'py, Collect<'py>>;
    type SerializeMap = Map<'py>;
    type SerializeStruct = Map<'py>;
    type SerializeStructVariant = Variant<'py, Map<'py>>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        self.any(v)
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        Ok(PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(field_name(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let inner = value.serialize(self).map_err(|e| e.at_key(variant))?;
        let dict = PyDict::new(self.py);
        dict.set_item(field_name(self.py, variant), inner)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Collect<'py>> {
        Ok(Collect::new(self, len, false))
    }
    fn serialize_tuple(self, len: usize) -> Result<Collect<'py>> {
        Ok(Collect::new(self, Some(len), true))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Collect<'py>> {
        Ok(Collect::new(self, Some(len), true))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<'py, Collect<'py>>> {
        Ok(Variant {
            variant,
            inner: Collect::new(self, Some(len), true),
            _py: std::marker::PhantomData,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'py>> {
        Ok(Map::new(self))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Map<'py>> {
        Ok(Map::new(self))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'py, Map<'py>>> {
        Ok(Variant {
            variant,
            inner: Map::new(self),
            _py: std::marker::PhantomData,
        })
    }
}

/// The items of a list or tuple being serialized.
pub struct Collect<'py> {
    ser: Pythonizer<'py>,
    items: Vec<Bound<'py, PyAny>>,
    tuple: bool,
}

impl<'py> Collect<'py> {
    fn new(ser: Pythonizer<'py>, len: Option<usize>, tuple: bool) -> Self {
        Collect {
            ser,
            items: Vec::with_capacity(len.unwrap_or(0)),
            tuple,
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let index = self.items.len();
        let item = value.serialize(self.ser).map_err(|e| e.at_index(index))?;
        self.items.push(item);
        Ok(())
    }

    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let py = self.ser.py;
        Ok(if self.tuple {
            PyTuple::new(py, self.items)?.into_any()
        } else {
            PyList::new(py, self.items)?.into_any()
        })
    }
}

/// The three serde traits a list or tuple being built implements, all pushing one item.
macro_rules! collect_impls {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'py> ser::$trait for Collect<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = PythonizeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Self::Ok> {
                self.finish()
            }
        }
    )*};
}

collect_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// A dict being serialized (a map, or a struct's fields).
pub struct Map<'py> {
    ser: Pythonizer<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> Map<'py> {
    fn new(ser: Pythonizer<'py>) -> Self {
        Map {
            ser,
            dict: PyDict::new(ser.py),
            key: None,
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<()> {
        let value = value.serialize(self.ser).map_err(|e| e.at_key(name))?;
        self.dict.set_item(field_name(self.ser.py, name), value)?;
        Ok(())
    }
}

impl<'py> ser::SerializeMap for Map<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PythonizeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(self.ser)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <PythonizeError as ser::Error>::custom("a map value without a key"))?;
        let value = value.serialize(self.ser).map_err(|e| {
            let name = key
                .str()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            e.at_key(name)
        })?;
        self.dict.set_item(key, value)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Map<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = PythonizeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

/// An enum variant with content: `{variant: content}`.
pub struct Variant<'py, C> {
    variant: &'static str,
    inner: C,
    _py: std::marker::PhantomData<Python<'py>>,
}

impl<'py, C> Variant<'py, C> {
    fn wrap(
        variant: &'static str,
        py: Python<'py>,
        content: Bound<'py, PyAny>,
    ) -> Result<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item(field_name(py, variant), content)?;
        Ok(dict.into_any())
    }
}

impl<'py> ser::SerializeTupleVariant for Variant<'py, Collect<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = PythonizeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let variant = self.variant;
        self.inner.push(value).map_err(|e| e.at_key(variant))
    }
    fn end(self) -> Result<Self::Ok> {
        let py = self.inner.ser.py;
        let content = self.inner.finish()?;
        Self::wrap(self.variant, py, content)
    }
}

impl<'py> ser::SerializeStructVariant for Variant<'py, Map<'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = PythonizeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let variant = self.variant;
        self.inner.field(key, value).map_err(|e| e.at_key(variant))
    }
    fn end(self) -> Result<Self::Ok> {
        let py = self.inner.ser.py;
        Self::wrap(self.variant, py, self.inner.dict.into_any())
    }
}
