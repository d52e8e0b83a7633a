//! The benchmark API hand-written against the C API (through pyo3-ffi): the floor. Argument
//! checks are kept (a real extension must not crash on bad input). Where a case names a Rust
//! type (`list_sum` via `Vec<i64>`, `dict_sum` via `HashMap<String, i64>`, `str_echo` via
//! `String`), this code builds that value too, by hand, so that every implementation does the
//! same work and the comparison measures the bindings alone.
//!
//! Every function accepts the calls the bindings' versions accept: its arguments by position
//! or by keyword (`METH_FASTCALL | METH_KEYWORDS`), or none (`METH_FASTCALL`, which CPython
//! calls faster than `METH_NOARGS` functions; `Base.get`, a method, is `METH_NOARGS`). The
//! `*_p` functions and `Counter.incr_p` take their one argument positionally only (`METH_O`):
//! the floor of the bindings' positional-only (`/`) versions.

#![allow(non_upper_case_globals, clippy::missing_safety_doc)]

use std::collections::HashMap;
use std::os::raw::c_char;
use std::ptr::{self, addr_of_mut};

use pyo3_ffi::*;

static mut NAME_A: *mut PyObject = ptr::null_mut();
static mut NAME_B: *mut PyObject = ptr::null_mut();
static mut NAME_C: *mut PyObject = ptr::null_mut();
static mut NAME_VALUE: *mut PyObject = ptr::null_mut();
// Parameter names of the one-argument functions (`values`, `n`, `s`, `d`, `f`, `obj`) and of
// `Counter(start)` / `incr(k)`.
static mut NAME_VALUES: *mut PyObject = ptr::null_mut();
static mut NAME_N: *mut PyObject = ptr::null_mut();
static mut NAME_S: *mut PyObject = ptr::null_mut();
static mut NAME_D: *mut PyObject = ptr::null_mut();
static mut NAME_F: *mut PyObject = ptr::null_mut();
static mut NAME_OBJ: *mut PyObject = ptr::null_mut();
static mut NAME_START: *mut PyObject = ptr::null_mut();
static mut NAME_K: *mut PyObject = ptr::null_mut();

unsafe fn type_error(msg: &std::ffi::CStr) -> *mut PyObject {
    PyErr_SetString(PyExc_TypeError, msg.as_ptr());
    ptr::null_mut()
}

unsafe fn as_i64(obj: *mut PyObject, out: &mut i64) -> bool {
    let v = PyLong_AsLongLong(obj);
    if v == -1 && !PyErr_Occurred().is_null() {
        return false;
    }
    *out = v;
    true
}

unsafe extern "C" fn noargs(_m: *mut PyObject, _a: *mut *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    if nargs != 0 {
        return type_error(c"noargs() takes no arguments");
    }
    Py_NewRef(Py_None())
}

unsafe extern "C" fn positional(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let Some([a, b, c]) = frame(args, nargs, kwnames, [NAME_A, NAME_B, NAME_C]) else {
        return ptr::null_mut();
    };
    if a.is_null() || b.is_null() || c.is_null() {
        return type_error(c"positional() missing a required argument");
    }
    let (mut a_value, b) = (0, PyFloat_AsDouble(b));
    if !as_i64(a, &mut a_value) || (b == -1.0 && !PyErr_Occurred().is_null()) {
        return ptr::null_mut();
    }
    let a = a_value;
    if PyUnicode_Check(c) == 0 {
        return type_error(c"positional() argument 'c' must be str");
    }
    let mut len: Py_ssize_t = 0;
    if PyUnicode_AsUTF8AndSize(c, &mut len).is_null() {
        return ptr::null_mut();
    }
    PyLong_FromLongLong(a + b as i64 + len as i64)
}

