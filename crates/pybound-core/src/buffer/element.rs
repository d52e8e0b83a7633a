//! The element types a buffer can be read as, and the decoding of a buffer's `format` string
//! (the `struct` module's syntax) into them.

use std::ffi::CStr;
use std::mem::size_of;

/// What a buffer's items are, decoded from its `format` string.
///
/// Only formats describing one plain number per item are decoded; anything else (structs such
/// as `"ii"`, counts such as `"3d"`, pointers, strings, complex numbers) is
/// [`Unknown`](ElementType::Unknown).
///
/// ```
/// use pybound::buffer::ElementType;
/// assert_eq!(ElementType::from_format(c"<d"), ElementType::Float { bytes: 8 });
/// assert_eq!(ElementType::from_format(c"B"), ElementType::UnsignedInteger { bytes: 1 });
/// assert_eq!(ElementType::from_format(c"2i"), ElementType::Unknown);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementType {
    /// A signed integer of `bytes` bytes.
    SignedInteger {
        /// Its size.
        bytes: usize,
    },
    /// An unsigned integer of `bytes` bytes.
    UnsignedInteger {
        /// Its size.
        bytes: usize,
    },
    /// A `bool` (`?`, one byte).
    Bool,
    /// An IEEE float of `bytes` bytes (2, 4 or 8).
    Float {
        /// Its size.
        bytes: usize,
    },
    /// A format this decoding does not cover.
    Unknown,
}

/// The byte order and sizing a format string's first character asks for.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// `@` or none: native order, native sizes (and alignment).
    Native,
    /// `=`: native order, standard sizes.
    NativeOrderStandardSize,
    /// `<`: little-endian, standard sizes.
    Little,
    /// `>` or `!`: big-endian, standard sizes.
    Big,
}

impl ElementType {
    /// Decode a `struct`-module format string describing one item (`"d"`, `"<i"`, `"=H"`, …).
    pub fn from_format(format: &CStr) -> ElementType {
        match split_format(format) {
            Some((layout, code)) => Self::from_code(layout, code),
            None => ElementType::Unknown,
        }
    }

    fn from_code(layout: Layout, code: u8) -> ElementType {
        use std::os::raw::{c_int, c_long, c_longlong, c_short};
        use ElementType::*;
        let native = layout == Layout::Native;
        // Sizes: native (`@`) uses the C compiler's, the others the `struct` module's standard.
        let (short, int, long, longlong) = if native {
            (
                size_of::<c_short>(),
                size_of::<c_int>(),
                size_of::<c_long>(),
                size_of::<c_longlong>(),
            )
        } else {
            (2, 4, 4, 8)
        };
        match code {
            b'c' | b'B' => UnsignedInteger { bytes: 1 },
            b'b' => SignedInteger { bytes: 1 },
            b'?' => Bool,
            b'h' => SignedInteger { bytes: short },
            b'H' => UnsignedInteger { bytes: short },
            b'i' => SignedInteger { bytes: int },
            b'I' => UnsignedInteger { bytes: int },
            b'l' => SignedInteger { bytes: long },
            b'L' => UnsignedInteger { bytes: long },
            b'q' => SignedInteger { bytes: longlong },
            b'Q' => UnsignedInteger { bytes: longlong },
            // `ssize_t` / `size_t` exist only with native sizes.
            b'n' if native => SignedInteger {
                bytes: size_of::<isize>(),
            },
            b'N' if native => UnsignedInteger {
                bytes: size_of::<usize>(),
            },
            b'e' => Float { bytes: 2 },
            b'f' => Float { bytes: 4 },
            b'd' => Float { bytes: 8 },
            _ => Unknown,
        }
    }
}

/// The layout prefix and the single type code of a one-item format; `None` for anything else.
fn split_format(format: &CStr) -> Option<(Layout, u8)> {
    let (layout, rest) = match format.to_bytes() {
        [b'@', rest @ ..] => (Layout::Native, rest),
        [b'=', rest @ ..] => (Layout::NativeOrderStandardSize, rest),
        [b'<', rest @ ..] => (Layout::Little, rest),
        [b'>' | b'!', rest @ ..] => (Layout::Big, rest),
        rest => (Layout::Native, rest),
    };
    match rest {
        [code] => Some((layout, *code)),
        _ => None,
    }
}

