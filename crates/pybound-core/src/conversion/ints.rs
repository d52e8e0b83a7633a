//! Integers. Extraction accepts any object with `__index__` (as CPython's own integer
//! arguments do) and raises `OverflowError` when the value does not fit.

use std::convert::Infallible;
use std::os::raw::{c_long, c_longlong};

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyOverflowError;
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyInt};

/// Extraction of anything up to 64 bits. An `int` whose value fits in one internal digit (below
/// 2**30 in magnitude: nearly every int a program passes) is read straight from the object, with
/// no call; everything else goes through [`extract_i64_general`].
#[inline]
fn extract_i64(obj: Borrowed<'_, '_, PyAny>, target: &str, signed: bool) -> PyResult<i64> {
    // SAFETY: attached, `obj` is a valid object.
    match unsafe { compact::value(obj.as_ptr()) } {
        Some(v) => Ok(v),
        None => extract_i64_general(obj, target, signed),
    }
}

/// Reading small ints without a call. CPython stores an int as a sign-and-size header followed
/// by 30-bit digits; values with at most one digit are "compact" (3.12+ has public inline
/// accessors for exactly this, `PyUnstable_Long_IsCompact` / `PyUnstable_Long_CompactValue`).
/// The digits must be 30 bits wide in 4 bytes (CPython's default, and the only choice on 64-bit
/// platforms unless configured with `--enable-big-digits=15`). The build script asks the
/// interpreter it builds for (`sys.int_info`), as a C extension takes the digit size from that
/// interpreter's `pyconfig.h`; when it cannot (cross-compiling), the layout is checked once per
/// process at run time, and where it differs every int takes the general path.
#[cfg(not(any(PyPy, GraalPy, Py_LIMITED_API)))]
mod compact {
    use crate::ffi;

    pub(super) use layout::{active, settle};

    #[cfg(not(Py_3_12))]
    #[repr(C)]
    struct Long {
        ob_base: ffi::PyVarObject,
        digit0: u32,
    }

    #[cfg(Py_3_12)]
    #[repr(C)]
    struct Long {
        ob_base: ffi::PyObject,
        lv_tag: usize,
        digit0: u32,
    }

    /// The value of `obj` if it is an int (or subclass) stored in one digit.
    ///
    /// # Safety
    /// Attached; `obj` a valid object.
    #[inline(always)]
    pub(super) unsafe fn value(obj: *mut ffi::PyObject) -> Option<i64> {
        // SAFETY: per the caller; the layout is only read from int objects once verified.
        unsafe {
            if ffi::PyLong_Check(obj) == 0 || !active() {
                return None;
            }
            let long = &*obj.cast::<Long>();
            let digit = long.digit0 as i64;
            #[cfg(not(Py_3_12))]
            {
                let size = long.ob_base.ob_size;
                matches!(size, -1..=1).then_some(size as i64 * digit)
            }
            #[cfg(Py_3_12)]
            {
                // lv_tag: digit count << 3 | sign (0 positive, 1 zero, 2 negative).
                (long.lv_tag < (2 << 3)).then(|| (1 - (long.lv_tag & 3) as i64) * digit)
            }
        }
    }

    /// The layout was learnt from the interpreter at build time: nothing to check.
    #[cfg(pybound_int_digit30)]
    mod layout {
        #[inline(always)]
        pub(in super::super) fn active() -> bool {
            true
        }

        pub(in super::super) fn settle() {}
    }

    /// The layout is checked once per process at run time.
    #[cfg(not(pybound_int_digit30))]
    mod layout {
        use std::sync::atomic::{AtomicU8, Ordering};

        use crate::ffi;

        const UNKNOWN: u8 = 0;
        const USABLE: u8 = 1;
        const UNUSABLE: u8 = 2;
        static LAYOUT: AtomicU8 = AtomicU8::new(UNKNOWN);

