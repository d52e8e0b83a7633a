//! The exception in flight, set aside while code that must not disturb it runs — above all a
//! deallocator: objects are freed while an exception propagates (`[Obj(), {}["k"]]` frees the
//! list's items with the `KeyError` set), and a deallocator that raises, reports or clears an
//! error would overwrite or lose it (CPython then crashes, or says "error return without
//! exception set"). CPython's own finalizers do the same.

use crate::ffi;

/// The exception that was set when [`SavedException::take`] ran (none, possibly).
pub(crate) struct SavedException {
    #[cfg(Py_3_12)]
    exc: *mut ffi::PyObject,
    #[cfg(not(Py_3_12))]
    parts: [*mut ffi::PyObject; 3],
}

impl SavedException {
    /// Nothing was set.
    const NONE: SavedException = SavedException {
        #[cfg(Py_3_12)]
        exc: std::ptr::null_mut(),
        #[cfg(not(Py_3_12))]
        parts: [std::ptr::null_mut(); 3],
    };

    /// Take the current exception, if any, leaving none set.
    ///
    /// # Safety
    /// The thread is attached.
    #[inline]
    pub(crate) unsafe fn take() -> Self {
        // SAFETY: attached per the caller; both calls hand over owned references (or NULLs)
        // and clear the indicator. Usually nothing is set: one call then.
        unsafe {
            if ffi::PyErr_Occurred().is_null() {
                return SavedException::NONE;
            }
            #[cfg(Py_3_12)]
            {
                SavedException {
                    exc: ffi::PyErr_GetRaisedException(),
                }
            }
            #[cfg(not(Py_3_12))]
            {
                let mut parts = [std::ptr::null_mut(); 3];
                let [t, v, tb] = &mut parts;
                ffi::PyErr_Fetch(t, v, tb);
                SavedException { parts }
            }
        }
    }

    /// Report whatever the code since [`take`](Self::take) left raised through
    /// `sys.unraisablehook` (nothing can receive it), then set the saved exception again.
    ///
    /// # Safety
    /// The thread is attached.
    #[inline]
    pub(crate) unsafe fn restore(self) {
        // SAFETY: attached per the caller; the restoring calls steal the saved references.
        // The unraisable report gets no context object: the object being deallocated must
        // not be handed to Python code.
        unsafe {
            if !ffi::PyErr_Occurred().is_null() {
                ffi::PyErr_WriteUnraisable(std::ptr::null_mut());
            }
            #[cfg(Py_3_12)]
            if !self.exc.is_null() {
                ffi::PyErr_SetRaisedException(self.exc);
            }
            #[cfg(not(Py_3_12))]
            if !self.parts[0].is_null() {
                let [t, v, tb] = self.parts;
                ffi::PyErr_Restore(t, v, tb);
            }
        }
    }
}
