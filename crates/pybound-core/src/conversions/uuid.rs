//! `uuid::Uuid` ↔ `uuid.UUID` (feature `uuid`), and `uuid::NonNilUuid` (the nil UUID is a
//! `ValueError`).
//!
//! Going to Python skips `UUID.__init__` (which parses and validates its arguments) and builds
//! the object as the `uuid` module builds its own: a bare instance with its `int` slot set.
//!
//! ```
//! use pybound::prelude::*;
//! use uuid::Uuid;
//!
//! Python::attach(|py| {
//!     let id = Uuid::parse_str("67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap();
//!     let obj = id.into_pyobject(py).unwrap();
//!     assert_eq!(obj.str().unwrap(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
//!     assert_eq!(obj.getattr("version").unwrap().extract::<u8>().unwrap(), 4);
//!     assert_eq!(obj.extract::<Uuid>().unwrap(), id);
//! });
//! ```

use uuid::{NonNilUuid, Uuid};

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyValueError};
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::sync::PyOnceLock;
use crate::types::{PyAny, PyType};
use crate::Py;

/// `uuid.UUID` and `uuid.SafeUUID.unknown`, looked up once.
fn uuid_parts(py: Python<'_>) -> PyResult<(&Bound<'_, PyType>, &Bound<'_, PyAny>)> {
    static UUID: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static UNKNOWN: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = UUID.import(py, "uuid", "UUID")?;
    let unknown = UNKNOWN
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(
                py.import("uuid")?
                    .getattr("SafeUUID")?
                    .getattr("unknown")?
                    .unbind(),
            )
        })?
        .bind(py);
    Ok((class, unknown))
}

/// Set a slot of a `UUID` past its `__setattr__`, which refuses every write (`object.__setattr__`).
fn set_slot(
    obj: &Bound<'_, PyAny>,
    name: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    // SAFETY: attached; all three are valid; returns -1 with an exception set on failure.
    if unsafe { ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr()) } < 0 {
        return Err(PyErr::fetch(obj.py()));
    }
    Ok(())
}

impl<'py> IntoPyObject<'py> for Uuid {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (class, unknown) = uuid_parts(py)?;
        // `object.__new__(UUID)`, then the two slots `UUID.__init__` would set.
        // SAFETY: attached; `UUID` is a plain Python class whose instances `tp_alloc` makes
        // (its `__new__` is `object`'s); returns a new reference or NULL.
        let obj = unsafe {
            let ty = class.as_ptr().cast::<ffi::PyTypeObject>();
            // A heap type: `PyType_GetSlot` reads its slots on every version (and ABI).
            let alloc = ffi::PyType_GetSlot(ty, ffi::Py_tp_alloc);
            let alloc: ffi::allocfunc = if alloc.is_null() {
                ffi::PyType_GenericAlloc
            } else {
                std::mem::transmute::<*mut std::ffi::c_void, ffi::allocfunc>(alloc)
            };
            Bound::from_owned_ptr_or_err(py, alloc(ty, 0))?
        };
        let int = self.as_u128().into_pyobject(py)?;
        set_slot(&obj, crate::intern!(py, "int").as_any(), int.as_any())?;
        set_slot(&obj, crate::intern!(py, "is_safe").as_any(), unknown)?;
        Ok(obj)
    }
}

impl<'py> IntoPyObject<'py> for &Uuid {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        (*self).into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Uuid {
    type Error = PyErr;
    /// From a `uuid.UUID` (or subclass); anything else is a `TypeError`.
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        let (class, _) = uuid_parts(py)?;
        if !obj.is_instance(class.as_any())? {
            return Err(PyTypeError::new_err(format!(
                "expected a uuid.UUID, not '{}'",
                obj.get_type().name()?
            )));
        }
        let int: u128 = obj.getattr(crate::intern!(py, "int"))?.extract()?;
        Ok(Uuid::from_u128(int))
    }
}

impl<'py> IntoPyObject<'py> for NonNilUuid {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Uuid::from(self).into_pyobject(py)
    }
}

impl<'py> IntoPyObject<'py> for &NonNilUuid {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;
    #[inline]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Uuid::from(*self).into_pyobject(py)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for NonNilUuid {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let uuid: Uuid = obj.extract()?;
        NonNilUuid::new(uuid).ok_or_else(|| PyValueError::new_err("UUID is nil"))
    }
}