        #[inline(always)]
        pub(in super::super) fn active() -> bool {
            LAYOUT.load(Ordering::Relaxed) == USABLE
        }

        /// Check the layout (called by the general path, so the first extraction of each
        /// process settles it and later ones take the fast path).
        #[cold]
        pub(in super::super) fn settle() {
            if LAYOUT.load(Ordering::Relaxed) != UNKNOWN {
                return;
            }
            // SAFETY: attached (called from extraction); PyLong_GetInfo returns a new reference
            // to `sys.int_info`, whose items 0 and 1 are bits_per_digit and sizeof_digit.
            let usable = unsafe {
                let info = ffi::PyLong_GetInfo();
                if info.is_null() {
                    ffi::PyErr_Clear();
                    false
                } else {
                    let bits = ffi::PyLong_AsLong(ffi::PyStructSequence_GetItem(info, 0));
                    let size = ffi::PyLong_AsLong(ffi::PyStructSequence_GetItem(info, 1));
                    ffi::Py_DecRef(info);
                    bits == 30 && size == 4
                }
            };
            LAYOUT.store(if usable { USABLE } else { UNUSABLE }, Ordering::Relaxed);
        }
    }
}

/// Whether small ints are being read directly (for tests: the layout check settled on "usable").
pub fn small_int_fast_path_active() -> bool {
    compact::active()
}

/// Whether the build script learnt the digit layout from the interpreter (for tests, which then
/// check that the running interpreter agrees).
pub fn small_int_layout_known_at_build() -> bool {
    cfg!(pybound_int_digit30)
}

/// Where the object layout is not CPython's, every int takes the general path.
#[cfg(any(PyPy, GraalPy, Py_LIMITED_API))]
mod compact {
    use crate::ffi;

    #[inline(always)]
    pub(super) unsafe fn value(_obj: *mut ffi::PyObject) -> Option<i64> {
        None
    }

    pub(super) fn settle() {}

    pub(super) fn active() -> bool {
        false
    }
}

/// `PyLong_AsLongLongAndOverflow` (which applies `__index__`, raising CPython's own `TypeError`
/// for other objects). Out-of-range values give an `OverflowError` naming the Rust target type.
#[inline(never)]
fn extract_i64_general(obj: Borrowed<'_, '_, PyAny>, target: &str, signed: bool) -> PyResult<i64> {
    compact::settle();
    // Before 3.10 the C API also accepted `__int__` (so floats truncated, with a warning); apply
    // `__index__` first there so every version accepts exactly the same objects.
    #[cfg(not(Py_3_10))]
    if !obj.is_instance_of::<PyInt>() {
        let int = index(obj)?;
        return extract_i64_general(int.as_borrowed().to_any(), target, signed);
    }
    let mut overflow = 0;
    // SAFETY: attached; overflow is reported through the flag, other errors by -1 + exception.
    let v: c_longlong = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj.as_ptr(), &mut overflow) };
    if overflow != 0 {
        return Err(out_of_range(overflow < 0, signed, target));
    }
    if v == -1 && PyErr::occurred(obj.py()) {
        return Err(PyErr::fetch(obj.py()));
    }
    Ok(v)
}

/// The object as an exact `int` (calling `__index__` if needed).
pub(crate) fn index<'py>(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<Bound<'py, PyInt>> {
    // SAFETY: attached; PyNumber_Index returns a new reference to an int or NULL.
    unsafe {
        Bound::from_owned_ptr_or_err(obj.py(), ffi::PyNumber_Index(obj.as_ptr()))
            .map(|b| b.cast_into_unchecked())
    }
}

fn out_of_range(value_negative: bool, target_signed: bool, target: &str) -> PyErr {
    if value_negative && !target_signed {
        PyOverflowError::new_err("can't convert negative int to unsigned")
    } else if value_negative {
        PyOverflowError::new_err(format!("Python int too small to convert to {target}"))
    } else {
        PyOverflowError::new_err(format!("Python int too large to convert to {target}"))
    }
}

