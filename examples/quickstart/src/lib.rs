//! `quickstart`: word statistics for Python, written in Rust with pybound.
//!
//! ```python
//! import quickstart
//! quickstart.word_counts("the cat and the hat")   # {'the': 2, 'cat': 1, ...}
//! quickstart.top_words(text, 3)                   # [('the', 2), ...]
//! ```

use std::collections::HashMap;

use pybound::exceptions::PyValueError;
use pybound::prelude::*;

/// Lower-cased words of `text` (letters, digits and apostrophes).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Count how often each word occurs (case-insensitive).
#[pyfunction]
fn word_counts(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for w in words(text) {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

/// The `n` most frequent words with their counts, most frequent first (ties alphabetical).
#[pyfunction]
#[pybound(signature = (text, n = 10))]
fn top_words(text: &str, n: usize) -> PyResult<Vec<(String, usize)>> {
    if n == 0 {
        return Err(PyValueError::new_err("n must be at least 1"));
    }
    let mut counts: Vec<(String, usize)> = word_counts(text).into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.truncate(n);
    Ok(counts)
}

/// Summary statistics: number of words, distinct words, mean word length.
#[pyfunction]
fn summary<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    // Counting is pure Rust: let other Python threads run meanwhile.
    let owned = text.to_owned();
    let (total, distinct, mean) = py.detach(move || {
        let all: Vec<String> = words(&owned).collect();
        let distinct = all.iter().collect::<std::collections::HashSet<_>>().len();
        let letters: usize = all.iter().map(|w| w.chars().count()).sum();
        let mean = if all.is_empty() {
            0.0
        } else {
            letters as f64 / all.len() as f64
        };
        (all.len(), distinct, mean)
    });
    let d = PyDict::new(py);
    d.set_item("words", total)?;
    d.set_item("distinct", distinct)?;
    d.set_item("mean_length", mean)?;
    Ok(d)
}

/// Word statistics, fast.
#[pymodule]
mod quickstart {
    #[pymodule_export]
    use super::{summary, top_words, word_counts};
}
