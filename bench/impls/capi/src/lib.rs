//! The benchmark API hand-written against the C API (through pyo3-ffi): the floor. Argument
//! checks are kept (a real extension must not crash on bad input). Where a case names a Rust
//! type (`list_sum` via `Vec<i64>`, `dict_sum` via `HashMap<String, i64>`, `str_echo` via
//! `String`), this code builds that value too, by hand, so that every implementation does the
//! same work and the comparison measures the bindings alone.

#![allow(non_upper_case_globals, clippy::missing_safety_doc)]

use std::collections::HashMap;
use std::os::raw::c_char;
use std::ptr::{self, addr_of_mut};

use pyo3_ffi::*;

static mut NAME_A: *mut PyObject = ptr::null_mut();
static mut NAME_B: *mut PyObject = ptr::null_mut();
static mut NAME_C: *mut PyObject = ptr::null_mut();
static mut NAME_VALUE: *mut PyObject = ptr::null_mut();

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

unsafe extern "C" fn positional(_m: *mut PyObject, args: *mut *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    if nargs != 3 {
        return type_error(c"positional() takes exactly 3 arguments");
    }
    let mut a = 0;
    if !as_i64(*args, &mut a) {
        return ptr::null_mut();
    }
    let b = PyFloat_AsDouble(*args.add(1));
    if b == -1.0 && !PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    let c = *args.add(2);
    if PyUnicode_Check(c) == 0 {
        return type_error(c"positional() argument 'c' must be str");
    }
    let mut len: Py_ssize_t = 0;
    if PyUnicode_AsUTF8AndSize(c, &mut len).is_null() {
        return ptr::null_mut();
    }
    PyLong_FromLongLong(a + b as i64 + len as i64)
}

/// Place keyword arguments named a/b/c into `slots` (interned names compare by pointer first).
unsafe fn place_keywords(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    slots: &mut [*mut PyObject; 3],
) -> bool {
    if kwnames.is_null() {
        return true;
    }
    let names = [NAME_A, NAME_B, NAME_C];
    let n = PyTuple_GET_SIZE(kwnames);
    for i in 0..n {
        let key = PyTuple_GET_ITEM(kwnames, i);
        let mut index = names.iter().position(|&k| k == key);
        if index.is_none() {
            index = names.iter().position(|&k| PyUnicode_Compare(k, key) == 0);
        }
        match index {
            Some(j) if slots[j].is_null() => slots[j] = *args.add((nargs + i) as usize),
            Some(_) => {
                type_error(c"got multiple values for an argument");
                return false;
            }
            None => {
                type_error(c"got an unexpected keyword argument");
                return false;
            }
        }
    }
    true
}

