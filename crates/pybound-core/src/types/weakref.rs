use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::Bound;
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
    pub fn new_with<'py>(
        obj: &Bound<'py, PyAny>,
        callback: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyWeakrefReference>> {
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

impl<'py> Bound<'py, PyWeakrefReference> {
    /// A strong reference to the object, or `None` if it has died.
    pub fn upgrade(&self) -> Option<Bound<'py, PyAny>> {
        self.try_upgrade().ok().flatten()
    }

    /// Like [`upgrade`](Bound::upgrade), reporting errors.
    pub fn try_upgrade(&self) -> PyResult<Option<Bound<'py, PyAny>>> {
        let mut out = std::ptr::null_mut();
        // SAFETY: attached; returns 1 with a new reference, 0 if dead, -1 on error.
        match unsafe { ffi::compat::PyWeakref_GetRef(self.as_ptr(), &mut out) } {
            -1 => Err(PyErr::fetch(self.py())),
            // SAFETY: a new reference when the result is 1.
            1 => Ok(Some(unsafe { Bound::from_owned_ptr(self.py(), out) })),
            _ => Ok(None),
        }
    }
}
