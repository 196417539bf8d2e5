"""Type hints: the instance an annotation describes, and the element type of an iteration.

Values gain two kinds here: ``("seq", element)`` for a container annotated with its element type
(``list[Path]``), so iterating or indexing it gives the element; and ``("alias", module, expr)``
for a type alias (``StoreDep = Annotated[Store, Depends(get_store)]``), read as an annotation
where it is used.

A component of ``Resolver`` (composition, not a mixin): it calls the resolver's ``eval`` and
reads its tables (``classes``, ``functions``, ``modules``, ``known_types``, ``iterate_types``) and
depth guard through ``self.r``.
"""

from __future__ import annotations

import ast
from typing import Any

from .encode import encode
from .members import LATE

__all__ = ["CONTAINERS", "WRAPPERS", "HintReader"]

WRAPPERS = frozenset({"typing.Optional", "typing.Union", "typing.Annotated", "typing.Final"})
CONTAINERS = frozenset(
    {
        "builtins.list",
        "builtins.set",
        "builtins.frozenset",
        "builtins.tuple",
        "typing.List",
        "typing.Set",
        "typing.FrozenSet",
        "typing.Tuple",
        "typing.Sequence",
        "typing.Iterable",
        "typing.Iterator",
        "typing.Collection",
        "collections.abc.Sequence",
        "collections.abc.Iterable",
        "collections.abc.Iterator",
        "collections.abc.Collection",
        "collections.abc.Set",
    }
)
_MAX_DEPTH = 40


class HintReader:
    """Evaluate annotations (``Path | None``, ``Optional["Store"]``) to instance values."""

    def __init__(self, resolver: Any) -> None:
        self.r = resolver
        self._strings: dict[str, tuple | None] = {}

    def iterated(self, expr: tuple | None, module: str, fn: str | None, line: int):
        """Return the element type of iterating an expression, when the table knows it."""
        if expr is None:
            return None
        container = self.r.eval(expr, module, fn, line)
        if container is not None and container[0] == "seq":
            return container[1]
        if expr[0] not in ("c", "a"):
            return None
        if expr[0] == "c":
            callee = self.r.eval(expr[1], module, fn, line)
            name = callee[1] if callee is not None and callee[0] == "q" else ""
        else:
            base = self.r.eval(expr[1], module, fn, line)
            name = f"{base[1]}.{expr[2]}" if base is not None and base[0] == "i" else ""
        element = self.r.iterate_types.get(name)
        return ("i", element) if element else None

    def ann(self, expr: tuple | None, module: str, fn: str | None) -> tuple | None:
        """Return the instance value an annotation describes, or None."""
        if expr is None or self.r._depth > _MAX_DEPTH:
            return None
        # Nested annotations count towards the evaluation depth: a recursive alias
        # (`Json = dict[str, "Json"]`) ends at the bound instead of the recursion limit.
        self.r._depth += 1
        try:
            return self._ann(expr, module, fn)
        finally:
            self.r._depth -= 1

    def _ann(self, expr: tuple, module: str, fn: str | None) -> tuple | None:
        kind = expr[0]
        if kind == "s":
            return self.ann(self._parse_annotation(expr[1]), module, fn)
        if kind == "or":
            return self.ann(expr[1], module, fn) or self.ann(expr[2], module, fn)
        if kind == "sub":
            wrapper = self.r.eval(expr[1], module, fn, LATE)
            if wrapper is None or wrapper[0] != "q":
                return None
            if wrapper[1] in CONTAINERS:
                # `list[Path]`, `Iterable[Path]`: iterating or indexing gives the element type.
                inner = expr[2]
                first = inner[1][0] if inner is not None and inner[0] == "tup" else inner
                element = self.ann(first, module, fn)
                return None if element is None else ("seq", element)
            if wrapper[1] not in WRAPPERS:
                # A generic class (`Future[T]`, `Store[Path]`) is an instance of the class.
                return self.ann(expr[1], module, fn)
            inner = expr[2]
            members = inner[1] if inner is not None and inner[0] == "tup" else (inner,)
            if wrapper[1] == "typing.Annotated":
                members = members[:1]
            for member in members:
                value = self.ann(member, module, fn)
                if value is not None:
                    return value
            return None
        value = self.r.eval(expr, module, fn, LATE)
        if value is not None and value[0] == "alias":
            return self.ann(value[2], value[1], None)
        if value is None or value[0] != "q":
            return None
        target = value[1]
        if target in self.r.classes:
            return ("i", target)
        if target in self.r.functions or target in self.r.modules:
            return None
        last = target.rpartition(".")[2]
        if last[:1].isupper() or target in self.r.known_types:
            return ("i", target)
        return None

    def _parse_annotation(self, text: str) -> tuple | None:
        if text not in self._strings:
            try:
                node = ast.parse(text, mode="eval").body
            except SyntaxError:
                self._strings[text] = None
            else:
                self._strings[text] = encode(node, {})
        return self._strings[text]
