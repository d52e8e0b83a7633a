use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::attach;
use crate::conversion::FromPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::PyAny;

/// A strong reference to a Python object that is not tied to an attach scope.
///
/// `Py<T>` is `Send + Sync`: store it in structs, statics and channels. To use the object, turn
/// it into a [`Bound`] with [`bind`](Py::bind) (borrowing) or [`into_bound`](Py::into_bound)
/// (consuming) while attached.
///
/// Dropping a `Py<T>` on an attached thread decrefs at once. Dropped on a detached thread, the
/// decref is queued and done at the next attach on any thread; this queue is the only deferred
/// work in pybound.
///
/// ```
/// use pybound::prelude::*;
///
/// let list: Py<PyList> = Python::attach(|py| PyList::new(py, [1, 2]).unwrap().unbind());
/// let handle = std::thread::spawn(move || {
///     Python::attach(|py| list.bind(py).len())
/// });
/// assert_eq!(handle.join().unwrap(), 2);
/// ```
#[repr(transparent)]
pub struct Py<T>(NonNull<ffi::PyObject>, PhantomData<T>);

/// A `Py<PyAny>`: an untyped, detached reference.
pub type PyObject = Py<PyAny>;

// SAFETY: the pointer is only dereferenced through a `Python` token (attached), and dropping
// without one defers the decref to an attached thread.
unsafe impl<T> Send for Py<T> {}
// SAFETY: as above; `&Py<T>` gives no access to the object without a token.
unsafe impl<T> Sync for Py<T> {}

impl<T> Py<T> {
    /// Take ownership of a new (strong) reference.
    ///
    /// # Safety
    /// `ptr` must be a non-null owned reference to an object of type `T`.
    #[inline]
    pub unsafe fn from_owned_ptr(_py: Python<'_>, ptr: *mut ffi::PyObject) -> Py<T> {
        match NonNull::new(ptr) {
            Some(nn) => Py(nn, PhantomData),
            None => crate::err::panic_after_error(_py),
        }
    }

    /// Take a new strong reference to a borrowed one.
    ///
    /// # Safety
    /// `ptr` must be a non-null valid pointer to an object of type `T`.
    #[inline]
    pub unsafe fn from_borrowed_ptr(py: Python<'_>, ptr: *mut ffi::PyObject) -> Py<T> {
        // SAFETY: forwarded to the caller.
        unsafe {
            Bound::from_borrowed_ptr(py, ptr)
                .cast_into_unchecked()
                .unbind()
        }
    }

    /// Build from a raw non-null owned pointer (no checks).
    #[inline]
    pub(crate) unsafe fn from_non_null(ptr: NonNull<ffi::PyObject>) -> Py<T> {
        Py(ptr, PhantomData)
    }

