//! Memory stays flat however many temporaries one attach scope makes: dropping a `Bound`
//! decrefs at once, and there is no pool. This test is its own binary so that no other test
//! moves the peak (VmHWM is per process).

use pybound::prelude::*;

/// Peak resident set size of this process, in KiB (`VmHWM` in /proc/self/status).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM line")
}

#[test]
fn ten_million_temporaries_in_one_attach_keep_memory_flat() {
    const N: usize = 10_000_000;
    Python::attach(|py| {
        // Warm up: interpreter caches, freelists, the allocator's arenas.
        for i in 0..10_000 {
            let _ = PyList::new(py, [i as f64]).unwrap();
        }
        let before = peak_rss_kib();
        let mut checksum = 0usize;
        for i in 0..N {
            // A new float (not a cached small int), a new list holding it, and a str: three
            // fresh objects per iteration, all dropped at the end of the iteration.
            let f = (i as f64 + 0.5).into_pyobject(py).unwrap();
            let list = PyList::new(py, [&f]).unwrap();
            let s = list.repr().unwrap();
            checksum += s.len().unwrap();
        }
        let after = peak_rss_kib();
        let growth_mib = (after.saturating_sub(before)) as f64 / 1024.0;
        println!("{N} iterations, peak RSS {before} KiB -> {after} KiB (+{growth_mib:.1} MiB)");
        assert!(checksum > N);
        assert!(growth_mib < 16.0, "peak memory grew by {growth_mib:.1} MiB");

        // The instrument can see growth: keeping 1 million objects alive (what a pool of
        // temporaries would do) does raise the peak well past the threshold.
        let kept: Vec<Bound<'_, PyAny>> = (0..1_000_000)
            .map(|i| PyList::new(py, [i as f64 + 0.5]).unwrap().into_any())
            .collect();
        let held_mib = peak_rss_kib().saturating_sub(after) as f64 / 1024.0;
        println!("holding 1M lists: +{held_mib:.1} MiB");
        assert!(
            held_mib > 16.0,
            "measurement should detect retained objects"
        );
        drop(kept);
    });
}