/// Extraction of integers no wider than 64 bits (signed) goes through `i64`.
macro_rules! small_int {
    ($($t:ty, $signed:expr);* $(;)?) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for $t {
            type Error = PyErr;
            #[inline]
            fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
                let v = extract_i64(obj, stringify!($t), $signed)?;
                <$t>::try_from(v).map_err(|_| out_of_range(v < 0, $signed, stringify!($t)))
            }
        }
    )*};
}

small_int!(i8, true; i16, true; i32, true; u8, false; u16, false; u32, false);

impl<'a, 'py> FromPyObject<'a, 'py> for i64 {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        extract_i64(obj, "i64", true)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for isize {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        extract_i64(obj, "isize", true).map(|v| v as isize)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for u64 {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        // SAFETY: attached, `obj` is a valid object.
        match unsafe { compact::value(obj.as_ptr()) } {
            Some(v) if v >= 0 => Ok(v as u64),
            _ => extract_u64_general(obj),
        }
    }
}

/// `u64` extraction of anything but a small non-negative int.
#[inline(never)]
fn extract_u64_general(obj: Borrowed<'_, '_, PyAny>) -> PyResult<u64> {
    compact::settle();
    let py = obj.py();
    // PyLong_AsUnsignedLongLong only accepts `int` instances, so apply `__index__` first.
    let owned;
    let int = if obj.is_instance_of::<PyInt>() {
        obj
    } else {
        owned = index(obj)?;
        owned.as_borrowed().to_any()
    };
    // SAFETY: attached and `int` is an int; returns (unsigned)-1 with an exception set.
    let v = unsafe { ffi::PyLong_AsUnsignedLongLong(int.as_ptr()) };
    if v == u64::MAX && PyErr::occurred(py) {
        return Err(PyErr::fetch(py));
    }
    Ok(v)
}

impl<'a, 'py> FromPyObject<'a, 'py> for usize {
    type Error = PyErr;
    #[inline]
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        u64::extract(obj).map(|v| v as usize)
    }
}

/// The value's high part (`value >> 64`, still a Python int) and its low 64 bits.
fn split_128<'py>(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, u64)> {
    let py = obj.py();
    let int = index(obj)?;
    // SAFETY: attached; `int` is an int, for which the mask call cannot fail.
    let low = unsafe { ffi::PyLong_AsUnsignedLongLongMask(int.as_ptr()) };
    let shift = 64i32.into_pyobject(py)?;
    // SAFETY: attached; PyNumber_Rshift returns a new reference or NULL.
    let high = unsafe {
        Bound::from_owned_ptr_or_err(py, ffi::PyNumber_Rshift(int.as_ptr(), shift.as_ptr()))?
    };
    Ok((high, low))
}

/// The fast path for 128-bit extraction: `Some` when the value fits in an `i64`.
#[inline]
pub(crate) fn try_fits_i64(obj: Borrowed<'_, '_, PyAny>) -> PyResult<Option<i64>> {
    #[cfg(not(Py_3_10))]
    if !obj.is_instance_of::<PyInt>() {
        let int = index(obj)?;
        return try_fits_i64(int.as_borrowed().to_any());
    }
    let mut overflow = 0;
    // SAFETY: attached; overflow is reported through the flag, other errors by -1 + exception.
    let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj.as_ptr(), &mut overflow) };
    if v == -1 && PyErr::occurred(obj.py()) {
        return Err(PyErr::fetch(obj.py()));
    }
    Ok((overflow == 0).then_some(v))
}

