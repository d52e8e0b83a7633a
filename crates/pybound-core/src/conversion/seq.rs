//! Sequences: `Vec<T>`, `[T; N]`, `VecDeque<T>`, `Box<[T]>` ↔ `list`.

use std::collections::VecDeque;

use crate::abi::NewSlots;
use crate::conversion::sequence::Token;
use crate::conversion::{FromPyObject, FromPyObjectOwned, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::{PyTypeError, PyValueError};
use crate::ffi;
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::{PyAny, PyList, PySequence, PyString};

/// Extract the items of a sequence into a `Vec`. Exact lists and tuples are read
/// in place (list items are increfed one at a time and the size re-read every step, so a list
/// mutated by an item's conversion stays sound); any other sequence is first copied into a
/// list (`list(obj)`, as CPython's own `PySequence_Fast` does), which spares a third copy of
/// the item conversion in every instantiation.
///
/// Inlined into its one caller (`Vec::extract`, which is out of line): as a free generic
/// function it would open a codegen unit of this module in every crate that extracts a `Vec`.
#[inline]
fn collect_items<'py, T>(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<Vec<T>>
where
    T: FromPyObjectOwned<'py>,
{
    let py = obj.py();
    let (items, _owned) = sequence_items(obj)?;
    // SAFETY: attached; `items` is an exact list or tuple kept alive by `obj` or `_owned`.
    unsafe {
        // The size of an exact list or tuple is its true number of items (an object's own
        // `__len__` may lie, so it is never used to allocate).
        let mut out = Vec::with_capacity(ffi::Py_SIZE(items) as usize);
        if ffi::PyList_CheckExact(items) != 0 {
            let mut i = 0;
            // The size is checked at each step: an item's conversion may run Python code.
            while let Some(item) = crate::types::list::list_item(py, items, i) {
                out.push(item.as_borrowed().extract::<T>().map_err(Into::into)?);
                i += 1;
            }
        } else {
            // Tuples are immutable: borrowed items are valid while the tuple is.
            for i in 0..crate::abi::tuple_size(items) {
                let item = Borrowed::from_ptr(py, crate::abi::tuple_item(items, i));
                out.push(item.extract::<T>().map_err(Into::into)?);
            }
        }
        Ok(out)
    }
}

/// `obj` as an exact list or tuple to read items from: itself, or a new list of its items
/// (also returned as the owner that keeps it alive). Refuses `str` (a sequence of characters,
/// almost never what a `Vec` parameter means) and non-sequences with CPython-style errors.
#[inline(never)]
fn sequence_items<'py>(
    obj: Borrowed<'_, 'py, PyAny>,
) -> PyResult<(*mut ffi::PyObject, Option<Bound<'py, PyAny>>)> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("Can't extract `str` to `Vec`"));
    }
    // SAFETY: attached; exact-type checks only read the type pointer.
    if unsafe {
        ffi::PyList_CheckExact(obj.as_ptr()) != 0 || ffi::PyTuple_CheckExact(obj.as_ptr()) != 0
    } {
        return Ok((obj.as_ptr(), None));
    }
    let seq = obj.cast::<PySequence>()?;
    // SAFETY: attached; PySequence_List returns a new list or NULL with an exception set.
    let list =
        unsafe { Bound::from_owned_ptr_or_err(obj.py(), ffi::PySequence_List(seq.as_ptr()))? };
    Ok((list.as_ptr(), Some(list)))
}

impl<'a, 'py, T: FromPyObjectOwned<'py>> FromPyObject<'a, 'py> for Vec<T> {
    type Error = PyErr;
    // Out of line: the item loop is never cheap, and a copy inlined into each wrapper
    // would be compiled again there (see `callback::trampoline`).
    #[inline(never)]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        collect_items(obj)
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

/// Build a list or tuple of exactly `len` items from `items`, pre-sized (`*_New(len)` then the
/// item slots filled in order), converting each item. Panics if the iterator's length was
/// wrong.
///
/// Inline, so each instance is compiled in its caller's codegen unit: out of line, this
/// function would open a unit of its own in every crate that builds a list or tuple from an
/// iterator, which costs more build time than the copies. Its callers are the containers'
/// out-of-line `into_pyobject` (one instance per container type) and `PyList::new` /
/// `PyTuple::new` in user code (where a fixed-length source such as `[i]` folds to
/// straight-line code).
#[inline]
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
    let (container, slots) = new_exact(py, len, kind)?;
    let mut filled = 0usize;
    for item in items {
        if filled == len {
            too_many_items();
        }
        let obj = item.into_pyobject(py).map_err(Into::into)?.into_ptr();
        // SAFETY: `filled < len`: an empty slot of the new container, which takes `obj`'s
        // reference (as `*_SET_ITEM` would).
        unsafe { slots.set(filled, obj) };
        filled += 1;
    }
    if filled != len {
        too_few_items();
    }
    Ok(container)
}

