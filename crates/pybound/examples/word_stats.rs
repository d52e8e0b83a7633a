//! `make demo`: Rust embeds Python and uses `collections.Counter` to compute word statistics of
//! a text, then prints them.

use pybound::prelude::*;

const TEXT: &str = "\
It was the best of times, it was the worst of times, it was the age of wisdom, it was the \
age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the \
season of Light, it was the season of Darkness, it was the spring of hope, it was the winter \
of despair.";

fn main() -> PyResult<()> {
    Python::attach(|py| {
        // Tokenise in Rust, count in Python.
        let words: Vec<String> = TEXT
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let counter = py
            .import("collections")?
            .getattr("Counter")?
            .call1((words.clone(),))?;
        let top: Vec<(String, u32)> = counter.call_method1("most_common", (5,))?.extract()?;
        let distinct = counter.len()?;

        println!(
            "text: {} characters, {} words, {} distinct",
            TEXT.len(),
            words.len(),
            distinct
        );
        println!("most common words (collections.Counter):");
        for (word, count) in &top {
            println!("  {word:<8} {count:>3}  {}", "#".repeat(*count as usize));
        }

        // Python's statistics module on the word lengths.
        let lengths: Vec<usize> = words.iter().map(|w| w.chars().count()).collect();
        let statistics = py.import("statistics")?;
        let mean: f64 = statistics
            .call_method1("mean", (lengths.clone(),))?
            .extract()?;
        let median: f64 = statistics.call_method1("median", (lengths,))?.extract()?;
        println!("word length: mean {mean:.2}, median {median}");
        println!(
            "computed by {}",
            py.version_str().split_whitespace().next().unwrap_or("?")
        );
        Ok(())
    })
}
