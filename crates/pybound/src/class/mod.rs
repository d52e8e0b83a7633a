//! The runtime of `#[pyclass]`: where the Rust value lives inside the Python object, the type
//! object built from the class's items, and the borrow tracking behind `PyRef` / `PyRefMut`.

mod auto;
mod borrow;
mod gc;
mod layout;
mod type_object;

pub use auto::{hash_slot, richcmp_eq, richcmp_ord, str_slot};
pub use borrow::{PyBorrowError, PyBorrowMutError, PyRef, PyRefMut};
pub use gc::{clear, traverse, PyTraverseError, PyVisit};
pub use layout::PyClassObject;
pub use type_object::{ClassItems, ClassSlots, GetSetDef, LazyTypeObject, MethodDef, SlotFn};

use std::ffi::CStr;

/// Marker types for [`PyClass::Frozen`].
pub mod frozen {
    /// The class is frozen: no borrow flag, no `&mut self`.
    pub struct Yes;
    /// The class is mutable through `PyRefMut`.
    pub struct No;
}

/// A Rust type exposed as a Python class. Implemented by `#[pyclass]`; do not implement it by
/// hand.
///
/// The value must be `Send`: Python may use the object from any thread.
pub trait PyClass: Sized + Send + 'static {
    /// Python name of the class.
    const NAME: &'static str;
    /// `__module__` of the class.
    const MODULE: Option<&'static str>;
    /// Whether Python code may subclass it (`#[pyclass(subclass)]`).
    const BASETYPE: bool;
    /// Whether instances have a `__dict__` (`#[pyclass(dict)]`).
    const HAS_DICT: bool = false;
    /// Whether instances can be weakly referenced (`#[pyclass(weakref)]`).
    const HAS_WEAKREF: bool = false;
    /// [`frozen::Yes`] for `#[pyclass(frozen)]`, otherwise [`frozen::No`].
    type Frozen;
    /// The class docstring.
    fn doc() -> &'static CStr;
    /// The class's members: from the struct (field accessors) and its `#[pymethods]` block.
    fn items() -> [&'static ClassItems; 2];
    /// The cached type object.
    fn lazy_type_object() -> &'static LazyTypeObject;
}

/// Implemented by `#[pymethods]` for its class: the block's members.
pub trait PyMethods {
    /// The members defined in the `#[pymethods]` block.
    fn py_methods() -> &'static ClassItems;
}

/// Lets `#[pyclass]` find the `#[pymethods]` block if there is one (autoref specialisation on a
/// concrete type: `(&MethodsProbe::<T>::new()).class_items()`).
#[doc(hidden)]
pub struct MethodsProbe<T>(std::marker::PhantomData<T>);

impl<T> MethodsProbe<T> {
    /// A probe for `T`.
    pub const fn new() -> Self {
        MethodsProbe(std::marker::PhantomData)
    }
}

impl<T> Default for MethodsProbe<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Chosen when the class has a `#[pymethods]` block.
#[doc(hidden)]
pub trait ProbeHasMethods {
    /// The block's members.
    fn class_items(&self) -> &'static ClassItems;
}

impl<T: PyMethods> ProbeHasMethods for MethodsProbe<T> {
    fn class_items(&self) -> &'static ClassItems {
        T::py_methods()
    }
}

/// Chosen (one autoref further) when it has none.
#[doc(hidden)]
pub trait ProbeNoMethods {
    /// Nothing.
    fn class_items(&self) -> &'static ClassItems;
}

impl<T> ProbeNoMethods for &MethodsProbe<T> {
    fn class_items(&self) -> &'static ClassItems {
        &ClassItems::EMPTY
    }
}

/// Classes whose methods may take `&mut self`: `#[pyclass]` implements it for every class that
/// is not `frozen`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a frozen #[pyclass]: its methods cannot take `&mut self` or `PyRefMut`",
    label = "frozen class",
    note = "remove `frozen` from `#[pyclass(...)]`, or keep mutable state in a `Mutex` or atomics"
)]
pub trait MutablePyClass {}

/// Compile-time check used by `#[pymethods]` for `&mut self` receivers.
#[doc(hidden)]
pub fn assert_mutable<T: MutablePyClass>() {}
