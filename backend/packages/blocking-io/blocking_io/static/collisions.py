"""Key collisions: a package's class named like one of its submodules gets a key of its own.

The resolver keys definitions as ``f"{module}.{qualname}"``, so a class ``sub`` in
``pkg/__init__.py`` and the module file ``pkg/sub.py`` would both be ``pkg.sub``, and the
method ``sub.f`` and the function ``f`` both ``pkg.sub.f``. Such a class, with its methods,
nested classes and lambdas, is keyed ``sub@<line>`` instead (as a redefined function keeps its
earlier body under ``f@<line>``); its records keep the real qualified name (``q``), which the
reports show. Names then follow Python: importing ``pkg.sub`` sets the package attribute ``sub``
to the module, so ``pkg.sub`` read as an attribute or imported from another module is the module
(``MemberIndex.module_attr``), while in ``pkg/__init__.py`` the name ``sub``, and
``from pkg import sub`` run once the class exists, are the class.

Limits: Python's answer can depend on import order at run time (``from pkg import sub`` in
another module gives the class until something imports ``pkg.sub``); the detector takes the
submodule as imported. The summaries do not tell ``from pkg import sub as S`` from
``import pkg.sub as S``, so in ``pkg/__init__.py`` both are read as the class.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence

from .encode import Encoded
from .index import summary_index
from .naming import star_target
from .records import Binding, Bindings, ClassSummary, FunctionSummary, ModuleSummary

__all__ = ["colliding_classes", "rekey_classes"]

_LEAVES = frozenset({"n", "s", "k", "star"})  # encoded expressions that hold no expression


def colliding_classes(
    module: str, summary: ModuleSummary, modules: Container[str]
) -> dict[str, str]:
    """Return ``{class: key}`` for a module's top-level classes that share a submodule's name."""
    return {
        qualname: f"{qualname}@{record['line']}"
        for qualname, record in summary["classes"].items()
        if "." not in qualname and f"{module}.{qualname}" in modules
    }


class _Rekey:
    """Rename qualified names inside the renamed classes (``sub.f`` → ``sub@4.f``)."""

    def __init__(
        self, keys: Mapping[str, str], lines: Mapping[str, int], module: str, package: str
    ) -> None:
        self.keys = keys
        self.lines = lines  # where each renamed class is defined
        self.module = module
        self.package = package

    def name(self, qualname: str, *, is_class: bool = False) -> str:
        """Return the key of a qualified name; a function named like the class is not in it."""
        head, dot, rest = qualname.partition(".")
        key = self.keys.get(head)
        if key is None or (not dot and not is_class) or rest.startswith("<locals>."):
            return qualname
        return f"{key}{dot}{rest}"

    def expr(self, expr: Encoded) -> Encoded:
        """Return an encoded expression with its lambdas renamed (see ``summary``)."""
        tag = expr[0]
        if tag == "lam":
            return ("lam", self.name(expr[1]))
        if tag in _LEAVES:
            return expr
        if tag == "a":
            return ("a", self.expr(expr[1]), expr[2])
        if tag == "keys":  # constant keys, then the encoded values
            return ("keys", expr[1], self.exprs(expr[2]))
        if tag == "coll" or tag == "tup":
            return (tag, self.exprs(expr[1]))
        if tag == "kw":
            return ("kw", expr[1], self.maybe(expr[2]))
        if tag == "c" and len(expr) > 3:
            return ("c", self.expr(expr[1]), self.maybe(expr[2]), self.exprs(expr[3]))
        return (tag, *self.exprs(expr[1:]))

    def maybe(self, expr: Encoded | None) -> Encoded | None:
        return None if expr is None else self.expr(expr)

    def exprs(self, exprs: Sequence[Encoded | None]) -> tuple[Encoded | None, ...]:
        return tuple(self.maybe(expr) for expr in exprs)

    def binding(self, binding: Binding, line: int, in_function: bool) -> Binding:
        """Return a binding with renamed definitions; importing the class itself binds it."""
        if binding is None:
            return None
        kind = binding[0]
        if kind == "def":
            return ("def", self.name(binding[1]))
        if kind == "cls":
            return ("cls", self.name(binding[1], is_class=True))
        if kind == "imp":
            target = star_target(self.module, self.package, binding[1], binding[2])
            parent, _, name = target.rpartition(".")
            if parent != self.module or name not in self.keys:
                return binding
            # `from pkg import sub` finds the class once it is defined: Python imports the
            # submodule only for a name the package does not have yet.
            return ("cls", self.keys[name]) if in_function or line > self.lines[name] else binding
        return (kind, self.maybe(binding[1]))

    def bindings(self, bindings: Bindings, in_function: bool) -> Bindings:
        return {
            name: [(line, self.binding(b, line, in_function)) for line, b in entries]
            for name, entries in bindings.items()
        }

    def function(self, record: FunctionSummary) -> FunctionSummary:
        """Return a function record with its keys and the lambdas it mentions renamed."""
        return {
            **record,
            "cls": self.name(record["cls"], is_class=True),
            "parent": self.name(record["parent"]),
            "params": {name: self.maybe(a) for name, a in record["params"].items()},
            "ret": self.maybe(record["ret"]),
            "decorators": list(self.exprs(record["decorators"])),
            "bindings": self.bindings(record["bindings"], True),
            "calls": [
                (line, column, self.expr(func), self.exprs(args), self.keywords(kws), awaited, ifs)
                for line, column, func, args, kws, awaited, ifs in record["calls"]
            ],
            "reads": [(ln, col, self.expr(base), attr) for ln, col, base, attr in record["reads"]],
            "returns": list(self.exprs(record["returns"])),
        }

    def keywords(
        self, keywords: Sequence[tuple[str, Encoded | None]]
    ) -> tuple[tuple[str, Encoded | None], ...]:
        return tuple((name, self.maybe(value)) for name, value in keywords)

    def klass(self, record: ClassSummary) -> ClassSummary:
        """Return a class record with its methods, attributes and bases renamed."""
        return {
            **record,
            "bases": list(self.exprs(record["bases"])),
            "methods": {name: self.name(q) for name, q in record["methods"].items()},
            "attrs": {
                name: [(self.name(where), self.binding(b, 0, True)) for where, b in entries]
                for name, entries in record["attrs"].items()
            },
        }


def rekey_classes(
    summary: ModuleSummary, keys: Mapping[str, str], module: str, package: str
) -> ModuleSummary:
    """Return a copy of a module's summary with the given top-level classes keyed anew.

    Args:
        summary: the module's summary (left unchanged: it may be a cached one).
        keys: class qualified name -> its new key, from ``colliding_classes``.
        module: the module's name.
        package: its package, for the relative imports that may name the class.
    """
    lines = {qualname: summary["classes"][qualname]["line"] for qualname in keys}
    rekey = _Rekey(keys, lines, module, package)
    rekeyed: ModuleSummary = {
        **summary,
        "bindings": rekey.bindings(summary["bindings"], False),
        "functions": {
            rekey.name(qualname): rekey.function(record)
            for qualname, record in summary["functions"].items()
        },
        "classes": {
            rekey.name(qualname, is_class=True): rekey.klass(record)
            for qualname, record in summary["classes"].items()
        },
    }
    rekeyed["index"] = summary_index(rekeyed)
    return rekeyed
