//! Calling Python objects from Rust ([`PyCallArgs`]), with vectorcall: the arguments of a Rust
//! tuple are converted into a stack array and passed without building a Python tuple. Calls the
//! other way, from Python into Rust, are the `callback` module's.

use std::ptr;

use crate::conversion::IntoPyObject;
use crate::err::PyResult;
use crate::ffi;
use crate::instance::{Borrowed, Bound, BoundObject, Py};
use crate::types::{PyAny, PyDict, PyString, PyTuple};

/// Positional arguments for [`Bound::call`](crate::Bound) and friends: a Rust tuple of
/// convertible values (`()`, `(x,)`, `(a, b)`, … up to 12), or a Python tuple
/// (`Bound<PyTuple>`, `&Bound<PyTuple>`, `Py<PyTuple>`).
///
/// Rust tuples are passed with vectorcall from a stack array — no tuple is allocated.
pub trait PyCallArgs<'py>: Sized + private::Sealed<'py> {
    /// `function(*self, **kwargs)`.
    #[doc(hidden)]
    fn call(
        self,
        function: Borrowed<'_, 'py, PyAny>,
        kwargs: Option<Borrowed<'_, 'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>>;

    /// `object.name(*self)`.
    #[doc(hidden)]
    fn call_method_positional(
        self,
        object: Borrowed<'_, 'py, PyAny>,
        name: Borrowed<'_, 'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>>;
}

mod private {
    pub trait Sealed<'py> {}
}

#[inline]
fn result<'py>(
    function: Borrowed<'_, 'py, PyAny>,
    ptr: *mut ffi::PyObject,
) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: `ptr` is a call's result: a new reference, or NULL with an exception set.
    unsafe { Bound::from_owned_ptr_or_err(function.py(), ptr) }
}

/// Vectorcall with `args[1..]` as the arguments; `args[0]` is scratch space that CPython may use
/// (PY_VECTORCALL_ARGUMENTS_OFFSET) to prepend `self` for bound methods without copying.
///
/// The stable ABI has `PyObject_Vectorcall` from 3.12 and no `PyObject_VectorcallDict`: abi3
/// builds pass a tuple of `args[1..]` to `PyObject_Call` where they lack the call.
#[inline]
fn vectorcall<'py>(
    function: Borrowed<'_, 'py, PyAny>,
    args: &mut [*mut ffi::PyObject],
    kwargs: Option<Borrowed<'_, 'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    #[cfg(any(Py_3_12, not(Py_LIMITED_API)))]
    let nargs = args.len() - 1;
    #[cfg(any(Py_3_12, not(Py_LIMITED_API)))]
    if kwargs.is_none() {
        // SAFETY: attached; `args[1..]` are valid borrowed pointers kept alive by the caller
        // for the call; the offset flag allows CPython to write `args[0]` temporarily.
        let ptr = unsafe {
            ffi::PyObject_Vectorcall(
                function.as_ptr(),
                args.as_mut_ptr().add(1),
                nargs | ffi::PY_VECTORCALL_ARGUMENTS_OFFSET,
                ptr::null_mut(),
            )
        };
        return result(function, ptr);
    }
    #[cfg(not(Py_LIMITED_API))]
    if let Some(kw) = kwargs {
        // SAFETY: as above; the dict is borrowed for the call.
        let ptr = unsafe {
            ffi::PyObject_VectorcallDict(
                function.as_ptr(),
                args.as_mut_ptr().add(1),
                nargs | ffi::PY_VECTORCALL_ARGUMENTS_OFFSET,
                kw.as_ptr(),
            )
        };
        return result(function, ptr);
    }
    #[cfg(Py_LIMITED_API)]
    {
        let tuple = tuple_of(function.py(), &args[1..])?;
        call_with_tuple(tuple.as_borrowed(), function, kwargs)
    }
    #[cfg(not(Py_LIMITED_API))]
    unreachable!("both forms of the call are handled above")
}

/// A new tuple of the (borrowed, live) objects `items`.
#[cfg(Py_LIMITED_API)]
fn tuple_of<'py>(
    py: crate::Python<'py>,
    items: &[*mut ffi::PyObject],
) -> PyResult<Bound<'py, PyTuple>> {
    // SAFETY: attached; a new tuple of NULL slots (or NULL with an error), each slot then
    // filled once with a new reference.
    unsafe {
        let tuple = Bound::from_owned_ptr_or_err(py, ffi::PyTuple_New(items.len() as _))?;
        let slots = crate::abi::NewSlots::new(tuple.as_ptr(), true);
        for (i, &item) in items.iter().enumerate() {
            ffi::Py_INCREF(item);
            slots.set(i, item);
        }
        Ok(tuple.cast_into_unchecked())
    }
}

/// Method call with `args[0] = self`, through `PyObject_VectorcallMethod` (no bound-method
/// object is created for methods defined in C or Python).
#[cfg(any(Py_3_12, not(Py_LIMITED_API)))]
#[inline]
fn vectorcall_method<'py>(
    object: Borrowed<'_, 'py, PyAny>,
    name: Borrowed<'_, 'py, PyString>,
    args: &mut [*mut ffi::PyObject],
) -> PyResult<Bound<'py, PyAny>> {
    args[0] = object.as_ptr();
    // SAFETY: attached; all of `args` are valid borrowed pointers for the call.
    let ptr = unsafe {
        ffi::PyObject_VectorcallMethod(
            name.as_ptr(),
            args.as_mut_ptr(),
            args.len(),
            ptr::null_mut(),
        )
    };
    result(object, ptr)
}

