//! Python's `str`.

use std::borrow::Cow;

use crate::err::{PyErr, PyResult};
use crate::ffi;
use crate::instance::{Borrowed, Bound};
use crate::python::Python;
use crate::types::{PyAny, PyBytes};

native_type!(
    /// Python's `str`.
    ///
    /// ```
    /// use pybound::prelude::*;
    /// Python::attach(|py| {
    ///     let s = PyString::new(py, "héllo");
    ///     assert_eq!(s.to_str().unwrap(), "héllo"); // borrowed, no copy
    ///     assert_eq!(s.len().unwrap(), 5);          // code points, as in Python
    /// });
    /// ```
    PyString, "str", Some("builtins"),
    type_object: |py| std::ptr::addr_of_mut!(ffi::PyUnicode_Type),
    check: |obj| ffi::PyUnicode_Check(obj.as_ptr()) != 0,
    exact: |obj| ffi::PyUnicode_CheckExact(obj.as_ptr()) != 0
);

impl PyString {
    /// A new `str` from UTF-8 bytes: `UnicodeDecodeError` if they are not UTF-8.
    pub fn from_bytes<'py>(py: Python<'py>, bytes: &[u8]) -> PyResult<Bound<'py, PyString>> {
        // SAFETY: attached; the pointer and length describe `bytes`; returns a new reference
        // or NULL with an exception (the decode error).
        unsafe {
            Bound::from_owned_ptr_or_err(
                py,
                ffi::PyUnicode_DecodeUTF8(
                    bytes.as_ptr().cast(),
                    bytes.len() as ffi::Py_ssize_t,
                    std::ptr::null(),
                ),
            )
            .map(|s| s.cast_into_unchecked())
        }
    }

    /// A new `str` from `format_args!(...)` (what [`py_format!`](crate::py_format) calls for
    /// formats with arguments).
    pub fn from_fmt<'py>(
        py: Python<'py>,
        args: std::fmt::Arguments<'_>,
    ) -> PyResult<Bound<'py, PyString>> {
        Ok(match args.as_str() {
            Some(text) => PyString::new(py, text),
            None => PyString::new(py, &std::fmt::format(args)),
        })
    }

    /// A new `str` from UTF-8 text.
    #[inline]
    pub fn new<'py>(py: Python<'py>, s: &str) -> Bound<'py, PyString> {
        // SAFETY: attached; returns a new reference (NULL only on memory exhaustion).
        unsafe { Bound::from_owned_ptr(py, new_str_ptr(s)).cast_into_unchecked() }
    }

    /// An interned `str`: equal strings interned this way are the same object, so dict lookups
    /// with them compare by identity first. See also [`intern!`](crate::intern).
    pub fn intern<'py>(py: Python<'py>, s: &str) -> Bound<'py, PyString> {
        let mut ptr = PyString::new(py, s).into_ptr();
        // SAFETY: attached; InternInPlace takes our reference and may replace it with the
        // canonical one (still an owned reference).
        unsafe {
            ffi::PyUnicode_InternInPlace(&mut ptr);
            Bound::from_owned_ptr(py, ptr).cast_into_unchecked()
        }
    }

    /// Decode `src` (bytes-like) with `encoding` and `errors`, like `str(src, encoding, errors)`.
    pub fn from_encoded_object<'py>(
        src: &Bound<'py, PyAny>,
        encoding: &std::ffi::CStr,
        errors: &std::ffi::CStr,
    ) -> PyResult<Bound<'py, PyString>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                src.py(),
                ffi::PyUnicode_FromEncodedObject(src.as_ptr(), encoding.as_ptr(), errors.as_ptr()),
            )
            .map(|s| s.cast_into_unchecked())
        }
    }
}