/// Whether the format's byte order is this machine's.
fn native_byte_order(format: &CStr) -> bool {
    match split_format(format) {
        Some((Layout::Little, _)) => cfg!(target_endian = "little"),
        Some((Layout::Big, _)) => cfg!(target_endian = "big"),
        Some(_) => true,
        None => false,
    }
}

/// A Rust type a buffer's items can be read as.
///
/// # Safety
/// Every bit pattern of the type's size must be a valid value (a buffer's bytes are
/// reinterpreted as `Self` without checks), and `is_compatible_format` must accept only
/// formats whose items have exactly this type's size and meaning.
pub unsafe trait Element: Copy {
    /// Whether items of this `struct`-module format are values of this type.
    fn is_compatible_format(format: &CStr) -> bool;
}

macro_rules! element {
    ($($t:ty => $kind:ident),* $(,)?) => {$(
        // SAFETY: a plain number type: every bit pattern is a value; the format must decode
        // to the same kind and size, in this machine's byte order.
        unsafe impl Element for $t {
            fn is_compatible_format(format: &CStr) -> bool {
                ElementType::from_format(format) == element!(@kind $kind, size_of::<$t>())
                    && (size_of::<$t>() == 1 || native_byte_order(format))
            }
        }
    )*};
    (@kind Signed, $n:expr) => { ElementType::SignedInteger { bytes: $n } };
    (@kind Unsigned, $n:expr) => { ElementType::UnsignedInteger { bytes: $n } };
    (@kind Float, $n:expr) => { ElementType::Float { bytes: $n } };
}

element!(
    i8 => Signed, i16 => Signed, i32 => Signed, i64 => Signed, isize => Signed,
    u8 => Unsigned, u16 => Unsigned, u32 => Unsigned, u64 => Unsigned, usize => Unsigned,
    f32 => Float, f64 => Float,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_native_and_standard_formats() {
        use ElementType::*;
        assert_eq!(ElementType::from_format(c"b"), SignedInteger { bytes: 1 });
        assert_eq!(
            ElementType::from_format(c"@B"),
            UnsignedInteger { bytes: 1 }
        );
        assert_eq!(ElementType::from_format(c"?"), Bool);
        assert_eq!(ElementType::from_format(c"=l"), SignedInteger { bytes: 4 });
        assert_eq!(
            ElementType::from_format(c"l"),
            SignedInteger {
                bytes: size_of::<std::os::raw::c_long>()
            }
        );
        assert_eq!(ElementType::from_format(c"<q"), SignedInteger { bytes: 8 });
        assert_eq!(
            ElementType::from_format(c"!H"),
            UnsignedInteger { bytes: 2 }
        );
        assert_eq!(ElementType::from_format(c"e"), Float { bytes: 2 });
        assert_eq!(ElementType::from_format(c"f"), Float { bytes: 4 });
        assert_eq!(ElementType::from_format(c"n"), SignedInteger { bytes: 8 });
        // `n` has no standard size; structs, counts and empty formats are not one number.
        assert_eq!(ElementType::from_format(c"<n"), Unknown);
        assert_eq!(ElementType::from_format(c"ii"), Unknown);
        assert_eq!(ElementType::from_format(c"2d"), Unknown);
        assert_eq!(ElementType::from_format(c""), Unknown);
        assert_eq!(ElementType::from_format(c"Zd"), Unknown);
    }

    #[test]
    fn elements_match_size_kind_and_byte_order() {
        assert!(u8::is_compatible_format(c"B"));
        assert!(u8::is_compatible_format(c"c"));
        assert!(!u8::is_compatible_format(c"b"));
        assert!(i8::is_compatible_format(c"b"));
        assert!(f64::is_compatible_format(c"d"));
        assert!(!f64::is_compatible_format(c"f"));
        assert!(!f32::is_compatible_format(c"d"));
        assert!(i64::is_compatible_format(c"q"));
        assert!(!u64::is_compatible_format(c"q"));
        assert!(i32::is_compatible_format(c"=i"));
        let foreign = if cfg!(target_endian = "little") {
            c">i"
        } else {
            c"<i"
        };
        assert!(!i32::is_compatible_format(foreign));
        // One-byte items have no byte order.
        assert!(u8::is_compatible_format(c">B"));
        assert!(usize::is_compatible_format(c"N"));
    }
}
