//! The runtime of `#[pyclass]`: where the Rust value lives inside the Python object, the type
//! object built from the class's items, and the borrow tracking behind `PyRef` / `PyRefMut`.

mod borrow;
mod borrow_flag;
mod derived_slots;
// Native bases need their instance layout, which the stable ABI does not publish: `abi3`
// builds extend only `object` and `#[pyclass]` types (as PyO3's do before 3.12).
mod collector;
#[cfg(not(Py_LIMITED_API))]
mod exception_bases;
mod freelist;
pub(crate) mod heap_type;
mod layout;
mod optional_field;
pub(crate) mod slot_support;
pub(crate) mod vectorcall_new;

// The API: borrowing a class's value, and the garbage-collector support users implement.
#[cfg(any(Py_3_11, not(Py_LIMITED_API)))]
pub(crate) use borrow::{acquire_export, release_export};
pub use borrow::{borrow_part, operand_guard, operand_guard_mut, release_part, OwnedBorrow};
pub use borrow::{PyBorrowError, PyBorrowMutError, PyRef, PyRefMut, PyRefMutSuper};
pub use borrow::{PyClassGuard, PyClassGuardMap, PyClassGuardMapMut, PyClassGuardMut};
pub use collector::{PyTraverseError, PyVisit};
pub(crate) use heap_type::{free_instance, no_constructor};

// What the generated code uses (through `__private`): not an API.
#[doc(hidden)]
pub use collector::{clear, traverse};
#[doc(hidden)]
pub use derived_slots::{hash_slot, richcmp_eq, richcmp_ord, str_slot};
#[doc(hidden)]
pub use freelist::FreeList;
#[doc(hidden)]
pub use heap_type::{
    make_variant_type, ClassItems, ClassSlots, GetSetDef, LazyTypeObject, MethodDef, SlotFn,
};
#[doc(hidden)]
pub use layout::PyClassObject;
#[doc(hidden)]
pub use optional_field::{Absent, OptionalField, Present};

use std::ffi::CStr;
use std::sync::atomic::{AtomicPtr, Ordering};

/// PyO3's old `class::basic` module (`use pyo3::class::basic::CompareOp` ports as is).
pub mod basic {
    pub use crate::types::any::CompareOp;
}

