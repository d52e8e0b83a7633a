//! The three smart pointers to Python objects and the moves between them.
//!
//! | pointer | owns a reference | needs attach | `Send` | use it for |
//! |---|---|---|---|---|
//! | [`Bound<'py, T>`] | yes (decref on drop) | yes (`'py`) | no | working with objects |
//! | [`Borrowed<'a, 'py, T>`] | no | yes | no | zero-cost views of borrowed references |
//! | [`Py<T>`] | yes | no | yes | storing in structs, sending between threads |

mod borrowed;
mod bound;
mod py;

pub use borrowed::Borrowed;
pub use bound::{Bound, BoundObject};
pub use py::{Py, PyObject};
