//! Rust tuples (up to 12 elements) ↔ `tuple`.

use crate::conversion::{new_exact, Exact, FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyValueError;
use crate::instance::{Borrowed, Bound, BoundObject};
use crate::python::Python;
use crate::types::{PyAny, PyTuple};

fn wrong_length(expected: usize, got: usize) -> PyErr {
    PyValueError::new_err(format!(
        "expected tuple of length {expected}, but got tuple of length {got}"
    ))
}

macro_rules! tuple_conversions {
    ($n:literal: $($idx:tt $T:ident),+) => {
        impl<'py, $($T: IntoPyObject<'py>),+> IntoPyObject<'py> for ($($T,)+) {
            type Target = PyTuple;
            type Output = Bound<'py, PyTuple>;
            type Error = PyErr;
            /// Each element is converted straight into its slot of a new tuple; on an error
            /// the tuple is dropped with the elements converted so far (its other slots are
            /// still NULL, which a tuple's deallocation skips).
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                let (tuple, slots) = new_exact(py, $n, Exact::Tuple)?;
                $(
                    let item = self.$idx.into_pyobject(py).map_err(Into::into)?.into_ptr();
                    // SAFETY: slot `$idx < $n` of the new tuple, still empty; it takes the
                    // item's reference (as `PyTuple_SET_ITEM` would).
                    unsafe { slots.set($idx, item) };
                )+
                // SAFETY: `new_exact` made a tuple.
                Ok(unsafe { tuple.cast_into_unchecked() })
            }
        }

        impl<'a, 'py, $($T),+> IntoPyObject<'py> for &'a ($($T,)+)
        where
            $(&'a $T: IntoPyObject<'py>),+
        {
            type Target = PyTuple;
            type Output = Bound<'py, PyTuple>;
            type Error = PyErr;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                ($(&self.$idx,)+).into_pyobject(py)
            }
        }

        impl<'a, 'py, $($T),+> FromPyObject<'a, 'py> for ($($T,)+)
        where
            $($T: for<'b> FromPyObject<'b, 'py>),+
        {
            type Error = PyErr;
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                let tuple = obj.cast::<PyTuple>()?;
                let len = tuple.len();
                if len != $n {
                    return Err(wrong_length($n, len));
                }
                // SAFETY: indices are below the checked length; tuples are immutable, so the
                // borrowed items stay valid while `obj` is alive.
                unsafe {
                    Ok(($(
                        tuple.get_borrowed_item_unchecked($idx).extract::<$T>().map_err(Into::into)?,
                    )+))
                }
            }
        }
    };
}

tuple_conversions!(1: 0 T0);
tuple_conversions!(2: 0 T0, 1 T1);
tuple_conversions!(3: 0 T0, 1 T1, 2 T2);
tuple_conversions!(4: 0 T0, 1 T1, 2 T2, 3 T3);
tuple_conversions!(5: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4);
tuple_conversions!(6: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5);
tuple_conversions!(7: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6);
tuple_conversions!(8: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7);
tuple_conversions!(9: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8);
tuple_conversions!(10: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9);
tuple_conversions!(11: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10);
tuple_conversions!(12: 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10, 11 T11);