unsafe fn three_ints(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    defaults: [Option<i64>; 3],
) -> Option<[i64; 3]> {
    if nargs > 3 {
        type_error(c"takes at most 3 positional arguments");
        return None;
    }
    let mut slots = [ptr::null_mut(); 3];
    for i in 0..nargs as usize {
        slots[i] = *args.add(i);
    }
    if !place_keywords(args, nargs, kwnames, &mut slots) {
        return None;
    }
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

unsafe extern "C" fn list_sum(_m: *mut PyObject, list: *mut PyObject) -> *mut PyObject {
    if PyList_Check(list) == 0 {
        return type_error(c"list_sum() argument must be a list");
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

unsafe extern "C" fn list_make(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
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
unsafe extern "C" fn buffer_sum(_m: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
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
unsafe extern "C" fn bytes_return(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
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

unsafe extern "C" fn str_len(_m: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    let mut len = 0;
    if utf8(s, &mut len).is_null() {
        return ptr::null_mut();
    }
    PyLong_FromSsize_t(len)
}

unsafe extern "C" fn str_echo(_m: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    let mut len = 0;
    let data = utf8(s, &mut len);
    if data.is_null() {
        return ptr::null_mut();
    }
    let owned: String = std::str::from_utf8_unchecked(std::slice::from_raw_parts(data.cast(), len as usize)).to_owned();
    PyUnicode_FromStringAndSize(owned.as_ptr().cast(), owned.len() as Py_ssize_t)
}

unsafe extern "C" fn dict_sum(_m: *mut PyObject, d: *mut PyObject) -> *mut PyObject {
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

unsafe extern "C" fn tuple_return(_m: *mut PyObject, _a: *mut *mut PyObject, _n: Py_ssize_t) -> *mut PyObject {
    let t = PyTuple_New(3);
    if t.is_null() {
        return ptr::null_mut();
    }
    PyTuple_SET_ITEM(t, 0, PyLong_FromLongLong(1));
    PyTuple_SET_ITEM(t, 1, PyFloat_FromDouble(2.5));
    PyTuple_SET_ITEM(t, 2, PyUnicode_FromStringAndSize(c"abc".as_ptr(), 3));
    t
}

unsafe extern "C" fn raise_value_error(_m: *mut PyObject, _a: *mut *mut PyObject, _n: Py_ssize_t) -> *mut PyObject {
    PyErr_SetString(PyExc_ValueError, c"bad value".as_ptr());
    ptr::null_mut()
}

unsafe extern "C" fn callback(_m: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
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

unsafe extern "C" fn getattr_sum(_m: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
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

unsafe extern "C" fn make_temporaries(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
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
    ($name:ident, fast) => {
        PyMethodDef {
            ml_name: concat!(stringify!($name), "\0").as_ptr().cast(),
            ml_meth: PyMethodDefPointer { PyCFunctionFast: $name },
            ml_flags: METH_FASTCALL,
            ml_doc: ptr::null(),
        }
    };
    ($name:ident, fastkw) => {
        PyMethodDef {
            ml_name: concat!(stringify!($name), "\0").as_ptr().cast(),
            ml_meth: PyMethodDefPointer { PyCFunctionFastWithKeywords: $name },
            ml_flags: METH_FASTCALL | METH_KEYWORDS,
            ml_doc: ptr::null(),
        }
    };
    ($name:ident, o) => {
        PyMethodDef {
            ml_name: concat!(stringify!($name), "\0").as_ptr().cast(),
            ml_meth: PyMethodDefPointer { PyCFunction: $name },
            ml_flags: METH_O,
            ml_doc: ptr::null(),
        }
    };
}

static mut METHODS: [PyMethodDef; 17] = [
    def!(buffer_sum, o),
    def!(bytes_return, o),
    def!(noargs, fast),
    def!(positional, fast),
    def!(keywords, fastkw),
    def!(defaults, fastkw),
    def!(list_sum, o),
    def!(list_make, o),
    def!(str_len, o),
    def!(str_echo, o),
    def!(dict_sum, o),
    def!(tuple_return, fast),
    def!(raise_value_error, fast),
    def!(callback, o),
    def!(getattr_sum, o),
    def!(make_temporaries, o),
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
    if !kwargs.is_null() && PyDict_Size(kwargs) != 0 {
        return type_error(c"Counter() takes no keyword arguments");
    }
    if PyTuple_GET_SIZE(args) != 1 {
        return type_error(c"Counter() takes exactly 1 argument");
    }
    let mut v = 0;
    if !as_i64(PyTuple_GET_ITEM(args, 0), &mut v) {
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

#[cfg(not(feature = "keyword-incr"))]
unsafe extern "C" fn counter_incr(slf: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    counter_add(slf, arg)
}

/// `incr` as the other three implementations have it, accepting `k=` (`METH_FASTCALL |
/// METH_KEYWORDS`). Not the floor: only for measuring what the calling convention costs
/// (see bench/README.md, "`class_method` and the calling convention").
#[cfg(feature = "keyword-incr")]
unsafe extern "C" fn counter_incr(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let by_keyword = || {
        nargs == 0
            && PyTuple_GET_SIZE(kwnames) == 1
            && PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), c"k".as_ptr()) == 0
    };
    if !((nargs == 1 && kwnames.is_null()) || (!kwnames.is_null() && by_keyword())) {
        return type_error(c"incr() takes exactly one argument (k)");
    }
    counter_add(slf, *args)
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

static mut COUNTER_METHODS: [PyMethodDef; 2] = [
    PyMethodDef {
        ml_name: c"incr".as_ptr(),
        #[cfg(not(feature = "keyword-incr"))]
        ml_meth: PyMethodDefPointer { PyCFunction: counter_incr },
        #[cfg(not(feature = "keyword-incr"))]
        ml_flags: METH_O,
        #[cfg(feature = "keyword-incr")]
        ml_meth: PyMethodDefPointer { PyCFunctionFastWithKeywords: counter_incr },
        #[cfg(feature = "keyword-incr")]
        ml_flags: METH_FASTCALL | METH_KEYWORDS,
        ml_doc: ptr::null(),
    },
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

unsafe fn counter_type() -> *mut PyObject {
    let mut slots = [
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

#[no_mangle]
pub unsafe extern "C" fn PyInit_bench_capi() -> *mut PyObject {
    NAME_A = PyUnicode_InternFromString(c"a".as_ptr());
    NAME_B = PyUnicode_InternFromString(c"b".as_ptr());
    NAME_C = PyUnicode_InternFromString(c"c".as_ptr());
    NAME_VALUE = PyUnicode_InternFromString(c"value".as_ptr());
    (*addr_of_mut!(MODULE)).m_methods = addr_of_mut!(METHODS).cast();
    let module = PyModule_Create(addr_of_mut!(MODULE));
    if module.is_null() {
        return module;
    }
    let ty = counter_type();
    if ty.is_null() || PyModule_AddObject(module, c"Counter".as_ptr(), ty) < 0 {
        Py_XDECREF(ty);
        Py_DECREF(module);
        return ptr::null_mut();
    }
    module
}

