//! Borrowing along a chain of `#[pyclass]` bases: a borrow of a subclass value borrows its
//! base parts too, so `as_super` lends theirs (as PyO3's does) and borrows of the parts
//! conflict the way one borrow of the whole object would.

use pybound::prelude::*;
#[cfg(not(Py_LIMITED_API))]
use pybound::types::PyDict;

#[pyclass(subclass)]
struct Vehicle {
    wheels: u32,
}

#[pyclass(extends = Vehicle, subclass)]
struct Car {
    seats: u32,
}

#[pyclass(extends = Car)]
struct Taxi {
    fares: u32,
}

fn taxi(py: Python<'_>) -> Bound<'_, Taxi> {
    let init = PyClassInitializer::from(Vehicle { wheels: 4 })
        .add_subclass(Car { seats: 5 })
        .add_subclass(Taxi { fares: 0 });
    Bound::new(py, init).unwrap()
}

#[test]
fn as_super_lends_every_base_part() {
    Python::attach(|py| {
        let t = taxi(py);
        let r = t.borrow();
        assert_eq!((r.as_super().as_super().wheels, r.as_super().seats), (4, 5));
        assert_eq!(r.fares, 0);
        // The parts are borrowed shared with the subclass: more shared borrows are fine,
        // exclusive ones are refused at every level.
        assert!(t.as_super().try_borrow().is_ok());
        assert!(t.as_super().try_borrow_mut().is_err());
        assert!(t.as_super().as_super().try_borrow_mut().is_err());
        drop(r);
        assert!(t.as_super().as_super().try_borrow_mut().is_ok());
    });
}

#[test]
fn an_exclusive_borrow_covers_the_bases_and_mutates_them() {
    Python::attach(|py| {
        let t = taxi(py);
        {
            let mut m = t.borrow_mut();
            m.fares += 1;
            m.as_super().seats -= 1;
            m.as_super().as_super().wheels += 2;
            assert!(t.as_super().try_borrow().is_err());
            assert!(t.as_super().as_super().try_borrow().is_err());
        }
        let r = t.borrow();
        assert_eq!(
            (r.fares, r.as_super().seats, r.as_super().as_super().wheels),
            (1, 4, 6)
        );
    });
}

#[test]
fn a_refused_base_leaves_no_borrow_behind() {
    Python::attach(|py| {
        let t = taxi(py);
        let vehicle = t.as_super().as_super().borrow_mut();
        // Taxi's and Car's own flags are taken first, then Vehicle's is refused: both must be
        // given back.
        let err = t.try_borrow().err().unwrap();
        assert_eq!(err.to_string(), "Already mutably borrowed");
        assert_eq!(
            t.try_borrow_mut().err().unwrap().to_string(),
            "Already borrowed"
        );
        drop(vehicle);
        assert!(t.try_borrow_mut().is_ok());
        assert!(t.as_super().try_borrow_mut().is_ok());
    });
}

#[test]
fn into_super_keeps_only_the_base_borrow() {
    Python::attach(|py| {
        let t = taxi(py);
        let car = t.borrow().into_super();
        assert_eq!(car.seats, 5);
        // Taxi's own part is free again, but an exclusive borrow of Taxi needs Car's too.
        assert!(t.try_borrow_mut().is_err());
        assert!(t.try_borrow().is_ok());
        drop(car);
        let mut car_mut = t.borrow_mut().into_super();
        assert!(t.try_borrow().is_err());
        // Vehicle's part stays exclusively borrowed with Car's: reachable only through it.
        assert!(car_mut.as_bound().as_super().try_borrow().is_err());
        assert_eq!(car_mut.as_super().wheels, 4);
        drop(car_mut);
        assert!(t.try_borrow_mut().is_ok());
    });
}

#[pyclass(subclass)]
struct Counter {
    n: u32,
}

#[pyclass(frozen, extends = Counter)]
struct Label {
    text: &'static str,
}

#[test]
fn a_frozen_subclass_still_borrows_its_mutable_base() {
    Python::attach(|py| {
        let init = PyClassInitializer::from(Counter { n: 7 }).add_subclass(Label { text: "x" });
        let label = Bound::new(py, init).unwrap();
        let r = label.borrow();
        assert_eq!((r.text, r.as_super().n), ("x", 7));
        assert!(label.as_super().try_borrow_mut().is_err());
        drop(r);
        label.as_super().borrow_mut().n += 1;
        assert_eq!(label.borrow().as_super().n, 8);
    });
}

// The stable ABI hides `dict`'s layout: no native bases there.
#[cfg(not(Py_LIMITED_API))]
#[pyclass(extends = PyDict)]
struct Registry {}

#[cfg(not(Py_LIMITED_API))]
#[pymethods]
impl Registry {
    #[new]
    #[pybound(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyAny>, _kwargs: Option<&Bound<'_, PyAny>>) -> Self {
        Registry {}
    }
}

#[cfg(not(Py_LIMITED_API))]
#[test]
fn bound_as_super_is_the_native_base() {
    Python::attach(|py| {
        let cls = py.get_type::<Registry>();
        let reg = cls.call0().unwrap().cast_into::<Registry>().unwrap();
        reg.as_super().set_item("k", 1).unwrap();
        assert_eq!(reg.as_super().len(), 1);
        let dict: Bound<'_, PyDict> = reg.into_super();
        assert_eq!(
            dict.get_item("k")
                .unwrap()
                .unwrap()
                .extract::<i32>()
                .unwrap(),
            1
        );
    });
}

#[test]
fn class_guards_reach_their_bases() {
    Python::attach(|py| {
        let t = taxi(py);
        {
            let g = PyClassGuard::try_from(&t).unwrap();
            assert_eq!(g.as_super().as_super().wheels, 4);
            let car = g.into_super();
            assert_eq!(car.seats, 5);
            assert!(t.try_borrow_mut().is_err());
        }
        {
            let g = PyClassGuardMut::try_from(&t).unwrap();
            let mut car = g.into_super();
            car.seats = 2;
            assert!(t.as_super().try_borrow().is_err());
        }
        assert_eq!(t.borrow().as_super().seats, 2);
        assert!(t.try_borrow_mut().is_ok());
    });
}
