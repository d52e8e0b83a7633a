//! Sequences: `Vec<T>`, `[T; N]`, `VecDeque<T>`, `Box<[T]>` ↔ `list`.

use std::collections::VecDeque;

use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyValueError};
use crate::ffi;
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::{PyAny, PyList, PySequence, PyString, PyTuple};

/// Extract each item of a sequence, calling `push` for each. Exact lists and tuples are read
/// directly (list items are increfed one at a time, so a list mutated by an item's conversion
/// stays sound); other sequences go through the iterator protocol.
fn for_each_item<'py, T, F>(obj: Borrowed<'_, 'py, PyAny>, mut push: F) -> PyResult<()>
where
    T: FromPyObjectOwned<'py>,
    F: FnMut(T),
{
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("Can't extract `str` to `Vec`"));
    }
    let py = obj.py();
    // SAFETY: attached; exact-type checks only read the type pointer.
    unsafe {
        if ffi::PyList_CheckExact(obj.as_ptr()) != 0 {
            let mut i = 0;
            // Re-read the size each step: an item's conversion may run Python code.
            while i < ffi::PyList_GET_SIZE(obj.as_ptr()) {
                let item =
                    Bound::<PyAny>::from_borrowed_ptr(py, ffi::PyList_GET_ITEM(obj.as_ptr(), i));
                push(item.as_borrowed().extract::<T>().map_err(Into::into)?);
                i += 1;
            }
            return Ok(());
        }
        if ffi::PyTuple_CheckExact(obj.as_ptr()) != 0 {
            // Tuples are immutable: borrowed items are valid while `obj` is.
            let tuple: Borrowed<'_, 'py, PyTuple> = obj.cast_unchecked();
            for item in tuple.iter_borrowed() {
                push(item.extract::<T>().map_err(Into::into)?);
            }
            return Ok(());
        }
    }
    let seq = obj.cast::<PySequence>()?;
    for item in seq.try_iter()? {
        push(item?.extract::<T>().map_err(Into::into)?);
    }
    Ok(())
}

fn size_hint(obj: Borrowed<'_, '_, PyAny>) -> usize {
    // SAFETY: attached; PyObject_Size returns -1 with an exception set on failure, which we
    // clear: the size is only a capacity hint.
    let n = unsafe { ffi::PyObject_Size(obj.as_ptr()) };
    if n < 0 {
        let _ = PyErr::take(obj.py());
        0
    } else {
        n as usize
    }
}

impl<'a, 'py, T: FromPyObjectOwned<'py>> FromPyObject<'a, 'py> for Vec<T> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let mut v = Vec::with_capacity(size_hint(obj));
        for_each_item(obj, |item| v.push(item))?;
        Ok(v)
    }
}

impl<'a, 'py, T: FromPyObjectOwned<'py>> FromPyObject<'a, 'py> for VecDeque<T> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Vec::extract(obj).map(VecDeque::from)
    }
}

impl<'a, 'py, T: FromPyObjectOwned<'py>> FromPyObject<'a, 'py> for Box<[T]> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Vec::extract(obj).map(Vec::into_boxed_slice)
    }
}

impl<'a, 'py, T: FromPyObjectOwned<'py>, const N: usize> FromPyObject<'a, 'py> for [T; N] {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let v: Vec<T> = Vec::extract(obj)?;
        let len = v.len();
        v.try_into().map_err(|_| {
            PyValueError::new_err(format!("expected a sequence of length {N} (got {len})"))
        })
    }
}

/// Which fixed-size container [`collect_exact`] fills.
#[derive(Clone, Copy)]
pub(crate) enum Exact {
    List,
    Tuple,
}

/// Build a list or tuple of exactly `len` items from `items`, pre-sized (`*_New(len)` then
/// `*_SET_ITEM`), converting each item. Panics if the iterator's length was wrong.
pub(crate) fn collect_exact<'py, I>(
    py: Python<'py>,
    len: usize,
    items: I,
    kind: Exact,
) -> PyResult<Bound<'py, PyAny>>
where
    I: IntoIterator,
    I::Item: IntoPyObject<'py>,
{
    let len_ss = isize::try_from(len).map_err(|_| PyValueError::new_err("sequence too long"))?;
    // SAFETY: attached; *_New returns a new container of NULL slots (or NULL on failure). A
    // container with NULL slots is safe to free, so an early return on a conversion error is
    // fine.
    let container = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            match kind {
                Exact::List => ffi::PyList_New(len_ss),
                Exact::Tuple => ffi::PyTuple_New(len_ss),
            },
        )?
    };
    let mut filled = 0isize;
    for item in items {
        assert!(
            filled < len_ss,
            "iterator yielded more items than its reported length"
        );
        let obj = item.into_pyobject(py).map_err(Into::into)?.into_ptr();
        // SAFETY: `filled < len`, the slot is empty, and SET_ITEM steals `obj`.
        unsafe {
            match kind {
                Exact::List => ffi::PyList_SET_ITEM(container.as_ptr(), filled, obj),
                Exact::Tuple => ffi::PyTuple_SET_ITEM(container.as_ptr(), filled, obj),
            }
        }
        filled += 1;
    }
    assert_eq!(
        filled, len_ss,
        "iterator yielded fewer items than its reported length"
    );
    Ok(container)
}

/// A list of exactly `len` converted items.
#[inline]
pub(crate) fn list_from_exact_iter<'py, I>(
    py: Python<'py>,
    len: usize,
    items: I,
) -> PyResult<Bound<'py, PyList>>
where
    I: IntoIterator,
    I::Item: IntoPyObject<'py>,
{
    // SAFETY: `collect_exact` made a list.
    collect_exact(py, len, items, Exact::List).map(|l| unsafe { l.cast_into_unchecked() })
}

macro_rules! seq_into_list {
    ($($(#[$m:meta])* [$($gen:tt)*] $t:ty),* $(,)?) => {$(
        $(#[$m])*
        impl<'py, $($gen)*> IntoPyObject<'py> for $t
        where
            T: IntoPyObject<'py>,
        {
            type Target = PyList;
            type Output = Bound<'py, PyList>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
                let len = self.len();
                list_from_exact_iter(py, len, self)
            }
        }
    )*};
}

seq_into_list!(
    /// A list (pre-sized).
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T, const N: usize] [T; N],
    [T] Box<[T]>,
);

impl<'a, 'py, T> IntoPyObject<'py> for &'a Vec<T>
where
    &'a T: IntoPyObject<'py>,
{
    type Target = PyList;
    type Output = Bound<'py, PyList>;
    type Error = PyErr;
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        list_from_exact_iter(py, self.len(), self.iter())
    }
}
