//! The ETL pipeline in pure Rust: read partition INDEX of COUNT of INPUT, write it to OUTPUT.
//!
//!     etl-rust INPUT OUTPUT INDEX COUNT

#[path = "../partition.rs"]
mod partition;

use std::path::Path;
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output, index, count] = args.as_slice() else {
        eprintln!("usage: etl-rust INPUT OUTPUT INDEX COUNT");
        std::process::exit(2);
    };
    let parse = |s: &str| s.parse::<u64>().expect("INDEX and COUNT are numbers");
    let started = Instant::now();
    let data = partition::read_partition(Path::new(input), parse(index), parse(count))?;
    partition::write_all(Path::new(output), &data)?;
    println!("{} {:.6}", data.len(), started.elapsed().as_secs_f64());
    Ok(())
}