/// A new list or tuple of `len` empty (NULL) slots, and a pointer to its first slot. Out of
/// line and not generic: `collect_exact` is instantiated for every iterator type.
#[inline(never)]
pub(crate) fn new_exact(
    py: Python<'_>,
    len: usize,
    kind: Exact,
) -> PyResult<(Bound<'_, PyAny>, NewSlots)> {
    let len = isize::try_from(len).map_err(|_| PyValueError::new_err("sequence too long"))?;
    // SAFETY: attached; *_New returns a new container of NULL slots (or NULL on failure). A
    // container with NULL slots is safe to free, so an early return on a conversion error is
    // fine. The slot arrays are those `PyList_SET_ITEM`/`PyTuple_SET_ITEM` write to.
    unsafe {
        match kind {
            Exact::List => {
                let list = Bound::from_owned_ptr_or_err(py, ffi::PyList_New(len))?;
                let slots = NewSlots::new(list.as_ptr(), false);
                Ok((list, slots))
            }
            Exact::Tuple => {
                let tuple = Bound::from_owned_ptr_or_err(py, ffi::PyTuple_New(len))?;
                let slots = NewSlots::new(tuple.as_ptr(), true);
                Ok((tuple, slots))
            }
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn too_many_items() -> ! {
    panic!("iterator yielded more items than its reported length")
}

#[cold]
#[inline(never)]
#[track_caller]
fn too_few_items() -> ! {
    panic!("iterator yielded fewer items than its reported length")
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

macro_rules! seq_into_py {
    ($($(#[$m:meta])* [$($gen:tt)*] $t:ty => |$v:ident| $items:expr),* $(,)?) => {$(
        $(#[$m])*
        impl<'py, $($gen)*> IntoPyObject<'py> for $t
        where
            T: IntoPyObject<'py>,
        {
            type Target = PyAny;
            type Output = Bound<'py, PyAny>;
            type Error = PyErr;
            // Out of line, like the extractions: the item loop is never cheap, and as a
            // method of the container's impl each instance is compiled once, in the codegen
            // unit rustc gives the container type, with `collect_exact` inlined into it.
            #[inline(never)]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                let $v = self;
                T::owned_sequence_into_pyobject($items, py, Token(()))
            }
        }
    )*};
}

seq_into_py!(
    /// A list (pre-sized); `bytes` for `Vec<u8>`, as in PyO3.
    [T] Vec<T> => |v| v,
    /// A list; `bytes` for `[u8; N]`.
    [T, const N: usize] [T; N] => |v| v,
    /// A list; `bytes` for `Box<[u8]>`.
    [T] Box<[T]> => |v| Vec::from(v),
);

/// A list (always, as in PyO3: a deque is not contiguous).
impl<'py, T> IntoPyObject<'py> for VecDeque<T>
where
    T: IntoPyObject<'py>,
{
    type Target = PyList;
    type Output = Bound<'py, PyList>;
    type Error = PyErr;
    #[inline(never)]
    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let len = self.len();
        list_from_exact_iter(py, len, self)
    }
}

macro_rules! borrowed_seq_into_py {
    ($($(#[$m:meta])* [$($gen:tt)*] $t:ty),* $(,)?) => {$(
        $(#[$m])*
        impl<'a, 'py, $($gen)*> IntoPyObject<'py> for &'a $t
        where
            &'a T: IntoPyObject<'py>,
        {
            type Target = PyAny;
            type Output = Bound<'py, PyAny>;
            type Error = PyErr;
            #[inline(never)]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                <&T>::borrowed_sequence_into_pyobject(&self[..], py, Token(()))
            }
        }
    )*};
}

borrowed_seq_into_py!(
    /// A list of the converted items; `bytes` for `&[u8]`.
    [T] [T],
    /// A list; `bytes` for `&Vec<u8>`.
    [T] Vec<T>,
    /// A list; `bytes` for `&[u8; N]`.
    [T, const N: usize] [T; N],
    /// A list; `bytes` for `&Box<[u8]>`.
    [T] Box<[T]>,
);
