// Items made by a user's `macro_rules!` from tokens its caller passes: the generated code's own
// names (the token, the argument array) must resolve whatever the hygiene of the user's tokens.
use pybound::prelude::*;

macro_rules! class_with_methods {
    ($name:ident { $($method:item)* }) => {
        #[pyclass]
        pub struct $name {
            n: i64,
        }

        #[pymethods]
        impl $name {
            $($method)*
        }
    };
}

class_with_methods!(Counter {
    #[new]
    fn new(n: i64) -> Self {
        Counter { n }
    }

    fn add(&self, k: i64, scale: Option<i64>) -> i64 {
        self.n + k * scale.unwrap_or(1)
    }
});

macro_rules! function_from_caller {
    ($item:item) => {
        #[pyfunction]
        $item
    };
}

function_from_caller!(
    fn twice(x: i64, label: &str) -> String {
        format!("{label}{}", x * 2)
    }
);

fn main() {
    Python::attach(|py| {
        let c = Bound::new(py, Counter::new(1)).unwrap();
        assert_eq!(c.call_method1("add", (2,)).unwrap().extract::<i64>().unwrap(), 3);
        // `PyRef::as_ptr` / `PyRefMut::as_ptr`, as in PyO3.
        assert_eq!(c.borrow().as_ptr(), c.as_ptr());
        assert_eq!(c.borrow_mut().as_ptr(), c.as_ptr());
        let f = wrap_pyfunction!(twice, py).unwrap();
        assert_eq!(f.call1((4, "x")).unwrap().extract::<String>().unwrap(), "x8");
    });
}

// A class instance converts into `Py<PyAny>`, as in PyO3.
#[allow(dead_code)]
fn into_any(c: Bound<'_, Counter>) -> Py<PyAny> {
    c.into()
}
