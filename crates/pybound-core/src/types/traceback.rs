use crate::err::PyResult;
use crate::ffi;
use crate::instance::Bound;

native_type!(
    /// A traceback object (`types.TracebackType`), from [`PyErr::traceback`](crate::PyErr::traceback).
    PyTraceback, "traceback", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyTraceBack_Type),
    check: |obj| ffi::PyTraceBack_Check(obj.as_ptr()) != 0
);

impl Bound<'_, PyTraceback> {
    /// The traceback formatted as Python prints it (`Traceback (most recent call last): …`).
    pub fn format(&self) -> PyResult<String> {
        let py = self.py();
        let lines = py.import("traceback")?.call_method1("format_tb", (self,))?;
        let mut out = String::from("Traceback (most recent call last):\n");
        for line in lines.try_iter()? {
            out.push_str(line?.cast::<crate::types::PyString>()?.to_str()?);
        }
        Ok(out)
    }
}
