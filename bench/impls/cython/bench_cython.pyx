# distutils: language = c++
# cython: language_level=3, boundscheck=False, wraparound=False
# cython: c_string_type=unicode, c_string_encoding=utf8
"""The benchmark API written with Cython, as its documentation teaches: typed `def` functions
(C types for the parameters, C++ containers where a case converts to a Rust collection), a
`cdef class` for the class cases, a typed memoryview for the buffer."""

from libcpp.string cimport string
from libcpp.unordered_map cimport unordered_map
from libcpp.vector cimport vector
from cpython.bytes cimport PyBytes_FromStringAndSize


def noargs():
    pass


def positional(long long a, double b, str c):
    return a + <long long>b + len(c)


def keywords(long long a, long long b, long long c):
    return a + b + c


def defaults(long long a, long long b=2, long long c=3):
    return a + b + c


def list_sum(vector[long long] values):
    cdef long long total = 0
    for v in values:
        total += v
    return total


def list_sum_p(vector[long long] values, /):
    cdef long long total = 0
    for v in values:
        total += v
    return total


def list_make(Py_ssize_t n):
    cdef Py_ssize_t i
    return [i for i in range(n)]


def str_len(str s):
    return len(s)


def str_len_p(str s, /):
    return len(s)


def str_echo(string s):
    return s


def dict_sum(unordered_map[string, long long] d):
    cdef long long total = 0
    for item in d:
        total += item.second
    return total


def tuple_return():
    return 1, 2.5, "abc"


def raise_value_error():
    raise ValueError("bad value")


def callback(f):
    cdef long long total = 0
    cdef long long i
    for i in range(100):
        total += <long long>f(i)
    return total


def getattr_sum(obj):
    cdef long long total = 0
    cdef int i
    for i in range(100):
        total += <long long>obj.value
    return total


def buffer_sum(const double[:] values):
    cdef double total = 0
    cdef Py_ssize_t i
    for i in range(values.shape[0]):
        total += values[i]
    return total


def bytes_return(Py_ssize_t n):
    # The same work as the others' `Vec<u8>` returned as `bytes`: a buffer made, then copied.
    cdef vector[char] data = vector[char](n, 7)
    return PyBytes_FromStringAndSize(data.data(), n)


def make_temporaries(Py_ssize_t n):
    cdef Py_ssize_t i
    for i in range(n):
        temporary = [i]
    return n


cdef class Counter:
    """The class cases: construction, a method, a property read and write."""

    cdef public long long value

    def __init__(self, long long start):
        self.value = start

    def incr(self, long long k):
        self.value += k
        return self.value

    def incr_p(self, long long k, /):
        self.value += k
        return self.value

    def __lt__(self, Counter other):
        return self.value < other.value


cdef class Ints:
    """The iteration case: `for i in Ints(n)` yields 0 … n-1."""

    cdef size_t next, end

    def __init__(self, size_t n):
        self.next = 0
        self.end = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.next >= self.end:
            raise StopIteration
        self.next += 1
        return self.next - 1


cdef class Base:
    """The inheritance case: a method of a base class called on an instance of its subclass."""

    cdef long long value

    def __init__(self):
        self.value = 1

    def get(self):
        return self.value


cdef class Derived(Base):
    def __init__(self):
        self.value = 2
