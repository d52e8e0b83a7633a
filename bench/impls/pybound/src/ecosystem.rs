//! The ecosystem conversion cases (bench/ecosystem.py), built only with the `ecosystem`
//! feature so the main benchmark's compile times stay those of the core API.

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset};
use num_bigint::BigInt;
use pybound::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[pyfunction]
pub fn datetime_roundtrip(value: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    value
}

#[pyfunction]
pub fn bigint_roundtrip(value: BigInt) -> BigInt {
    value
}

#[pyfunction]
pub fn decimal_roundtrip(value: Decimal) -> Decimal {
    value
}

/// A record of the serde cases.
#[derive(Serialize, Deserialize)]
pub struct Record {
    id: u64,
    name: String,
    score: f64,
    tags: Vec<String>,
    active: bool,
}

/// 1000 records, made once: the cases time the conversion only.
fn records() -> &'static [Record] {
    static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        (0..1000)
            .map(|i| Record {
                id: i,
                name: format!("record-{i}"),
                score: i as f64 / 4.0,
                tags: vec!["alpha".into(), "beta".into()],
                active: i % 3 == 0,
            })
            .collect()
    })
}

#[pyfunction]
pub fn serde_to_python(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    Ok(pybound::serde::to_python(py, records())?)
}

#[pyfunction]
pub fn serde_from_python(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    Ok(pybound::serde::from_python::<Vec<Record>>(obj)?.len())
}
