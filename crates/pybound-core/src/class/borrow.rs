//! Runtime borrow tracking for `#[pyclass]` values: Python may hold any number of references to
//! one object, so Rust's `&`/`&mut` rules are checked when a method runs.

use std::cell::Cell;
use std::ops::{Deref, DerefMut};

use crate::class::{frozen, OptionalField, PyClass, PyClassObject};
use crate::conversion::FromPyObject;
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyRuntimeError;
use crate::instance::{Borrowed, Bound};
use crate::type_object::PyTypeInfo;
use crate::types::PyAny;

/// Shared borrow failed: the value is mutably borrowed (`RuntimeError: Already mutably
/// borrowed`), or it is an `unsendable` value used on a thread other than its own.
#[derive(Debug)]
pub struct PyBorrowError(Option<&'static str>);

/// Exclusive borrow failed: the value is borrowed (`RuntimeError: Already borrowed`), its
/// memory is exported through the buffer protocol (`BufferError`, as `bytearray` raises when
/// resized under an export), or it is an `unsendable` value used on a thread other than its own.
#[derive(Debug)]
pub struct PyBorrowMutError(MutReason);

#[derive(Debug)]
enum MutReason {
    Borrowed,
    /// Exported, by the class's name.
    Exported(&'static str),
    /// Used off its thread, by the class's name.
    WrongThread(&'static str),
}

fn wrong_thread(f: &mut std::fmt::Formatter<'_>, class: &str) -> std::fmt::Result {
    write!(
        f,
        "{class} is unsendable, but is being used on a thread other than the one that created it"
    )
}

impl std::fmt::Display for PyBorrowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            None => f.write_str("Already mutably borrowed"),
            Some(class) => wrong_thread(f, class),
        }
    }
}

impl std::fmt::Display for PyBorrowMutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            MutReason::Borrowed => f.write_str("Already borrowed"),
            MutReason::Exported(class) => write!(
                f,
                "Existing exports of data: {class} cannot be modified (release its memoryviews first)"
            ),
            MutReason::WrongThread(class) => wrong_thread(f, class),
        }
    }
}

/// A number identifying the running thread (for `unsendable` classes), never given to another
/// thread, even after this one exits. (The address of a thread-local would be: it is reused
/// by later threads, which let an object created on a finished thread pass the check.)
#[inline]
pub(crate) fn thread_token() -> usize {
    use std::sync::atomic::AtomicUsize;
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    thread_local! {
        static TOKEN: Cell<usize> = const { Cell::new(0) };
    }
    TOKEN.with(|t| match t.get() {
        0 => {
            // Relaxed: only uniqueness matters. 0 is never handed out (it means "not yet").
            let token = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            assert!(token != 0, "thread tokens exhausted");
            t.set(token);
            token
        }
        token => token,
    })
}

/// False only for an `unsendable` instance created on another thread.
#[inline]
pub(crate) fn on_owner_thread<T: PyClass>(c: &PyClassObject<T>) -> bool {
    // Tested on the constant first, so that other classes never instantiate the thread-local
    // lookup (rustc skips code behind a constant condition when it collects what to compile).
    if T::UNSENDABLE {
        c.owner.get() == Some(thread_token())
    } else {
        true
    }
}

/// `Err(class name)` if `T` is `unsendable` and `c` belongs to another thread.
#[inline]
fn check_thread<T: PyClass>(c: &PyClassObject<T>) -> Result<(), &'static str> {
    if on_owner_thread(c) {
        Ok(())
    } else {
        Err(<T as PyClass>::NAME)
    }
}

pub(crate) use super::borrow_flag::BorrowFlag;
use super::borrow_flag::Refused;

/// The object `c` is the layout of.
#[inline]
fn object_of<T: PyClass>(c: &PyClassObject<T>) -> *mut crate::ffi::PyObject {
    (c as *const PyClassObject<T>).cast_mut().cast()
}

// A borrow of a class's value covers its `#[pyclass]` base parts too (`extends = Base`): each
// part has its own flag, and borrowing a subclass instance borrows each part up the chain the
// same way (shared or exclusive; a frozen part shared), so that `PyRef::as_super` can lend the
// base's borrow as PyO3's does, and a borrow of the base part alone conflicts with the
// subclass's as in PyO3. For a class without a `#[pyclass]` base the chain is empty and
// compiles to nothing (`PyClass::borrow_bases` is a no-op by default).

/// Take a shared borrow of `c`'s value: checks the owning thread, then the flag (frozen
/// classes have no flag to check), then the base parts.
#[inline]
fn acquire_shared<T: PyClass>(c: &PyClassObject<T>) -> Result<(), PyBorrowError> {
    check_thread(c).map_err(|n| PyBorrowError(Some(n)))?;
    if !T::is_frozen() {
        c.borrow.try_share().map_err(|()| PyBorrowError(None))?;
    }
    // SAFETY: `c` is the layout of an instance of T.
    if let Err(e) = unsafe { T::borrow_bases(object_of(c), false) } {
        release_own_shared(c);
        return Err(e.into_shared());
    }
    Ok(())
}

/// Release the flag of `c`'s own part that [`acquire_shared`] took.
#[inline]
fn release_own_shared<T: PyClass>(c: &PyClassObject<T>) {
    if !T::is_frozen() {
        c.borrow.unshare();
    }
}