/// The garbage-collector support a class implements in `__traverse__` (also at the crate
/// root, as `pybound::gc`, where PyO3 has it).
pub mod gc {
    pub use super::collector::{PyTraverseError, PyVisit};
}

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
/// The value must be `Send` (Python may use the object from any thread), unless the class is
/// `unsendable`: then it is checked at run time that only its creating thread uses it.
pub trait PyClass: Sized + 'static {
    /// Python name of the class.
    const NAME: &'static str;
    /// Name of the Rust type (type stubs resolve parameters' types by it).
    const RUST_NAME: &'static str = "";
    /// `__module__` of the class.
    const MODULE: Option<&'static str>;
    /// Whether Python code may subclass it (`#[pyclass(subclass)]`).
    const BASETYPE: bool;
    /// The instance's owning-thread field: [`Present`] for `#[pyclass(unsendable)]` (a
    /// non-`Send` value, usable only on its creating thread), otherwise [`Absent`].
    type ThreadField: OptionalField<usize>;
    /// The instance's `__dict__` field: [`Present`] for `#[pyclass(dict)]`, otherwise [`Absent`].
    type DictField: OptionalField<*mut crate::ffi::PyObject>;
    /// The instance's weak-reference list: [`Present`] for `#[pyclass(weakref)]`, otherwise
    /// [`Absent`].
    type WeaklistField: OptionalField<*mut crate::ffi::PyObject>;
    /// `#[pyclass(unsendable)]` (from [`PyClass::ThreadField`]).
    const UNSENDABLE: bool = <Self::ThreadField as OptionalField<usize>>::PRESENT;
    /// Whether instances have a `__dict__` (from [`PyClass::DictField`]).
    const HAS_DICT: bool = <Self::DictField as OptionalField<*mut crate::ffi::PyObject>>::PRESENT;
    /// Whether instances can be weakly referenced (from [`PyClass::WeaklistField`]).
    const HAS_WEAKREF: bool =
        <Self::WeaklistField as OptionalField<*mut crate::ffi::PyObject>>::PRESENT;
    /// Registered as a `collections.abc.Sequence` (`#[pyclass(sequence)]`).
    const SEQUENCE: bool = false;
    /// Registered as a `collections.abc.Mapping` (`#[pyclass(mapping)]`).
    const MAPPING: bool = false;
    /// [`frozen::Yes`] for `#[pyclass(frozen)]`, otherwise [`frozen::No`].
    type Frozen;
    /// The C struct of the base type's instances, which starts this class's instances
    /// (`ffi::PyObject`, or the exception object for `extends = PyException`).
    type BaseHeader;
    /// Whether instances are created by the base type's `tp_new` (native bases such as
    /// exceptions initialise their own fields) rather than by plain allocation.
    const NATIVE_BASE_NEW: bool = false;
    /// Whether the native base's `tp_init` runs after construction (see
    /// [`PyClassBaseType::NATIVE_INIT`]).
    const NATIVE_BASE_INIT: bool = false;
    /// The base type object.
    fn base_type_object(py: crate::Python<'_>) -> *mut crate::ffi::PyTypeObject;
    /// The native type at the root of the class's bases (`object`, or an exception type),
    /// whose `tp_new` / `tp_dealloc` make and free instances when [`NATIVE_BASE_NEW`] is set.
    ///
    /// [`NATIVE_BASE_NEW`]: PyClass::NATIVE_BASE_NEW
    fn native_base_type_object(py: crate::Python<'_>) -> *mut crate::ffi::PyTypeObject {
        Self::base_type_object(py)
    }
    /// The base class's marker type (`PyAny` for `object`): what [`PyRef::as_super`] borrows.
    type BaseType;
    /// The value of the base class's part (`extends = Base` with a `#[pyclass]` base), or `()`.
    type BaseValue: 'static;
    /// Write the base class's part of a freshly allocated object.
    ///
    /// # Safety
    /// `obj` is a new, zeroed instance of a subtype of `Self`.
    unsafe fn init_base(obj: *mut crate::ffi::PyObject, value: Self::BaseValue);
    /// Drop the base class's part of an object being deallocated.
    ///
    /// # Safety
    /// `obj` is an instance of `Self` whose own part was just dropped.
    unsafe fn drop_base(obj: *mut crate::ffi::PyObject);
    /// Borrow the `#[pyclass]` base parts of `obj` (shared, or exclusive where not frozen), as
    /// a borrow of this class's value also does: nothing unless the class extends a
    /// `#[pyclass]`.
    ///
    /// # Safety
    /// `obj` is an instance of `Self` or of a subclass.
    #[doc(hidden)]
    #[inline]
    unsafe fn borrow_bases(
        _obj: *mut crate::ffi::PyObject,
        _exclusive: bool,
    ) -> Result<(), PyBorrowMutError> {
        Ok(())
    }
    /// Release what [`borrow_bases`](PyClass::borrow_bases) took.
    ///
    /// # Safety
    /// `obj`'s base parts are so borrowed.
    #[doc(hidden)]
    #[inline]
    unsafe fn release_bases(_obj: *mut crate::ffi::PyObject, _exclusive: bool) {}
    /// The class docstring.
    fn doc() -> &'static CStr;
    /// The members `#[pyclass]` itself defines (field accessors, derived slots, enum variants).
    fn items() -> &'static ClassItems;
    /// The class's `#[pymethods]` blocks.
    fn methods_registry() -> &'static MethodsRegistry;
    /// The cached type object.
    fn lazy_type_object() -> &'static LazyTypeObject;
    /// `#[pyclass(immutable_type)]`: the type's attributes cannot be set or deleted (Python
    /// 3.10 and later; earlier versions ignore it, as PyO3's option requires 3.10).
    const IMMUTABLE_TYPE: bool = false;
    /// Whether the class has a free list (`#[pyclass(freelist = N)]`; then
    /// [`PyClass::free_list`] returns it).
    const HAS_FREE_LIST: bool = false;
    /// The free list of `#[pyclass(freelist = N)]` (none by default).
    fn free_list() -> Option<&'static FreeList> {
        None
    }
    /// The type a value converted to Python gets: the class itself, or for a complex enum the
    /// variant's subclass.
    fn instance_type(&self, py: crate::Python<'_>) -> crate::PyResult<*mut crate::ffi::PyTypeObject>
    where
        Self: crate::type_object::PyTypeInfo,
    {
        Ok(Self::type_object_raw(py))
    }
}