/// The argument slots of a vectorcall to a function whose parameters are `names` (interned):
/// the positional arguments first, then the keywords by name (compared by pointer first);
/// NULL where not given. `None`, with a `TypeError` set, for too many positional arguments or
/// an unknown or repeated keyword.
unsafe fn frame<const N: usize>(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    names: [*mut PyObject; N],
) -> Option<[*mut PyObject; N]> {
    let nargs = PyVectorcall_NARGS(nargs as usize);
    if nargs > N as Py_ssize_t {
        type_error(c"takes fewer positional arguments");
        return None;
    }
    let mut slots = [ptr::null_mut(); N];
    for (i, slot) in slots.iter_mut().enumerate().take(nargs as usize) {
        *slot = *args.add(i);
    }
    if kwnames.is_null() {
        return Some(slots);
    }
    for i in 0..PyTuple_GET_SIZE(kwnames) {
        let key = PyTuple_GET_ITEM(kwnames, i);
        let index = match names.iter().position(|&k| k == key) {
            Some(j) => Some(j),
            None => names.iter().position(|&k| PyUnicode_Compare(k, key) == 0),
        };
        match index {
            Some(j) if slots[j].is_null() => slots[j] = *args.add((nargs + i) as usize),
            Some(_) => {
                type_error(c"got multiple values for an argument");
                return None;
            }
            None => {
                type_error(c"got an unexpected keyword argument");
                return None;
            }
        }
    }
    Some(slots)
}

unsafe fn three_ints(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    defaults: [Option<i64>; 3],
) -> Option<[i64; 3]> {
    let slots = frame(args, nargs, kwnames, [NAME_A, NAME_B, NAME_C])?;
    let mut out = [0i64; 3];
    for i in 0..3 {
        if slots[i].is_null() {
            match defaults[i] {
                Some(d) => out[i] = d,
                None => {
                    type_error(c"missing required argument");
                    return None;
                }
            }
        } else if !as_i64(slots[i], &mut out[i]) {
            return None;
        }
    }
    Some(out)
}

/// `$entry`, a vectorcall function taking the one argument `$name` by position or keyword,
/// for the `METH_O` function `$inner`.
macro_rules! keyword_entry {
    ($entry:ident, $inner:ident, $name:ident) => {
        unsafe extern "C" fn $entry(
            m: *mut PyObject,
            args: *const *mut PyObject,
            nargs: Py_ssize_t,
            kwnames: *mut PyObject,
        ) -> *mut PyObject {
            match frame(args, nargs, kwnames, [$name]) {
                Some([arg]) if !arg.is_null() => $inner(m, arg),
                Some(_) => type_error(c"missing required argument"),
                None => ptr::null_mut(),
            }
        }
    };
}

keyword_entry!(list_sum, list_sum_p, NAME_VALUES);
keyword_entry!(list_make, list_make_o, NAME_N);
keyword_entry!(buffer_sum, buffer_sum_o, NAME_VALUES);
keyword_entry!(bytes_return, bytes_return_o, NAME_N);
keyword_entry!(str_len, str_len_p, NAME_S);
keyword_entry!(str_echo, str_echo_o, NAME_S);
keyword_entry!(dict_sum, dict_sum_o, NAME_D);
keyword_entry!(callback, callback_o, NAME_F);
keyword_entry!(getattr_sum, getattr_sum_o, NAME_OBJ);
keyword_entry!(make_temporaries, make_temporaries_o, NAME_N);

