"""Assemble the type stub of a pybound module from the live module (pybound's `stubs` feature).

`generate(module, describe)` walks what the module holds. `describe(obj)` is pybound's: it
returns ("function", signature) for a #[pyfunction], ("class", rust_name, members) for a
#[pyclass] (members: (name, kind, text) from the macros), else None. What pybound does not
describe is introspected (inspect.signature); every runtime member of a class is in the stub,
so that stubtest finds nothing missing.
"""

import importlib.util
import inspect
import re
import sys

_P = inspect.Parameter
# Class attributes a stub does not declare (type checkers know them, or stubtest ignores them).
_CLASS_SKIP = {
    "__module__", "__doc__", "__dict__", "__weakref__", "__qualname__", "__slots__",
    "__text_signature__", "__hash__", "__annotations__", "__getattr__", "__setattr__",
    "__subclasshook__", "__abstractmethods__",
}
_POINTER_SIZE = 8 if sys.maxsize > 2**32 else 4
_BUILTIN_VALUES = {
    "int": "int", "float": "float", "str": "str", "bytes": "bytes", "bool": "bool",
    "complex": "complex", "bytearray": "bytearray", "NoneType": "None",
    "tuple": "tuple[typing.Any, ...]", "list": "list[typing.Any]",
    "dict": "dict[typing.Any, typing.Any]", "set": "set[typing.Any]",
    "frozenset": "frozenset[typing.Any]",
}
_BASETYPE = 1 << 10  # Py_TPFLAGS_BASETYPE
# Parameters of these methods take any object (`object`'s signatures), whatever the Rust type.
_OBJECT_OPERAND = {"__eq__", "__ne__", "__contains__"}


def generate(module, describe):
    gen = _Generator(module, describe)
    return gen.run()


