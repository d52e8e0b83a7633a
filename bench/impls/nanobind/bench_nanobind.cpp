// The benchmark API written with nanobind, as its documentation teaches: functions bound with
// `m.def` and named arguments (`"x"_a`; without names a parameter is positional-only),
// STL casters where a case converts to a Rust collection, `nb::class_` for the class cases,
// `nb::ndarray` for the buffer.
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/operators.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/unordered_map.h>
#include <nanobind/stl/vector.h>

namespace nb = nanobind;
using namespace nb::literals;

namespace {

struct Counter {
    explicit Counter(int64_t start) : value(start) {}
    int64_t incr(int64_t k) {
        value += k;
        return value;
    }
    bool operator<(const Counter &other) const { return value < other.value; }
    int64_t value;
};

// The inheritance case: a method of a base class called on an instance of its subclass.
struct Base {
    int64_t value = 1;
    int64_t get() const { return value; }
};
struct Derived : Base {
    Derived() { value = 2; }
};

// The iteration case: `for i in Ints(n)` yields 0 ... n-1.
struct Ints {
    explicit Ints(size_t n) : next(0), end(n) {}
    size_t next, end;
};

int64_t sum(const std::vector<int64_t> &values) {
    int64_t total = 0;
    for (int64_t v : values) total += v;
    return total;
}

}  // namespace

NB_MODULE(bench_nanobind, m) {
    m.def("noargs", []() {});
    m.def("positional",
          [](int64_t a, double b, std::string_view c) { return a + (int64_t)b + (int64_t)c.size(); },
          "a"_a, "b"_a, "c"_a);
    m.def("keywords", [](int64_t a, int64_t b, int64_t c) { return a + b + c; }, "a"_a, "b"_a, "c"_a);
    m.def("defaults", [](int64_t a, int64_t b, int64_t c) { return a + b + c; }, "a"_a, "b"_a = 2,
          "c"_a = 3);
    m.def("list_sum", &sum, "values"_a);
    // Without `nb::arg` names, parameters are positional-only.
    m.def("list_sum_p", &sum);
    m.def("list_make", [](size_t n) {
        nb::list list;
        for (size_t i = 0; i < n; i++) list.append(i);
        return list;
    }, "n"_a);
    m.def("str_len", [](std::string_view s) { return s.size(); }, "s"_a);
    m.def("str_len_p", [](std::string_view s) { return s.size(); });
    m.def("str_echo", [](std::string_view s) { return std::string(s); }, "s"_a);
    m.def("dict_sum", [](const std::unordered_map<std::string, int64_t> &d) {
        int64_t total = 0;
        for (const auto &item : d) total += item.second;
        return total;
    }, "d"_a);
    m.def("tuple_return", []() { return std::make_tuple((int64_t)1, 2.5, "abc"); });
    m.def("raise_value_error", []() { throw nb::value_error("bad value"); });
    m.def("callback", [](nb::callable f) {
        int64_t total = 0;
        for (int64_t i = 0; i < 100; i++) total += nb::cast<int64_t>(f(i));
        return total;
    }, "f"_a);
    m.def("getattr_sum", [](nb::handle obj) {
        int64_t total = 0;
        for (int i = 0; i < 100; i++) total += nb::cast<int64_t>(obj.attr("value"));
        return total;
    }, "obj"_a);
    m.def("buffer_sum", [](nb::ndarray<const double, nb::ndim<1>, nb::device::cpu> values) {
        auto view = values.view();
        double total = 0;
        for (size_t i = 0; i < view.shape(0); i++) total += view(i);
        return total;
    }, "values"_a);
    m.def("bytes_return", [](size_t n) {
        std::vector<char> data(n, 7);
        return nb::bytes(data.data(), data.size());
    }, "n"_a);
    m.def("make_temporaries", [](size_t n) {
        for (size_t i = 0; i < n; i++) {
            nb::list list;
            list.append(i);
        }
        return n;
    }, "n"_a);

    nb::class_<Counter>(m, "Counter")
        .def(nb::init<int64_t>(), "start"_a)
        .def("incr", &Counter::incr, "k"_a)
        .def("incr_p", &Counter::incr)
        .def_rw("value", &Counter::value)
        .def(nb::self < nb::self);

    nb::class_<Base>(m, "Base").def(nb::init<>()).def("get", &Base::get);
    nb::class_<Derived, Base>(m, "Derived").def(nb::init<>());

    nb::class_<Ints>(m, "Ints")
        .def(nb::init<size_t>(), "n"_a)
        .def("__iter__", [](nb::handle self) { return self; })
        .def("__next__", [](Ints &self) {
            if (self.next >= self.end) throw nb::stop_iteration();
            return self.next++;
        });
}