    /// The raw pointer, still owned by `self`.
    #[inline]
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.0.as_ptr()
    }

    /// Give up ownership and return the raw pointer (an owned reference).
    #[inline]
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        std::mem::ManuallyDrop::new(self).0.as_ptr()
    }

    /// Borrow as a [`Bound`] for the attach scope of `py`. No refcount change.
    #[inline]
    pub fn bind<'py>(&self, _py: Python<'py>) -> &Bound<'py, T> {
        // SAFETY: `Bound<'py, T>` is `repr(transparent)` over `Py<T>` plus a zero-sized token.
        unsafe { &*(self as *const Py<T>).cast::<Bound<'py, T>>() }
    }

    /// Move into a [`Bound`]. No refcount change.
    #[inline]
    pub fn into_bound(self, py: Python<'_>) -> Bound<'_, T> {
        Bound::from_py(py, self)
    }

    /// A [`Borrowed`] view. No refcount change.
    #[inline]
    pub fn bind_borrowed<'a, 'py>(&'a self, py: Python<'py>) -> Borrowed<'a, 'py, T> {
        // SAFETY: `self` keeps the object alive for `'a`.
        unsafe { Borrowed::from_non_null(py, self.0) }
    }

    /// Another strong reference to the same object (incref).
    #[inline]
    pub fn clone_ref(&self, py: Python<'_>) -> Py<T> {
        self.bind(py).clone().unbind()
    }

    /// Drop while attached, decrefing at once (same as letting it go out of scope while
    /// attached; provided for ported code).
    #[inline]
    pub fn drop_ref(self, py: Python<'_>) {
        drop(self.into_bound(py));
    }

    /// The object's reference count.
    pub fn get_refcnt(&self, py: Python<'_>) -> isize {
        self.bind(py).as_any().get_refcnt()
    }

    /// Whether both point to the same object (`is`).
    #[inline]
    pub fn is<U>(&self, other: &Py<U>) -> bool {
        self.as_ptr() == other.as_ptr()
    }

    /// Whether the object is `None`.
    pub fn is_none(&self, py: Python<'_>) -> bool {
        self.bind(py).as_any().is_none()
    }

    /// Extract a Rust value. See [`Bound::extract`].
    pub fn extract<'a, 'py, D>(&'a self, py: Python<'py>) -> Result<D, D::Error>
    where
        D: FromPyObject<'a, 'py>,
    {
        D::extract(self.bind_borrowed(py).to_any())
    }

    /// Get an attribute. See [`Bound::getattr`].
    pub fn getattr<'py, N>(&self, py: Python<'py>, name: N) -> PyResult<Py<PyAny>>
    where
        N: crate::IntoPyObject<'py, Target = crate::types::PyString>,
    {
        self.bind(py).as_any().getattr(name).map(Bound::unbind)
    }

    /// Call with positional `args` and optional keyword `kwargs`. See [`Bound::call`].
    pub fn call<'py, A>(
        &self,
        py: Python<'py>,
        args: A,
        kwargs: Option<&Bound<'py, crate::types::PyDict>>,
    ) -> PyResult<Py<PyAny>>
    where
        A: crate::call::PyCallArgs<'py>,
    {
        self.bind(py).as_any().call(args, kwargs).map(Bound::unbind)
    }

    /// Call with positional arguments only.
    pub fn call1<'py, A>(&self, py: Python<'py>, args: A) -> PyResult<Py<PyAny>>
    where
        A: crate::call::PyCallArgs<'py>,
    {
        self.bind(py).as_any().call1(args).map(Bound::unbind)
    }

    /// Call with no arguments.
    pub fn call0(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.bind(py).as_any().call0().map(Bound::unbind)
    }

    /// Call a method by name with positional arguments.
    pub fn call_method1<'py, N, A>(&self, py: Python<'py>, name: N, args: A) -> PyResult<Py<PyAny>>
    where
        N: crate::IntoPyObject<'py, Target = crate::types::PyString>,
        A: crate::call::PyCallArgs<'py>,
    {
        self.bind(py)
            .as_any()
            .call_method1(name, args)
            .map(Bound::unbind)
    }

    /// Call a method by name without arguments.
    pub fn call_method0<'py, N>(&self, py: Python<'py>, name: N) -> PyResult<Py<PyAny>>
    where
        N: crate::IntoPyObject<'py, Target = crate::types::PyString>,
    {
        self.bind(py).as_any().call_method0(name).map(Bound::unbind)
    }

    /// Call a method by name with positional and keyword arguments.
    pub fn call_method<'py, N, A>(
        &self,
        py: Python<'py>,
        name: N,
        args: A,
        kwargs: Option<&Bound<'py, crate::types::PyDict>>,
    ) -> PyResult<Py<PyAny>>
    where
        N: crate::IntoPyObject<'py, Target = crate::types::PyString>,
        A: crate::call::PyCallArgs<'py>,
    {
        self.bind(py)
            .as_any()
            .call_method(name, args, kwargs)
            .map(Bound::unbind)
    }

    /// Set an attribute.
    pub fn setattr<'py, N, V>(&self, py: Python<'py>, name: N, value: V) -> PyResult<()>
    where
        N: crate::IntoPyObject<'py, Target = crate::types::PyString>,
        V: crate::IntoPyObject<'py>,
    {
        self.bind(py).as_any().setattr(name, value)
    }

    /// Python's truth value of the object (`bool(obj)`).
    pub fn is_truthy(&self, py: Python<'_>) -> PyResult<bool> {
        self.bind(py).as_any().is_truthy()
    }

    /// Forget the type.
    #[inline]
    pub fn into_any(self) -> Py<PyAny> {
        // SAFETY: every object is a `PyAny`.
        unsafe { Py::from_non_null(std::mem::ManuallyDrop::new(self).0) }
    }

    /// Borrow as untyped.
    #[inline]
    pub fn as_any(&self) -> &Py<PyAny> {
        // SAFETY: same layout for every `T`.
        unsafe { &*(self as *const Py<T>).cast::<Py<PyAny>>() }
    }

    /// Check the type and convert. See [`Bound::cast_into`].
    pub fn cast_bound<'py, U: crate::type_object::PyTypeCheck>(
        &self,
        py: Python<'py>,
    ) -> Result<&Bound<'py, U>, crate::err::CastError<'_, 'py>> {
        self.bind(py).as_any().cast::<U>()
    }
}

impl<T> Drop for Py<T> {
    #[inline]
    fn drop(&mut self) {
        attach::release(self.0);
    }
}

/// Incref; panics if the thread is not attached (only with the `py-clone` feature, as in PyO3).
/// Prefer [`Py::clone_ref`], which cannot panic.
#[cfg(feature = "py-clone")]
impl<T> Clone for Py<T> {
    fn clone(&self) -> Self {
        assert!(
            attach::is_attached(),
            "Py<T>::clone needs the thread attached to Python; use clone_ref(py)"
        );
        // SAFETY: attached (checked above).
        unsafe { ffi::Py_INCREF(self.as_ptr()) };
        Py(self.0, PhantomData)
    }
}

impl<T> std::fmt::Debug for Py<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if attach::is_attached() {
            // SAFETY: attached (checked above).
            let py = unsafe { Python::assume_attached() };
            std::fmt::Debug::fmt(self.bind(py).as_any(), f)
        } else {
            write!(f, "Py({:p})", self.0)
        }
    }
}

impl<T> std::fmt::Display for Py<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if attach::is_attached() {
            // SAFETY: attached (checked above).
            let py = unsafe { Python::assume_attached() };
            std::fmt::Display::fmt(self.bind(py).as_any(), f)
        } else {
            write!(f, "<Python object at {:p}>", self.0)
        }
    }
}

impl<'py, T> From<Bound<'py, T>> for Py<T> {
    #[inline]
    fn from(b: Bound<'py, T>) -> Self {
        b.unbind()
    }
}

impl<'py, T> From<&Bound<'py, T>> for Py<T> {
    #[inline]
    fn from(b: &Bound<'py, T>) -> Self {
        b.clone().unbind()
    }
}
