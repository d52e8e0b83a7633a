use crate::err::PyResult;
use crate::ffi;
use crate::instance::Bound;
use crate::types::PyAny;

native_type!(
    /// Python's `memoryview`: a view of another object's memory through the buffer protocol.
    PyMemoryView, "memoryview", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyMemoryView_Type),
    check: |obj| ffi::PyMemoryView_Check(obj.as_ptr()) != 0
);

impl PyMemoryView {
    /// `memoryview(src)`: `TypeError` if `src` exports no buffer.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let data = PyBytes::new(py, b"abc");
    ///     let view = PyMemoryView::from(&data).unwrap();
    ///     assert_eq!(view.call_method0("tobytes").unwrap().extract::<Vec<u8>>().unwrap(), b"abc");
    ///     assert!(PyMemoryView::from(&7i32.into_pyobject(py).unwrap()).is_err());
    /// });
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from<'py>(src: &Bound<'py, impl Sized>) -> PyResult<Bound<'py, PyMemoryView>> {
        // SAFETY: attached; returns a new memoryview or NULL with the exception set.
        unsafe {
            Ok(Bound::<PyAny>::from_owned_ptr_or_err(
                src.py(),
                ffi::PyMemoryView_FromObject(src.as_ptr()),
            )?
            .cast_into_unchecked())
        }
    }
}
