"""A summary's index: what the project-wide passes look up in every module, derived once.

Several passes over the whole project look for a few things in every module: the calls spelled
with a given last name (callables handed to the loop, constructions of table rows, calls on
receivers that do not resolve), the class-like names mentioned anywhere (which classes may have
instances), the absolute imports (which plain directories are namespace packages) and the
names of properties. Scanning every call site of every module for them costs a large part of
an analysis. The index is derived from the summary when the summary is made, in the process that
summarises the file, and cached with it, so an analysis reads only the entries it asks for.

It is data derived from the summary alone (``summary_index``); a summary whose keys or imports
change (``collisions.rekey_classes``, ``naming.redirect_imports``, ``project._cut_star_cycles``)
gets its index derived again, and so does a module whose function or class key another module
took (``resolve.Resolver.indexed``). Entries:
    calls: last name -> [function key, position in its ``calls``, key, position, ...] (flat: a
        tenth fewer objects to decode), for calls spelled ``name(...)`` or ``base.name(...)``
    built: last name -> [(line, callee, arguments)], calls inside module-level values (tables of
        rows); an argument is (keyword or None, value)
    fields: attributes some class of the module annotates ``Callable[...]`` (table-row fields)
    mentioned: class-like names read anywhere, and every name inside annotations of parameters,
        variables and class attributes
    imports: absolute import targets (module and function scope, and star imports)
    props: names of property getters
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from .records import Bindings, CallSite, FunctionSummary, ModuleSummary

__all__ = ["annotation_names", "call_name", "calls_named", "module_calls", "summary_index"]

_WORDS = re.compile(r"[A-Za-z_]\w*")


def call_name(func: object) -> str | None:
    """Return the last name a call is spelled with (``f`` or ``x.f``), or None."""
    if not isinstance(func, tuple) or not func:
        return None
    if func[0] == "n":
        return func[1] if isinstance(func[1], str) else None
    if func[0] == "a":
        return func[2] if isinstance(func[2], str) else None
    return None


def annotation_names(expr: object, found: set[str]) -> None:
    """Collect the last name of every name or attribute inside an encoded expression."""
    if not isinstance(expr, tuple) or not expr:
        return
    kind = expr[0]
    if kind == "n":
        found.add(expr[1])
    elif kind == "a":
        found.add(expr[2])
        annotation_names(expr[1], found)
    elif kind in ("c", "either", "or", "sub", "d"):
        for part in expr[1:]:
            annotation_names(part, found)
    elif kind == "tup":
        for part in expr[1]:
            annotation_names(part, found)
    elif kind == "s" and isinstance(expr[1], str):
        found.update(_WORDS.findall(expr[1]))  # a quoted annotation: "RemoteSource | None"


def _annotated(bindings: Bindings, found: set[str]) -> None:
    for entries in bindings.values():
        for _, binding in entries:
            if binding is not None and binding[0] == "ann":
                annotation_names(binding[1], found)


def _imports(bindings: Bindings, found: set[str]) -> None:
    for entries in bindings.values():
        for _, binding in entries:
            if binding is not None and binding[0] == "imp" and not binding[2]:
                found.add(binding[1])


def _built(expr: object, line: int, found: dict[str, list[tuple[int, Any, Any]]]) -> None:
    """Record every call inside a module-level value, by the last name of its callee."""
    if not isinstance(expr, tuple) or not expr:
        return
    tagged = isinstance(expr[0], str)
    if tagged and expr[0] == "c" and len(expr) > 2:
        rest = expr[3] if len(expr) > 3 and isinstance(expr[3], tuple) else ()
        arguments: list[tuple[Any, Any]] = [(None, expr[2])]
        for arg in rest:
            keyword = arg is not None and arg[0] == "kw"
            arguments.append((arg[1], arg[2]) if keyword else (None, arg))
        name = call_name(expr[1])
        if name is not None:
            found.setdefault(name, []).append((line, expr[1], tuple(arguments)))
    for item in expr[1:] if tagged else expr:
        if isinstance(item, tuple):
            _built(item, line, found)


def summary_index(summary: ModuleSummary) -> dict[str, Any]:
    """Return the index of a summary (see the module's documentation)."""
    calls: dict[str, list[str | int]] = {}
    built: dict[str, list[tuple[int, Any, Any]]] = {}
    mentioned: set[str] = set(summary["names"])
    imports: set[str] = set()
    props: set[str] = set()
    for entries in summary["bindings"].values():
        for line, binding in entries:
            if binding is not None and binding[0] == "val":
                _built(binding[1], line, built)
    _imports(summary["bindings"], imports)
    record: FunctionSummary
    for key, record in summary["functions"].items():
        for position, call in enumerate(record["calls"]):
            name = call_name(call[2])
            if name is not None:
                calls.setdefault(name, []).extend((key, position))
        for annotation in record["params"].values():
            annotation_names(annotation, mentioned)  # a parameter receives instances
        _annotated(record["bindings"], mentioned)
        _imports(record["bindings"], imports)
        if record["prop"]:
            props.add(record["name"])
    fields: set[str] = set()
    for cls in summary["classes"].values():
        for attribute, members in cls["attrs"].items():
            for _, binding in members:
                if binding is not None and binding[0] == "ann":
                    annotation_names(binding[1], mentioned)
                    if "Callable" in repr(binding[1]):
                        fields.add(attribute)
    imports.update(module for module, level in summary["stars"] if not level)
    return {
        "calls": calls,
        "built": built,
        "fields": sorted(fields),
        "mentioned": sorted(mentioned),
        "imports": sorted(imports),
        "props": sorted(props),
    }


def calls_named(
    summary: ModuleSummary, names: Collection[str], *, ordered: bool = True
) -> list[tuple[str, int]]:
    """Return the (function key, position) of a module's calls spelled with one of ``names``;
    with ``ordered``, in the order of the summary (functions as defined, calls as written)."""
    index = summary["index"]["calls"]
    if len(names) <= len(index):
        hits = [index[name] for name in names if name in index]
    else:
        hits = [sites for name, sites in index.items() if name in names]
    found = [site for hit in hits for site in zip(hit[::2], hit[1::2], strict=True)]
    if ordered and len(hits) > 1:
        order = {key: number for number, key in enumerate(summary["functions"])}
        found.sort(key=lambda site: (order[site[0]], site[1]))
    return found


def module_calls(
    module: str, summary: ModuleSummary, names: Collection[str], *, ordered: bool = True
) -> Iterator[tuple[str, CallSite]]:
    """Yield (function, call) for a module's calls spelled with one of ``names``, the function
    by its project key (``f"{module}.{qualname}"``). ``summary`` is the module's as the
    resolver indexes it (``Resolver.indexed``)."""
    functions = summary["functions"]
    for key, position in calls_named(summary, names, ordered=ordered):
        yield f"{module}.{key}", functions[key]["calls"][position]