class _Generator:
    def __init__(self, module, describe):
        self.module = module
        self.describe = describe
        # id(type) -> how the stub refers to it; Rust name -> the same, for `{Name}`.
        self.local = {}
        self.rust_names = {}
        self.imports = set()

    def run(self):
        entries = [
            (k, v) for k, v in vars(self.module).items()
            if not (k.startswith("__") and k.endswith("__")) and k != "_pybound_stubs"
        ]
        for name, obj in entries:
            if isinstance(obj, type):
                self._collect(name, obj)
        body = []
        if "__all__" in vars(self.module):
            names = ", ".join(repr(str(n)) for n in self.module.__all__)
            body.append(f"__all__ = [{names}]")
        if "_pybound_stubs" in vars(self.module):
            body.append("def _pybound_stubs() -> str: ...")
        for name, obj in entries:
            body.extend(self._entry(name, obj))
        text = "\n".join(self._resolve(line) for line in body)
        self._imports_of(text)
        head = [f"# Type stub of `{self.module.__name__}`, written by pybound from the built"
                " module.", ""]
        head += [f"import {m}" for m in sorted(self.imports)]
        return "\n".join(head) + "\n\n" + text + "\n"

    def _imports_of(self, text):
        """Import the modules the annotations name (`typing.Any`, `datetime.date`, and in
        written annotations any other: `collections.abc.Iterator`)."""
        local = {ref.split(".")[0] for ref in self.local.values()}
        pattern = r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.([A-Za-z_]\w*)"
        for match in re.finditer(pattern, text):
            dotted, last = match.groups()
            if dotted.split(".")[0] in local or last == "setter":
                continue
            parts = dotted.split(".")
            for n in range(len(parts), 0, -1):
                candidate = ".".join(parts[:n])
                if _is_module(candidate):
                    self.imports.add(candidate)
                    break

    def _collect(self, ref, cls):
        """Note `cls` (and the classes nested in it) under the name the stub gives it."""
        if id(cls) in self.local:
            return
        self.local[id(cls)] = ref
        info = self.describe(cls)
        if info is not None and info[0] == "class":
            self.rust_names.setdefault(info[1], ref)
        for name, value in vars(cls).items():
            if isinstance(value, type) and value.__module__ == cls.__module__:
                self._collect(f"{ref}.{name}", value)

    def _resolve(self, line):
        return re.sub(r"\{(\w+)\}", lambda m: self.rust_names.get(m.group(1), "typing.Any"), line)

    def _entry(self, name, obj):
        if isinstance(obj, type):
            if self.local.get(id(obj), "").rsplit(".", 1)[-1] == name:
                return self._class(name, obj)
            return [f"{name}: type[{self._type_ref(obj)}]"]
        if type(obj).__name__ == "module":
            self.imports.add("types")
            return [f"{name}: types.ModuleType"]
        if callable(obj):
            return self._function(name, obj)
        return [f"{name}: {self._value(obj)}"]

    def _function(self, name, obj, first=None):
        info = self.describe(obj)
        if info is not None and info[0] == "function" and info[1]:
            return [f"def {name}{info[1]}: ..."]
        return [f"def {name}{self._introspected(obj, first)}: ..."]

    def _introspected(self, obj, first=None, unbound=False):
        """The signature inspect finds, else `(*args, **kwargs)`; its parameters are
        `typing.Any` (but the `self` of an `unbound` method)."""
        try:
            params = list(inspect.signature(obj).parameters.values())
        except (TypeError, ValueError):
            params = [_P("args", _P.VAR_POSITIONAL), _P("kwargs", _P.VAR_KEYWORD)]
        out = [first] if first else []
        prev = None
        star = False
        for i, p in enumerate(params):
            ann = "" if unbound and i == 0 else ": typing.Any"
            if prev == _P.POSITIONAL_ONLY and p.kind != _P.POSITIONAL_ONLY:
                out.append("/")
            if p.kind == _P.KEYWORD_ONLY and not star:
                out.append("*")
                star = True
            if p.kind == _P.VAR_POSITIONAL:
                star = True
                out.append(f"*{p.name}{ann}")
            elif p.kind == _P.VAR_KEYWORD:
                out.append(f"**{p.name}{ann}")
            else:
                out.append(p.name + ann + (" = ..." if p.default is not _P.empty else ""))
            prev = p.kind
        if prev == _P.POSITIONAL_ONLY:
            out.append("/")
        return f"({', '.join(out)}) -> typing.Any"

    def _type_ref(self, cls):
        if id(cls) in self.local:
            return self.local[id(cls)]
        if cls.__module__ == "builtins":
            # Generic built-ins (a class extending `list`) with their parameters.
            return _BUILTIN_VALUES.get(cls.__qualname__, cls.__qualname__)
        if cls.__module__ and "<" not in cls.__qualname__:
            self.imports.add(cls.__module__)
            return f"{cls.__module__}.{cls.__qualname__}"
        return "typing.Any"

    def _value(self, value):
        cls = type(value)
        if id(cls) in self.local:
            return self.local[id(cls)]
        return _BUILTIN_VALUES.get(cls.__name__ if cls.__module__ == "builtins" else "",
                                   "typing.Any")

    def _class(self, name, cls):
        info = self.describe(cls)
        members = {}
        if info is not None and info[0] == "class":
            for member, kind, text in info[2]:
                members.setdefault(member, {})[kind] = text
        bases = [self._type_ref(b) for b in cls.__bases__ if b is not object]
        lines = []
        if not cls.__flags__ & _BASETYPE:
            lines.append("@typing.final")
        elif _disjoint_base(cls):
            lines.append("@typing_extensions.disjoint_base")
        lines.append(f"class {name}({', '.join(bases)}):" if bases else f"class {name}:")
        body = []
        # A native base's `__init__` takes what the constructor takes.
        new = members.get("__new__", {}).get("method")
        if new and "__init__" in vars(cls) and "__init__" not in members:
            init = re.sub(r"^\(cls", "(self", new).rsplit(" -> ", 1)[0] + " -> None"
            members["__init__"] = {"method": init}
        for attr, value in vars(cls).items():
            if attr in _CLASS_SKIP:
                continue
            body.extend(self._member(cls, attr, value, members.get(attr, {})))
        if not body:
            body = ["..."]
        lines.extend("    " + line for line in body)
        return lines

    def _member(self, cls, attr, value, stub):
        kind = type(value).__name__
        if isinstance(value, type):
            if self.local.get(id(value), "").endswith(f".{attr}"):
                return self._class(attr, value)
            return [f"{attr}: typing.ClassVar[type[{self._type_ref(value)}]]"]
        if kind in ("getset_descriptor", "member_descriptor", "property"):
            get = stub.get("get") or stub.get("set") or "typing.Any"
            lines = ["@property", f"def {attr}(self) -> {get}: ..."]
            writable = "set" in stub or (kind == "member_descriptor" and not stub)
            if writable:
                lines += [f"@{attr}.setter",
                          f"def {attr}(self, value: {stub.get('set', get)}) -> None: ..."]
            return lines
        if "method" in stub:
            text = stub["method"]
            # `__call__` is a slot: CPython's wrapper takes `(*args, **kwargs)`, which a stub
            # without parameters must accept too.
            if attr == "__call__" and text.startswith("(self) ->"):
                text = "(self, *args: typing.Any, **kwargs: typing.Any) ->" + text[len("(self) ->"):]
            if attr in _OBJECT_OPERAND:
                text = re.sub(r"^\(self, (\w+): [^,]*(, /)?\)",
                              lambda m: f"(self, {m.group(1)}: object{m.group(2) or ''})", text)
            return [f"def {attr}{text}: ..."]
        if "staticmethod" in stub:
            return ["@staticmethod", f"def {attr}{stub['staticmethod']}: ..."]
        if "classmethod" in stub:
            return ["@classmethod", f"def {attr}{stub['classmethod']}: ..."]
        if attr == "__new__":
            return [f"def __new__{self._introspected(value, 'cls')}: ..."]
        if kind == "classmethod_descriptor" or isinstance(value, classmethod):
            return ["@classmethod",
                    f"def {attr}{self._introspected(getattr(cls, attr), 'cls')}: ..."]
        if isinstance(value, staticmethod) or kind == "builtin_function_or_method":
            return ["@staticmethod", f"def {attr}{self._introspected(getattr(cls, attr))}: ..."]
        if callable(value):
            text = self._introspected(value, unbound=True)
            if attr == "__init__":
                text = text.replace("-> typing.Any", "-> None")
            return [f"def {attr}{text}: ..."]
        return [f"{attr}: typing.ClassVar[{self._value(value)}]"]


