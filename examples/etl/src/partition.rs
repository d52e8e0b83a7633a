//! Partitions of a CSV file on line boundaries, read and written with plain `std::fs` (shared
//! by the extension and the pure-Rust binary).
//!
//! Partition `index` of `count` holds the lines that *start* in its share of the bytes,
//! `[len * index / count, len * (index + 1) / count)`: every line belongs to exactly one
//! partition, and the partitions of a file concatenate back to it.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The byte range `[start, end)` of partition `index` of `count`.
pub fn partition_range(file: &mut File, index: u64, count: u64) -> io::Result<(u64, u64)> {
    if count == 0 || index >= count {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("partition {index} of {count} does not exist"),
        ));
    }
    let len = file.metadata()?.len();
    let nominal = |i: u64| (len as u128 * i as u128 / count as u128) as u64;
    let start = line_start_at_or_after(file, nominal(index), len)?;
    let end = line_start_at_or_after(file, nominal(index + 1), len)?;
    Ok((start, end))
}

/// The first position `p >= at` where a line starts (`p == 0` or a newline at `p - 1`), or
/// `len` if there is none.
fn line_start_at_or_after(file: &mut File, at: u64, len: u64) -> io::Result<u64> {
    if at == 0 || at >= len {
        return Ok(at.min(len));
    }
    file.seek(SeekFrom::Start(at - 1))?;
    let mut chunk = [0u8; 64 * 1024];
    let mut pos = at - 1;
    loop {
        let n = file.read(&mut chunk)?;
        if n == 0 {
            return Ok(len);
        }
        if let Some(i) = chunk[..n].iter().position(|&b| b == b'\n') {
            return Ok(pos + i as u64 + 1);
        }
        pos += n as u64;
    }
}

/// Read `[start, end)` into a new vector: one read into memory that is not zeroed first.
pub fn read_range(file: &mut File, start: u64, end: u64) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(start))?;
    let mut data = Vec::with_capacity((end - start) as usize);
    file.take(end - start).read_to_end(&mut data)?;
    Ok(data)
}

/// Read partition `index` of `count` of the file at `path`.
pub fn read_partition(path: &Path, index: u64, count: u64) -> io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    let (start, end) = partition_range(&mut file, index, count)?;
    read_range(&mut file, start, end)
}

/// Write `data` to a new file at `path`.
pub fn write_all(path: &Path, data: &[u8]) -> io::Result<()> {
    File::create(path)?.write_all(data)
}
