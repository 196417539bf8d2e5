"""Reach: which blocking calls run on the event loop, from which entries, and by which chains.

A breadth-first search starts from the loop entries (``roots``) tier by tier (request and run
paths first, then startup, then scripts, tests and benchmarks: ``entrykinds``), so each function
keeps the most production-like shortest chain. It visits (function, calling context) pairs:
a call site's arguments and guards give the callee a context (``context``), and in that
context the callee's call sites whose guards are contradicted are not followed. Blocking calls
in visited functions are findings; every entry that reaches a finding is listed by a reverse
walk over the followed calls.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from .context import EMPTY, MAX_CONTEXTS, Context, Fact, callee_context, contradicted, facts_of
from .entrykinds import KIND_TIERS, PRODUCTION_TIERS
from .resolve import Resolver
from .roots import CALLBACK_METHODS, CALLBACKS, Roots, callable_target, find_roots
from .rules import rule_for_exposure
from .sites import Edge, SiteIndex
from .suppress import Suppressions

__all__ = [
    "MAX_LISTED_ENTRIES",
    "GraphResult",
    "RawFinding",
    "analyse",
    "call_graph",
    "find_blocking_calls",
]

MAX_LISTED_ENTRIES = 10
# The code a finding gets when reached from a root of each exposure through at least one call.
_EDGE_CODES = {
    kind: rule_for_exposure("reachable" if kind == "direct" else kind).code
    for kind in ("direct", "hook", "callback")
}

Node = tuple[str, Context]
Hop = tuple[str, int]


@dataclass
class RawFinding:
    """A blocking call site on the loop, with the chain of (function, line) hops reaching it."""

    exposure: str
    function: str
    call: str
    line: int
    column: int
    chain: list[Hop]
    twin: str = ""
    scheduled: bool = False  # the primitive itself was handed to the loop as the callback
    entry_kind: str = "coroutine"
    production: bool = True
    entries: list[tuple[str, str, list[Hop]]] = field(default_factory=list)
    entry_count: int = 1
    entry_kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class GraphResult:
    """The findings, and how many loop-reachable call sites resolved."""

    findings: list[RawFinding]
    calls: int
    resolved: int
    unresolved: list[tuple[str, int, int]]
    errors: list[dict] = field(default_factory=list)  # configuration files that did not parse
    functions: int = 0  # functions reached
    contexts: int = 0  # (function, calling context) pairs visited: the cost of context reach


class _Reach:
    def __init__(self, resolver: Resolver, suppressions: Suppressions | None) -> None:
        self.r = resolver
        self.suppressions = suppressions
        self.roots: Roots = find_roots(resolver)
        self.index = SiteIndex(resolver, frozenset(CALLBACKS), frozenset(CALLBACK_METHODS))
        self.parent: dict[Node, tuple[Node, int] | None] = {}
        self.root_of: dict[Node, str] = {}
        self.contexts: dict[str, set[Context]] = {}
        self.callers: dict[str, dict[str, int]] = {}
        self._sensitivity: dict[str, bool] = {}

    # search -----------------------------------------------------------------------------------

    def run(self) -> None:
        """Visit every (function, context) the entries reach, tier by tier."""
        tiers = sorted({KIND_TIERS[kind] for kind in self.roots.kind.values()})
        for tier in tiers:
            queue: deque[Node] = deque()
            for fn in sorted(self.roots.kind):
                node = (fn, EMPTY)
                if self.roots.kind[fn] == "uncalled" and fn in self.contexts:
                    continue  # awaited from code searched before: reached in its real contexts
                if KIND_TIERS[self.roots.kind[fn]] == tier and node not in self.parent:
                    self._visit(node, None, fn)
                    queue.append(node)
            while queue:
                node = queue.popleft()
                for child, line in self._children(node):
                    if child not in self.parent:
                        self._visit(child, (node, line), self.root_of[node])
                        queue.append(child)

    def _visit(self, node: Node, parent: tuple[Node, int] | None, root: str) -> None:
        self.parent[node] = parent
        self.root_of[node] = root
        self.contexts.setdefault(node[0], set()).add(node[1])

    def _children(self, node: Node) -> list[tuple[Node, int]]:
        fn, context = node
        module, record = self.r.functions[fn]
        rebound = record["bindings"]
        code = _EDGE_CODES[self.roots.exposure[self.root_of[node]]]
        sites = self.index.sites(fn)
        children = []
        for edge in [*sites.edges, *self._param_edges(fn, context)]:
            if self.suppressions and self.suppressions.covers(module, edge.line, code):
                continue  # the call is marked as known to be fine on the loop
            if contradicted(edge.guards, context, rebound):
                continue
            child_context = self._callee_context(edge, fn, context)
            if edge.into_async and not child_context and self._exposed(edge.target):
                continue  # an exposed async callee is an entry itself; follow it to carry facts
            self.callers.setdefault(edge.target, {}).setdefault(fn, edge.line)
            known = self.contexts.get(edge.target, set())
            if child_context not in known and len(known) >= MAX_CONTEXTS:
                child_context = EMPTY  # too many contexts: fall back to the one that follows all
            children.append(((edge.target, child_context), edge.line))
        return children

    def _exposed(self, fn: str) -> bool:
        """Tell whether a function is an entry that is searched from on its own."""
        kind = self.roots.kind.get(fn)
        return kind is not None and kind != "uncalled"

    def _param_edges(self, fn: str, context: Context) -> list[Edge]:
        """Return calls of parameters that the context binds to a project function."""
        edges = []
        for line, param, args, keywords, guards in self.index.sites(fn).param_calls:
            for name, (kind, value) in context:
                if name == param and kind == "fn" and isinstance(value, str):
                    if not self.r.functions[value][1]["async"]:
                        edges.append(Edge(line, value, guards, args, keywords))
        return edges

    def _sensitive(self, fn: str) -> bool:
        """Tell whether facts about a function's parameters can change what it reaches.

        They can when one of its call sites is guarded, calls a parameter, or passes a parameter
        on to a callee (whose own guards may test it); for any other function the context is
        always empty, and computing it is skipped.
        """
        known = self._sensitivity.get(fn)
        if known is None:
            record = self.r.functions[fn][1]
            params = record["params"]
            known = bool(self.index.sites(fn).param_calls) or any(
                (len(call) > 6 and call[6])
                or any(arg is not None and arg[0] == "n" and arg[1] in params for arg in call[3])
                or any(v is not None and v[0] == "n" and v[1] in params for _, v in call[4])
                for call in record["calls"]
            )
            self._sensitivity[fn] = known
        return known

    def _callee_context(self, edge: Edge, fn: str, context: Context) -> Context:
        if not self._sensitive(edge.target):
            return EMPTY
        callee = self.r.functions[edge.target][1]
        positional = callee["positional"][1:] if edge.bound else callee["positional"]
        called = {param for _, param, *_ in self.index.sites(edge.target).param_calls}
        mapped = not any(arg == ("star",) for arg in edge.args)
        arguments = []
        pairs = list(zip(positional, edge.args, strict=False))
        for name, arg in edge.keywords:
            if name == "**":
                mapped = False
            elif name in callee["params"]:
                pairs.append((name, arg))
        for param, arg in pairs:
            if arg == ("star",):
                break
            arguments.append((param, self._facts(arg, edge, fn, context, param in called)))
        return callee_context(callee, edge.bound, arguments, mapped)

    def _facts(self, arg: tuple | None, edge: Edge, fn: str, context: Context, want_fn: bool):
        """Return what is known about one argument at a call site."""
        if arg is None:
            return []
        facts: list[Fact] = []
        if arg[0] == "k":
            facts.append(("eq", arg[1]))
        elif arg[0] == "n":
            stale = arg[1] in self.r.functions[fn][1]["bindings"]
            facts += facts_of(arg[1], edge.guards, context, stale)
        if want_fn and arg[0] in ("n", "a", "lam"):
            module = self.r.functions[fn][0]
            target = callable_target(self.r, arg, module, fn, edge.line)
            if target in self.r.functions:
                facts.append(("fn", target))
        return [fact for fact in facts if fact[0] != "fn" or want_fn]

    # findings ---------------------------------------------------------------------------------

    def chain(self, node: Node) -> list[Hop]:
        """Return the (function, call line) hops from the node's entry down to the node."""
        hops: list[Hop] = []
        step = self.parent[node]
        while step is not None:
            previous, line = step
            hops.append((previous[0], line))
            step = self.parent[previous]
        hops.reverse()
        return hops

    def entries(self, fn: str, cache: dict) -> list[tuple[str, str, list[Hop]]]:
        """Return every entry that reaches ``fn``, each with its shortest chain of hops."""
        if fn in cache:
            return cache[fn]
        toward: dict[str, Hop | None] = {fn: None}
        queue = deque([fn])
        found = []
        while queue:
            current = queue.popleft()
            if current in self.roots.kind:
                found.append(current)
            for caller, line in self.callers.get(current, {}).items():
                if caller not in toward:
                    toward[caller] = (current, line)
                    queue.append(caller)
        listed = []
        for root in found:
            hops, current = [], root
            while (step := toward[current]) is not None:
                hops.append((current, step[1]))
                current = step[0]
            listed.append((root, self.roots.kind[root], hops))
        listed.sort(key=lambda e: (KIND_TIERS[e[1]], len(e[2]), e[0]))
        cache[fn] = listed
        return listed

    def findings(self) -> list[RawFinding]:
        """Return one raw finding per feasible blocking call site in a visited function."""
        findings = [
            RawFinding("callback", caller, target, line, column, [(caller, line)], scheduled=True)
            for target, caller, line, column in self.roots.scheduled
        ]
        seen: set[tuple[str, int, int, str]] = set()
        cache: dict = {}
        for node in self.parent:
            fn, context = node
            blocks = self.index.sites(fn).blocks
            if not blocks:
                continue
            rebound = self.r.functions[fn][1]["bindings"]
            hops = self.chain(node)
            root = self.root_of[node]
            exposure = self.roots.exposure[root]
            if self.r.functions[fn][1]["async"]:
                exposure = "direct"  # the blocking call is in async code: fix it there
            elif exposure == "direct" and hops:
                exposure = "reachable"
            kind = self.roots.kind[root]
            for block in blocks:
                key = (fn, block.line, block.column, block.call)
                if key in seen or contradicted(block.guards, context, rebound):
                    continue
                seen.add(key)
                entries = self.entries(fn, cache)
                raw = RawFinding(
                    exposure,
                    fn,
                    block.call,
                    block.line,
                    block.column,
                    [*hops, (fn, block.line)],
                    self.roots.twins.get(root, ""),
                    entry_kind=kind,
                    production=KIND_TIERS[kind] in PRODUCTION_TIERS,
                    entries=[(e, k, [*h, (fn, block.line)]) for e, k, h in entries][
                        :MAX_LISTED_ENTRIES
                    ],
                    entry_count=max(len(entries), 1),
                    entry_kinds=dict(Counter(k for _, k, _ in entries)) or {kind: 1},
                )
                findings.append(raw)
        return findings

    def resolution(self) -> tuple[int, int, list[tuple[str, int, int]]]:
        """Return (calls, resolved calls, unresolved sites) over the visited functions."""
        calls = resolved = 0
        unresolved = []
        for fn in sorted(self.contexts):
            sites = self.index.sites(fn)
            calls += sites.calls
            resolved += sites.calls - len(sites.unresolved)
            unresolved += [(fn, line, column) for line, column in sites.unresolved]
        return calls, resolved, unresolved