/// Release what [`acquire_shared`] took.
#[inline]
fn release_shared<T: PyClass>(c: &PyClassObject<T>) {
    release_own_shared(c);
    // SAFETY: `c` is the layout of an instance of T, whose base parts `acquire_shared` borrowed.
    unsafe { T::release_bases(object_of(c), false) }
}

/// Take an exclusive borrow of `c`'s value (the owning thread, then the flag, then the base
/// parts).
#[inline]
fn acquire_exclusive<T: PyClass>(c: &PyClassObject<T>) -> Result<(), PyBorrowMutError> {
    check_thread(c).map_err(|n| PyBorrowMutError(MutReason::WrongThread(n)))?;
    c.borrow.try_take().map_err(|reason| match reason {
        Refused::Exported => PyBorrowMutError(MutReason::Exported(<T as PyClass>::NAME)),
        Refused::Borrowed => PyBorrowMutError(MutReason::Borrowed),
    })?;
    // SAFETY: `c` is the layout of an instance of T.
    if let Err(e) = unsafe { T::borrow_bases(object_of(c), true) } {
        c.borrow.give_back();
        return Err(e);
    }
    Ok(())
}

/// Release what [`acquire_exclusive`] took.
#[inline]
fn release_exclusive<T: PyClass>(c: &PyClassObject<T>) {
    c.borrow.give_back();
    // SAFETY: as in `release_shared`.
    unsafe { T::release_bases(object_of(c), true) }
}

/// Borrow the part of class `T` (and its bases) of `obj`, for a subclass's borrow: what
/// `PyClassBaseType::borrow_part` does for a `#[pyclass]` base. A frozen part is borrowed
/// shared even for an exclusive borrow (it is never mutated).
///
/// # Safety
/// `obj` is an instance of `T` or of a subclass.
#[doc(hidden)]
#[inline]
pub unsafe fn borrow_part<T: PyClass>(
    obj: *mut crate::ffi::PyObject,
    exclusive: bool,
) -> Result<(), PyBorrowMutError> {
    // SAFETY: per the caller.
    let c = unsafe { PyClassObject::<T>::from_ptr(obj) };
    if exclusive && !T::is_frozen() {
        acquire_exclusive(c)
    } else {
        acquire_shared(c).map_err(|e| match e.0 {
            Some(class) => PyBorrowMutError(MutReason::WrongThread(class)),
            None => PyBorrowMutError(MutReason::Borrowed),
        })
    }
}

/// Release what [`borrow_part`] took.
///
/// # Safety
/// `obj` is an instance of `T` or of a subclass whose `T` part is so borrowed.
#[doc(hidden)]
#[inline]
pub unsafe fn release_part<T: PyClass>(obj: *mut crate::ffi::PyObject, exclusive: bool) {
    // SAFETY: per the caller.
    let c = unsafe { PyClassObject::<T>::from_ptr(obj) };
    if exclusive && !T::is_frozen() {
        release_exclusive(c)
    } else {
        release_shared(c)
    }
}

impl PyBorrowMutError {
    /// The refusal of a base part's borrow, as the refusal of a shared borrow.
    fn into_shared(self) -> PyBorrowError {
        match self.0 {
            MutReason::WrongThread(class) => PyBorrowError(Some(class)),
            // A base part is refused a shared borrow only when it is mutably borrowed.
            MutReason::Borrowed | MutReason::Exported(_) => PyBorrowError(None),
        }
    }
}

impl From<PyBorrowError> for PyErr {
    fn from(e: PyBorrowError) -> PyErr {
        PyRuntimeError::new_err(e.to_string())
    }
}

impl From<PyBorrowMutError> for PyErr {
    fn from(e: PyBorrowMutError) -> PyErr {
        match e.0 {
            MutReason::Exported(_) => crate::exceptions::PyBufferError::new_err(e.to_string()),
            _ => PyRuntimeError::new_err(e.to_string()),
        }
    }
}

/// A shared borrow of a `#[pyclass]` value; derefs to `&T`. Holds a strong reference.
#[repr(transparent)]
pub struct PyRef<'py, T: PyClass> {
    obj: Bound<'py, T>,
}

/// An exclusive borrow of a `#[pyclass]` value; derefs to `&mut T`.
#[repr(transparent)]
pub struct PyRefMut<'py, T: PyClass<Frozen = frozen::No>> {
    obj: Bound<'py, T>,
}

fn cell<'a, T: PyClass>(obj: &'a Bound<'_, T>) -> &'a PyClassObject<T> {
    // SAFETY: a `Bound<T>` for a pyclass `T` points to an instance of T's type.
    unsafe { PyClassObject::from_ptr(obj.as_ptr()) }
}

impl<'py, T: PyClass> Bound<'py, T> {
    /// Borrow the value; `Err` if it is mutably borrowed.
    #[inline]
    pub fn try_borrow(&self) -> Result<PyRef<'py, T>, PyBorrowError> {
        acquire_shared(cell(self))?;
        Ok(PyRef { obj: self.clone() })
    }

    /// Borrow the value; panics if it is mutably borrowed (use
    /// [`try_borrow`](Bound::try_borrow) to handle that).
    #[track_caller]
    pub fn borrow(&self) -> PyRef<'py, T> {
        self.try_borrow().expect("Already mutably borrowed")
    }
}

