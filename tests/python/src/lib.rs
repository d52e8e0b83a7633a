//! `pybound_testext`: the extension module the pytest suites import. Each Rust module holds the
//! functions one pytest file exercises.

use pybound::prelude::*;

mod adversarial;
mod asyncs;
mod boundary;
#[cfg(any(Py_3_11, not(Py_LIMITED_API)))] // the stable ABI has buffers from 3.11
mod buffers;
mod classes;
mod conversions;
mod ecosystem;
mod serde_support;
mod signatures;

pybound::create_exception!(
    pybound_testext,
    CustomError,
    pybound::exceptions::PyException,
    "An error defined in Rust."
);

pybound::create_exception!(
    pybound_testext.errors,
    NestedError,
    pybound::exceptions::PyValueError,
    "An error whose module is a dotted path."
);

/// A helper submodule defined with the function form.
#[pymodule]
#[pybound(name = "helpers", submodule)]
fn helpers(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(signatures::double, m)?)?;
    m.add("KIND", "function-form submodule")
}

/// A function-form submodule that also takes the `Python` token, as PyO3 allows.
#[pymodule]
#[pybound(submodule)]
fn with_token(py: Python<'_>, m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<classes::Receivers>()?;
    m.add_class::<classes::TokenTaking>()?;
    m.add_class::<classes::Level>()?;
    m.add_class::<classes::Priority>()?;
    m.add_class::<classes::Ready>()?;
    m.add_class::<classes::Countdown>()?;
    m.add_class::<classes::Event>()?;
    m.add_class::<classes::Speed>()?;
    m.add_function(wrap_pyfunction!(classes::speed_name, m)?)?;
    m.add_function(wrap_pyfunction!(classes::shape_variant, m)?)?;
    m.add_function(wrap_pyfunction!(classes::point_norm1, m)?)?;
    m.add_function(wrap_pyfunction!(classes::point_shift, m)?)?;
    m.add_function(wrap_pyfunction!(classes::point_x_or_zero, m)?)?;
    m.add_function(wrap_pyfunction!(classes::point_guards, m)?)?;
    m.add_wrapped(wrap_pyfunction!(signatures::double))?;
    m.add_wrapped(wrap_pymodule!(wrapped_sub))?;
    m.add("py_major", py.version_info().major)
}