/// The stable ABI before 3.12 has no vectorcall: look the method up, then call it with a tuple.
#[cfg(all(Py_LIMITED_API, not(Py_3_12)))]
#[inline]
fn vectorcall_method<'py>(
    object: Borrowed<'_, 'py, PyAny>,
    name: Borrowed<'_, 'py, PyString>,
    args: &mut [*mut ffi::PyObject],
) -> PyResult<Bound<'py, PyAny>> {
    let method = object.getattr(name)?;
    vectorcall(method.as_borrowed(), args, None)
}

impl private::Sealed<'_> for () {}
impl<'py> PyCallArgs<'py> for () {
    #[inline]
    fn call(
        self,
        function: Borrowed<'_, 'py, PyAny>,
        kwargs: Option<Borrowed<'_, 'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        vectorcall(function, &mut [ptr::null_mut()], kwargs)
    }

    #[inline]
    fn call_method_positional(
        self,
        object: Borrowed<'_, 'py, PyAny>,
        name: Borrowed<'_, 'py, PyString>,
    ) -> PyResult<Bound<'py, PyAny>> {
        vectorcall_method(object, name, &mut [ptr::null_mut()])
    }
}

macro_rules! tuple_call_args {
    ($($idx:tt $T:ident),+) => {
        impl<'py, $($T: IntoPyObject<'py>),+> private::Sealed<'py> for ($($T,)+) {}
        impl<'py, $($T: IntoPyObject<'py>),+> PyCallArgs<'py> for ($($T,)+) {
            #[inline]
            fn call(
                self,
                function: Borrowed<'_, 'py, PyAny>,
                kwargs: Option<Borrowed<'_, 'py, PyDict>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let py = function.py();
                // Converted values stay alive (owned or borrowed) until the call returns.
                let held = ($(self.$idx.into_pyobject(py).map_err(Into::into)?,)+);
                vectorcall(function, &mut [ptr::null_mut(), $(held.$idx.as_ptr()),+], kwargs)
            }

            #[inline]
            fn call_method_positional(
                self,
                object: Borrowed<'_, 'py, PyAny>,
                name: Borrowed<'_, 'py, PyString>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let py = object.py();
                let held = ($(self.$idx.into_pyobject(py).map_err(Into::into)?,)+);
                vectorcall_method(object, name, &mut [ptr::null_mut(), $(held.$idx.as_ptr()),+])
            }
        }
    };
}

tuple_call_args!(0 T0);
tuple_call_args!(0 T0, 1 T1);
tuple_call_args!(0 T0, 1 T1, 2 T2);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10);
tuple_call_args!(0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10, 11 T11);

/// `function(*tuple, **kwargs)` with `PyObject_Call`.
fn call_with_tuple<'py>(
    tuple: Borrowed<'_, 'py, PyTuple>,
    function: Borrowed<'_, 'py, PyAny>,
    kwargs: Option<Borrowed<'_, 'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let kw = kwargs.map_or(ptr::null_mut(), Borrowed::as_ptr);
    // SAFETY: attached; PyObject_Call borrows all three and returns a new reference or NULL.
    result(function, unsafe {
        ffi::PyObject_Call(function.as_ptr(), tuple.as_ptr(), kw)
    })
}

fn call_method_with_tuple<'py>(
    tuple: Borrowed<'_, 'py, PyTuple>,
    object: Borrowed<'_, 'py, PyAny>,
    name: Borrowed<'_, 'py, PyString>,
) -> PyResult<Bound<'py, PyAny>> {
    let method = object.getattr(name)?;
    call_with_tuple(tuple, method.as_borrowed(), None)
}

macro_rules! python_tuple_call_args {
    ($([$($lt:lifetime),*] $t:ty => |$s:ident, $py:ident| $borrow:expr;)*) => {$(
        impl<'py, $($lt),*> private::Sealed<'py> for $t {}
        impl<'py, $($lt),*> PyCallArgs<'py> for $t {
            #[inline]
            fn call(
                self,
                function: Borrowed<'_, 'py, PyAny>,
                kwargs: Option<Borrowed<'_, 'py, PyDict>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let ($s, $py) = (self, function.py());
                call_with_tuple($borrow, function, kwargs)
            }

            #[inline]
            fn call_method_positional(
                self,
                object: Borrowed<'_, 'py, PyAny>,
                name: Borrowed<'_, 'py, PyString>,
            ) -> PyResult<Bound<'py, PyAny>> {
                let ($s, $py) = (self, object.py());
                call_method_with_tuple($borrow, object, name)
            }
        }
    )*};
}

python_tuple_call_args! {
    [] Bound<'py, PyTuple> => |t, _py| t.as_borrowed();
    ['a] &'a Bound<'py, PyTuple> => |t, _py| t.as_borrowed();
    ['a] Borrowed<'a, 'py, PyTuple> => |t, _py| t;
    [] Py<PyTuple> => |t, py| t.bind_borrowed(py);
    ['a] &'a Py<PyTuple> => |t, py| t.bind_borrowed(py);
}