impl<'py, T: PyClass<Frozen = frozen::No>> Bound<'py, T> {
    /// Borrow the value exclusively; `Err` if it is borrowed.
    #[inline]
    pub fn try_borrow_mut(&self) -> Result<PyRefMut<'py, T>, PyBorrowMutError> {
        acquire_exclusive(cell(self))?;
        Ok(PyRefMut { obj: self.clone() })
    }

    /// Borrow the value exclusively; panics if it is borrowed.
    #[track_caller]
    pub fn borrow_mut(&self) -> PyRefMut<'py, T> {
        self.try_borrow_mut().expect("Already borrowed")
    }
}

impl<'py, T: PyClass> Bound<'py, T> {
    /// The object as an instance of its base class (`extends = PyDict` gives a
    /// `&Bound<PyDict>`, `extends = Base` a `&Bound<Base>`), as PyO3's `Bound::as_super`.
    pub fn as_super(&self) -> &Bound<'py, T::BaseType> {
        // SAFETY: an instance of T is an instance of its base class.
        unsafe { self.cast_unchecked() }
    }

    /// [`as_super`](Bound::as_super), by value.
    pub fn into_super(self) -> Bound<'py, T::BaseType> {
        // SAFETY: as in `as_super`.
        unsafe { self.cast_into_unchecked() }
    }
}

impl<'py, T: PyClass<Frozen = frozen::Yes>> Bound<'py, T> {
    /// The value of a frozen class (no borrow tracking needed: it is never mutated).
    #[inline]
    pub fn get(&self) -> &T {
        let c = cell(self);
        if let Err(class) = check_thread(c) {
            panic!("{class} is unsendable, but is being used on a thread other than the one that created it");
        }
        // SAFETY: frozen classes hand out only shared references.
        unsafe { &*c.contents.get() }
    }
}

/// Whether `T` is frozen (no borrow flag).
trait IsFrozen {
    fn is_frozen() -> bool;
}

impl<T: PyClass> IsFrozen for T {
    #[inline]
    fn is_frozen() -> bool {
        std::any::TypeId::of::<T::Frozen>() == std::any::TypeId::of::<frozen::Yes>()
    }
}

impl<'py, T: PyClass> PyRef<'py, T> {
    /// The object.
    pub fn as_bound(&self) -> &Bound<'py, T> {
        &self.obj
    }

    /// The object's pointer (borrowed: the `PyRef` keeps it alive).
    pub fn as_ptr(&self) -> *mut crate::ffi::PyObject {
        self.obj.as_ptr()
    }

    /// The object, ending the borrow.
    pub fn into_bound(self) -> Bound<'py, T> {
        self.obj.clone()
    }

    /// The token.
    pub fn py(&self) -> crate::Python<'py> {
        self.obj.py()
    }
}

impl<'py, T: PyClass> PyRef<'py, T>
where
    T::BaseType: PyClass,
{
    /// The borrow of the base class's part (for `#[pyclass(extends = Base)]`); chain it to
    /// reach further bases (`slf.as_super().as_super()`). Cannot fail: a borrow of a class's
    /// value borrows its `#[pyclass]` base parts too.
    ///
    /// ```
    /// use pybound::prelude::*;
    ///
    /// #[pyclass(subclass)]
    /// struct Animal {
    ///     name: String,
    /// }
    ///
    /// #[pyclass(extends = Animal)]
    /// struct Dog {
    ///     tricks: u32,
    /// }
    ///
    /// Python::attach(|py| {
    ///     let init = PyClassInitializer::from(Animal { name: "Rex".into() })
    ///         .add_subclass(Dog { tricks: 3 });
    ///     let dog = Bound::new(py, init).unwrap();
    ///     let d = dog.borrow();
    ///     assert_eq!((d.as_super().name.as_str(), d.tricks), ("Rex", 3));
    ///     // The base part is borrowed with the subclass: no exclusive borrow of it now.
    ///     assert!(dog.as_super().try_borrow_mut().is_err());
    /// });
    /// ```
    pub fn as_super(&self) -> &PyRef<'py, T::BaseType> {
        // SAFETY: `PyRef` is `repr(transparent)` over `Bound`, whose layout does not depend
        // on its type parameter; an instance of T is an instance of its base class; and the
        // base part is borrowed shared for as long as `self` is (`acquire_shared` borrows the
        // chain). A shared reference cannot be used to swap the borrow out.
        unsafe { &*(self as *const Self).cast::<PyRef<'py, T::BaseType>>() }
    }

    /// The borrow of the base class's part, ending the borrow of this class's own part.
    pub fn into_super(self) -> PyRef<'py, T::BaseType> {
        let this = std::mem::ManuallyDrop::new(self);
        release_own_shared(cell(&this.obj));
        // SAFETY: `this` is never dropped, so its reference moves into the result; an
        // instance of T is an instance of its base class, whose part stays borrowed.
        let obj = unsafe { std::ptr::read(&this.obj) };
        PyRef {
            obj: unsafe { obj.cast_into_unchecked() },
        }
    }
}

