//! Type stubs (`.pyi`) for pybound modules, so that IDEs and type checkers see an extension's
//! API.
//!
//! The macros write a stub text for every function, method and property from its Rust types
//! (`Vec<i64>` → `list[int]`, `Option<T>` → `T | None`, `PyResult<T>` → `T`, a `#[pyclass]`
//! → its class). With the `stubs` feature, the texts are kept in the binary, and every
//! `#[pymodule]` gets a private function `_pybound_stubs()` returning the module's stub, which
//! [`module_stub`] assembles from the **live** module: whatever the module holds when it is
//! asked (functions added by `#[pymodule_export]` or by `m.add_function`, classes, exceptions
//! from [`create_exception!`](crate::create_exception), constants, submodules) is in the stub,
//! annotated where the macros gave a text and introspected (`inspect.signature`) where not.
//! `tools/pybound-stubgen` writes the result next to the package (`<module>.pyi` and
//! `py.typed`); docs/type-stubs.md is the guide.
//!
//! Without the feature nothing of this is compiled in: [`MemberStub`] tables are empty and
//! the texts are left out of the binary (see [`__stub!`](crate::__stub)).

/// The stub text of one member of a class, written by `#[pymethods]` or `#[pyclass]`.
#[derive(Clone, Copy, Debug)]
pub struct MemberStub {
    /// The member's Python name.
    pub name: &'static str,
    /// `"method"`, `"staticmethod"`, `"classmethod"` (`text` is the signature with its
    /// `self` / `cls`: `(self, k: float) -> {Point}`), `"get"` or `"set"` (`text` is the
    /// property's annotation).
    pub kind: &'static str,
    /// See `kind`. `{Name}` stands for the Rust type `Name`, resolved when the module's stub
    /// is assembled.
    pub text: &'static str,
}

/// The texts of the macros when the `stubs` feature is on, nothing otherwise. The macros
/// cannot see the runtime's features; this `macro_rules!` can.
#[cfg(feature = "stubs")]
#[doc(hidden)]
#[macro_export]
macro_rules! __stub {
    (text $s:literal) => {
        $s
    };
    (members [$($m:expr),* $(,)?]) => {
        &[$($m),*]
    };
}

/// See the other definition.
#[cfg(not(feature = "stubs"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __stub {
    (text $s:literal) => {
        ""
    };
    (members [$($m:tt)*]) => {
        &[]
    };
}

#[cfg(feature = "stubs")]
mod assemble;
#[cfg(feature = "stubs")]
pub use assemble::module_stub;
#[cfg(feature = "stubs")]
pub(crate) use assemble::{add_stub_function, record_class, record_function};