/// A new `str` holding `s`: a new reference, or NULL with `MemoryError` set.
///
/// ASCII text (most text a program passes) is copied straight into a new compact ASCII string,
/// the object `PyUnicode_FromStringAndSize` would make of it, without CPython's UTF-8 decoder.
/// The ASCII check here ([`is_ascii`]) reads the text a word at a time wherever it starts; the
/// decoder's fast loop needs 8-byte-aligned text and goes byte by byte otherwise, so the cost of turning a
/// string literal into a `str` depended on where the linker happened to put it (a 9-byte error
/// message: 43 or 90 instructions in the decoder). Other text goes to the decoder.
///
/// # Safety
/// Attached.
#[inline(never)]
pub(crate) unsafe fn new_str_ptr(s: &str) -> *mut ffi::PyObject {
    let len = s.len() as ffi::Py_ssize_t;
    // Length 0 and 1 go to CPython, which returns its cached empty and one-character strings.
    #[cfg(not(any(Py_3_14, PyPy, GraalPy, Py_LIMITED_API)))]
    if s.len() > 1 && is_ascii(s.as_bytes()) {
        // SAFETY: attached. PyUnicode_New with maximum character 127 makes a new compact ASCII
        // string, whose `len` bytes of text follow the header and are ours to fill before
        // anyone else sees the object; the NUL after them is already written.
        unsafe {
            let obj = ffi::PyUnicode_New(len, 127);
            if !obj.is_null() {
                let data = obj.cast::<ffi::PyASCIIObject>().add(1).cast::<u8>();
                std::ptr::copy_nonoverlapping(s.as_ptr(), data, s.len());
            }
            return obj;
        }
    }
    // SAFETY: attached; `s` is valid UTF-8 of length `len`.
    unsafe { ffi::PyUnicode_FromStringAndSize(s.as_ptr().cast(), len) }
}

/// Whether `b` is ASCII, reading it in unaligned 8-byte words (the last word overlapping the
/// one before it), 64 bytes between checks. `<[u8]>::is_ascii` checks the bytes after its last
/// full 64-byte block one at a time: 180 of its 228 instructions on 100 bytes.
#[cfg(not(any(Py_3_14, PyPy, GraalPy, Py_LIMITED_API)))]
#[inline]
fn is_ascii(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let n = b.len();
    let p = b.as_ptr();
    // SAFETY: every read below lies within `b`: words start at most at `n - 8` (when `n >= 8`),
    // and the short cases read only the bytes they name.
    unsafe {
        let word = |i: usize| p.add(i).cast::<u64>().read_unaligned();
        if n >= 8 {
            let mut i = 0;
            while i + 64 <= n {
                let mut acc = 0;
                for k in 0..8 {
                    acc |= word(i + 8 * k);
                }
                if acc & HIGH != 0 {
                    return false;
                }
                i += 64;
            }
            let mut acc = word(n - 8);
            while i + 8 <= n {
                acc |= word(i);
                i += 8;
            }
            acc & HIGH == 0
        } else if n >= 4 {
            let half = |i: usize| p.add(i).cast::<u32>().read_unaligned();
            (half(0) | half(n - 4)) & 0x8080_8080 == 0
        } else {
            b.iter().fold(0, |acc, &c| acc | c) < 0x80
        }
    }
}

/// Whether a str is compact ASCII (`PyUnicode_IS_COMPACT_ASCII`). On little-endian targets the
/// two flags are bits 5 (`compact`) and 6 (`ascii`) of the `state` bitfield in every version
/// that has it (3.9 to 3.13), read with one load and mask; elsewhere through pyo3-ffi's
/// bitfield accessors.
///
/// # Safety
/// `header` must point to a live str object.
#[cfg(not(any(Py_3_14, PyPy, GraalPy, Py_LIMITED_API)))]
#[inline(always)]
unsafe fn is_compact_ascii(header: *const ffi::PyASCIIObject) -> bool {
    #[cfg(target_endian = "little")]
    {
        const COMPACT_ASCII: u32 = (1 << 5) | (1 << 6);
        // SAFETY: per the caller.
        unsafe { (*header).state & COMPACT_ASCII == COMPACT_ASCII }
    }
    #[cfg(not(target_endian = "little"))]
    {
        // SAFETY: per the caller.
        unsafe { ffi::PyUnicode_IS_COMPACT_ASCII(header as *mut ffi::PyObject) != 0 }
    }
}

