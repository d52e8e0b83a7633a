use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Bound, BoundObject};
use crate::sync::PyOnceLock;
use crate::type_object::PyTypeCheck;
use crate::types::{PyAny, PyList, PyTuple, PyType};
use crate::{Py, Python};

/// Any sequence: `list` and `tuple` (checked by flag), or an instance of
/// `collections.abc.Sequence` (checked with `isinstance`).
#[repr(transparent)]
pub struct PySequence(PyAny);

static ABC: PyOnceLock<Py<PyType>> = PyOnceLock::new();

impl crate::type_object::DerefToPyAny for PySequence {}

pub(crate) fn abc<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.get_or_try_init(py, || {
        Ok::<_, PyErr>(
            py.import("collections.abc")?
                .getattr(name)?
                .cast_into::<PyType>()?
                .unbind(),
        )
    })
    .map(|t| t.bind(py))
}

impl PyTypeCheck for PySequence {
    const NAME: &'static str = "Sequence";
    fn type_check(obj: &Bound<'_, PyAny>) -> bool {
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            return true;
        }
        abc_check(obj, &ABC, "Sequence")
    }
}

impl PySequence {
    /// Register `ty` as a virtual subclass of `collections.abc.Sequence`, so `cast::<PySequence>`
    /// accepts its instances.
    pub fn register<'py>(py: Python<'py>, ty: &Bound<'py, PyType>) -> PyResult<()> {
        abc(py, &ABC, "Sequence")?.call_method1("register", (ty,))?;
        Ok(())
    }
}

impl<'py> Bound<'py, PySequence> {
    /// `len(self)`.
    pub fn len(&self) -> PyResult<usize> {
        self.as_any().len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> PyResult<bool> {
        self.len().map(|n| n == 0)
    }

    /// `self[index]`.
    pub fn get_item(&self, index: usize) -> PyResult<Bound<'py, PyAny>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PySequence_GetItem(self.as_ptr(), index as ffi::Py_ssize_t),
            )
        }
    }

    /// `value in self`.
    pub fn contains<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<bool> {
        self.as_any().contains(value)
    }

    /// `self.index(value)`: the first position of `value`, or `ValueError`.
    pub fn index<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<usize> {
        crate::types::sequence::index_of(self.as_any(), value)
    }

    /// `self + other` for sequences (`PySequence_Concat`).
    pub fn concat(&self, other: &Bound<'py, PySequence>) -> PyResult<Bound<'py, PySequence>> {
        // SAFETY: attached; a new reference or NULL.
        self.sequence_result(unsafe { ffi::PySequence_Concat(self.as_ptr(), other.as_ptr()) })
    }

    /// `self * count` for sequences.
    pub fn repeat(&self, count: usize) -> PyResult<Bound<'py, PySequence>> {
        let count = sequence_count(count)?;
        // SAFETY: as above.
        self.sequence_result(unsafe { ffi::PySequence_Repeat(self.as_ptr(), count) })
    }

    /// `self += other`: in place where the sequence supports it (a list), else a new one.
    pub fn in_place_concat(
        &self,
        other: &Bound<'py, PySequence>,
    ) -> PyResult<Bound<'py, PySequence>> {
        // SAFETY: as above.
        self.sequence_result(unsafe {
            ffi::PySequence_InPlaceConcat(self.as_ptr(), other.as_ptr())
        })
    }

    /// `self *= count`: in place where the sequence supports it.
    pub fn in_place_repeat(&self, count: usize) -> PyResult<Bound<'py, PySequence>> {
        let count = sequence_count(count)?;
        // SAFETY: as above.
        self.sequence_result(unsafe { ffi::PySequence_InPlaceRepeat(self.as_ptr(), count) })
    }

    /// `self.count(value)`: how many items equal `value`.
    pub fn count<V: IntoPyObject<'py>>(&self, value: V) -> PyResult<usize> {
        let value = value.into_pyobject(self.py()).map_err(Into::into)?;
        // SAFETY: attached; returns -1 with an exception on failure.
        let n = unsafe { ffi::PySequence_Count(self.as_ptr(), value.as_ptr()) };
        if n < 0 {
            Err(crate::err::PyErr::fetch(self.py()))
        } else {
            Ok(n as usize)
        }
    }

    /// A new reference (or NULL with an exception) from a sequence operation, as a sequence.
    fn sequence_result(&self, ptr: *mut ffi::PyObject) -> PyResult<Bound<'py, PySequence>> {
        // SAFETY: per the callers: a new reference or NULL; a sequence operation's result is
        // a sequence.
        unsafe { Bound::from_owned_ptr_or_err(self.py(), ptr).map(|s| s.cast_into_unchecked()) }
    }

    /// `list(self)`.
    pub fn to_list(&self) -> PyResult<Bound<'py, PyList>> {
        // SAFETY: attached; returns a new list or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PySequence_List(self.as_ptr()))
                .map(|l| l.cast_into_unchecked())
        }
    }

    /// `tuple(self)`.
    pub fn to_tuple(&self) -> PyResult<Bound<'py, PyTuple>> {
        // SAFETY: attached; returns a new tuple or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PySequence_Tuple(self.as_ptr()))
                .map(|l| l.cast_into_unchecked())
        }
    }
}

/// `seq.index(value)` through `PySequence_Index`, shared by every sequence type.
pub(crate) fn index_of<'py, V: IntoPyObject<'py>>(
    seq: &Bound<'py, PyAny>,
    value: V,
) -> PyResult<usize> {
    let value = value.into_pyobject(seq.py()).map_err(Into::into)?;
    // SAFETY: attached; returns -1 with an exception set when absent or on error.
    let i = unsafe { ffi::PySequence_Index(seq.as_ptr(), value.as_ptr()) };
    if i < 0 {
        Err(PyErr::fetch(seq.py()))
    } else {
        Ok(i as usize)
    }
}

/// `isinstance(obj, collections.abc.<name>)` for the protocol checks; an error in the check
/// itself (e.g. a broken `__instancecheck__`) is reported as unraisable and counts as `false`.
pub(crate) fn abc_check(
    obj: &Bound<'_, PyAny>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
) -> bool {
    abc(obj.py(), cell, name)
        .and_then(|ty| obj.is_instance(ty))
        .unwrap_or_else(|err| {
            err.write_unraisable(obj.py(), Some(obj));
            false
        })
}

/// A repeat count as CPython takes it.
fn sequence_count(count: usize) -> PyResult<ffi::Py_ssize_t> {
    ffi::Py_ssize_t::try_from(count).map_err(|_| {
        crate::exceptions::PyOverflowError::new_err("repeat count overflows Py_ssize_t")
    })
}
