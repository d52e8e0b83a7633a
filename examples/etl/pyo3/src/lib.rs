//! The ETL pipeline with PyO3, as its guide leads one to write it: the partition is read into a
//! `Vec<u8>` and returned as `bytes` (PyO3 converts `Vec<u8>` to `bytes`, one copy), and written
//! back from `&[u8]` when Python passes `bytes` (no copy), or from a `PyBuffer<u8>` copy for
//! anything else (a numpy array). The partition code is the example's own.

#[path = "../../src/partition.rs"]
mod partition;

use std::path::PathBuf;

use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

#[pyfunction]
fn read_partition(py: Python<'_>, path: PathBuf, index: u64, count: u64) -> PyResult<Vec<u8>> {
    Ok(py.detach(|| partition::read_partition(&path, index, count))?)
}

#[pyfunction]
fn write_partition(py: Python<'_>, path: PathBuf, data: &Bound<'_, PyAny>) -> PyResult<usize> {
    if let Ok(bytes) = data.cast::<PyBytes>() {
        let bytes = bytes.as_bytes();
        py.detach(|| partition::write_all(&path, bytes))?;
        return Ok(bytes.len());
    }
    let copy = PyBuffer::<u8>::get(data)?.to_vec(py)?;
    py.detach(|| partition::write_all(&path, &copy))?;
    Ok(copy.len())
}

#[pymodule]
mod pyo3_etl {
    #[pymodule_export]
    use super::{read_partition, write_partition};
}
