"""Call graph and reachability: which blocking calls run on the event loop, and how they get there.

Loop entries are every ``async def`` (exposure ``direct``), sync hooks from ``LOOP_HOOKS``,
``PROTOCOL_HOOKS`` and ``HOOK_DECORATORS`` (``hook``) and sync callables scheduled by
``LOOP_CALLBACKS`` (``callback``). Edges are calls, constructor calls (``__init__``,
``__post_init__``), sync ``with`` (``__enter__``/``__exit__``) and ``for`` (``__iter__``),
property reads, and lambdas handed to calls that run them at once (``sorted(key=...)``). A
breadth-first search from all entries at once follows calls into sync project functions (async
callees are entries themselves; offloaded callables are never followed), so each function is
reached by its shortest chain. Call sites are resolved lazily, only for reached functions.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .entries import HOOK_DECORATORS, LOOP_CALLBACKS, LOOP_HOOKS
from .offloaders import OFFLOADERS
from .predicates import CHAINED_ONLY, SOCKET_METHODS, nonblocking, runs_lambdas_now, submitted
from .primitives import PRIMITIVES_BY_NAME
from .protocols import PROTOCOL_HOOKS
from .resolve import Resolver
from .rules import rule_for_exposure
from .suppress import Suppressions

__all__ = ["RawFinding", "find_blocking_calls"]

_OFFLOADERS = {entry.name: entry for entry in OFFLOADERS}
_OFFLOAD_METHODS = {e.name.rpartition(".")[2] for e in OFFLOADERS if e.any_receiver}
_CALLBACKS = {entry.name: entry for entry in LOOP_CALLBACKS}
_CALLBACK_METHODS = {e.name.rpartition(".")[2]: e for e in LOOP_CALLBACKS if e.any_receiver}
_HOOK_DECORATORS = {entry.name: entry for entry in HOOK_DECORATORS}
# The code a finding gets when reached from a root of each kind through at least one call.
_EDGE_CODES = {
    kind: rule_for_exposure("reachable" if kind == "direct" else kind).code
    for kind in ("direct", "hook", "callback")
}


@dataclass
class RawFinding:
    """A blocking call site on the loop, with the chain of (function, line) hops reaching it."""

    exposure: str
    function: str
    call: str
    line: int
    column: int
    chain: list[tuple[str, int]]
    twin: str = ""
    scheduled: bool = False  # the primitive itself was handed to the loop as the callback


@dataclass
class _Sites:
    blocks: list[tuple[int, int, str]]
    edges: list[tuple[int, str]]


class _Graph:
    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver
        self._sites: dict[str, _Sites] = {}
        self.callbacks: list[str] = []
        self.callback_blocks: list[RawFinding] = []
        self._overrides: dict[str, list[str]] | None = None

    def callable_target(self, arg: tuple | None, module: str, fn: str, line: int) -> str | None:
        """Return the qualified name of a callable argument (through ``functools.partial``)."""
        if arg is None or arg[0] == "star":
            return None
        if arg[0] == "c":
            callee = self.r.eval(arg[1], module, fn, line)
            if callee == ("q", "functools.partial"):
                return self.callable_target(arg[2], module, fn, line)
            return None
        value = self.r.eval(arg, module, fn, line)
        return value[1] if value is not None and value[0] == "q" else None

    def sites(self, fn: str) -> _Sites:
        """Return the blocking calls and sync-callee edges of a function.

        Each call site is classified once (primitive, offload, loop callback, project callee);
        the branches share the resolved target, so they stay in one loop.
        """
        cached = self._sites.get(fn)
        if cached is not None:
            return cached
        module, record = self.r.functions[fn]
        sites = _Sites([], [])
        for line, column, func, args, keywords, _awaited in record["calls"]:
            value = self.r.eval(func, module, fn, line)
            target = value[1] if value is not None and value[0] == "q" else None
            if target is None:
                method = func[2] if func[0] == "a" else ""
                if method in _OFFLOAD_METHODS or method in _CALLBACK_METHODS:
                    continue
            elif target in PRIMITIVES_BY_NAME:
                receiver = func[1] if func[0] == "a" else None
                if target in CHAINED_ONLY and (receiver is None or receiver[0] != "c"):
                    continue
                if receiver is not None and target.startswith(SOCKET_METHODS):
                    if nonblocking(self.r, receiver, fn):
                        continue
                sites.blocks.append((line, column, target))
                continue
            elif target in _OFFLOADERS or target in _CALLBACKS:
                continue
            elif target in self.r.functions:
                callee = self.r.functions[target][1]
                if not callee["async"]:
                    sites.edges.append((line, target))
                if callee["abstract"]:
                    # A stub does nothing itself: the call runs one of its overrides.
                    sites.edges.extend((line, o) for o in self.overrides().get(target, ()))
            elif target in self.r.classes:
                for special in ("__init__", "__post_init__"):
                    method = self.r.member(target, special, skip_first=False)
                    if method is not None and method[1] in self.r.functions:
                        if not self.r.functions[method[1]][1]["async"]:
                            sites.edges.append((line, method[1]))
            # A lambda handed to a call known to run it right away (sorted key=, map, ...) runs
            # in the caller; other callees may run it anywhere, so it is not followed.
            if runs_lambdas_now(target, func):
                for arg in (*args, *(value for _, value in keywords)):
                    if arg is not None and arg[0] == "lam":
                        sites.edges.append((line, f"{module}.{arg[1]}"))
        for line, _column, base, name in record["reads"]:
            getter = self.property_getter(base, name, module, fn, line)
            if getter is not None:
                sites.edges.append((line, getter))
        self._sites[fn] = sites
        return sites

    def overrides(self) -> dict[str, list[str]]:
        """Return the sync project methods that override each project method."""
        if self._overrides is None:
            self._overrides = {}
            for cls, (module, record) in self.r.classes.items():
                ancestors = [c for c in self.r.mro(cls)[1:] if c in self.r.classes]
                for name, qualname in record["methods"].items():
                    method = f"{module}.{qualname}"
                    if self.r.functions[method][1]["async"]:
                        continue
                    for ancestor in ancestors:
                        base_module, base = self.r.classes[ancestor]
                        if name in base["methods"]:
                            overridden = f"{base_module}.{base['methods'][name]}"
                            self._overrides.setdefault(overridden, []).append(method)
        return self._overrides

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

    def scan_callbacks(self) -> None:
        """Collect sync callables scheduled on the loop, and primitives scheduled directly."""
        names = {e.name.rpartition(".")[2] for e in LOOP_CALLBACKS}
        for fn, (module, record) in self.r.functions.items():
            for line, column, func, args, _keywords, _awaited in record["calls"]:
                if func[0] == "a":
                    if func[2] not in names:
                        continue
                elif func[0] != "n" or func[1] not in names:
                    continue
                value = self.r.eval(func, module, fn, line)
                entry = _CALLBACKS.get(value[1]) if value is not None and value[0] == "q" else None
                if entry is None and func[0] == "a":
                    receiver = self.r.eval(func[1], module, fn, line)
                    if receiver is None and not submitted(self.r, func[1], fn, line):
                        entry = _CALLBACK_METHODS.get(func[2])
                if entry is None or len(args) <= entry.callable_arg:
                    continue
                target = self.callable_target(args[entry.callable_arg], module, fn, line)
                if target in self.r.functions and not self.r.functions[target][1]["async"]:
                    self.callbacks.append(target)
                elif target in PRIMITIVES_BY_NAME:
                    chain = [(fn, line)]
                    raw = RawFinding("callback", fn, target, line, column, chain, scheduled=True)
                    self.callback_blocks.append(raw)

    def hooks(self) -> dict[str, str]:
        """Return sync hook methods that run on the loop, mapped to their async twin's name."""
        found: dict[str, str] = {}
        for cls in self.r.classes:
            order = self.r.mro(cls)
            bases = {c for c in order if c not in self.r.classes}
            for hook in (*LOOP_HOOKS, *PROTOCOL_HOOKS):
                if hook.base not in bases:
                    continue
                method = self.r.member(cls, hook.method, skip_first=False)
                if method is None or method[1] not in self.r.functions:
                    continue
                twin = self.r.member(cls, hook.async_twin, skip_first=False)
                if twin is not None and twin[1] in self.r.functions:
                    continue
                if not self.r.functions[method[1]][1]["async"]:
                    found[method[1]] = hook.async_twin
        for fn, (module, record) in self.r.functions.items():
            if record["async"] or not record["decorators"]:
                continue
            for decorator in record["decorators"]:
                if decorator is not None and decorator[0] == "c":
                    decorator = decorator[1]
                value = self.r.eval(decorator, module, None, record["line"])
                entry = _HOOK_DECORATORS.get(value[1]) if value is not None else None
                if entry is not None:
                    found[fn] = entry.instead
        return found