impl<'a, 'py> FromPyObject<'a, 'py> for i128 {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        // `__index__` once (both steps below would call it on a non-int).
        if !obj.is_instance_of::<PyInt>() {
            return index(obj)?.as_borrowed().to_any().extract();
        }
        if let Some(v) = try_fits_i64(obj)? {
            return Ok(v as i128);
        }
        let (high, low) = split_128(obj)?;
        let mut overflow = 0;
        // SAFETY: attached; `high` is an int.
        let high = unsafe { ffi::PyLong_AsLongLongAndOverflow(high.as_ptr(), &mut overflow) };
        if overflow != 0 {
            return Err(out_of_range(overflow < 0, true, "i128"));
        }
        Ok(((high as i128) << 64) | low as i128)
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for u128 {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        // `__index__` once (both steps below would call it on a non-int).
        if !obj.is_instance_of::<PyInt>() {
            return index(obj)?.as_borrowed().to_any().extract();
        }
        if let Some(v) = try_fits_i64(obj)? {
            return u128::try_from(v).map_err(|_| out_of_range(true, false, "u128"));
        }
        let (high, low) = split_128(obj)?;
        let high: u64 = high
            .extract()
            .map_err(|_| out_of_range(high.lt(0i32).unwrap_or(false), false, "u128"))?;
        Ok(((high as u128) << 64) | low as u128)
    }
}

// ---- Rust → Python ----

macro_rules! int_into_py {
    ($($t:ty => $conv:ident as $c:ty $({ $($owned:item)* } { $($borrowed:item)* })?),* $(,)?) => {$(
        impl<'py> IntoPyObject<'py> for $t {
            type Target = PyInt;
            type Output = Bound<'py, PyInt>;
            type Error = Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
                // SAFETY: attached; the constructor returns a new reference (NULL only on
                // memory exhaustion, which panics with the MemoryError).
                Ok(unsafe { Bound::from_owned_ptr(py, ffi::$conv(self as $c)).cast_into_unchecked() })
            }
            $($($owned)*)?
        }

        impl<'py> IntoPyObject<'py> for &$t {
            type Target = PyInt;
            type Output = Bound<'py, PyInt>;
            type Error = Infallible;
            #[inline]
            fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
                (*self).into_pyobject(py)
            }
            $($($borrowed)*)?
        }
    )*};
}

int_into_py!(
    i8 => PyLong_FromLong as c_long,
    i16 => PyLong_FromLong as c_long,
    i32 => PyLong_FromLong as c_long,
    i64 => PyLong_FromLongLong as c_longlong,
    isize => PyLong_FromSsize_t as ffi::Py_ssize_t,
    // Sequences of bytes become `bytes`, as in PyO3: one copy of the memory, not a list of
    // ints.
    u8 => PyLong_FromLong as c_long {
        #[inline]
        fn owned_sequence_into_pyobject<I>(
            items: I,
            py: Python<'py>,
            _: crate::conversion::sequence::Token,
        ) -> PyResult<Bound<'py, PyAny>>
        where
            I: IntoIterator<Item = u8> + AsRef<[u8]>,
            I::IntoIter: ExactSizeIterator,
        {
            Ok(crate::types::PyBytes::new(py, items.as_ref()).into_any())
        }
    } {
        #[inline]
        fn borrowed_sequence_into_pyobject<I>(
            items: I,
            py: Python<'py>,
            _: crate::conversion::sequence::Token,
        ) -> PyResult<Bound<'py, PyAny>>
        where
            I: IntoIterator<Item = Self>
                + AsRef<[<Self as crate::conversion::sequence::Reference>::Referent]>,
            I::IntoIter: ExactSizeIterator,
        {
            Ok(crate::types::PyBytes::new(py, items.as_ref()).into_any())
        }
    },
    u16 => PyLong_FromLong as c_long,
    u32 => PyLong_FromUnsignedLong as std::os::raw::c_ulong,
    u64 => PyLong_FromUnsignedLongLong as std::os::raw::c_ulonglong,
    usize => PyLong_FromSize_t as usize,
);

impl<'py> IntoPyObject<'py> for i128 {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
        if let Ok(small) = i64::try_from(self) {
            return small.into_pyobject(py);
        }
        Ok(int_from_le_bytes(py, &self.to_le_bytes(), true).expect("out of memory"))
    }
}

