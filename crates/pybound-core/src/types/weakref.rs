use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::types::PyAny;

native_type!(
    /// Python's `weakref.ref`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let obj = py.eval(c"type('C', (), {})()", None, None).unwrap();
    ///     let r = PyWeakrefReference::new(&obj).unwrap();
    ///     assert!(r.upgrade().is_some());
    ///     drop(obj);
    ///     assert!(r.upgrade().is_none()); // the object died
    /// });
    /// ```
    PyWeakrefReference, "ReferenceType", Some("weakref"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::_PyWeakref_RefType),
    check: |obj| ffi::PyWeakref_CheckRef(obj.as_ptr()) != 0
);

impl PyWeakrefReference {
    /// `weakref.ref(obj)` (`TypeError` if the type does not support weak references).
    pub fn new<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyWeakrefReference>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                obj.py(),
                ffi::PyWeakref_NewRef(obj.as_ptr(), std::ptr::null_mut()),
            )
            .map(|r| r.cast_into_unchecked())
        }
    }

    /// `weakref.ref(obj, callback)`: `callback(ref)` runs when `obj` dies.
    pub fn new_with<'py, C: crate::IntoPyObject<'py>>(
        obj: &Bound<'py, PyAny>,
        callback: C,
    ) -> PyResult<Bound<'py, PyWeakrefReference>> {
        let callback = callback.into_pyobject(obj.py()).map_err(Into::into)?;
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                obj.py(),
                ffi::PyWeakref_NewRef(obj.as_ptr(), callback.as_ptr()),
            )
            .map(|r| r.cast_into_unchecked())
        }
    }
}

native_type!(
    /// Any weak reference: a `weakref.ref` or a `weakref.proxy` (PyO3's `PyWeakref`).
    PyWeakref, "weakref", Some("weakref"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::_PyWeakref_RefType),
    check: |obj| ffi::PyWeakref_Check(obj.as_ptr()) != 0
);

/// Python's `weakref.proxy` objects (`ProxyType`, or `CallableProxyType` for a callable
/// referent): a weak reference that forwards attribute access to its object.
///
/// ```
/// use pybound::prelude::*;
/// use pybound::types::PyWeakrefProxy;
/// Python::attach(|py| {
///     let obj = py.eval(c"type('C', (), {'x': 5})()", None, None).unwrap();
///     let proxy = PyWeakrefProxy::new(&obj).unwrap();
///     assert_eq!(proxy.getattr("x").unwrap().extract::<i32>().unwrap(), 5);
///     assert!(proxy.upgrade().unwrap().is(&obj));
///     drop(obj);
///     assert!(proxy.upgrade().is_none());
/// });
/// ```
#[repr(transparent)]
pub struct PyWeakrefProxy(PyAny);

impl crate::type_object::DerefToPyAny for PyWeakrefProxy {}

impl crate::type_object::PyTypeCheck for PyWeakrefProxy {
    const NAME: &'static str = "weakproxy";
    fn type_check(obj: &Bound<'_, PyAny>) -> bool {
        // SAFETY: attached (through `obj`); the check reads the type.
        unsafe { ffi::PyWeakref_CheckProxy(obj.as_ptr()) != 0 }
    }
}

impl PyWeakrefProxy {
    /// `weakref.proxy(obj)` (`TypeError` if the type does not support weak references).
    pub fn new<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyWeakrefProxy>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                obj.py(),
                ffi::PyWeakref_NewProxy(obj.as_ptr(), std::ptr::null_mut()),
            )
            .map(|r| r.cast_into_unchecked())
        }
    }

    /// `weakref.proxy(obj, callback)`: `callback(proxy)` runs when `obj` dies.
    pub fn new_with<'py, C: crate::IntoPyObject<'py>>(
        obj: &Bound<'py, PyAny>,
        callback: C,
    ) -> PyResult<Bound<'py, PyWeakrefProxy>> {
        let callback = callback.into_pyobject(obj.py()).map_err(Into::into)?;
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                obj.py(),
                ffi::PyWeakref_NewProxy(obj.as_ptr(), callback.as_ptr()),
            )
            .map(|r| r.cast_into_unchecked())
        }
    }
}

/// The weak-reference markers whose `Bound` has the upgrade methods: [`PyWeakref`],
/// [`PyWeakrefReference`] and [`PyWeakrefProxy`].
pub trait WeakrefKind: sealed::Sealed {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::PyWeakref {}
    impl Sealed for super::PyWeakrefReference {}
    impl Sealed for super::PyWeakrefProxy {}
}

impl WeakrefKind for PyWeakref {}
impl WeakrefKind for PyWeakrefReference {}
impl WeakrefKind for PyWeakrefProxy {}

impl<'py, W: WeakrefKind> Bound<'py, W> {
    /// A strong reference to the object, or `None` if it has died.
    pub fn upgrade(&self) -> Option<Bound<'py, PyAny>> {
        self.try_upgrade().ok().flatten()
    }

    /// Like [`upgrade`](Bound::upgrade), reporting errors.
    pub fn try_upgrade(&self) -> PyResult<Option<Bound<'py, PyAny>>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: attached; `self` is a weak reference; returns 1 with a new reference, 0 if
        // the object is dead, -1 on error.
        match unsafe { ffi::compat::PyWeakref_GetRef(self.as_ptr(), &mut out) } {
            -1 => Err(PyErr::fetch(self.py())),
            // SAFETY: a new reference when the result is 1.
            1 => Ok(Some(unsafe { Bound::from_owned_ptr(self.py(), out) })),
            _ => Ok(None),
        }
    }

    /// The object as `T` if it is alive (`TypeError` if it is not a `T`).
    pub fn upgrade_as<T: crate::type_object::PyTypeCheck>(
        &self,
    ) -> PyResult<Option<Bound<'py, T>>> {
        self.upgrade()
            .map(|o| o.cast_into::<T>())
            .transpose()
            .map_err(Into::into)
    }

    /// The object as exactly `T` (not a subclass) if it is alive.
    pub fn upgrade_as_exact<T: crate::PyTypeInfo>(&self) -> PyResult<Option<Bound<'py, T>>> {
        self.upgrade()
            .map(|o| o.cast_into_exact::<T>())
            .transpose()
            .map_err(Into::into)
    }

    /// The object as `T`, unchecked, if it is alive.
    ///
    /// # Safety
    /// The object must be a `T`.
    pub unsafe fn upgrade_as_unchecked<T>(&self) -> Option<Bound<'py, T>> {
        // SAFETY: per the caller.
        self.upgrade()
            .map(|o| unsafe { o.cast_into_unchecked::<T>() })
    }
}