impl<'a, 'py> Borrowed<'a, 'py, PyString> {
    /// The UTF-8 text, borrowed for as long as the object is.
    #[inline]
    pub(crate) fn to_str_borrowed(self) -> PyResult<&'a str> {
        // Compact ASCII strings (most str objects) hold their text, which is valid UTF-8,
        // right after the header: read it without a call.
        #[cfg(not(any(Py_3_14, PyPy, GraalPy, Py_LIMITED_API)))]
        // SAFETY: attached; `self` is a str. A compact ASCII string's data is its UTF-8 text,
        // owned by the object, which outlives `'a`.
        unsafe {
            let header = self.as_ptr().cast::<ffi::PyASCIIObject>();
            if is_compact_ascii(header) {
                // The text follows the header of a compact ASCII string.
                let data = header.add(1).cast::<u8>();
                let len = (*header).length as usize;
                return Ok(std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                    data, len,
                )));
            }
        }
        self.to_str_general()
    }

    /// `PyUnicode_AsUTF8AndSize`: encodes (and caches) the UTF-8 form of non-ASCII text.
    #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
    #[inline(never)]
    fn to_str_general(self) -> PyResult<&'a str> {
        let mut size: ffi::Py_ssize_t = 0;
        // SAFETY: attached; `self` is a str. The UTF-8 buffer is cached in the object and lives
        // as long as it, i.e. at least `'a`. NULL means lone surrogates (UnicodeEncodeError).
        unsafe {
            let data = ffi::PyUnicode_AsUTF8AndSize(self.as_ptr(), &mut size);
            if data.is_null() {
                return Err(PyErr::fetch(self.py()));
            }
            let bytes = std::slice::from_raw_parts(data.cast::<u8>(), size as usize);
            Ok(std::str::from_utf8_unchecked(bytes))
        }
    }

    /// The stable ABI before 3.10 has no call that lends a `str`'s UTF-8 form: the text is
    /// encoded into a new `bytes` object, kept until the outermost call or attach scope of
    /// this thread ends (`attach::keep_until_scope_end`), which outlives every `'py` borrow.
    /// Conversions to owned text (`String`, `Cow`, comparisons) use [`Self::with_utf8`]
    /// instead, which keeps nothing.
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    #[inline(never)]
    fn to_str_general(self) -> PyResult<&'a str> {
        let bytes = self.utf8_bytes()?;
        // SAFETY: attached; `bytes` is a bytes object whose buffer lives as long as it, and it
        // is kept alive past `'a` by the scope keeper.
        unsafe {
            let data = ffi::PyBytes_AsString(bytes.as_ptr());
            let len = ffi::PyBytes_Size(bytes.as_ptr()) as usize;
            crate::attach::keep_until_scope_end(bytes.into_ptr());
            let slice = std::slice::from_raw_parts(data.cast::<u8>(), len);
            Ok(std::str::from_utf8_unchecked(slice))
        }
    }

    /// The UTF-8 encoding of the text as a new `bytes` (UnicodeEncodeError for lone
    /// surrogates).
    #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
    pub(crate) fn utf8_bytes(self) -> PyResult<Bound<'py, PyBytes>> {
        // SAFETY: attached; a new reference or NULL with an exception.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyUnicode_AsUTF8String(self.as_ptr()))
                .map(|b| b.cast_into_unchecked())
        }
    }

    /// Run `f` on the text as `&str`: borrowed from the object where the ABI lends it, else
    /// (abi3 before 3.10) from a temporary UTF-8 copy dropped right after.
    #[inline]
    pub(crate) fn with_utf8<R>(self, f: impl FnOnce(&str) -> R) -> PyResult<R> {
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        return self.to_str_borrowed().map(f);
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        {
            let bytes = self.utf8_bytes()?;
            // SAFETY: UTF-8 produced by CPython's encoder.
            Ok(f(unsafe {
                std::str::from_utf8_unchecked(bytes.as_bytes())
            }))
        }
    }

    /// The text borrowed where the ABI lends it, else owned (see [`Self::with_utf8`]).
    #[inline]
    pub(crate) fn to_cow_borrowed(self) -> PyResult<Cow<'a, str>> {
        #[cfg(any(Py_3_10, not(Py_LIMITED_API)))]
        return self.to_str_borrowed().map(Cow::Borrowed);
        #[cfg(not(any(Py_3_10, not(Py_LIMITED_API))))]
        return self.with_utf8(|s| Cow::Owned(s.to_owned()));
    }
}