# Whether a dotted name is an importable module, asked once per name per process (the import
# system's finders are not free, and some keep what they are asked).
_MODULES = {name: True for name in ("typing", "typing_extensions", "types", "datetime", "decimal",
                                    "uuid", "fractions", "ipaddress", "os", "pathlib")}


def _is_module(name):
    if name not in _MODULES:
        try:
            _MODULES[name] = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            _MODULES[name] = False
    return _MODULES[name]


def _disjoint_base(cls):
    """Whether instances of `cls` have another layout than its base's (PEP 800): CPython's
    rule for when two classes cannot be bases of one class."""
    base = cls.__base__
    if base is None:
        return True
    if sys.version_info >= (3, 12) or cls.__itemsize__ or base.__itemsize__:
        return cls.__basicsize__ != base.__basicsize__ or cls.__itemsize__ != base.__itemsize__
    # Before 3.12 the `__dict__` and weak-reference slots a class adds do not count.
    size = cls.__basicsize__
    if not base.__weakrefoffset__ and cls.__weakrefoffset__ + _POINTER_SIZE == size:
        size -= _POINTER_SIZE
    if not base.__dictoffset__ and cls.__dictoffset__ + _POINTER_SIZE == size:
        size -= _POINTER_SIZE
    return size != base.__basicsize__