impl<'py> IntoPyObject<'py> for u128 {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
        if let Ok(small) = u64::try_from(self) {
            return small.into_pyobject(py);
        }
        Ok(int_from_le_bytes(py, &self.to_le_bytes(), false).expect("out of memory"))
    }
}

impl<'py> IntoPyObject<'py> for &i128 {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
        (*self).into_pyobject(py)
    }
}

impl<'py> IntoPyObject<'py> for &u128 {
    type Target = PyInt;
    type Output = Bound<'py, PyInt>;
    type Error = Infallible;
    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Infallible> {
        (*self).into_pyobject(py)
    }
}

/// `int` → its value as little-endian 32-bit limbs: two's complement when `signed` (the top
/// limb's high bit is the sign), else the magnitude (`OverflowError` for a negative int).
/// Linear in the int's size: CPython copies its digits straight into the limbs (on a
/// little-endian machine the buffer is the limbs' own memory), never digit-by-digit
/// arithmetic. An int that fits in `i64` should take a cheaper path first; this is for the rest.
#[cfg_attr(not(feature = "num-bigint"), allow(dead_code))]
pub(crate) fn int_to_le_limbs(int: &Bound<'_, PyInt>, signed: bool) -> PyResult<Vec<u32>> {
    let py = int.py();
    #[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
    let flags = {
        let mut flags = ffi::Py_ASNATIVEBYTES_LITTLE_ENDIAN;
        if !signed {
            flags |= ffi::Py_ASNATIVEBYTES_UNSIGNED_BUFFER | ffi::Py_ASNATIVEBYTES_REJECT_NEGATIVE;
        }
        flags
    };
    #[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
    let bytes_needed = {
        // SAFETY: attached; a NULL buffer of size 0 asks for the size needed (or -1 with an
        // exception: a negative int under REJECT_NEGATIVE).
        let needed =
            unsafe { ffi::PyLong_AsNativeBytes(int.as_ptr(), std::ptr::null_mut(), 0, flags) };
        usize::try_from(needed).map_err(|_| {
            let err = PyErr::fetch(py);
            // REJECT_NEGATIVE raises ValueError; the other conversions to an unsigned type
            // (and those before 3.13) raise OverflowError.
            if !signed && err.is_instance_of::<crate::exceptions::PyValueError>(py) {
                PyOverflowError::new_err("can't convert negative int to unsigned")
            } else {
                err
            }
        })?
    };
    #[cfg(not(all(Py_3_13, not(Py_LIMITED_API))))]
    let bytes_needed = {
        // From `bit_length`, with one more bit for the sign.
        let bits: usize = int
            .call_method0(crate::intern!(py, "bit_length"))?
            .extract()?;
        if signed {
            bits / 8 + 1
        } else {
            bits.div_ceil(8)
        }
    };
    let mut limbs = vec![0u32; bytes_needed.div_ceil(4).max(1)];
    let len = limbs.len() * 4;
    let buffer = limbs.as_mut_ptr().cast::<u8>();
    // SAFETY: attached; `buffer` is the limbs' `len` bytes. Both calls fill all of it
    // (sign-extended) or fail with an exception set.
    let failed = unsafe {
        #[cfg(all(Py_3_13, not(Py_LIMITED_API)))]
        {
            ffi::PyLong_AsNativeBytes(int.as_ptr(), buffer.cast(), len as ffi::Py_ssize_t, flags)
                < 0
        }
        #[cfg(Py_LIMITED_API)]
        {
            int_to_le_bytes_limited(int, std::slice::from_raw_parts_mut(buffer, len), signed)?;
            false
        }
        #[cfg(not(any(Py_3_13, Py_LIMITED_API)))]
        {
            ffi::_PyLong_AsByteArray(
                int.as_ptr().cast(),
                buffer,
                len,
                1,
                std::os::raw::c_int::from(signed),
            ) < 0
        }
    };
    if failed {
        return Err(PyErr::fetch(py));
    }
    for limb in &mut limbs {
        *limb = u32::from_le(*limb);
    }
    Ok(limbs)
}

