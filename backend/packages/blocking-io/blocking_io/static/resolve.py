"""Name resolution: turn encoded expressions into qualified names and known types, project-wide.

A value is ``("q", name)`` (a module, class, function or external name, by qualified name),
``("i", type)`` (an instance of a project class or external type) or ``("sup", class)`` (the
result of ``super()`` in a method of that class). ``None`` means unknown: the analyzer reports
only what resolves, so unknown receivers never produce findings.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from pathlib import Path, PurePath

from .entries import HOOK_DECORATORS, LOOP_CALLBACKS, LOOP_HOOKS
from .hints import HintReader
from .index import summary_index
from .members import LATE, MemberIndex
from .offloaders import OFFLOADERS
from .primitives import PRIMITIVES_BY_NAME
from .project import Project
from .protocols import PROTOCOL_HOOKS
from .records import ClassSummary, FunctionSummary, ModuleSummary
from .returns import RETURN_TYPES, TYPE_ALIASES

__all__ = ["Resolver"]

_BUILTINS = frozenset(dir(builtins))
_MAX_DEPTH = 40  # nested evaluations (a chain of aliases and attributes) before giving up


def _returns(kind: str) -> dict[str, str]:
    return {entry.name: entry.returns for entry in RETURN_TYPES if entry.kind == kind}


def _indexed(
    modules: dict[str, ModuleSummary],
    losers: set[str],
    functions: dict[str, tuple[str, FunctionSummary]],
    classes: dict[str, tuple[str, ClassSummary]],
) -> dict[str, ModuleSummary]:
    """Return each module's summary as the project-wide passes read it (``Resolver.indexed``).

    A function or class key two modules make (the nested class ``b.c`` of package ``a`` and
    the module ``a.b.c`` of a namespace directory both give ``a.b.c.d``) holds the record of the
    module loaded later; the other record is not analysed. Such a module is seen with the
    records it keeps, and an index derived from them.
    """
    indexed = dict(modules)
    for module in losers:
        summary = modules[module]
        kept: ModuleSummary = {
            **summary,
            "functions": {
                q: r
                for q, r in summary["functions"].items()
                if functions[f"{module}.{q}"][0] == module
            },
            "classes": {
                q: r for q, r in summary["classes"].items() if classes[f"{module}.{q}"][0] == module
            },
        }
        kept["index"] = summary_index(kept)
        indexed[module] = kept
    return indexed


class Resolver:
    """Resolve names across every module of a project.

    ``indexed`` holds each module's summary as the project-wide passes read it through its
    index (``index``): the module's own summary, or, for a module whose key another module
    took, the records it keeps (``_indexed``).
    """

    def __init__(self, project: Project, roots: Sequence[Path] = ()) -> None:
        files = project.modules
        self.shadowed = project.shadowed
        self.libraries = project.libraries
        self.overridden = project.overridden
        self.modules = {m: f.summary for m, f in files.items()}
        self._paths = {m: f.path for m, f in files.items()}
        self._roots = sorted((root.resolve() for root in roots), key=lambda r: -len(r.parts))
        self._relative: dict[str, PurePath] = {}
        self.packages = {m: f.package for m, f in files.items()}
        self.functions: dict[str, tuple[str, FunctionSummary]] = {}
        self.classes: dict[str, tuple[str, ClassSummary]] = {}
        losers: set[str] = set()
        for module, summary in self.modules.items():
            for qualname, record in summary["functions"].items():
                key = f"{module}.{qualname}"
                if key in self.functions:
                    losers.add(self.functions[key][0])
                self.functions[key] = (module, record)
            for qualname, record in summary["classes"].items():
                key = f"{module}.{qualname}"
                if key in self.classes:
                    losers.add(self.classes[key][0])
                self.classes[key] = (module, record)
        self.indexed = _indexed(self.modules, losers, self.functions, self.classes)
        self.property_names = frozenset(
            name for summary in self.indexed.values() for name in summary["index"]["props"]
        )
        self.passthrough = frozenset(
            o.name for o in OFFLOADERS if o.returns_result and o.callable_arg == 0
        )
        self.call_returns = _returns("call")
        self.attribute_types = _returns("attribute")
        self.iterate_types = _returns("iterate")
        self.known_types = frozenset(self.call_returns.values()) - {""}
        self.known_names = frozenset(
            [*PRIMITIVES_BY_NAME, *(o.name for o in OFFLOADERS), *(c.name for c in LOOP_CALLBACKS)]
            + [h.base for h in (*LOOP_HOOKS, *PROTOCOL_HOOKS)]
            + [d.name for d in HOOK_DECORATORS]
            + [r.name for r in RETURN_TYPES]
        )
        self.aliases = sorted(
            ((a.name, a.canonical) for a in TYPE_ALIASES), key=lambda a: -len(a[0])
        )
        self._canon: dict[str, tuple | None] = {}
        # Composition: member lookup and annotation reading are components with their own
        # caches; they call back into this resolver for names, bindings and evaluation.
        self.members = MemberIndex(self)
        self.hints = HintReader(self)
        # The components' entry points, bound once (they are on the hot path of every lookup).
        self.attr = self.members.attr
        self.module_attr = self.members.module_attr
        self.member = self.members.member
        self.mro = self.members.mro
        self.ann = self.hints.ann
        self.iterated = self.hints.iterated
        self._inferred: dict[str, tuple | None] = {}
        self._depth = 0

    @property
    def scan_roots(self) -> list[Path]:
        """Return the scan roots, resolved."""
        return list(self._roots)

    @property
    def module_paths(self) -> dict[str, Path]:
        """Return each module's file."""
        return self._paths

    def relative_path(self, module: str) -> PurePath:
        """Return a module's path from the directory holding its scan root (``app/x.py``)."""
        known = self._relative.get(module)
        if known is None:
            path = self._paths[module]
            known = PurePath(path.name)
            for root in self._roots:
                if path.is_relative_to(root):
                    known = path.relative_to(root.parent)
                    break
            self._relative[module] = known
        return known

    # qualified names --------------------------------------------------------------------------

    def external(self, dotted: str) -> str:
        """Return the public spelling of an external qualified name."""
        for name, canonical in self.aliases:
            if dotted == name or dotted.startswith(name + "."):
                return canonical + dotted[len(name) :]
        return dotted

    def canon(self, dotted: str) -> tuple | None:
        """Resolve an absolute dotted name, following project re-exports."""
        if dotted in self._canon:
            return self._canon[dotted]
        self._canon[dotted] = None  # guards import cycles
        if dotted in self.functions or dotted in self.classes or dotted in self.modules:
            value: tuple | None = ("q", dotted)
        else:
            value = ("q", self.external(dotted))
            parts = dotted.split(".")
            for index in range(len(parts) - 1, 0, -1):
                prefix = ".".join(parts[:index])
                if prefix in self.modules or prefix in self.classes:
                    value = ("q", prefix)
                    for part in parts[index:]:
                        value = self.attr(value, part) if value is not None else None
                    break
        self._canon[dotted] = value
        return value

    def absolute(self, module: str, dotted: str, level: int) -> str:
        """Return the absolute name of an import made in a module."""
        if not level:
            return dotted
        parts = self.packages.get(module, "").split(".")
        if level > 1:
            parts = parts[: max(0, len(parts) - (level - 1))]
        base = ".".join(p for p in parts if p)
        return f"{base}.{dotted}" if base and dotted else base or dotted

    # expressions ------------------------------------------------------------------------------

    def eval(self, expr: tuple | None, module: str, fn: str | None, line: int) -> tuple | None:
        """Return the value of an encoded expression read at a line of a function (or module)."""
        if expr is None or self._depth > _MAX_DEPTH:
            return None
        self._depth += 1
        try:
            return self._eval(expr, module, fn, line)
        finally:
            self._depth -= 1

    def _eval(self, expr: tuple, module: str, fn: str | None, line: int) -> tuple | None:
        kind = expr[0]
        if kind == "n":
            return self.name(expr[1], module, fn, line)
        if kind == "a":
            base = self.eval(expr[1], module, fn, line)
            return None if base is None else self.attr(base, expr[2])
        if kind == "c":
            if expr[1] == ("n", "super") and fn is not None:
                owner = self.owner_class(fn)
                return None if owner is None else ("sup", owner)
            callee = self.eval(expr[1], module, fn, line)
            if callee == ("q", "typing.cast"):
                return self.ann(expr[2], module, fn)
            if callee == ("q", "functools.partial"):
                # Calling a partial calls the wrapped callable.
                return self.eval(expr[2], module, fn, line)
            if callee == ("q", "builtins.type") and expr[2] is not None:
                instance = self.eval(expr[2], module, fn, line)
                return ("q", instance[1]) if instance is not None and instance[0] == "i" else None
            if callee is not None and callee[1] in self.passthrough and expr[2] is not None:
                # `await asyncio.to_thread(f, ...)` returns what `f(...)` returns.
                callee = self.eval(expr[2], module, fn, line)
            result = self.call_result(callee)
            if result is None and callee is not None and callee[0] == "q":
                result = self.reflective(expr, module, fn, line)
            return result
        if kind == "d":
            left = self.eval(expr[1], module, fn, line)
            return left if left == ("i", "pathlib.Path") else None
        if kind == "lam":
            return ("q", f"{module}.{expr[1]}")
        if kind == "sub":
            container = self.eval(expr[1], module, fn, line)
            if container is not None and container[0] == "seq":
                return container[1]
            if container is not None and container[0] == "q":
                # `Store = Annotated[JsonlStore, Depends(...)]`: a type alias, kept as written.
                return ("alias", module, expr)
            return None
        if kind == "or":
            return ("alias", module, expr)
        if kind == "keys" or kind == "coll":
            return expr  # a literal table or collection, read by guards and by many-target calls
        if kind == "either":
            # `x or y`, `x if c else y`: the type of whichever side resolves (a `Path` either way).
            return self.eval(expr[1], module, fn, line) or self.eval(expr[2], module, fn, line)
        return None

    def owner_class(self, fn: str) -> str | None:
        """Return the class whose method encloses a function (for ``super()`` and closures)."""
        while fn:
            module, record = self.functions[fn]
            if record["cls"]:
                return f"{module}.{record['cls']}"
            fn = f"{module}.{record['parent']}" if record["parent"] else ""
        return None

    def name(self, name: str, module: str, fn: str | None, line: int) -> tuple | None:
        """Resolve a bare name through function scopes, the module, star imports and builtins.

        Follows Python's lookup order in one place (locals by line, parameters, enclosing
        functions, module, star imports, builtins), so it is longer than most helpers.
        """
        while fn:
            _, record = self.functions[fn]
            if name == record["self"]:
                owner = f"{module}.{record['cls']}"
                return ("i", owner) if record["selfkind"] == "i" else ("q", owner)
            entries = record["bindings"].get(name)
            params = record["params"]
            if entries:
                chosen = None
                for bound_at, binding in entries:
                    if bound_at <= line:
                        chosen = (bound_at, binding)
                if chosen is None and name not in params:
                    chosen = entries[-1]
                if chosen is not None:
                    return self.binding(chosen[1], module, fn, chosen[0] - 1)
            if name in params:
                annotation = params[name]
                return None if annotation is None else self.ann(annotation, module, fn)
            fn = f"{module}.{record['parent']}" if record["parent"] else None
            line = LATE
        summary = self.modules.get(module)
        if summary is None:
            return None
        entries = summary["bindings"].get(name)
        if entries:
            for bound_at, binding in reversed(entries):
                if binding is not None and binding != ("val", None):
                    return self.binding(binding, module, None, bound_at - 1)
            return None
        for star, level in summary["stars"]:
            target = self.absolute(module, star, level)
            if target in self.modules:
                value = self.module_attr(target, name)
                if value is not None:
                    return value
            elif self.external(f"{target}.{name}") in self.known_names:
                # An external star import is resolved only for names the tables know.
                return ("q", self.external(f"{target}.{name}"))
        return ("q", f"builtins.{name}") if name in _BUILTINS else None

    def binding(self, binding: tuple | None, module: str, fn: str | None, line: int):
        """Return the value a binding gives its name."""
        if binding is None:
            return None
        kind = binding[0]
        if kind == "imp":
            return self.canon(self.absolute(module, binding[1], binding[2]))
        if kind == "def" or kind == "cls":
            return ("q", f"{module}.{binding[1]}")
        if kind == "val":
            return self.eval(binding[1], module, fn, line)
        if kind == "ann":
            return self.ann(binding[1], module, fn)
        if kind == "iter":
            return self.iterated(binding[1], module, fn, line)
        return None

    def reflective(self, expr: tuple, module: str, fn: str | None, line: int) -> tuple | None:
        """Return ``("anycls", Base)`` for a call handed a project class whose result is unknown.

        `cls = load_class("pkg.mod:Cls", Base)` may give any subclass of `Base`: calling the
        result constructs one of them (``sites`` follows every subclass's constructor).
        """
        for arg in (expr[2], *(expr[3] if len(expr) > 3 else ())):
            if arg is not None and arg[0] == "kw":
                arg = arg[2]
            if arg is None or arg[0] not in ("n", "a"):
                continue
            value = self.eval(arg, module, fn, line)
            if value is not None and value[0] == "q" and value[1] in self.classes:
                return ("anycls", value[1])
        return None

    def call_result(self, callee: tuple | None) -> tuple | None:
        """Return the value a call to ``callee`` produces, when known."""
        if callee is not None and callee[0] == "anycls":
            return ("i", callee[1])
        if callee is None or callee[0] != "q":
            return None
        target = callee[1]
        found = self.functions.get(target)
        if found is not None:
            module, record = found
            if record["ret"] is not None:
                parent = f"{module}.{record['parent']}" if record["parent"] else None
                declared = self.ann(record["ret"], module, parent)
                return self.narrowed(target, declared)
            if record["async"] or not record["returns"]:
                return None
            if target in self._inferred:
                return self._inferred[target]
            self._inferred[target] = None  # guards recursion
            # Unannotated: the first return statement whose value resolves (`return root / x`).
            for returned in record["returns"]:
                value = self.eval(returned, module, target, LATE)
                if value is not None:
                    self._inferred[target] = value
                    return value
            return None
        if target in self.classes:
            return ("i", target)
        if target in self.modules:
            return None
        returned = self.call_returns.get(target)
        if returned is not None:
            return ("i", returned) if returned else None
        return ("i", target) if target.rpartition(".")[2][:1].isupper() else None

    def narrowed(self, target: str, declared: tuple | None) -> tuple | None:
        """Return the class a function really returns when narrower than its annotation.

        `def make() -> Storage: return UserStorage()` returns a `UserStorage`: when every
        return statement gives an instance of one project subclass of the declared class,
        dispatch goes to that subclass, not to every subclass of `Storage`.
        """
        if declared is None or declared[0] != "i" or declared[1] not in self.classes:
            return declared
        key = f"narrowed:{target}"
        if key in self._inferred:
            return self._inferred[key] or declared
        self._inferred[key] = None  # guards recursion
        module, record = self.functions[target]
        found: set[tuple] = set()
        for returned in record["returns"]:
            value = self.eval(returned, module, target, LATE)
            if value is None or value[0] != "i" or value[1] not in self.classes:
                return declared
            found.add(value)
        if len(found) == 1:
            (value,) = found
            if value != declared and declared[1] in self.mro(value[1]):
                self._inferred[key] = value
                return value
        return declared

    # attributes and classes -------------------------------------------------------------------
