use crate::ffi;

native_type!(
    /// Python's `int`. Convert with `extract::<i64>()` (or any integer type) and
    /// `value.into_pyobject(py)`.
    PyInt, "int", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyLong_Type),
    check: |obj| ffi::PyLong_Check(obj.as_ptr()) != 0,
    exact: |obj| ffi::PyLong_CheckExact(obj.as_ptr()) != 0
);