impl<'py, T: PyClass<Frozen = frozen::No>> PyRefMut<'py, T>
where
    T::BaseType: PyClass<Frozen = frozen::No>,
{
    /// Exclusive access to the base class's part (for `#[pyclass(extends = Base)]`): derefs
    /// to `&mut Base`, and chains (`slf.as_super().as_super()`).
    ///
    /// PyO3 returns `&mut PyRefMut<Base>` here, which lets `std::mem::swap` exchange it with
    /// the borrow of another object (PyO3 issue 6083: the subclass borrow then points at an
    /// object of another type). [`PyRefMutSuper`] derefs the same way but cannot be swapped.
    pub fn as_super(&mut self) -> PyRefMutSuper<'_, 'py, T::BaseType> {
        PyRefMutSuper {
            // SAFETY: an instance of T is an instance of its base class.
            obj: unsafe { self.obj.cast_unchecked() },
            _exclusive: std::marker::PhantomData,
        }
    }

    /// The exclusive borrow of the base class's part, ending the borrow of this class's own
    /// part.
    pub fn into_super(self) -> PyRefMut<'py, T::BaseType> {
        let this = std::mem::ManuallyDrop::new(self);
        cell(&this.obj).borrow.give_back();
        // SAFETY: as in `PyRef::into_super`; the base part stays exclusively borrowed.
        let obj = unsafe { std::ptr::read(&this.obj) };
        PyRefMut {
            obj: unsafe { obj.cast_into_unchecked() },
        }
    }
}

/// Exclusive access to a base class's part of an object whose subclass value is exclusively
/// borrowed: what [`PyRefMut::as_super`] returns. Derefs to `&mut B`.
pub struct PyRefMutSuper<'a, 'py, B: PyClass<Frozen = frozen::No>> {
    obj: &'a Bound<'py, B>,
    /// Lent out of the `&mut PyRefMut` it came from.
    _exclusive: std::marker::PhantomData<&'a mut B>,
}

impl<'a, 'py, B: PyClass<Frozen = frozen::No>> PyRefMutSuper<'a, 'py, B> {
    /// The object.
    pub fn as_bound(&self) -> &Bound<'py, B> {
        self.obj
    }

    /// The token.
    pub fn py(&self) -> crate::Python<'py> {
        self.obj.py()
    }

    /// Exclusive access to the next base class's part.
    pub fn as_super(&mut self) -> PyRefMutSuper<'_, 'py, B::BaseType>
    where
        B::BaseType: PyClass<Frozen = frozen::No>,
    {
        PyRefMutSuper {
            // SAFETY: an instance of B is an instance of its base class.
            obj: unsafe { self.obj.cast_unchecked() },
            _exclusive: std::marker::PhantomData,
        }
    }
}

impl<B: PyClass<Frozen = frozen::No>> Deref for PyRefMutSuper<'_, '_, B> {
    type Target = B;
    #[inline]
    fn deref(&self) -> &B {
        // SAFETY: the subclass's exclusive borrow covers this part (`acquire_exclusive`).
        unsafe { &*cell(self.obj).contents.get() }
    }
}

impl<B: PyClass<Frozen = frozen::No>> DerefMut for PyRefMutSuper<'_, '_, B> {
    #[inline]
    fn deref_mut(&mut self) -> &mut B {
        // SAFETY: as in `deref`; `self` is lent exclusively.
        unsafe { &mut *cell(self.obj).contents.get() }
    }
}

impl<T: PyClass> Deref for PyRef<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the shared borrow (or frozenness) guarantees no `&mut` exists.
        unsafe { &*cell(&self.obj).contents.get() }
    }
}

impl<T: PyClass> Drop for PyRef<'_, T> {
    #[inline]
    fn drop(&mut self) {
        release_shared(cell(&self.obj));
    }
}

impl<'py, T: PyClass<Frozen = frozen::No>> PyRefMut<'py, T> {
    /// The object.
    pub fn as_bound(&self) -> &Bound<'py, T> {
        &self.obj
    }

    /// The object's pointer (borrowed: the `PyRefMut` keeps it alive).
    pub fn as_ptr(&self) -> *mut crate::ffi::PyObject {
        self.obj.as_ptr()
    }

    /// The token.
    pub fn py(&self) -> crate::Python<'py> {
        self.obj.py()
    }
}

impl<T: PyClass<Frozen = frozen::No>> Deref for PyRefMut<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the exclusive borrow is ours.
        unsafe { &*cell(&self.obj).contents.get() }
    }
}

impl<T: PyClass<Frozen = frozen::No>> DerefMut for PyRefMut<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the exclusive borrow is ours.
        unsafe { &mut *cell(&self.obj).contents.get() }
    }
}

impl<T: PyClass<Frozen = frozen::No>> Drop for PyRefMut<'_, T> {
    #[inline]
    fn drop(&mut self) {
        release_exclusive(cell(&self.obj));
    }
}

/// The value's `Debug` (as PyO3's `PyRef` shows it).
impl<T: PyClass + std::fmt::Debug> std::fmt::Debug for PyRef<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// The value's `Debug`.
impl<T: PyClass<Frozen = frozen::No> + std::fmt::Debug> std::fmt::Debug for PyRefMut<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl<'a, 'py, T: PyClass + PyTypeInfo> FromPyObject<'a, 'py> for PyRef<'py, T> {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<T>()?.try_borrow()?)
    }
}

