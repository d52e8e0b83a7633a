//! `pybound_etl`: the large-partition pipeline through Python.
//!
//! `read_partition` returns the partition's bytes in a read-only `pybound.RustBuffer`: the
//! Rust vector itself, which `memoryview` and `numpy.asarray` read in place. `write_partition`
//! takes any buffer: an immutable one (that `RustBuffer`, `bytes`) is written straight from its
//! memory, without a copy; a mutable one (a numpy array Python transformed) is copied once,
//! since other code may write it meanwhile. See docs/buffers.md.

mod partition;

use std::path::PathBuf;

use pybound::buffer::{PyBuffer, PyBufferOwner};
use pybound::prelude::*;

/// `ValueError` for a partition that does not exist.
fn check_partition(index: u64, count: u64) -> PyResult<()> {
    if index < count {
        return Ok(());
    }
    Err(pybound::exceptions::PyValueError::new_err(format!(
        "partition {index} of {count} does not exist"
    )))
}

/// The byte range `(start, end)` of partition `index` of `count` of the file.
#[pyfunction]
fn partition_bounds(py: Python<'_>, path: PathBuf, index: u64, count: u64) -> PyResult<(u64, u64)> {
    check_partition(index, count)?;
    py.detach(|| {
        let mut file = std::fs::File::open(&path)?;
        partition::partition_range(&mut file, index, count)
    })
    .map_err(PyErr::from)
}

/// Partition `index` of `count` of the CSV file at `path`, read without a copy into Python.
#[pyfunction]
fn read_partition(
    py: Python<'_>,
    path: PathBuf,
    index: u64,
    count: u64,
) -> PyResult<Bound<'_, PyBufferOwner>> {
    check_partition(index, count)?;
    let data = py.detach(|| partition::read_partition(&path, index, count))?;
    PyBufferOwner::new(py, data)
}

/// Write the bytes of `data` (any buffer of bytes) to a new file at `path`; returns the
/// number of bytes written.
#[pyfunction]
fn write_partition(py: Python<'_>, path: PathBuf, data: PyBuffer<u8>) -> PyResult<usize> {
    if let Some(bytes) = data.as_immutable_slice(py) {
        // Memory nothing can change: written as it is, with the interpreter released.
        py.detach(|| partition::write_all(&path, bytes))?;
        return Ok(bytes.len());
    }
    // Memory others may write (a numpy array): one copy, made by CPython, then written with
    // the interpreter released.
    let copy = data.to_vec(py)?;
    py.detach(|| partition::write_all(&path, &copy))?;
    Ok(copy.len())
}

/// The ETL example's functions.
#[pymodule]
mod pybound_etl {
    #[pymodule_export]
    use super::{partition_bounds, read_partition, write_partition};
}