unsafe extern "C" fn keywords(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    match three_ints(args, nargs, kwnames, [None, None, None]) {
        Some([a, b, c]) => PyLong_FromLongLong(a + b + c),
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn defaults(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    match three_ints(args, nargs, kwnames, [None, Some(2), Some(3)]) {
        Some([a, b, c]) => PyLong_FromLongLong(a + b + c),
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn list_sum_p(m: *mut PyObject, list: *mut PyObject) -> *mut PyObject {
    if PyList_Check(list) == 0 {
        // Any other sequence (not a str), as `Vec<i64>` takes it: through a list.
        if PyUnicode_Check(list) != 0 || PySequence_Check(list) == 0 {
            return type_error(c"list_sum() argument must be a sequence");
        }
        let copy = PySequence_List(list);
        if copy.is_null() {
            return ptr::null_mut();
        }
        let result = list_sum_p(m, copy);
        Py_DECREF(copy);
        return result;
    }
    let n = PyList_GET_SIZE(list);
    let mut values: Vec<i64> = Vec::with_capacity(n as usize);
    for i in 0..n {
        let mut v = 0;
        if !as_i64(PyList_GET_ITEM(list, i), &mut v) {
            return ptr::null_mut();
        }
        values.push(v);
    }
    PyLong_FromLongLong(values.iter().sum())
}

unsafe extern "C" fn list_make_o(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let n = PyLong_AsSsize_t(arg);
    if n == -1 && !PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    let list = PyList_New(n);
    if list.is_null() {
        return ptr::null_mut();
    }
    for i in 0..n {
        let item = PyLong_FromSsize_t(i);
        if item.is_null() {
            Py_DECREF(list);
            return ptr::null_mut();
        }
        PyList_SET_ITEM(list, i, item);
    }
    list
}

/// The sum of a buffer of doubles: the exporter's memory read in place when it is contiguous,
/// a contiguous copy otherwise (as the bindings' `PyBuffer<f64>` versions do).
unsafe extern "C" fn buffer_sum_o(_m: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    let mut view = std::mem::MaybeUninit::<Py_buffer>::uninit();
    if PyObject_GetBuffer(obj, view.as_mut_ptr(), PyBUF_FULL_RO) == -1 {
        return ptr::null_mut();
    }
    let mut view = view.assume_init();
    let format = if view.format.is_null() { c"B" } else { std::ffi::CStr::from_ptr(view.format) };
    if view.itemsize != 8 || !matches!(format.to_bytes(), b"d" | b"@d" | b"=d" | b"<d") {
        PyBuffer_Release(&mut view);
        PyErr_SetString(PyExc_BufferError, c"buffer contents are not compatible with f64".as_ptr());
        return ptr::null_mut();
    }
    let count = (view.len / 8) as usize;
    let total: f64 = if PyBuffer_IsContiguous(&view, b'C' as c_char) != 0 {
        std::slice::from_raw_parts(view.buf.cast::<f64>(), count).iter().sum()
    } else {
        let mut copy = Vec::<f64>::with_capacity(count);
        if PyBuffer_ToContiguous(copy.as_mut_ptr().cast(), &mut view, view.len, b'C' as c_char) == -1 {
            PyBuffer_Release(&mut view);
            return ptr::null_mut();
        }
        copy.set_len(count);
        copy.iter().sum()
    };
    PyBuffer_Release(&mut view);
    PyFloat_FromDouble(total)
}

/// `n` bytes of 7 made in a `Vec<u8>`, returned as `bytes` (one copy, as the bindings do).
unsafe extern "C" fn bytes_return_o(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let n = PyLong_AsSsize_t(arg);
    if n == -1 && !PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    let data = vec![7u8; n as usize];
    PyBytes_FromStringAndSize(data.as_ptr().cast(), n)
}

unsafe fn utf8(obj: *mut PyObject, len: &mut Py_ssize_t) -> *const c_char {
    if PyUnicode_Check(obj) == 0 {
        type_error(c"argument must be str");
        return ptr::null();
    }
    PyUnicode_AsUTF8AndSize(obj, len)
}

unsafe extern "C" fn str_len_p(_m: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    let mut len = 0;
    if utf8(s, &mut len).is_null() {
        return ptr::null_mut();
    }
    PyLong_FromSsize_t(len)
}

unsafe extern "C" fn str_echo_o(_m: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    let mut len = 0;
    let data = utf8(s, &mut len);
    if data.is_null() {
        return ptr::null_mut();
    }
    let owned: String = std::str::from_utf8_unchecked(std::slice::from_raw_parts(data.cast(), len as usize)).to_owned();
    PyUnicode_FromStringAndSize(owned.as_ptr().cast(), owned.len() as Py_ssize_t)
}

unsafe extern "C" fn dict_sum_o(_m: *mut PyObject, d: *mut PyObject) -> *mut PyObject {
    if PyDict_Check(d) == 0 {
        return type_error(c"dict_sum() argument must be a dict");
    }
    let (mut pos, mut key, mut value) = (0, ptr::null_mut(), ptr::null_mut());
    let mut map: HashMap<String, i64> = HashMap::with_capacity(PyDict_Size(d) as usize);
    while PyDict_Next(d, &mut pos, &mut key, &mut value) != 0 {
        let mut len = 0;
        let data = utf8(key, &mut len);
        if data.is_null() {
            return ptr::null_mut();
        }
        let mut v = 0;
        if !as_i64(value, &mut v) {
            return ptr::null_mut();
        }
        let k = std::str::from_utf8_unchecked(std::slice::from_raw_parts(data.cast(), len as usize)).to_owned();
        map.insert(k, v);
    }
    PyLong_FromLongLong(map.values().sum())
}

unsafe extern "C" fn tuple_return(_m: *mut PyObject, _a: *mut *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    if nargs != 0 {
        return type_error(c"tuple_return() takes no arguments");
    }
    let t = PyTuple_New(3);
    if t.is_null() {
        return ptr::null_mut();
    }
    PyTuple_SET_ITEM(t, 0, PyLong_FromLongLong(1));
    PyTuple_SET_ITEM(t, 1, PyFloat_FromDouble(2.5));
    PyTuple_SET_ITEM(t, 2, PyUnicode_FromStringAndSize(c"abc".as_ptr(), 3));
    t
}

unsafe extern "C" fn raise_value_error(_m: *mut PyObject, _a: *mut *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    if nargs != 0 {
        return type_error(c"raise_value_error() takes no arguments");
    }
    PyErr_SetString(PyExc_ValueError, c"bad value".as_ptr());
    ptr::null_mut()
}

unsafe extern "C" fn callback_o(_m: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    let mut total: i64 = 0;
    for i in 0..100i64 {
        let arg = PyLong_FromLongLong(i);
        let mut argv = [ptr::null_mut(), arg];
        let r = PyObject_Vectorcall(f, argv.as_mut_ptr().add(1), 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, ptr::null_mut());
        Py_DECREF(arg);
        if r.is_null() {
            return ptr::null_mut();
        }
        let mut v = 0;
        let ok = as_i64(r, &mut v);
        Py_DECREF(r);
        if !ok {
            return ptr::null_mut();
        }
        total += v;
    }
    PyLong_FromLongLong(total)
}

unsafe extern "C" fn getattr_sum_o(_m: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    let mut total: i64 = 0;
    for _ in 0..100 {
        let v = PyObject_GetAttr(obj, NAME_VALUE);
        if v.is_null() {
            return ptr::null_mut();
        }
        let mut x = 0;
        let ok = as_i64(v, &mut x);
        Py_DECREF(v);
        if !ok {
            return ptr::null_mut();
        }
        total += x;
    }
    PyLong_FromLongLong(total)
}

unsafe extern "C" fn make_temporaries_o(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let n = PyLong_AsSsize_t(arg);
    if n == -1 && !PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    for i in 0..n {
        let list = PyList_New(1);
        if list.is_null() {
            return ptr::null_mut();
        }
        PyList_SET_ITEM(list, 0, PyLong_FromSsize_t(i));
        Py_DECREF(list);
    }
    PyLong_FromSsize_t(n)
}

macro_rules! def {
    ($name:ident, $f:ident, $meth:ident, $flags:expr) => {
        PyMethodDef {
            ml_name: concat!(stringify!($name), "\0").as_ptr().cast(),
            ml_meth: PyMethodDefPointer { $meth: $f },
            ml_flags: $flags,
            ml_doc: ptr::null(),
        }
    };
    ($name:ident, kw) => {
        def!($name, $name, PyCFunctionFastWithKeywords, METH_FASTCALL | METH_KEYWORDS)
    };
    ($name:ident, fast) => {
        def!($name, $name, PyCFunctionFast, METH_FASTCALL)
    };
    ($name:ident, o) => {
        def!($name, $name, PyCFunction, METH_O)
    };
}

static mut METHODS: [PyMethodDef; 19] = [
    def!(buffer_sum, kw),
    def!(bytes_return, kw),
    def!(noargs, fast),
    def!(positional, kw),
    def!(keywords, kw),
    def!(defaults, kw),
    def!(list_sum, kw),
    def!(list_sum_p, o),
    def!(list_make, kw),
    def!(str_len, kw),
    def!(str_len_p, o),
    def!(str_echo, kw),
    def!(dict_sum, kw),
    def!(tuple_return, fast),
    def!(raise_value_error, fast),
    def!(callback, kw),
    def!(getattr_sum, kw),
    def!(make_temporaries, kw),
    PyMethodDef::zeroed(),
];

static mut MODULE: PyModuleDef = PyModuleDef {
    m_base: PyModuleDef_HEAD_INIT,
    m_name: c"bench_capi".as_ptr(),
    m_doc: ptr::null(),
    m_size: -1,
    m_methods: ptr::null_mut(),
    m_slots: ptr::null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

// ---- the class cases: a Counter type with a constructor, a method and a property ----

#[repr(C)]
struct CounterObject {
    ob_base: PyObject,
    value: i64,
}

unsafe extern "C" fn counter_new(subtype: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    // `Counter(start)`: by position or as `start=`.
    let n_kwargs = if kwargs.is_null() { 0 } else { PyDict_Size(kwargs) };
    let start = match (PyTuple_GET_SIZE(args), n_kwargs) {
        (1, 0) => PyTuple_GET_ITEM(args, 0),
        (0, 1) => PyDict_GetItemWithError(kwargs, NAME_START),
        _ => ptr::null_mut(),
    };
    if start.is_null() {
        return if PyErr_Occurred().is_null() {
            type_error(c"Counter() takes exactly one argument (start)")
        } else {
            ptr::null_mut()
        };
    }
    let mut v = 0;
    if !as_i64(start, &mut v) {
        return ptr::null_mut();
    }
    let obj = PyType_GenericAlloc(subtype, 0);
    if obj.is_null() {
        return ptr::null_mut();
    }
    (*obj.cast::<CounterObject>()).value = v;
    obj
}

unsafe extern "C" fn counter_dealloc(obj: *mut PyObject) {
    let ty = Py_TYPE(obj);
    let free: freefunc = std::mem::transmute::<*mut std::ffi::c_void, freefunc>(PyType_GetSlot(ty, Py_tp_free));
    free(obj.cast());
    Py_DECREF(ty.cast());
}

/// `incr(k)`: by position or as `k=`.
unsafe extern "C" fn counter_incr(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    match frame(args, nargs, kwnames, [NAME_K]) {
        Some([k]) if !k.is_null() => counter_add(slf, k),
        Some(_) => type_error(c"incr() missing required argument 'k'"),
        None => ptr::null_mut(),
    }
}

/// `incr_p(k, /)` (`METH_O`).
unsafe extern "C" fn counter_incr_p(slf: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    counter_add(slf, k)
}

unsafe fn counter_add(slf: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let mut k = 0;
    if !as_i64(arg, &mut k) {
        return ptr::null_mut();
    }
    let c = slf.cast::<CounterObject>();
    (*c).value += k;
    PyLong_FromLongLong((*c).value)
}

unsafe extern "C" fn counter_get_value(slf: *mut PyObject, _closure: *mut std::ffi::c_void) -> *mut PyObject {
    PyLong_FromLongLong((*slf.cast::<CounterObject>()).value)
}

unsafe extern "C" fn counter_set_value(slf: *mut PyObject, value: *mut PyObject, _closure: *mut std::ffi::c_void) -> std::os::raw::c_int {
    if value.is_null() {
        PyErr_SetString(PyExc_AttributeError, c"can't delete attribute".as_ptr());
        return -1;
    }
    let mut v = 0;
    if !as_i64(value, &mut v) {
        return -1;
    }
    (*slf.cast::<CounterObject>()).value = v;
    0
}

static mut COUNTER_METHODS: [PyMethodDef; 3] = [
    def!(incr, counter_incr, PyCFunctionFastWithKeywords, METH_FASTCALL | METH_KEYWORDS),
    def!(incr_p, counter_incr_p, PyCFunction, METH_O),
    PyMethodDef::zeroed(),
];

static mut COUNTER_GETSET: [PyGetSetDef; 2] = [
    PyGetSetDef {
        name: c"value".as_ptr(),
        get: Some(counter_get_value),
        set: Some(counter_set_value),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef { name: ptr::null(), get: None, set: None, doc: ptr::null(), closure: ptr::null_mut() },
];

/// `a < b` between two Counters; anything else is `NotImplemented`.
unsafe extern "C" fn counter_richcompare(a: *mut PyObject, b: *mut PyObject, op: std::os::raw::c_int) -> *mut PyObject {
    if op != Py_LT || Py_TYPE(a) != Py_TYPE(b) {
        return Py_NewRef(Py_NotImplemented());
    }
    let less = (*a.cast::<CounterObject>()).value < (*b.cast::<CounterObject>()).value;
    Py_NewRef(if less { Py_True() } else { Py_False() })
}

unsafe fn counter_type() -> *mut PyObject {
    let mut slots = [
        PyType_Slot { slot: Py_tp_richcompare, pfunc: counter_richcompare as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_new, pfunc: counter_new as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_dealloc, pfunc: counter_dealloc as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_methods, pfunc: addr_of_mut!(COUNTER_METHODS).cast() },
        PyType_Slot { slot: Py_tp_getset, pfunc: addr_of_mut!(COUNTER_GETSET).cast() },
        PyType_Slot { slot: 0, pfunc: ptr::null_mut() },
    ];
    let mut spec = PyType_Spec {
        name: c"bench_capi.Counter".as_ptr(),
        basicsize: std::mem::size_of::<CounterObject>() as std::os::raw::c_int,
        itemsize: 0,
        flags: Py_TPFLAGS_DEFAULT as _,
        slots: slots.as_mut_ptr(),
    };
    PyType_FromSpec(&mut spec)
}

// ---- the iteration case: `Ints(n)` yields 0 … n-1 ----

#[repr(C)]
struct IntsObject {
    ob_base: PyObject,
    next: Py_ssize_t,
    end: Py_ssize_t,
}

/// `Ints(n)`: by position or as `n=`.
unsafe extern "C" fn ints_new(subtype: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    let n_kwargs = if kwargs.is_null() { 0 } else { PyDict_Size(kwargs) };
    let n = match (PyTuple_GET_SIZE(args), n_kwargs) {
        (1, 0) => PyTuple_GET_ITEM(args, 0),
        (0, 1) => PyDict_GetItemWithError(kwargs, NAME_N),
        _ => ptr::null_mut(),
    };
    if n.is_null() {
        return if PyErr_Occurred().is_null() { type_error(c"Ints() takes exactly one argument (n)") } else { ptr::null_mut() };
    }
    let end = PyLong_AsSsize_t(n);
    if end == -1 && !PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    if end < 0 {
        PyErr_SetString(PyExc_OverflowError, c"can't convert negative int to unsigned".as_ptr());
        return ptr::null_mut();
    }
    let obj = PyType_GenericAlloc(subtype, 0);
    if !obj.is_null() {
        let ints = obj.cast::<IntsObject>();
        (*ints).next = 0;
        (*ints).end = end;
    }
    obj
}

unsafe extern "C" fn ints_next(obj: *mut PyObject) -> *mut PyObject {
    let ints = obj.cast::<IntsObject>();
    if (*ints).next >= (*ints).end {
        return ptr::null_mut();
    }
    (*ints).next += 1;
    PyLong_FromSsize_t((*ints).next - 1)
}

unsafe extern "C" fn ints_iter(obj: *mut PyObject) -> *mut PyObject {
    Py_NewRef(obj)
}

unsafe fn ints_type() -> *mut PyObject {
    let mut slots = [
        PyType_Slot { slot: Py_tp_new, pfunc: ints_new as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_dealloc, pfunc: counter_dealloc as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_iter, pfunc: ints_iter as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_iternext, pfunc: ints_next as *mut std::ffi::c_void },
        PyType_Slot { slot: 0, pfunc: ptr::null_mut() },
    ];
    let mut spec = PyType_Spec {
        name: c"bench_capi.Ints".as_ptr(),
        basicsize: std::mem::size_of::<IntsObject>() as std::os::raw::c_int,
        itemsize: 0,
        flags: Py_TPFLAGS_DEFAULT as _,
        slots: slots.as_mut_ptr(),
    };
    PyType_FromSpec(&mut spec)
}

// ---- the inheritance case: `Derived(Base)`, `Base.get` called on a `Derived` ----

/// `Base()` and `Derived()` (no arguments): `value` 1 or 2.
unsafe extern "C" fn base_new(subtype: *mut PyTypeObject, args: *mut PyObject, kwargs: *mut PyObject) -> *mut PyObject {
    if PyTuple_GET_SIZE(args) != 0 || (!kwargs.is_null() && PyDict_Size(kwargs) != 0) {
        return type_error(c"takes no arguments");
    }
    let obj = PyType_GenericAlloc(subtype, 0);
    if !obj.is_null() {
        (*obj.cast::<CounterObject>()).value = if subtype.cast() == DERIVED_TYPE { 2 } else { 1 };
    }
    obj
}

unsafe extern "C" fn base_get(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    PyLong_FromLongLong((*slf.cast::<CounterObject>()).value)
}

static mut BASE_METHODS: [PyMethodDef; 2] = [def!(get, base_get, PyCFunction, METH_NOARGS), PyMethodDef::zeroed()];
static mut DERIVED_TYPE: *mut PyObject = ptr::null_mut();

/// `Base` (same layout as `Counter`) or, given the base, `Derived`.
unsafe fn base_type(base: *mut PyObject) -> *mut PyObject {
    let mut slots = [
        PyType_Slot { slot: Py_tp_new, pfunc: base_new as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_dealloc, pfunc: counter_dealloc as *mut std::ffi::c_void },
        PyType_Slot { slot: Py_tp_methods, pfunc: addr_of_mut!(BASE_METHODS).cast() },
        PyType_Slot { slot: 0, pfunc: ptr::null_mut() },
    ];
    if !base.is_null() {
        slots[2] = PyType_Slot { slot: Py_tp_base, pfunc: base.cast() };
    }
    let mut spec = PyType_Spec {
        name: if base.is_null() { c"bench_capi.Base".as_ptr() } else { c"bench_capi.Derived".as_ptr() },
        basicsize: std::mem::size_of::<CounterObject>() as std::os::raw::c_int,
        itemsize: 0,
        flags: (Py_TPFLAGS_DEFAULT | if base.is_null() { Py_TPFLAGS_BASETYPE } else { 0 }) as _,
        slots: slots.as_mut_ptr(),
    };
    PyType_FromSpec(&mut spec)
}

#[no_mangle]
pub unsafe extern "C" fn PyInit_bench_capi() -> *mut PyObject {
    NAME_A = PyUnicode_InternFromString(c"a".as_ptr());
    NAME_B = PyUnicode_InternFromString(c"b".as_ptr());
    NAME_C = PyUnicode_InternFromString(c"c".as_ptr());
    NAME_VALUE = PyUnicode_InternFromString(c"value".as_ptr());
    NAME_VALUES = PyUnicode_InternFromString(c"values".as_ptr());
    NAME_N = PyUnicode_InternFromString(c"n".as_ptr());
    NAME_S = PyUnicode_InternFromString(c"s".as_ptr());
    NAME_D = PyUnicode_InternFromString(c"d".as_ptr());
    NAME_F = PyUnicode_InternFromString(c"f".as_ptr());
    NAME_OBJ = PyUnicode_InternFromString(c"obj".as_ptr());
    NAME_START = PyUnicode_InternFromString(c"start".as_ptr());
    NAME_K = PyUnicode_InternFromString(c"k".as_ptr());
    (*addr_of_mut!(MODULE)).m_methods = addr_of_mut!(METHODS).cast();
    let module = PyModule_Create(addr_of_mut!(MODULE));
    if module.is_null() {
        return module;
    }
    let base = base_type(ptr::null_mut());
    if base.is_null() {
        Py_DECREF(module);
        return ptr::null_mut();
    }
    DERIVED_TYPE = base_type(base);
    let types = [(c"Counter", counter_type()), (c"Ints", ints_type()), (c"Base", base), (c"Derived", DERIVED_TYPE)];
    // `DERIVED_TYPE` keeps a reference of its own (`base_new` compares with it).
    if !DERIVED_TYPE.is_null() {
        Py_INCREF(DERIVED_TYPE);
    }
    for (name, ty) in types {
        if ty.is_null() || PyModule_AddObject(module, name.as_ptr(), ty) < 0 {
            Py_XDECREF(ty);
            Py_DECREF(module);
            return ptr::null_mut();
        }
    }
    module
}