impl<'a, 'py, T: PyClass<Frozen = frozen::No> + PyTypeInfo> FromPyObject<'a, 'py>
    for PyRefMut<'py, T>
{
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(obj.cast::<T>()?.try_borrow_mut()?)
    }
}

impl<'py, T: PyClass> crate::IntoPyObject<'py> for PyRef<'py, T> {
    type Target = T;
    type Output = Bound<'py, T>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, _py: crate::Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self.obj.clone())
    }
}

impl<'py, T: PyClass<Frozen = frozen::No>> crate::IntoPyObject<'py> for PyRefMut<'py, T> {
    type Target = T;
    type Output = Bound<'py, T>;
    type Error = std::convert::Infallible;
    fn into_pyobject(self, _py: crate::Python<'py>) -> Result<Self::Output, Self::Error> {
        Ok(self.obj.clone())
    }
}

impl<T: PyClass> crate::Py<T> {
    /// Borrow the value (see [`Bound::try_borrow`]).
    pub fn try_borrow<'py>(
        &'py self,
        py: crate::Python<'py>,
    ) -> Result<PyRef<'py, T>, PyBorrowError> {
        self.bind(py).try_borrow()
    }

    /// Borrow the value; panics if it is mutably borrowed.
    #[track_caller]
    pub fn borrow<'py>(&'py self, py: crate::Python<'py>) -> PyRef<'py, T> {
        self.bind(py).borrow()
    }
}

impl<T: PyClass<Frozen = frozen::No>> crate::Py<T> {
    /// Borrow the value exclusively (see [`Bound::try_borrow_mut`]).
    pub fn try_borrow_mut<'py>(
        &'py self,
        py: crate::Python<'py>,
    ) -> Result<PyRefMut<'py, T>, PyBorrowMutError> {
        self.bind(py).try_borrow_mut()
    }

    /// Borrow the value exclusively; panics if it is borrowed.
    #[track_caller]
    pub fn borrow_mut<'py>(&'py self, py: crate::Python<'py>) -> PyRefMut<'py, T> {
        self.bind(py).borrow_mut()
    }
}

impl<T: PyClass<Frozen = frozen::Yes> + Sync> crate::Py<T> {
    /// The value of a frozen class, without attaching: it is immutable and `Sync`.
    pub fn get(&self) -> &T {
        // SAFETY: the object is alive while `self` is; frozen values are never mutated, and
        // `T: Sync` makes sharing them across threads sound.
        unsafe { &*PyClassObject::<T>::from_ptr(self.as_ptr()).contents.get() }
    }
}

/// A shared borrow of a `#[pyclass]` value that does not own a reference to the object: it
/// lives no longer than the reference it was made from (`'a`), so, unlike [`PyRef`], making and
/// dropping it leaves the reference count alone. Derefs to `&T`.
///
/// This is what `&self` and `&T` parameters borrow through, and a parameter or receiver may
/// name it (`slf: PyClassGuard<'_, Self>`), as in PyO3 0.30. Borrowing follows the same rules
/// as `PyRef`: any number of shared borrows, none while an exclusive one is held.
///
/// ```
/// use pybound::prelude::*;
///
/// #[pyclass]
/// struct Point {
///     x: i64,
/// }
///
/// Python::attach(|py| {
///     let p = Bound::new(py, Point { x: 3 }).unwrap();
///     let guard = PyClassGuard::try_from(&p).unwrap();
///     assert_eq!(guard.x, 3);
///     assert!(p.try_borrow_mut().is_err()); // the guard's shared borrow is still held
///     drop(guard);
///     assert!(p.try_borrow_mut().is_ok());
/// });
/// ```
#[repr(transparent)]
pub struct PyClassGuard<'a, T: PyClass> {
    cell: &'a PyClassObject<T>,
}

/// An exclusive borrow of a `#[pyclass]` value that does not own a reference to the object (see
/// [`PyClassGuard`]); derefs to `&mut T`. What `&mut self` and `&mut T` parameters borrow
/// through.
pub struct PyClassGuardMut<'a, T: PyClass> {
    cell: &'a PyClassObject<T>,
}

impl<'py, T: PyClass> Bound<'py, T> {
    /// Borrow for the duration of a call, without touching the reference count.
    #[doc(hidden)]
    #[inline]
    pub fn borrow_guard(&self) -> Result<PyClassGuard<'_, T>, PyBorrowError> {
        let c = cell(self);
        acquire_shared(c)?;
        Ok(PyClassGuard { cell: c })
    }

    /// Borrow exclusively for the duration of a call, without touching the reference count.
    #[doc(hidden)]
    #[inline]
    pub fn borrow_mut_guard(&self) -> Result<PyClassGuardMut<'_, T>, PyBorrowMutError> {
        let c = cell(self);
        acquire_exclusive(c)?;
        Ok(PyClassGuardMut { cell: c })
    }
}

