//! serde ↔ Python objects (`pybound::serde`), driven by test_serde.py: a value using every
//! part of serde's data model, round trips, errors with paths, and `Py<T>` of a `#[pyclass]`
//! serialized through serde_json.

use std::collections::BTreeMap;

use pybound::prelude::*;
use pybound::serde::{from_python, to_python};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
pub struct Unit;

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
pub struct Meters(f64);

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
pub struct Pair(i32, String);

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
pub enum Shape {
    Empty,
    Circle(f64),
    Segment(i32, i32),
    Rect { w: u32, h: u32 },
}

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
#[serde(tag = "kind")]
pub enum Tagged {
    A { x: i32 },
    B { y: String },
}

#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
#[serde(untagged)]
pub enum Loose {
    Number(i64),
    Text(String),
}

/// One of everything serde's data model has.
#[derive(Serialize, Deserialize, PartialEq, Debug, Clone)]
pub struct Everything {
    flag: bool,
    small: i8,
    big: u64,
    huge: i128,
    ratio: f32,
    letter: char,
    name: String,
    #[serde(with = "serde_bytes_compat")]
    blob: Vec<u8>,
    maybe: Option<u16>,
    nothing: Option<u16>,
    unit: (),
    unit_struct: Unit,
    newtype: Meters,
    pair: Pair,
    tuple: (u8, bool),
    list: Vec<i32>,
    map: BTreeMap<String, Vec<String>>,
    int_keys: BTreeMap<i32, bool>,
    shapes: Vec<Shape>,
    tagged: Vec<Tagged>,
    loose: Vec<Loose>,
}

/// `Vec<u8>` as serde bytes (Python `bytes`) rather than a sequence, without serde_bytes.
mod serde_bytes_compat {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        d.deserialize_bytes(V)
    }
}

impl Everything {
    fn sample() -> Self {
        Everything {
            flag: true,
            small: -5,
            big: u64::MAX,
            huge: -(1i128 << 100),
            ratio: 0.5,
            letter: 'é',
            name: "pybound".into(),
            blob: vec![0, 255],
            maybe: Some(7),
            nothing: None,
            unit: (),
            unit_struct: Unit,
            newtype: Meters(2.5),
            pair: Pair(1, "one".into()),
            tuple: (9, false),
            list: vec![1, 2, 3],
            map: BTreeMap::from([("k".into(), vec!["v".into()])]),
            int_keys: BTreeMap::from([(1, true), (-2, false)]),
            shapes: vec![
                Shape::Empty,
                Shape::Circle(1.0),
                Shape::Segment(1, 2),
                Shape::Rect { w: 3, h: 4 },
            ],
            tagged: vec![Tagged::A { x: 1 }, Tagged::B { y: "b".into() }],
            loose: vec![Loose::Number(5), Loose::Text("t".into())],
        }
    }
}

/// The sample value, made in Rust.
#[pyfunction]
fn serde_sample(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    Ok(to_python(py, &Everything::sample())?)
}

/// Whether `obj` reads back as exactly the sample value.
#[pyfunction]
fn serde_is_sample(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(from_python::<Everything>(obj)? == Everything::sample())
}

/// `obj` read as `Everything` and written back.
#[pyfunction]
fn serde_round_trip<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let value: Everything = from_python(obj)?;
    Ok(to_python(obj.py(), &value)?)
}

/// A record of the bench's `serde_to_python` case.
#[derive(Serialize, Deserialize)]
pub struct Record {
    id: u64,
    name: String,
    score: f64,
    tags: Vec<String>,
    active: bool,
}

/// `n` records as a list of dicts.
#[pyfunction]
fn serde_records(py: Python<'_>, n: usize) -> PyResult<Bound<'_, PyAny>> {
    let records: Vec<Record> = (0..n)
        .map(|i| Record {
            id: i as u64,
            name: format!("record-{i}"),
            score: i as f64 / 2.0,
            tags: vec!["a".into(), "b".into()],
            active: i % 2 == 0,
        })
        .collect();
    Ok(to_python(py, &records)?)
}

/// The number of records read from a list of dicts (they must have the record shape).
#[pyfunction]
fn serde_count_records(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    Ok(from_python::<Vec<Record>>(obj)?.len())
}

/// A `#[pyclass]` that serde can write and read.
#[pyclass(from_py_object)]
#[derive(Serialize, Deserialize, Clone)]
pub struct Waypoint {
    #[pybound(get, set)]
    name: String,
    #[pybound(get)]
    x: f64,
}

#[pymethods]
impl Waypoint {
    #[new]
    fn new(name: String, x: f64) -> Self {
        Waypoint { name, x }
    }
}

/// A `Py<Waypoint>` as JSON (through `Serialize for Py<T>`).
#[pyfunction]
fn waypoint_json(point: Py<Waypoint>) -> PyResult<String> {
    serde_json::to_string(&point)
        .map_err(|e| pybound::exceptions::PyValueError::new_err(e.to_string()))
}

/// A new `Waypoint` object from JSON (through `Deserialize for Py<T>`).
#[pyfunction]
fn waypoint_from_json(json: &str) -> PyResult<Py<Waypoint>> {
    serde_json::from_str(json)
        .map_err(|e| pybound::exceptions::PyValueError::new_err(e.to_string()))
}

/// The serde submodule.
#[pymodule]
#[pybound(submodule)]
pub fn serde_mod(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(serde_sample, m)?)?;
    m.add_function(wrap_pyfunction!(serde_is_sample, m)?)?;
    m.add_function(wrap_pyfunction!(serde_round_trip, m)?)?;
    m.add_function(wrap_pyfunction!(serde_records, m)?)?;
    m.add_function(wrap_pyfunction!(serde_count_records, m)?)?;
    m.add_function(wrap_pyfunction!(waypoint_json, m)?)?;
    m.add_function(wrap_pyfunction!(waypoint_from_json, m)?)?;
    m.add_class::<Waypoint>()?;
    Ok(())
}