impl<'py> Bound<'py, PyString> {
    /// The number of code points (`PyUnicode_GetLength`; a `str` subclass's `__len__` is not
    /// called).
    pub fn code_point_len(&self) -> PyResult<usize> {
        // SAFETY: attached; returns -1 with an exception on failure.
        let n = unsafe { ffi::PyUnicode_GetLength(self.as_ptr()) };
        if n < 0 {
            Err(crate::err::PyErr::fetch(self.py()))
        } else {
            Ok(n as usize)
        }
    }

    /// The text as `&str`, without copying. Fails with `UnicodeEncodeError` if the string holds
    /// lone surrogates (which UTF-8 cannot represent); see
    /// [`to_string_lossy`](Bound::to_string_lossy).
    #[inline]
    pub fn to_str(&self) -> PyResult<&str> {
        self.as_borrowed().to_str_borrowed()
    }

    /// The text, borrowed when possible.
    #[inline]
    pub fn to_cow(&self) -> PyResult<Cow<'_, str>> {
        self.as_borrowed().to_cow_borrowed()
    }

    /// The text, with each lone surrogate replaced by U+FFFD. Never fails.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        if let Ok(s) = self.to_str() {
            return Cow::Borrowed(s);
        }
        // The failed attempt left a UnicodeEncodeError set; clear it.
        let _ = PyErr::take(self.py());
        // SAFETY: attached; "surrogatepass" encodes surrogates as (invalid) 3-byte sequences,
        // which from_utf8_lossy then replaces. Returns a new bytes reference or NULL.
        let bytes = unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PyUnicode_AsEncodedString(
                    self.as_ptr(),
                    c"utf-8".as_ptr(),
                    c"surrogatepass".as_ptr(),
                ),
            )
            .map(|b| b.cast_into_unchecked::<PyBytes>())
        };
        match bytes {
            Ok(b) => Cow::Owned(String::from_utf8_lossy(b.as_bytes()).into_owned()),
            Err(_) => Cow::Borrowed("\u{FFFD}"),
        }
    }

    /// The UTF-8 encoding as `bytes` (`UnicodeEncodeError` for lone surrogates).
    pub fn encode_utf8(&self) -> PyResult<Bound<'py, PyBytes>> {
        // SAFETY: attached; returns a new bytes or NULL with an exception set.
        unsafe {
            Bound::from_owned_ptr_or_err(self.py(), ffi::PyUnicode_AsUTF8String(self.as_ptr()))
                .map(|b| b.cast_into_unchecked())
        }
    }

    /// `self.encode(encoding, errors)`.
    pub fn encode(
        &self,
        encoding: &std::ffi::CStr,
        errors: &std::ffi::CStr,
    ) -> PyResult<Bound<'py, PyBytes>> {
        // SAFETY: attached; returns a new reference or NULL.
        unsafe {
            Bound::from_owned_ptr_or_err(
                self.py(),
                ffi::PyUnicode_AsEncodedString(self.as_ptr(), encoding.as_ptr(), errors.as_ptr()),
            )
            .map(|b| b.cast_into_unchecked())
        }
    }
}