impl<'a, T: PyClass> PyClassGuard<'a, T> {
    /// A guard of a part of the value (a field, an element), keeping the borrow until it is
    /// dropped.
    ///
    /// ```
    /// use pybound::prelude::*;
    ///
    /// #[pyclass]
    /// struct Named {
    ///     name: String,
    /// }
    ///
    /// Python::attach(|py| {
    ///     let n = Bound::new(py, Named { name: "ab".into() }).unwrap();
    ///     let name = PyClassGuard::try_from(&n).unwrap().map(|v| v.name.as_str());
    ///     assert_eq!(&*name, "ab");
    /// });
    /// ```
    pub fn map<U: ?Sized, F: FnOnce(&T) -> &U>(self, f: F) -> PyClassGuardMap<'a, U> {
        let cell = self.cell;
        std::mem::forget(self);
        // SAFETY: the shared borrow taken with `self` is now the map's, released by its drop.
        let value = f(unsafe { &*cell.contents.get() });
        PyClassGuardMap {
            value,
            _release: ErasedRelease::new::<T, true>(cell),
        }
    }
}

impl<'a, T: PyClass> PyClassGuard<'a, T>
where
    T::BaseType: PyClass,
{
    /// The borrow of the base class's part (see [`PyRef::as_super`]).
    pub fn as_super(&self) -> &PyClassGuard<'a, T::BaseType> {
        // SAFETY: `PyClassGuard` is `repr(transparent)` over a reference to the object's
        // layout, which starts with the base class's layout (at the same address); the base
        // part is borrowed shared for as long as `self` is.
        unsafe { &*(self as *const Self).cast::<PyClassGuard<'a, T::BaseType>>() }
    }

    /// The borrow of the base class's part, ending the borrow of this class's own part.
    pub fn into_super(self) -> PyClassGuard<'a, T::BaseType> {
        let cell = self.cell;
        std::mem::forget(self);
        release_own_shared(cell);
        // SAFETY: as in `as_super`; the base part stays borrowed.
        PyClassGuard {
            cell: unsafe {
                &*(cell as *const PyClassObject<T>).cast::<PyClassObject<T::BaseType>>()
            },
        }
    }
}

impl<'a, T: PyClass<Frozen = frozen::No>> PyClassGuardMut<'a, T>
where
    T::BaseType: PyClass<Frozen = frozen::No>,
{
    /// The exclusive borrow of the base class's part, ending the borrow of this class's own
    /// part. (`as_super` is not provided: PyO3's returns `&mut PyClassGuardMut<Base>`, which
    /// `std::mem::swap` can exchange with another object's; use [`PyRefMut::as_super`].)
    pub fn into_super(self) -> PyClassGuardMut<'a, T::BaseType> {
        let cell = self.cell;
        std::mem::forget(self);
        cell.borrow.give_back();
        // SAFETY: the object's layout starts with the base class's; its part stays
        // exclusively borrowed.
        PyClassGuardMut {
            cell: unsafe {
                &*(cell as *const PyClassObject<T>).cast::<PyClassObject<T::BaseType>>()
            },
        }
    }
}

impl<'a, T: PyClass<Frozen = frozen::No>> PyClassGuardMut<'a, T> {
    /// A guard of a part of the value, exclusive, keeping the borrow until it is dropped.
    pub fn map<U: ?Sized, F: FnOnce(&mut T) -> &mut U>(self, f: F) -> PyClassGuardMapMut<'a, U> {
        let cell = self.cell;
        std::mem::forget(self);
        // SAFETY: the exclusive borrow taken with `self` is now the map's.
        let value = f(unsafe { &mut *cell.contents.get() });
        PyClassGuardMapMut {
            value,
            _release: ErasedRelease::new::<T, false>(cell),
        }
    }
}

/// Releasing a borrow of some class's value, its type erased: what the mapped guards hold.
struct ErasedRelease {
    /// The `PyClassObject<T>` whose borrow is held.
    cell: *const (),
    release: unsafe fn(*const ()),
}

impl ErasedRelease {
    /// Will release a shared (`SHARED`) or exclusive borrow of `cell`'s value.
    fn new<T: PyClass, const SHARED: bool>(cell: &PyClassObject<T>) -> Self {
        unsafe fn release<T: PyClass, const SHARED: bool>(cell: *const ()) {
            // SAFETY: `cell` is the `&PyClassObject<T>` this was made from, still borrowed.
            let c = unsafe { &*cell.cast::<PyClassObject<T>>() };
            if SHARED {
                release_shared(c)
            } else {
                release_exclusive(c)
            }
        }
        ErasedRelease {
            cell: (cell as *const PyClassObject<T>).cast(),
            release: release::<T, SHARED>,
        }
    }
}

impl Drop for ErasedRelease {
    fn drop(&mut self) {
        // SAFETY: made by `new` from a live borrow this value owns.
        unsafe { (self.release)(self.cell) }
    }
}

/// A part of a `#[pyclass]` value under a shared borrow (from [`PyClassGuard::map`]).
pub struct PyClassGuardMap<'a, U: ?Sized> {
    value: &'a U,
    /// Releases the borrow when the map is dropped.
    _release: ErasedRelease,
}

/// A part of a `#[pyclass]` value under an exclusive borrow (from [`PyClassGuardMut::map`]).
pub struct PyClassGuardMapMut<'a, U: ?Sized> {
    value: &'a mut U,
    /// Releases the borrow when the map is dropped.
    _release: ErasedRelease,
}