/// A submodule added with `add_wrapped(wrap_pymodule!(...))`.
#[pymodule]
#[pybound(submodule)]
fn wrapped_sub(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

/// Test module for pybound's functions and modules.
#[pymodule]
mod pybound_testext {
    use super::*;

    #[pymodule_export]
    use crate::signatures::{
        add, args_kwargs, defaults, double, echo_kwargs, hex_sum, kw_only, mixed_all, no_args,
        object_length, optional_trailing, pos_only, renamed_inline, renamed_option, square, ten,
        text_sig_override, token_and_args, with_doc, with_module, Measurer,
    };

    #[pymodule_export]
    use crate::signatures::{annotated_sig, no_text_sig, Scaler};

    #[pymodule_export]
    use crate::asyncs::{add_async, fail_async, panic_async, sleep_then, until_cancelled, Store};

    #[pymodule_export]
    use crate::signatures::{old_api, twice_warned, Legacy};

    #[pymodule_export]
    use crate::adversarial::{
        call_with_dict, echo_i128, echo_u128, kwargs_keys, one_named, sum_args, vec_len, KwPair,
        PanicOnDrop,
    };

    #[pymodule_export]
    use crate::boundary::{
        call_back, call_back_with_kwargs, make_counter, mutate_dict_while_iterating, panics,
        panics_with_format, raises_custom, raises_value_error, returns_err_io, returns_unit,
        Panicky,
    };

    #[cfg(any(Py_3_11, not(Py_LIMITED_API)))]
    #[pymodule_export]
    use crate::buffers::{
        counting_bytes, describe_buffer, fill_bytes, filled_bytes, i64_items, immutable_len,
        owned_bytes, owned_bytes_writable, owned_doubles, sum_f64, sum_f64_cells, Blob, RawBuffer,
        Samples,
    };

    #[pymodule_export]
    use crate::conversions::{
        bound_list_len, bump_settings, by_reference_twice, byte_len, describe, describe_shape,
        double_meters, double_tagged, echo_shape, first_item, list_of_lists, maybe_len, narrow_u8,
        negate, optional_result, pair_sum, py_object_roundtrip, read_config, read_record,
        roundtrip_config, set_len, str_or_bytes, strict_value, sum_list, sum_map, to_upper,
        tuple_swap, word_count,
    };

    #[pymodule_export]
    use super::{helpers, with_token, NestedError};

    #[pymodule_export]
    use crate::ecosystem::ecosystem;

    #[pymodule_export]
    use crate::serde_support::serde_mod;

    // Items compiled out by their `#[cfg]` are not exported (nor named: this one does not
    // exist); items whose `#[cfg]` holds are.
    #[cfg(any())]
    #[pymodule_export]
    use crate::nowhere::missing;

    #[cfg(any(unix, windows))]
    #[pymodule_export]
    use crate::adversarial::cfg_kept;

    #[pymodule_export]
    use crate::classes::{
        area, make_points, make_race_car, make_rect, make_token, move_point, next_color, point_sum,
        sequence_len, vehicle_parts_dropped, Base, Car, Cents, Chain, Color, Counter, Deletable,
        Derived, Dynamic, Frozen, Indexed, Initialised, Knob, Labelled, Layered, LocalOnly, Node,
        Open, Pair2, Person, Point, Pooled, RaceCar, Reentrant, Shape, Shouting, Squares, Stored,
        Tagged, Token, Vec2, Vehicle, Version,
    };

    // Classes with a built-in base (an exception, `dict`, `list`): full-API builds only.
    #[cfg(not(Py_LIMITED_API))]
    #[pymodule_export]
    use crate::classes::{
        parse_strict, CountingList, MissingField, ParseError, StorageError, TaggedDict,
    };

    /// Functions defined inline become part of this module automatically.
    #[pyfunction]
    fn inline_function() -> &'static str {
        "inline"
    }

    /// Classes defined inline too, as in PyO3.
    #[pyclass(eq, eq_int, from_py_object)]
    #[derive(Clone, PartialEq)]
    enum InlineKind {
        First,
        Second,
    }

    /// An inline struct class.
    #[pyclass]
    struct InlineClass {
        #[pybound(get)]
        kind: InlineKind,
    }

    #[pymethods]
    impl InlineClass {
        #[new]
        fn new(kind: InlineKind) -> Self {
            InlineClass { kind }
        }
    }

    // An inline class compiled out by its `#[cfg]` is not exported.
    #[cfg(any())]
    #[pyclass]
    struct CompiledOut;

    /// An inline submodule.
    #[pymodule]
    mod nested {
        use pybound::prelude::*;

        #[pyfunction]
        fn where_am_i(m_name: Option<&str>) -> String {
            format!("nested:{}", m_name.unwrap_or("-"))
        }

        /// A submodule of a submodule.
        #[pymodule]
        mod deeper {
            use pybound::prelude::*;

            #[pyfunction]
            fn depth() -> u32 {
                2
            }
        }
    }

    /// Renamed with `#[pybound(name = ...)]`.
    #[pymodule]
    #[pybound(name = "renamed_sub")]
    mod rust_side_name {
        #[pymodule_export]
        use crate::signatures::double;
    }

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("VERSION", "0.0.0")?;
        // Whether this build uses the stable ABI only (the suites skip what it leaves out).
        m.add("LIMITED_API", cfg!(Py_LIMITED_API))?;
        m.add("CustomError", m.py().get_type::<CustomError>())?;
        m.add("ANSWER", 42)
    }
}
