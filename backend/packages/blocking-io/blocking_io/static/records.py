"""Summary records: the typed shape of what ``summary`` stores per module, function and class.

Summaries are made of plain dicts, lists and tuples, which ``marshal`` stores; these TypedDicts
name their fields for readers and the type checker. A summary read from the cache holds its
function records as ``packing.Record`` (a dict whose body fields decode on first use), which
``marshal`` cannot store: write one back with ``packing.pack_summary``. A call site stays a
tuple (the hot path unpacks it), and ``CALL_FIELDS`` names its positions. The keys of
``functions`` and ``classes``, and the qualified names in ``cls``, ``parent``, ``methods`` and
bindings, are what the resolver looks up (``collisions`` renames a class named like a
submodule); ``q`` is the name as written, which reports show.
"""

from __future__ import annotations

from typing import Any, TypedDict

from .encode import Encoded
from .guards import Guard

__all__ = [
    "CALL_FIELDS",
    "Binding",
    "CallSite",
    "ClassSummary",
    "FunctionSummary",
    "ModuleSummary",
    "Read",
]

# A binding of a name from a line on: ("imp", dotted, level), ("def", qualname),
# ("cls", qualname), ("val", expr), ("ann", expr), ("iter", expr), or None (untracked).
Binding = tuple[Any, ...] | None
Bindings = dict[str, list[tuple[int, Binding]]]
# (line, column, func, args, keywords, awaited, guards); a keyword ("**", None) marks `**kw`.
CallSite = tuple[
    int,
    int,
    Encoded,
    tuple[Encoded | None, ...],
    tuple[tuple[str, Encoded | None], ...],
    bool,
    tuple[Guard, ...],
]
CALL_FIELDS = ("line", "column", "func", "args", "keywords", "awaited", "guards")
# An attribute read (a property getter may run): (line, column, base, attribute).
Read = tuple[int, int, Encoded, str]

# `async` is a keyword, so the function record uses the functional form.
FunctionSummary = TypedDict(
    "FunctionSummary",
    {
        "name": str,
        "q": str,  # qualified name in its module (`Class.method`, `f.<locals>.g`)
        "async": bool,
        "line": int,
        "col": int,
        "cls": str,  # the enclosing class's qualified name for a method, else ""
        "parent": str,  # the enclosing function's qualified name, else ""
        "self": str,  # the name of `self`/`cls` in a method, else ""
        "selfkind": str,  # "i" (instance), "c" (class) or ""
        "varargs": bool,
        "varkw": bool,
        "decorators": list[Encoded | None],
        "prop": bool,
        "abstract": bool,
        # The body: cached apart and decoded on first use (``packing.BODY_FIELDS``).
        "calls": list[CallSite],
        "bindings": Bindings,
        "reads": list[Read],
        "returns": list[Encoded | None],
        "params": dict[str, Encoded | None],  # parameter -> annotation
        "positional": list[str],
        "defaults": dict[str, tuple[str, Any]],  # parameter -> ("k", literal default)
        "required": int,
        "ret": Encoded | None,
    },
)


class ClassSummary(TypedDict):
    """A class: its bases, methods (name -> qualified name) and attribute bindings."""

    name: str
    q: str
    line: int
    bases: list[Encoded | None]
    methods: dict[str, str]
    attrs: dict[str, list[tuple[str, Binding]]]


class ModuleSummary(TypedDict):
    """A module: class-like names it reads, names it references, bindings and definitions."""

    names: list[str]
    refs: list[str]
    bindings: Bindings
    stars: list[tuple[str, int]]
    functions: dict[str, FunctionSummary]
    classes: dict[str, ClassSummary]
    index: dict[str, Any]  # derived from the rest (``index.summary_index``)
