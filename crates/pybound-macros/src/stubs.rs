//! Type-stub text (`.pyi`): Python annotations for Rust types, and the signatures of functions
//! and methods with them.
//!
//! The macros know each parameter's Rust type; the runtime (feature `stubs`) assembles a
//! module's stub from these texts and the live module (`pybound_core::stubs`). A Rust type the
//! mapping below does not know (a `#[pyclass]`, or any user type) is written `{Name}` (its last
//! path segment): the runtime replaces it with the class of that Rust name in the module, or
//! `typing.Any` when there is none.

use crate::signature::{Plan, Source};
use crate::types::{dereferenced, is_option, last_segment, type_argument};

/// Which way a value crosses: a parameter Python passes in, or a result Rust returns. Inputs
/// accept the abstract collection types (`Sequence`, `Mapping`), as the conversions do.
#[derive(Clone, Copy, PartialEq)]
pub enum Dir {
    In,
    Out,
}

/// The Python annotation of a Rust type. `self_name` is the Rust name `Self` stands for.
pub fn annotation(ty: &syn::Type, self_name: Option<&str>, dir: Dir) -> String {
    let ty = dereferenced(ty);
    match ty {
        syn::Type::Tuple(t) if t.elems.is_empty() => return "None".into(),
        syn::Type::Tuple(t) => {
            let items: Vec<String> = t
                .elems
                .iter()
                .map(|e| annotation(e, self_name, dir))
                .collect();
            return format!("tuple[{}]", items.join(", "));
        }
        syn::Type::Slice(s) if last_segment(&s.elem).is_some_and(|s| s.ident == "u8") => {
            return "bytes".into()
        }
        syn::Type::Slice(s) => return sequence(&s.elem, self_name, dir),
        syn::Type::Array(a) => return sequence(&a.elem, self_name, dir),
        syn::Type::Path(_) => {}
        _ => return "typing.Any".into(),
    }
    let Some(seg) = last_segment(ty) else {
        return "typing.Any".into();
    };
    let name = seg.ident.to_string();
    let arg = |n: usize| type_argument(ty, n).map(|t| annotation(t, self_name, dir));
    let arg_or_any = |n: usize| arg(n).unwrap_or_else(|| "typing.Any".into());
    let simple = match name.as_str() {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" | "BigInt" | "BigUint" | "PyInt" | "PyLong" => "int",
        n if n.starts_with("NonZero") => "int",
        "f32" | "f64" | "PyFloat" | "OrderedFloat" | "NotNan" => "float",
        "bool" | "PyBool" => "bool",
        "String" | "str" | "char" | "PyBackedStr" | "PyString" | "OsString" | "OsStr"
        | "CString" | "CStr" => "str",
        "PyBackedBytes" | "PyBytes" | "Bytes" | "BytesMut" => "bytes",
        "PyByteArray" => "bytearray",
        "PyList" => "list[typing.Any]",
        "PyTuple" => "tuple[typing.Any, ...]",
        "PyDict" => "dict[typing.Any, typing.Any]",
        "PySet" => "set[typing.Any]",
        "PyFrozenSet" => "frozenset[typing.Any]",
        "PyType" => "type",
        "PyModule" => "types.ModuleType",
        "PyComplex" | "Complex" => "complex",
        "PySlice" => "slice",
        "PyMemoryView" => "memoryview",
        "PyNone" => "None",
        "PyCode" => "types.CodeType",
        "PyIterator" => "typing.Iterator[typing.Any]",
        "PySequence" => "typing.Sequence[typing.Any]",
        "PyMapping" => "typing.Mapping[typing.Any, typing.Any]",
        "PyFunction" | "PyCFunction" => "typing.Callable[..., typing.Any]",
        "PyDate" | "NaiveDate" | "Date" => "datetime.date",
        "PyDateTime" | "NaiveDateTime" | "DateTime" | "SystemTime" | "OffsetDateTime"
        | "PrimitiveDateTime" | "Zoned" | "Timestamp" => "datetime.datetime",
        "PyTime" | "NaiveTime" | "Time" => "datetime.time",
        "PyDelta" | "Duration" | "TimeDelta" | "SignedDuration" => "datetime.timedelta",
        "PyTzInfo" | "Tz" | "FixedOffset" | "Utc" | "UtcOffset" | "TimeZone" => "datetime.tzinfo",
        "Decimal" | "BigDecimal" => "decimal.Decimal",
        "Uuid" => "uuid.UUID",
        "Ratio" => "fractions.Fraction",
        "IpAddr" => "ipaddress.IPv4Address | ipaddress.IPv6Address",
        "Ipv4Addr" => "ipaddress.IPv4Address",
        "Ipv6Addr" => "ipaddress.IPv6Address",
        "PyAny" | "PyObject" | "PyBaseException" => "typing.Any",
        "PathBuf" | "Path" => {
            return match dir {
                Dir::In => "str | os.PathLike[str]".into(),
                Dir::Out => "pathlib.Path".into(),
            }
        }
        _ => "",
    };
    if !simple.is_empty() {
        return simple.into();
    }
    match name.as_str() {
        "Option" => format!("{} | None", arg_or_any(0)),
        // The value of a `Result` (the error is raised); `Cow<T>` and the smart pointers are
        // their content; `Bound<T>` and its relatives are the Python type `T` stands for.
        "Result" | "PyResult" | "Cow" | "Box" | "Rc" | "Arc" | "Cell" | "Bound" | "Borrowed"
        | "Py" | "PyRef" | "PyRefMut" | "PyClassGuard" | "PyClassGuardMut" | "Wrapping" => {
            // (`Bound<'py, T>`: the lifetime is not a type argument.)
            match arg(0) {
                Some(i) if i == "str" && name == "Cow" => "str".into(),
                Some(i) => i,
                None => "typing.Any".into(),
            }
        }
        "Vec" | "VecDeque" | "LinkedList" | "SmallVec" | "BinaryHeap" => {
            if let Some(elem) = type_argument(ty, 0) {
                if name == "Vec" && last_segment(elem).is_some_and(|s| s.ident == "u8") {
                    return "bytes".into();
                }
                sequence(elem, self_name, dir)
            } else {
                "list[typing.Any]".into()
            }
        }
        "HashMap" | "BTreeMap" | "IndexMap" => {
            let (k, v) = (arg_or_any(0), arg_or_any(1));
            match dir {
                Dir::In => format!("typing.Mapping[{k}, {v}]"),
                Dir::Out => format!("dict[{k}, {v}]"),
            }
        }
        "HashSet" | "BTreeSet" | "IndexSet" => match dir {
            Dir::In => format!("typing.AbstractSet[{}]", arg_or_any(0)),
            Dir::Out => format!("set[{}]", arg_or_any(0)),
        },
        "Either" => format!("{} | {}", arg_or_any(0), arg_or_any(1)),
        "Self" => match self_name {
            Some(n) => format!("{{{n}}}"),
            None => "typing.Any".into(),
        },
        // Python's exception types (`PyValueError` …) name the class without the prefix.
        n if n.starts_with("Py") && n.ends_with("Error") | n.ends_with("Exception") => {
            n["Py".len()..].to_owned()
        }
        // A user type: resolved to a class of the module, or `typing.Any`.
        n => format!("{{{n}}}"),
    }
}

