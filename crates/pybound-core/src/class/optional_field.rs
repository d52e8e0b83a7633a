//! Optional instance fields: the owning thread (`unsendable`), the `__dict__` (`dict`) and the
//! weak-reference list (`weakref`), which only some classes have. (Not to be confused with
//! CPython's type slots, which `slot_support.rs` and `heap_type.rs` deal with.) `#[pyclass]` picks [`Present`]
//! or [`Absent`] for each, so an instance carries only the fields its class asked for: a plain
//! class is its object header, the borrow flag and the value (for one `i64` on 64-bit CPython,
//! 16 + 8 + 8 = 32 bytes).

mod sealed {
    pub trait Sealed {}
    impl<V> Sealed for super::Present<V> {}
    impl Sealed for super::Absent {}
}

/// A field an instance may or may not have. Implemented by [`Present`] and [`Absent`] only
/// (sealed).
pub trait OptionalField<V: Copy>: sealed::Sealed + Sized + 'static {
    /// Whether the field exists.
    const PRESENT: bool;
    /// The field holding `value` (for [`Absent`], nothing).
    fn new(value: V) -> Self;
    /// The stored value; `None` when the field is absent.
    fn get(&self) -> Option<V>;
    /// Replace the stored value and return the old one (for [`Absent`], `None`).
    fn replace(&mut self, value: V) -> Option<V>;
}

/// The field exists and holds a `V`.
#[repr(transparent)]
pub struct Present<V>(V);

/// The field does not exist: takes no space in the instance.
pub struct Absent;

impl<V: Copy + 'static> OptionalField<V> for Present<V> {
    const PRESENT: bool = true;
    #[inline(always)]
    fn new(value: V) -> Self {
        Present(value)
    }
    #[inline(always)]
    fn get(&self) -> Option<V> {
        Some(self.0)
    }
    #[inline(always)]
    fn replace(&mut self, value: V) -> Option<V> {
        Some(std::mem::replace(&mut self.0, value))
    }
}

impl<V: Copy> OptionalField<V> for Absent {
    const PRESENT: bool = false;
    #[inline(always)]
    fn new(_: V) -> Self {
        Absent
    }
    #[inline(always)]
    fn get(&self) -> Option<V> {
        None
    }
    #[inline(always)]
    fn replace(&mut self, _: V) -> Option<V> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_takes_no_space_and_present_holds_its_value() {
        assert_eq!(std::mem::size_of::<Absent>(), 0);
        let mut p = <Present<usize> as OptionalField<usize>>::new(7);
        assert_eq!(p.get(), Some(7));
        assert_eq!(p.replace(9), Some(7));
        assert_eq!(p.get(), Some(9));
        let mut a = <Absent as OptionalField<usize>>::new(7);
        assert_eq!(OptionalField::<usize>::get(&a), None);
        assert_eq!(OptionalField::<usize>::replace(&mut a, 9), None);
        #[repr(C)]
        struct WithAbsent(u64, Absent, Absent, u64);
        assert_eq!(std::mem::size_of::<WithAbsent>(), 16);
    }
}