impl<U: ?Sized> Deref for PyClassGuardMap<'_, U> {
    type Target = U;
    fn deref(&self) -> &U {
        self.value
    }
}

impl<U: ?Sized> Deref for PyClassGuardMapMut<'_, U> {
    type Target = U;
    fn deref(&self) -> &U {
        self.value
    }
}

impl<U: ?Sized> DerefMut for PyClassGuardMapMut<'_, U> {
    fn deref_mut(&mut self) -> &mut U {
        self.value
    }
}

impl<T: PyClass> Deref for PyClassGuard<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the shared borrow (or frozenness) guarantees no `&mut` exists.
        unsafe { &*self.cell.contents.get() }
    }
}

impl<T: PyClass> Drop for PyClassGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        release_shared(self.cell);
    }
}

impl<T: PyClass> Deref for PyClassGuardMut<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the exclusive borrow is ours.
        unsafe { &*self.cell.contents.get() }
    }
}

impl<T: PyClass> DerefMut for PyClassGuardMut<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the exclusive borrow is ours.
        unsafe { &mut *self.cell.contents.get() }
    }
}

impl<T: PyClass> Drop for PyClassGuardMut<'_, T> {
    #[inline]
    fn drop(&mut self) {
        release_exclusive(self.cell);
    }
}

impl<T: PyClass + std::fmt::Debug> std::fmt::Debug for PyClassGuard<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl<T: PyClass + std::fmt::Debug> std::fmt::Debug for PyClassGuardMut<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// The object a guard borrows, as a new reference.
fn guard_object<'py, T: PyClass>(py: crate::Python<'py>, cell: &PyClassObject<T>) -> Bound<'py, T> {
    // SAFETY: the cell is the object itself (its layout starts with the object header), alive
    // while the guard's borrow is.
    unsafe {
        Bound::from_borrowed_ptr(py, (cell as *const PyClassObject<T>).cast_mut().cast())
            .cast_into_unchecked()
    }
}

/// `IntoPyObject` of a guard: the borrowed object, as a new reference.
macro_rules! guard_into_pyobject {
    ($($guard:ty where $($bound:path),+;)+) => {$(
        /// The borrowed object (a new reference to it).
        impl<'py, T: $($bound +)+> crate::IntoPyObject<'py> for $guard {
            type Target = T;
            type Output = Bound<'py, T>;
            type Error = std::convert::Infallible;
            fn into_pyobject(self, py: crate::Python<'py>) -> Result<Self::Output, Self::Error> {
                Ok(guard_object(py, self.cell))
            }
        }
    )+};
}

guard_into_pyobject! {
    PyClassGuard<'_, T> where PyClass;
    &PyClassGuard<'_, T> where PyClass;
    PyClassGuardMut<'_, T> where PyClass<Frozen = frozen::No>;
}

/// A shared borrow of a `Bound`'s value for as long as the `&Bound` lives.
impl<'a, 'py, T: PyClass> TryFrom<&'a Bound<'py, T>> for PyClassGuard<'a, T> {
    type Error = PyBorrowError;
    fn try_from(obj: &'a Bound<'py, T>) -> Result<Self, PyBorrowError> {
        obj.borrow_guard()
    }
}

/// An exclusive borrow of a `Bound`'s value for as long as the `&Bound` lives.
impl<'a, 'py, T: PyClass<Frozen = frozen::No>> TryFrom<&'a Bound<'py, T>>
    for PyClassGuardMut<'a, T>
{
    type Error = PyBorrowMutError;
    fn try_from(obj: &'a Bound<'py, T>) -> Result<Self, PyBorrowMutError> {
        obj.borrow_mut_guard()
    }
}

/// A shared borrow of an argument: the object must be an instance of `T` (a `TypeError`
/// otherwise) not exclusively borrowed (a `RuntimeError`). Also what `&T` parameters of a
/// `#[pyclass]` type are borrowed through: the caller's argument array keeps the object alive
/// for the call, so no reference is counted.
impl<'a, 'py, T: PyClass + PyTypeInfo> FromPyObject<'a, 'py> for PyClassGuard<'a, T> {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let obj = obj.cast::<T>()?;
        // SAFETY: an instance of T, alive for 'a (what a `Borrowed<'a>` promises).
        let c: &'a PyClassObject<T> = unsafe { PyClassObject::from_ptr(obj.as_ptr()) };
        acquire_shared(c)?;
        Ok(PyClassGuard { cell: c })
    }
}

/// An exclusive borrow of an argument (see the `PyClassGuard` impl): also what `&mut T`
/// parameters are borrowed through.
impl<'a, 'py, T: PyClass<Frozen = frozen::No> + PyTypeInfo> FromPyObject<'a, 'py>
    for PyClassGuardMut<'a, T>
{
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let obj = obj.cast::<T>()?;
        // SAFETY: as above.
        let c: &'a PyClassObject<T> = unsafe { PyClassObject::from_ptr(obj.as_ptr()) };
        acquire_exclusive(c)?;
        Ok(PyClassGuardMut { cell: c })
    }
}