def find_blocking_calls(
    resolver: Resolver, suppressions: Suppressions | None = None
) -> list[RawFinding]:
    """Return one raw finding per blocking call site reachable from the loop.

    Entries, a breadth-first search and chain rebuilding share the parent map, so they stay in
    one function.
    """
    graph = _Graph(resolver)
    graph.scan_callbacks()
    hooks = graph.hooks()
    parent: dict[str, tuple[str, int] | None] = {}
    root_kind: dict[str, str] = {}
    queue: deque[str] = deque()
    roots = [
        (fn, "direct") for fn in sorted(resolver.functions) if resolver.functions[fn][1]["async"]
    ]
    roots += [(fn, "hook") for fn in sorted(hooks)]
    roots += [(fn, "callback") for fn in sorted(set(graph.callbacks))]
    for fn, kind in roots:
        if fn not in parent:
            parent[fn] = None
            root_kind[fn] = kind
            queue.append(fn)
    while queue:
        fn = queue.popleft()
        module = resolver.functions[fn][0]
        code = _EDGE_CODES[root_kind[fn]]
        for line, target in graph.sites(fn).edges:
            if suppressions and suppressions.covers(module, line, code):
                continue  # the call is marked as known to be fine on the loop
            if target not in parent:
                parent[target] = (fn, line)
                root_kind[target] = root_kind[fn]
                queue.append(target)
    findings = list(graph.callback_blocks)
    for fn in parent:
        blocks = graph.sites(fn).blocks
        if not blocks:
            continue
        hops: list[tuple[str, int]] = []
        step = parent[fn]
        while step is not None:
            hops.append(step)
            step = parent[step[0]]
        hops.reverse()
        kind = root_kind[fn]
        if kind == "direct" and hops:
            kind = "reachable"
        root = hops[0][0] if hops else fn
        for line, column, call in blocks:
            chain = [*hops, (fn, line)]
            findings.append(RawFinding(kind, fn, call, line, column, chain, hooks.get(root, "")))
    return findings
