//! Prints which interpreter the tests run against: `sys.version` and the libpython this process
//! actually loaded. `make test` runs it first so the pairing is visible in the test log.

use pybound::prelude::*;

fn loaded_libpython() -> String {
    std::fs::read_to_string("/proc/self/maps")
        .ok()
        .and_then(|maps| {
            maps.lines()
                .filter_map(|l| l.split_whitespace().nth(5))
                .find(|path| path.contains("libpython"))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "(statically linked or not visible)".to_owned())
}

fn main() -> PyResult<()> {
    Python::attach(|py| {
        let sys = py.import("sys")?;
        let version: String = sys.getattr("version")?.extract()?;
        let executable: String = sys.getattr("executable")?.extract()?;
        println!("embedded Python: {}", version.replace('\n', " "));
        println!("sys.executable:  {executable}");
        println!("libpython:       {}", loaded_libpython());
        Ok(())
    })
}
