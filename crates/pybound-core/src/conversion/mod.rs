//! Conversions between Rust values and Python objects.
//!
//! - [`FromPyObject`]: Python → Rust, through [`Bound::extract`](crate::Bound::extract).
//! - [`IntoPyObject`]: Rust → Python, through `value.into_pyobject(py)`.
//!
//! | Rust | Python | notes |
//! |---|---|---|
//! | `bool` | `bool` | only `True`/`False` extract |
//! | `i8`…`i128`, `u8`…`u128`, `isize`, `usize` | `int` | any object with `__index__`; out of range → `OverflowError` |
//! | `f32`, `f64` | `float` | any object with `__float__` |
//! | `char`, `String`, `&str`, `Cow<str>` | `str` | `&str` borrows the object's UTF-8 buffer, no copy |
//! | `&[u8]`, `Cow<[u8]>` | `bytes` | `&[u8]` borrows, no copy |
//! | `Vec<u8>`, `[u8; N]`, `Box<[u8]>`, `&[u8]`, `&Vec<u8>` → Python | `bytes` | one copy of the memory, as in PyO3; extracting them takes any sequence of ints |
//! | `Vec<T>`, `[T; N]`, `Box<[T]>`, `&[T]`, `VecDeque<T>` | `list` (from any sequence except `str`) | |
//! | `HashMap`, `BTreeMap` | `dict` | |
//! | `HashSet`, `BTreeSet` | `set` (from `set`/`frozenset`) | |
//! | `Option<T>` | `None` or `T` | |
//! | tuples up to 12, `()` | `tuple`, `None` | |
//! | `PathBuf`, `&Path`, `OsString` | `pathlib.Path` / `str` (via `os.fspath`) | |
//! | `Duration` | `datetime.timedelta` | negative → `ValueError` |
//! | `SystemTime` | `datetime.datetime` (aware; UTC going to Python) | naive → `TypeError` |
//! | `Bound`, `Borrowed`, `Py` | the object itself | |
//! | [`PyBackedStr`], [`PyBackedBytes`] | `str`, `bytes` | owned, `Send`, no copy |

mod backed;
pub(crate) mod derive_support;
mod floats;
pub(crate) mod ints;
pub(crate) mod maps;
mod misc;
mod option;
mod path;
pub(crate) mod seq;
pub(crate) mod sets;
mod strings;
mod time;
mod traits;
mod tuples;

pub use backed::{PyBackedBytes, PyBackedStr};
pub(crate) use seq::{collect_exact, list_from_exact_iter, new_exact, Exact};
pub use traits::{sequence, FromPyObject, FromPyObjectOwned, IntoPyObject, IntoPyObjectExt};