def analyse(resolver: Resolver, suppressions: Suppressions | None = None) -> GraphResult:
    """Return the blocking calls reachable from the loop and the resolution counts."""
    reach = _Reach(resolver, suppressions)
    reach.run()
    calls, resolved, unresolved = reach.resolution()
    return GraphResult(
        reach.findings(),
        calls,
        resolved,
        unresolved,
        reach.roots.errors,
        len(reach.contexts),
        len(reach.parent),
    )


def find_blocking_calls(
    resolver: Resolver, suppressions: Suppressions | None = None
) -> list[RawFinding]:
    """Return one raw finding per blocking call site reachable from the loop."""
    return analyse(resolver, suppressions).findings


def call_graph(resolver: Resolver) -> dict[str, list[str]]:
    """Return the resolved, context-free call graph of every project function.

    The format is the one of the PyCG call-graph benchmark: each function's qualified name maps
    to the sorted names it may call (project functions, including dispatch targets, and the
    blocking primitives it calls).
    """
    index = SiteIndex(resolver, frozenset(CALLBACKS), frozenset(CALLBACK_METHODS))
    graph: dict[str, list[str]] = {}
    for fn in sorted(resolver.functions):
        sites = index.sites(fn)
        callees = {edge.target for edge in sites.edges} | {block.call for block in sites.blocks}
        graph[fn] = sorted(callees)
    return graph