/// Little-endian 32-bit limbs (two's complement when `signed`) → a new `int`, linear in their
/// number.
#[cfg_attr(not(feature = "num-bigint"), allow(dead_code))]
pub(crate) fn int_from_le_limbs<'py>(
    py: Python<'py>,
    mut limbs: Vec<u32>,
    signed: bool,
) -> PyResult<Bound<'py, PyInt>> {
    for limb in &mut limbs {
        *limb = limb.to_le();
    }
    // SAFETY: the limbs' memory, in little-endian byte order now.
    let bytes = unsafe { std::slice::from_raw_parts(limbs.as_ptr().cast::<u8>(), limbs.len() * 4) };
    int_from_le_bytes(py, bytes, signed)
}

/// Little-endian bytes (two's complement when `signed`) → a new `int`, linear in their length.
#[cfg(not(Py_LIMITED_API))]
pub(crate) fn int_from_le_bytes<'py>(
    py: Python<'py>,
    bytes: &[u8],
    signed: bool,
) -> PyResult<Bound<'py, PyInt>> {
    // SAFETY: attached; both calls read `bytes.len()` bytes and return a new int or NULL.
    unsafe {
        #[cfg(Py_3_13)]
        let ptr = {
            let flags = if signed {
                ffi::Py_ASNATIVEBYTES_LITTLE_ENDIAN
            } else {
                ffi::Py_ASNATIVEBYTES_LITTLE_ENDIAN | ffi::Py_ASNATIVEBYTES_UNSIGNED_BUFFER
            };
            ffi::PyLong_FromNativeBytes(bytes.as_ptr().cast(), bytes.len(), flags)
        };
        #[cfg(not(Py_3_13))]
        let ptr = ffi::_PyLong_FromByteArray(
            bytes.as_ptr(),
            bytes.len(),
            1,
            std::os::raw::c_int::from(signed),
        );
        Ok(Bound::from_owned_ptr_or_err(py, ptr)?.cast_into_unchecked())
    }
}

/// The stable ABI's [`int_from_le_bytes`]: `int.from_bytes(bytes, "little", signed=…)`.
#[cfg(Py_LIMITED_API)]
pub(crate) fn int_from_le_bytes<'py>(
    py: Python<'py>,
    bytes: &[u8],
    signed: bool,
) -> PyResult<Bound<'py, PyInt>> {
    let kwargs = crate::types::PyDict::new(py);
    kwargs.set_item(crate::intern!(py, "signed"), signed)?;
    let int = py.get_type::<PyInt>().call_method(
        crate::intern!(py, "from_bytes"),
        (
            crate::types::PyBytes::new(py, bytes),
            crate::intern!(py, "little"),
        ),
        Some(&kwargs),
    )?;
    // SAFETY: `int.from_bytes` on `int` itself returns an int.
    Ok(unsafe { int.cast_into_unchecked() })
}

/// The stable ABI's byte export: `int.to_bytes(len(out), "little", signed=…)` copied into
/// `out` (OverflowError if it does not fit, or for a negative int when unsigned).
#[cfg(Py_LIMITED_API)]
fn int_to_le_bytes_limited(int: &Bound<'_, PyInt>, out: &mut [u8], signed: bool) -> PyResult<()> {
    let py = int.py();
    let kwargs = crate::types::PyDict::new(py);
    kwargs.set_item(crate::intern!(py, "signed"), signed)?;
    let bytes = int.call_method(
        crate::intern!(py, "to_bytes"),
        (out.len(), crate::intern!(py, "little")),
        Some(&kwargs),
    )?;
    out.copy_from_slice(bytes.cast::<crate::types::PyBytes>()?.as_bytes());
    Ok(())
}