/// The other operand of a binary operator or comparison as `&T`: `None` (the slot then
/// returns `NotImplemented`) when it is not a `T` or is exclusively borrowed. No error object
/// is made for the refusal, so the slot's common path stays small.
#[doc(hidden)]
#[inline]
pub fn operand_guard<'a, 'py, T: PyClass + PyTypeInfo>(
    obj: &'a Bound<'py, PyAny>,
) -> Option<PyClassGuard<'a, T>> {
    if !T::is_type_of(obj) {
        return None;
    }
    // SAFETY: an instance of T (checked), alive while `obj` is borrowed.
    let c: &'a PyClassObject<T> = unsafe { PyClassObject::from_ptr(obj.as_ptr()) };
    acquire_shared(c).ok()?;
    Some(PyClassGuard { cell: c })
}

/// The other operand as `&mut T` (see [`operand_guard`]).
#[doc(hidden)]
#[inline]
pub fn operand_guard_mut<'a, 'py, T: PyClass<Frozen = frozen::No> + PyTypeInfo>(
    obj: &'a Bound<'py, PyAny>,
) -> Option<PyClassGuardMut<'a, T>> {
    if !T::is_type_of(obj) {
        return None;
    }
    // SAFETY: as above.
    let c: &'a PyClassObject<T> = unsafe { PyClassObject::from_ptr(obj.as_ptr()) };
    acquire_exclusive(c).ok()?;
    Some(PyClassGuardMut { cell: c })
}

/// Start an export of `c`'s memory (see `buffer::export`): a shared borrow until
/// [`release_export`]. Frozen values are never mutated, so they need none.
#[cfg(any(Py_3_11, not(Py_LIMITED_API)))]
pub(crate) fn acquire_export<T: PyClass>(c: &PyClassObject<T>) -> PyResult<()> {
    check_thread(c).map_err(|n| PyErr::from(PyBorrowError(Some(n))))?;
    if T::is_frozen() {
        return Ok(());
    }
    match c.borrow.try_export() {
        Some(()) => Ok(()),
        None if c.borrow.is_borrowed_mut() => Err(PyBorrowError(None).into()),
        None => Err(crate::exceptions::PyBufferError::new_err(
            "too many exports of one object",
        )),
    }
}

/// End what [`acquire_export`] started.
#[cfg(any(Py_3_11, not(Py_LIMITED_API)))]
pub(crate) fn release_export<T: PyClass>(c: &PyClassObject<T>) {
    if !T::is_frozen() {
        c.borrow.end_export();
    }
}

/// A borrow of a `#[pyclass]` value that owns its reference to the object and carries no
/// token: what an async method's `&self` (`EXCLUSIVE = false`) or `&mut self` borrows
/// through, for as long as its future lives (the future owns it, and lends `&T` / `&mut T`
/// across `.await`s). Releasing it attaches to the interpreter (a no-op where already
/// attached, which is where a coroutine drops its future).
#[doc(hidden)]
pub struct OwnedBorrow<T: PyClass, const EXCLUSIVE: bool> {
    obj: crate::instance::Py<T>,
    /// `Send` / `Sync` as `T` is: the borrow lends `&T` (and `&mut T`).
    _value: std::marker::PhantomData<T>,
}

impl<T: PyClass> OwnedBorrow<T, false> {
    /// Borrow `obj`'s value, shared.
    pub fn shared(obj: &Bound<'_, T>) -> Result<Self, PyBorrowError> {
        acquire_shared(cell(obj))?;
        Ok(OwnedBorrow {
            obj: obj.clone().unbind(),
            _value: std::marker::PhantomData,
        })
    }
}

impl<T: PyClass<Frozen = frozen::No>> OwnedBorrow<T, true> {
    /// Borrow `obj`'s value, exclusively.
    pub fn exclusive(obj: &Bound<'_, T>) -> Result<Self, PyBorrowMutError> {
        acquire_exclusive(cell(obj))?;
        Ok(OwnedBorrow {
            obj: obj.clone().unbind(),
            _value: std::marker::PhantomData,
        })
    }
}

impl<T: PyClass, const EXCLUSIVE: bool> OwnedBorrow<T, EXCLUSIVE> {
    fn layout(&self) -> &PyClassObject<T> {
        // SAFETY: `obj` is an instance of T, kept alive by the reference held.
        unsafe { PyClassObject::from_ptr(self.obj.as_ptr()) }
    }
}

impl<T: PyClass, const EXCLUSIVE: bool> Deref for OwnedBorrow<T, EXCLUSIVE> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the borrow taken in the constructor is held until drop.
        unsafe { &*self.layout().contents.get() }
    }
}

impl<T: PyClass<Frozen = frozen::No>> DerefMut for OwnedBorrow<T, true> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the exclusive borrow taken in the constructor is held until drop.
        unsafe { &mut *self.layout().contents.get() }
    }
}

impl<T: PyClass, const EXCLUSIVE: bool> Drop for OwnedBorrow<T, EXCLUSIVE> {
    fn drop(&mut self) {
        // The flag is plain memory on GIL builds: released attached.
        crate::python::Python::attach(|_py| {
            let c = self.layout();
            if EXCLUSIVE {
                release_exclusive(c)
            } else {
                release_shared(c)
            }
        });
    }
}