#[cfg(all(test, not(any(Py_3_14, PyPy, GraalPy, Py_LIMITED_API))))]
mod tests {
    #[test]
    fn is_ascii_finds_a_high_byte_at_every_position_length_and_alignment() {
        let mut buf = [b'a'; 160];
        for start in 0..8 {
            for n in 0..=140 {
                let range = start..start + n;
                assert!(super::is_ascii(&buf[range.clone()]), "{start} {n}");
                for i in range.clone() {
                    for high in [0x80, 0xC3, 0xFF] {
                        buf[i] = high;
                        assert!(!super::is_ascii(&buf[range.clone()]), "{start} {n} {i}");
                    }
                    buf[i] = b'a';
                }
                // A high byte just outside the slice is not read.
                if start > 0 {
                    buf[start - 1] = 0xFF;
                }
                buf[start + n] = 0xFF;
                assert!(super::is_ascii(&buf[range]), "{start} {n} edges");
                buf.iter_mut().for_each(|c| *c = b'a');
            }
        }
    }
}

/// Whether a Python `str` holds exactly `other` (a str with lone surrogates equals no Rust
/// text). No copy for ASCII strings; others compare their cached UTF-8 form.
fn str_equals(s: Borrowed<'_, '_, PyString>, other: &str) -> bool {
    // A string with lone surrogates fails to encode (the error is taken, not left set).
    s.with_utf8(|text| text == other).unwrap_or(false)
}

// `Bound<PyString> == "text"` and the mirror forms, as in PyO3.
macro_rules! str_partial_eq {
    ($($lhs:ty, $rhs:ty => |$a:ident, $b:ident| ($s:expr, $t:expr);)*) => {$(
        impl PartialEq<$rhs> for $lhs {
            #[inline]
            fn eq(&self, other: &$rhs) -> bool {
                let ($a, $b) = (self, other);
                str_equals($s, $t)
            }
        }
    )*};
}

str_partial_eq! {
    Bound<'_, PyString>, str => |a, b| (a.as_borrowed(), b);
    Bound<'_, PyString>, &'_ str => |a, b| (a.as_borrowed(), b);
    &'_ Bound<'_, PyString>, str => |a, b| (a.as_borrowed(), b);
    str, Bound<'_, PyString> => |a, b| (b.as_borrowed(), a);
    &'_ str, Bound<'_, PyString> => |a, b| (b.as_borrowed(), a);
    str, &'_ Bound<'_, PyString> => |a, b| (b.as_borrowed(), a);
    Borrowed<'_, '_, PyString>, str => |a, b| (*a, b);
    Borrowed<'_, '_, PyString>, &'_ str => |a, b| (*a, b);
    str, Borrowed<'_, '_, PyString> => |a, b| (*b, a);
    &'_ str, Borrowed<'_, '_, PyString> => |a, b| (*b, a);
}

/// PyO3's methods-trait name, importable from this module as in PyO3 (empty: the methods
/// are inherent).
pub use super::PyStringMethods;

/// `format!` to a Python `str`: `py_format!(py, "{} items", n)` is a `PyResult<Bound<PyString>>`.
/// A format without arguments is interned once and shared (as `intern!`).
///
/// ```
/// use pybound::prelude::*;
///
/// Python::attach(|py| {
///     let s = pybound::py_format!(py, "{} + {} = {}", 1, 2, 1 + 2).unwrap();
///     assert_eq!(s.to_str().unwrap(), "1 + 2 = 3");
///     let constant = || pybound::py_format!(py, "constant").unwrap();
///     assert!(constant().is(&constant())); // made once
///     assert_eq!(constant().to_str().unwrap(), "constant");
/// });
/// ```
#[macro_export]
macro_rules! py_format {
    ($py:expr, $($arg:tt)*) => {{
        match ::std::format_args!($($arg)*).as_str() {
            ::std::option::Option::Some(text) => {
                static INTERNED: $crate::sync::PyOnceLock<$crate::Py<$crate::types::PyString>> =
                    $crate::sync::PyOnceLock::new();
                let py: $crate::Python<'_> = $py;
                ::std::result::Result::<_, $crate::PyErr>::Ok(
                    INTERNED
                        .get_or_init(py, || $crate::types::PyString::intern(py, text).unbind())
                        .bind(py)
                        .clone(),
                )
            }
            ::std::option::Option::None => {
                $crate::types::PyString::from_fmt($py, ::std::format_args!($($arg)*))
            }
        }
    }};
}