/// The `#[pymethods]` blocks of one class. Each block adds itself when the library is loaded
/// (a static constructor, as the `ctor`/`inventory` crates do), so a class may have several
/// blocks, in different modules.
#[doc(hidden)]
pub struct MethodsRegistry {
    head: AtomicPtr<RegistryNode>,
}

/// One `#[pymethods]` block's entry in its class's [`MethodsRegistry`].
#[doc(hidden)]
pub struct RegistryNode {
    items: &'static ClassItems,
    next: AtomicPtr<RegistryNode>,
}

impl RegistryNode {
    /// An entry for `items`.
    pub const fn new(items: &'static ClassItems) -> Self {
        RegistryNode {
            items,
            next: AtomicPtr::new(std::ptr::null_mut()),
        }
    }
}

impl MethodsRegistry {
    /// Empty.
    pub const fn new() -> Self {
        MethodsRegistry {
            head: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// Add a block (lock-free push; runs at load time). Out of line: it runs once per block,
    /// and the compare-exchange loop would otherwise be compiled into every extension crate.
    #[inline(never)]
    pub fn register(&self, node: &'static RegistryNode) {
        let node_ptr = node as *const RegistryNode as *mut RegistryNode;
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            node.next.store(head, Ordering::Relaxed);
            match self.head.compare_exchange_weak(
                head,
                node_ptr,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    /// The registered blocks.
    pub fn iter(&self) -> impl Iterator<Item = &'static ClassItems> {
        let mut cur = self.head.load(Ordering::Acquire);
        std::iter::from_fn(move || {
            if cur.is_null() {
                return None;
            }
            // SAFETY: nodes are `'static` and never removed.
            let node: &'static RegistryNode = unsafe { &*cur };
            cur = node.next.load(Ordering::Acquire);
            Some(node.items)
        })
    }
}

impl Default for MethodsRegistry {
    fn default() -> Self {
        Self::new()
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

/// Types a `#[pyclass]` can extend with `#[pyclass(extends = Base)]`: the built-in exception
/// types (custom exceptions with Rust fields), `PyDict`, `PyList`, `PySet`, and
/// `#[pyclass(subclass)]` classes.
#[cfg_attr(
    not(Py_LIMITED_API),
    diagnostic::on_unimplemented(
        message = "`{Self}` cannot be a base class of a #[pyclass] yet",
        note = "`extends` supports `#[pyclass(subclass)]` classes, the built-in exception types (`PyException`, `PyValueError`, …), `PyDict`, `PyList`, `PySet` and the `datetime` types"
    )
)]
#[cfg_attr(
    Py_LIMITED_API,
    diagnostic::on_unimplemented(
        message = "`{Self}` cannot be a base class of a #[pyclass] in an abi3 build",
        note = "the stable ABI does not publish the instance layout of built-in types: with an `abi3` feature, `extends` supports only `#[pyclass(subclass)]` classes (build without `abi3` to extend `{Self}`)"
    )
)]
pub trait PyClassBaseType: crate::type_object::PyTypeInfo {
    /// The C struct of instances of the base type.
    type Header;
    /// The base part's value a subclass's `#[new]` provides (`()` for native bases).
    type Value;
    /// Whether the base type's own `tp_new` creates instances (native bases).
    const NATIVE: bool;
    /// Whether the base type's `tp_init` should run after construction (`dict`, `list` and
    /// `set` fill themselves from the constructor's arguments there; exceptions' would refuse
    /// the Rust constructor's keywords, so they get none).
    const NATIVE_INIT: bool = false;
    /// Write the base part of a new subclass instance.
    ///
    /// # Safety
    /// `obj` is a freshly allocated instance of a subclass.
    unsafe fn init_part(obj: *mut crate::ffi::PyObject, value: Self::Value);
    /// Drop the base part of a subclass instance being deallocated.
    ///
    /// # Safety
    /// `obj` is such an instance; called once.
    unsafe fn drop_part(obj: *mut crate::ffi::PyObject);
    /// Borrow this base's part of a subclass instance `obj` (and its own bases' parts): only a
    /// `#[pyclass]` base has a borrow flag.
    ///
    /// # Safety
    /// `obj` is an instance of a subclass.
    #[doc(hidden)]
    #[inline]
    unsafe fn borrow_part(
        _obj: *mut crate::ffi::PyObject,
        _exclusive: bool,
    ) -> Result<(), PyBorrowMutError> {
        Ok(())
    }
    /// Release what [`borrow_part`](PyClassBaseType::borrow_part) took.
    ///
    /// # Safety
    /// `obj`'s part is so borrowed.
    #[doc(hidden)]
    #[inline]
    unsafe fn release_part(_obj: *mut crate::ffi::PyObject, _exclusive: bool) {}
    /// The native type at the root of this base's chain (itself, for a native type).
    fn native_type_object(py: crate::Python<'_>) -> *mut crate::ffi::PyTypeObject {
        Self::type_object_raw(py)
    }
}

/// A `#[pyclass(subclass)]` as the base of another: how its [`PyClassInitializer`] becomes the
/// base part a subclass's initializer carries.
pub trait PyClassBaseValue: PyClass + PyClassBaseType {
    /// The base part made from `init`.
    fn base_value(init: PyClassInitializer<Self>) -> <Self as PyClassBaseType>::Value;
}

/// A class's value together with the values of its `#[pyclass]` bases, for classes that
/// extend others (PyO3's name and API): `#[new]` may return it, and `Bound::new` / `Py::new`
/// take it.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::PyClassInitializer;
///
/// #[pyclass(subclass)]
/// struct Animal { #[pybound(get)] legs: u32 }
///
/// #[pyclass(extends = Animal, subclass)]
/// struct Dog { #[pybound(get)] name: String }
///
/// #[pyclass(extends = Dog)]
/// struct Puppy { #[pybound(get)] age: u32 }
///
/// #[pymethods]
/// impl Puppy {
///     #[new]
///     fn new(name: String) -> PyClassInitializer<Self> {
///         PyClassInitializer::from(Animal { legs: 4 })
///             .add_subclass(Dog { name })
///             .add_subclass(Puppy { age: 1 })
///     }
/// }
///
/// fn main() {
///     Python::attach(|py| {
///         let init = PyClassInitializer::from(Animal { legs: 4 })
///             .add_subclass(Dog { name: "Rex".into() })
///             .add_subclass(Puppy { age: 1 });
///         let p = Bound::new(py, init).unwrap();
///         assert_eq!(p.getattr("legs").unwrap().extract::<u32>().unwrap(), 4);
///         assert_eq!(p.getattr("name").unwrap().extract::<String>().unwrap(), "Rex");
///         assert_eq!(p.borrow().as_super().name, "Rex");
///     });
/// }
/// ```
pub struct PyClassInitializer<T: PyClass> {
    value: T,
    base: T::BaseValue,
}

impl<T: PyClass> PyClassInitializer<T> {
    /// The value and its base part (for a `#[pyclass]` base, that base's initializer made
    /// into its part: use [`add_subclass`](Self::add_subclass) to build chains).
    pub fn new(value: T, base: T::BaseValue) -> Self {
        PyClassInitializer { value, base }
    }