/// `list[T]` for a result, `typing.Sequence[T]` for a parameter.
fn sequence(elem: &syn::Type, self_name: Option<&str>, dir: Dir) -> String {
    let e = annotation(elem, self_name, dir);
    match dir {
        Dir::In => format!("typing.Sequence[{e}]"),
        Dir::Out => format!("list[{e}]"),
    }
}

/// The annotation of a function's result (`None` without one).
pub fn returns(output: &syn::ReturnType, self_name: Option<&str>) -> String {
    match output {
        syn::ReturnType::Default => "None".into(),
        syn::ReturnType::Type(_, ty) => annotation(ty, self_name, Dir::Out),
    }
}

/// The stub signature of a function or method with an argument plan: `(self, a: int, /, b: str
/// = ...) -> bool`. `first` is `self` / `cls` for methods; `result` the return annotation.
pub fn signature(
    plan: &Plan,
    first: Option<&str>,
    self_name: Option<&str>,
    result: &str,
) -> String {
    let mut annotate = |ident: &syn::Ident| {
        let p = plan.params.iter().find(|p| &p.ident == ident)?;
        if let Some(a) = &p.annotation {
            return Some(a.clone());
        }
        // A `from_py_with` parameter takes whatever its function accepts.
        if p.from_py_with.is_some() {
            return Some("typing.Any".into());
        }
        match p.source {
            // `*args: T` and `**kwargs: T` annotate each item: known for `Vec<T>` and maps.
            Source::VarArgs => {
                let elem = if crate::types::is_named(dereferenced(&p.ty), "Vec") {
                    type_argument(dereferenced(&p.ty), 0)
                } else {
                    None
                };
                Some(elem.map_or("typing.Any".into(), |t| annotation(t, self_name, Dir::In)))
            }
            Source::KwArgs => {
                let map = if is_option(&p.ty) {
                    type_argument(&p.ty, 0).map(dereferenced)
                } else {
                    None
                };
                let value = map
                    .filter(|m| {
                        ["HashMap", "BTreeMap", "IndexMap"]
                            .iter()
                            .any(|n| crate::types::is_named(m, n))
                    })
                    .and_then(|m| type_argument(m, 1));
                Some(value.map_or("typing.Any".into(), |t| annotation(t, self_name, Dir::In)))
            }
            _ => Some(annotation(&p.ty, self_name, Dir::In)),
        }
    };
    let mut items: Vec<String> = first.map(str::to_owned).into_iter().collect();
    items.extend(plan.text_items.iter().map(|t| t.render(&mut annotate)));
    format!("({}) -> {result}", items.join(", "))
}

/// The stub signature of a slot method, whose operands are positional-only:
/// `(self, other: Point, /) -> bool`.
pub fn operands<'a>(
    operands: impl IntoIterator<Item = (String, &'a syn::Type)>,
    self_name: Option<&str>,
    result: &str,
) -> String {
    let mut items = vec!["self".to_owned()];
    let operands: Vec<_> = operands.into_iter().collect();
    for (i, (name, ty)) in operands.iter().enumerate() {
        // A last optional operand after another is one CPython's wrapper defaults to `None`
        // (`__get__`'s `owner`, `__pow__`'s `mod`).
        let default = if i > 0 && i + 1 == operands.len() && is_option(dereferenced(ty)) {
            " = ..."
        } else {
            ""
        };
        items.push(format!(
            "{name}: {}{default}",
            annotation(ty, self_name, Dir::In)
        ));
    }
    items.push("/".into());
    format!("({}) -> {result}", items.join(", "))
}
