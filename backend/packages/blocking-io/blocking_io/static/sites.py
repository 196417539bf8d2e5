"""Call sites of one function, classified once: blocking primitive, project callee, or neither.

``SiteIndex.sites(fn)`` first decides what each call site is (``classify``: a blocking
primitive, an offload or loop callback, a project function, a project class, a parameter called
as a function, an external name, or unresolved) and then turns the classes into ``Block`` and
``Edge`` records in one place. Edges are calls into sync project code (async callees are entries
themselves; offloaded callables are never followed), constructor calls (``__init__``,
``__post_init__``), sync ``with``/``for`` protocol methods, property reads, lambdas handed to
calls that run them at once, and the overrides a call may dispatch to (``dispatch``). Each record
keeps the call's guards and arguments, so reach can follow it per calling context.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from .arguments import nonblocking_arguments
from .dispatch import Dispatch
from .guards import Guard
from .index import module_calls
from .offloaders import OFFLOADERS
from .predicates import CHAINED_ONLY, SOCKET_METHODS, nonblocking, runs_lambdas_now, submitted
from .primitives import PRIMITIVES_BY_NAME
from .resolve import Resolver

__all__ = ["Block", "Edge", "SiteIndex", "Sites"]

_OFFLOADERS = frozenset(entry.name for entry in OFFLOADERS)


@functools.cache
def standard_methods() -> frozenset[str]:
    """Return the method names of standard types.

    A call by one of these names on an unknown receiver may be on a str, a dict, a file, a
    match, a socket..., so it is never resolved by name alone.
    """
    import asyncio
    import collections
    import datetime
    import io
    import logging
    import pathlib
    import queue
    import re
    import socket
    import subprocess
    import threading

    kinds: tuple[type, ...] = (
        str, bytes, bytearray, list, dict, set, frozenset, tuple, int, float, complex, object,
        type, memoryview, re.Match, re.Pattern, io.TextIOWrapper, io.BufferedReader,
        io.BytesIO, socket.socket, threading.Thread, threading.Event, logging.Logger,
        pathlib.Path, datetime.datetime, collections.deque, collections.OrderedDict,
        asyncio.Future, asyncio.Task, queue.Queue, subprocess.Popen, Exception,
    )  # fmt: skip
    return frozenset(name for kind in kinds for name in dir(kind))


_OFFLOAD_METHODS = {e.name.rpartition(".")[2] for e in OFFLOADERS if e.any_receiver}


@dataclass(frozen=True)
class Block:
    """A blocking primitive called at a line of a function."""

    line: int
    column: int
    call: str
    guards: tuple[Guard, ...]


@dataclass(frozen=True)
class Edge:
    """A call from a function into sync project code, with what it passes."""

    line: int
    target: str
    guards: tuple[Guard, ...] = ()
    args: tuple = ()
    keywords: tuple = ()
    bound: bool = False  # the callee's first parameter is the receiver
    into_async: bool = False  # an async callee: followed only to carry a non-empty context
    guessed: bool = False  # resolved by a method name only one class defines (libraries)


@dataclass
class Sites:
    """What one function calls: blocks, edges, parameters called as functions, resolution counts."""

    blocks: list[Block] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    param_calls: list[tuple[int, str, tuple, tuple, tuple[Guard, ...]]] = field(
        default_factory=list
    )
    calls: int = 0
    unresolved: list[tuple[int, int]] = field(default_factory=list)


def _settled(record: dict, future: tuple, line: int) -> bool:
    """Tell whether a stored future is handed to a call or checked before ``line``."""
    for call in record["calls"]:
        if call[0] >= line:
            continue
        func, args = call[2], call[3]
        if func[0] == "a" and func[1] == future and func[2] != "result":
            return True
        if future in args or any(value == future for _, value in call[4]):
            return True
    return False


def _call_guards(call: tuple) -> tuple[Guard, ...]:
    return call[6] if len(call) > 6 else ()


class SiteIndex:
    """Classify and cache the call sites of reached functions."""

    def __init__(
        self,
        resolver: Resolver,
        callbacks: frozenset[str],
        callback_methods: frozenset[str],
        *,
        aliases: dict[str, str] | None = None,
        overrides: bool = True,
        by_name: bool = False,
        fields: bool = True,
    ):
        """Index a resolver's call sites.

        ``aliases`` maps definitions to the table names they stand for (a library's
        ``urllib3.poolmanager.PoolManager`` is the table's ``urllib3.PoolManager``);
        ``overrides=False`` follows a method call to the resolved method only, not to the
        overrides of every live subclass (library summaries: see ``libraries``); ``by_name``
        resolves a method call on an unknown receiver to the one method of that name when a
        single class defines it (libraries again: generated clients keep their collaborators in
        untyped attributes); ``fields=False`` does not follow calls through callable fields
        of table rows (``field_callables``).
        """
        self.r = resolver
        self.dispatch = Dispatch.of(resolver) if overrides else None
        self._aliases = aliases or {}
        self._callbacks = callbacks
        self._skip_methods = frozenset(_OFFLOAD_METHODS | callback_methods)
        self._sites: dict[str, Sites] = {}
        self._unique: dict[str, str] | None = {} if not by_name else None
        self._handed: dict[tuple[str, str], list[str]] = {}
        self._fields = fields
        self._fields_named: frozenset[str] | None = None

    def unique_method(self, module: str, name: str) -> str | None:
        """Return the only method called ``name`` in the classes of a module's top-level package.

        None when there is none or several, and for names that methods of standard types
        also have (``str.upper``, ``re.Match.group``): the receiver may be one of those.
        """
        if self._unique is None:
            standard = standard_methods()
            owners: dict[tuple[str, str], str | None] = {}
            for owner, record in self.r.classes.values():
                top = owner.partition(".")[0]
                for method, qualname in record["methods"].items():
                    key = (top, method)
                    owners[key] = None if key in owners else f"{owner}.{qualname}"
            self._unique = {
                f"{top}:{method}": fn
                for (top, method), fn in owners.items()
                if fn is not None and fn in self.r.functions and method not in standard
            }
        return self._unique.get(f"{module.partition('.')[0]}:{name}")

    def classify(self, fn: str, call: tuple) -> tuple[str, str | None]:
        """Return what a call site is: (class, resolved target or parameter name)."""
        module, record = self.r.functions[fn]
        line, func = call[0], call[2]
        value = self.r.eval(func, module, fn, line)
        target = value[1] if value is not None and value[0] == "q" else None
        if target is not None and self._aliases:
            target = self._aliases.get(target, target)
        if target is None:
            if func[0] == "a" and func[2] in self._skip_methods:
                return "skip", None
            if func[0] == "n" and func[1] in record["params"]:
                return "param", func[1]
            if value is None and self.callables(fn, func, line):
                return "many", None
            if func[0] == "a" and self._fields and self.field_callables(fn, func, line):
                return "fields", None
            if value is None and func[0] == "a" and self._unique != {}:
                named = self.unique_method(module, func[2])
                if named is not None:
                    return "named", named
            if value is not None and value[0] == "anycls":
                return "subclass", value[1]
            return ("unresolved", None) if value is None else ("external", None)
        if target in PRIMITIVES_BY_NAME:
            return "primitive", target
        if target in _OFFLOADERS or target in self._callbacks:
            return "skip", target
        if target in self.r.functions:
            return "function", target
        if target in self.r.classes:
            return "class", target
        return "external", target

    def subclasses(self, base: str) -> list[str]:
        """Return the project class and every project class below it."""
        return [cls for cls in self.r.classes if base in self.r.mro(cls)]

    def field_callables(self, fn: str, func: tuple, line: int) -> list[str]:
        """Return the project functions a call through a callable field of a table row may run.

        `row.convert(path)`, where `row` is an instance of a project class whose `convert`
        attribute is annotated `Callable[...]` (a dataclass row of a rules table), may run any
        project function handed to that class's constructor: in module-level tables
        (`ROWS = (Row(suffix=".pdf", convert=pdf_to_text), ...)`) or in calls.
        """
        if func[2] not in self._callable_fields():
            return []  # no project class has a callable attribute of this name
        module = self.r.functions[fn][0]
        base = self.r.eval(func[1], module, fn, line)
        if base is None or base[0] != "i" or base[1] not in self.r.classes:
            return []
        record = self.r.classes[base[1]][1]
        entries = record["attrs"].get(func[2])
        if not entries or func[2] in record["methods"]:
            return []
        if not any(b[0] == "ann" and "Callable" in repr(b[1]) for _, b in entries if b):
            return []
        return self._handed_to(base[1], func[2])

    def _callable_fields(self) -> frozenset[str]:
        """Return the attribute names some project class annotates as ``Callable[...]``."""
        if self._fields_named is None:
            self._fields_named = frozenset(
                name for summary in self.r.indexed.values() for name in summary["index"]["fields"]
            )
        return self._fields_named

    def _handed_to(self, cls: str, field: str) -> list[str]:
        """Return the project functions passed to the constructor of ``cls`` anywhere, as the
        keyword ``field`` or positionally (a positional argument may be any field). The class is
        found by the name it is called with: a construction through an alias of another name
        (`from rows import Row as R; R(...)`) is not seen."""
        known = self._handed.get((cls, field))
        if known is not None:
            return known
        spelled = cls.rpartition(".")[2]
        found: set[str] = set()
        for module, fn, line, callee, args in self._spelled(spelled):
            if self.r.eval(callee, module, fn, line) != ("q", cls):
                continue
            for keyword, arg in args:
                if keyword is not None and keyword != field:
                    continue
                value = self.r.eval(arg, module, fn, line) if arg is not None else None
                if value is not None and value[0] == "q" and value[1] in self.r.functions:
                    found.add(value[1])
        self._handed[(cls, field)] = sorted(found)
        return self._handed[(cls, field)]

    def _spelled(self, name: str) -> Iterator[tuple]:
        """Yield every call written ``name(...)`` or ``x.name(...)`` in the project, as (module,
        function or None at module level, line, callee, arguments); an argument is (keyword or
        None, value). Module-level calls are those inside values bound at module level (tables
        of rows)."""
        for module, summary in self.r.indexed.items():
            index = summary["index"]
            for line, callee, args in index["built"].get(name, ()):
                yield module, None, line, callee, args
            if name not in index["calls"]:
                continue  # most modules never spell it: skip the generator
            for fn, call in module_calls(module, summary, (name,)):
                yield module, fn, call[0], call[2], (*((None, a) for a in call[3]), *call[4])

    def callables(self, fn: str, func: tuple, line: int) -> list[str]:
        """Return the project functions a call through a literal collection may run.

        `HANDLERS[name](...)` may run any value of a literal dict `HANDLERS`; `hook(...)` inside
        `for hook in HOOKS:` any element of a literal list or set `HOOKS`.
        """
        module, record = self.r.functions[fn]
        container = None
        if func[0] == "sub":
            container = func[1]
        elif func[0] == "n":
            bound = [b for at, b in record["bindings"].get(func[1], ()) if at <= line]
            if bound and bound[-1] is not None and bound[-1][0] == "iter":
                container = bound[-1][1]
        if container is None:
            return []
        table = self.r.eval(container, module, fn, line)
        if table is None or table[0] not in ("keys", "coll"):
            return []
        items = table[2] if table[0] == "keys" else table[1]
        found = []
        for item in items:
            value = self.r.eval(item, module, fn, line) if item is not None else None
            if value is not None and value[0] == "q" and value[1] in self.r.functions:
                found.append(value[1])
        return found

    def _blocking(self, fn: str, call: tuple, target: str) -> bool:
        """Tell whether a primitive call blocks here (predicates on receiver and arguments)."""
        line, func = call[0], call[2]
        receiver = func[1] if func[0] == "a" else None
        if target in CHAINED_ONLY and (receiver is None or receiver[0] != "c"):
            # `future.result()` waits when the future was submitted in this function and not
            # awaited or checked since (`wrap_future(f)`, `wait([f])`, `f.done()`).
            if receiver is None or not submitted(self.r, receiver, fn, line):
                return False
            if receiver[0] == "n" and _settled(self.r.functions[fn][1], receiver, line):
                return False
        if receiver is not None and target.startswith(SOCKET_METHODS):
            return not nonblocking(self.r, receiver, fn)
        return not nonblocking_arguments(self.r, fn, call, target)

    def sites(self, fn: str) -> Sites:
        """Return the classified call sites of a function (cached)."""
        cached = self._sites.get(fn)
        if cached is not None:
            return cached
        module, record = self.r.functions[fn]
        sites = Sites()
        for call in record["calls"]:
            line, column, func, args, keywords = call[:5]
            guards = self._resolved_guards(_call_guards(call), module, fn, line)
            kind, target = self.classify(fn, call)
            sites.calls += 1
            if kind == "unresolved":
                sites.unresolved.append((line, column))
            elif kind == "primitive" and self._blocking(fn, call, target):
                sites.blocks.append(Block(line, column, target, guards))
            elif kind == "external" and target is not None and self._library(fn, call, target):
                sites.blocks.append(Block(line, column, target, guards))
            elif kind == "named":
                callee = self.r.functions[target][1]
                is_async = bool(callee["async"])
                edge = Edge(line, target, guards, args, keywords, True, is_async, guessed=True)
                sites.edges.append(edge)
            elif kind == "function":
                sites.edges.extend(self._function_edges(fn, call, target, guards))
            elif kind == "class":
                sites.edges.extend(self._constructor_edges(call, target, guards))
            elif kind == "param":
                sites.param_calls.append((line, target, args, keywords, guards))
            elif kind == "subclass":
                # A class built reflectively may be any subclass of the one it was checked
                # against, named in configuration rather than in the code: follow them all.
                for cls in self.subclasses(target):
                    sites.edges.extend(self._constructor_edges(call, cls, guards))
            elif kind == "many" or kind == "fields":
                table = self.callables if kind == "many" else self.field_callables
                for callee in table(fn, func, line):
                    is_async = bool(self.r.functions[callee][1]["async"])
                    sites.edges.append(Edge(line, callee, guards, args, keywords, False, is_async))
            # A lambda handed to a call known to run it right away (sorted key=, map, ...) runs
            # in the caller; other callees may run it anywhere, so it is not followed.
            if kind != "skip" and runs_lambdas_now(target, func):
                for arg in (*args, *(value for _, value in keywords)):
                    if arg is not None and arg[0] == "lam":
                        sites.edges.append(Edge(line, f"{module}.{arg[1]}", guards))
        for line, _column, base, name in record["reads"]:
            getter = self.property_getter(base, name, module, fn, line)
            if getter is not None:
                sites.edges.append(Edge(line, getter, bound=True))
        self._sites[fn] = sites
        return sites

    def _library(self, fn: str, call: tuple, target: str) -> bool:
        """Tell whether a call into a third-party library may block (``libraries``); library
        callables handed to it as arguments are noted for the report (``Libraries.at_call``)."""
        libraries = self.r.libraries
        if libraries is None:
            return False
        direct = libraries.effect(target) is not None
        if not (call[3] or call[4]) or not libraries.imports(target):
            return direct
        module = self.r.functions[fn][0]
        handed = []
        for arg in (*call[3], *(value for _, value in call[4])):
            value = self.r.eval(arg, module, fn, call[0]) if arg is not None else None
            name = value[1] if value is not None and value[0] == "q" else None
            if name is not None and name != target and libraries.effect(name) is not None:
                handed.append(name)
        if not handed:
            return direct
        libraries.handed_at[(fn, call[0], target)] = tuple(handed)
        return libraries.at_call(target, tuple(handed)) is not None

    def _resolved_guards(self, guards: tuple, module: str, fn: str, line: int) -> tuple:
        """Return guards with each ``in`` table resolved to its literal keys (None: unknown)."""
        if not any(op in ("in", "notin") for _, op, _ in guards):
            return guards
        resolved = []
        for name, op, value in guards:
            if op in ("in", "notin"):
                table = self.r.eval(value, module, fn, line)
                keys = frozenset(table[1]) if table is not None and table[0] == "keys" else None
                resolved.append((name, op, keys))
            else:
                resolved.append((name, op, value))
        return tuple(resolved)

    def _function_edges(self, fn: str, call: tuple, target: str, guards: tuple) -> list[Edge]:
        """Return the edges of a call to a project function: itself and its possible overrides."""
        _, record = self.r.functions[fn]
        line, func, args, keywords = call[0], call[2], call[3], call[4]
        callee = self.r.functions[target][1]
        bound = func[0] == "a" and bool(callee["self"])
        edges = [Edge(line, target, guards, args, keywords, bound, bool(callee["async"]))]
        if callee["cls"] and func[0] == "a" and self.dispatch is not None:
            on_self = func[1] == ("n", record["self"]) and bool(record["self"])
            caller = record["name"] if on_self else None
            for override in self.dispatch.targets(target, caller):
                edges.append(Edge(line, override, guards, args, keywords, bound))
        return edges

    def _constructor_edges(self, call: tuple, target: str, guards: tuple) -> list[Edge]:
        edges = []
        for special in ("__init__", "__post_init__"):
            method = self.r.member(target, special, skip_first=False)
            if method is not None and method[1] in self.r.functions:
                if not self.r.functions[method[1]][1]["async"]:
                    edges.append(Edge(call[0], method[1], guards, call[3], call[4], True))
        return edges

    def property_getter(self, base: tuple, name: str, module: str, fn: str, line: int):
        """Return the sync property getter that reading ``base.name`` runs, if any."""
        if name not in self.r.property_names:
            return None
        value = self.r.eval(base, module, fn, line)
        if value is None or value[0] not in ("i", "sup") or value[1] not in self.r.classes:
            return None
        member = self.r.member(value[1], name, skip_first=value[0] == "sup")
        getter = self.r.functions.get(member[1]) if member is not None else None
        if getter is None or not getter[1]["prop"] or getter[1]["async"]:
            return None
        return member[1]