    /// An initializer of the subclass `S` of `T`, with this one as its base part.
    pub fn add_subclass<S>(self, value: S) -> PyClassInitializer<S>
    where
        T: PyClassBaseValue,
        S: PyClass<BaseValue = <T as PyClassBaseType>::Value>,
    {
        PyClassInitializer {
            value,
            base: T::base_value(self),
        }
    }

    /// The value and the base part.
    #[doc(hidden)]
    pub fn into_parts(self) -> (T, T::BaseValue) {
        (self.value, self.base)
    }
}

impl<T: PyClass<BaseValue = ()>> From<T> for PyClassInitializer<T> {
    fn from(value: T) -> Self {
        PyClassInitializer { value, base: () }
    }
}

impl<T: PyClass> NewValue<T> for PyClassInitializer<T> {
    fn split(self) -> (T, T::BaseValue) {
        self.into_parts()
    }
}

/// What `#[new]` may return: the value, or `(value, base value)` for a class that extends
/// another `#[pyclass]`.
pub trait NewValue<T: PyClass> {
    /// The class's value and its base part.
    fn split(self) -> (T, T::BaseValue);
}

impl<T: PyClass<BaseValue = ()>> NewValue<T> for T {
    fn split(self) -> (T, ()) {
        (self, ())
    }
}

/// `(value, base value)`, PyO3's tuple form for one level of `#[pyclass]` inheritance.
impl<T: PyClass> NewValue<T> for (T, T::BaseValue) {
    fn split(self) -> (T, T::BaseValue) {
        self
    }
}

/// The object for a class value converted to Python (`IntoPyObject` of a `#[pyclass]`). A
/// class extending another `#[pyclass]` also needs its base value: use
/// `PyClassObject::create` from `#[new]` or return `(value, base)` there.
#[doc(hidden)]
pub fn into_new_object<'py, T: PyClass + crate::type_object::PyTypeInfo>(
    py: crate::Python<'py>,
    value: T,
) -> crate::PyResult<crate::Bound<'py, T>> {
    let unit: Box<dyn std::any::Any> = Box::new(());
    match unit.downcast::<T::BaseValue>() {
        Ok(base) => {
            // SAFETY: T's type object (or a variant subclass with T's layout); `create` returns a
            // new reference to a T instance.
            unsafe {
                let ty = value.instance_type(py)?;
                let obj = PyClassObject::<T>::create(py, ty, (value, *base))?;
                Ok(crate::Bound::from_owned_ptr(py, obj).cast_into_unchecked())
            }
        }
        Err(_) => Err(crate::exceptions::PyTypeError::new_err(format!(
            "{} extends another class: it can only be created through its constructor",
            <T as PyClass>::NAME
        ))),
    }
}

/// Compile-time check that a (not `unsendable`) `#[pyclass]` is `Send` and `Sync`, as PyO3
/// requires: Python may move the object to any thread, and on free-threaded CPython several
/// threads may run its `&self` methods at once.
#[doc(hidden)]
pub fn assert_pyclass_send<T: Send + Sync>() {}

/// A class instance is a `Py<PyAny>` too (as `Py<T>` from `Bound<T>`), as in PyO3.
impl<'py, T: PyClass> From<crate::Bound<'py, T>> for crate::Py<crate::types::PyAny> {
    #[inline]
    fn from(object: crate::Bound<'py, T>) -> Self {
        object.into_any().unbind()
    }
}
