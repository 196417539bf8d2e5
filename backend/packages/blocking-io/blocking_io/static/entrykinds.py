"""Entry kinds: what sort of loop entry a function is, and how production-like its chains are.

Every loop entry carries a kind (``ENTRY_KINDS``). The kind decides which chain a finding shows
(``tier`` 0 before 1 before 2 before 3: request and run paths before startup, then scripts,
then code nothing in the project runs) and whether a
finding reached only from scripts, tests or benchmarks is a production finding. Kinds come from
the entry's decorators, the calls that hand it to a framework (``Depends``, ``create_task``,
``asyncio.run``), its name, and the path of its file (``PATH_KINDS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

__all__ = [
    "ENTRY_KINDS",
    "KIND_TIERS",
    "PATH_KINDS",
    "PRODUCTION_TIERS",
    "EntryKind",
    "PathKind",
    "decorator_kind",
    "handed_kind",
    "name_kind",
    "path_kind",
]


@dataclass(frozen=True)
class EntryKind:
    """A kind of loop entry and where its chains rank (lower tier: shown first)."""

    name: str
    tier: int
    reason: str


ENTRY_KINDS: tuple[EntryKind, ...] = (
    EntryKind("route", 0, "An HTTP or websocket handler runs on the loop for every request."),
    EntryKind("dependency", 0, "A request dependency (`Depends`) runs before its route."),
    EntryKind("middleware", 0, "Middleware runs on the loop around every request."),
    EntryKind("task", 0, "A task started with `create_task` runs on the loop in the background."),
    EntryKind("callback", 0, "The loop runs a scheduled callback on its own thread."),
    EntryKind("hook", 0, "A framework calls a sync hook from its async path."),
    EntryKind(
        "declared",
        0,
        "A server runs a function a configuration file names (`langgraph.json` graph "
        "factories) on its loop.",
    ),
    EntryKind("coroutine", 0, "Any other `async def` runs on the loop when awaited."),
    EntryKind("lifespan", 1, "Startup and shutdown run once; a block there delays start-up."),
    EntryKind("script", 2, "A command-line script or example runs its own loop, not the server's."),
    EntryKind("test", 2, "Tests run on a test loop; their blocking calls stall no user."),
    EntryKind("benchmark", 2, "Benchmarks measure; their loop serves no user."),
    EntryKind(
        "uncalled",
        3,
        "An `async def` that nothing in the project calls, references or decorates: dead code, "
        "or called only from outside the project.",
    ),
)
KIND_TIERS: dict[str, int] = {kind.name: kind.tier for kind in ENTRY_KINDS}
# Findings reached from an entry of these tiers are production findings.
PRODUCTION_TIERS = frozenset({0, 1})


@dataclass(frozen=True)
class PathKind:
    """Files whose path has a part matching ``parts`` (or a name prefix) hold entries of a kind."""

    kind: str
    parts: frozenset[str]
    prefixes: tuple[str, ...]
    reason: str


PATH_KINDS: tuple[PathKind, ...] = (
    PathKind(
        "test",
        frozenset({"tests", "test", "testing", "conftest.py"}),
        ("test_",),
        "Test directories and files hold tests and fixtures.",
    ),
    PathKind(
        "benchmark",
        frozenset({"benchmarks", "benchmark", "bench"}),
        ("bench_",),
        "Benchmark directories and files measure the code; no user waits on them.",
    ),
    PathKind(
        "script",
        frozenset({"scripts", "examples", "example", "__main__.py", "cli.py", "manage.py"}),
        ("example_",),
        "Scripts, examples and command-line modules run their own loop.",
    ),
)

_ROUTE_METHODS = frozenset(
    {"get", "post", "put", "delete", "patch", "head", "options", "trace", "api_route", "route"}
    | {"websocket", "websocket_route", "api_websocket_route"}
)
_LIFESPAN_NAMES = frozenset({"lifespan", "startup", "shutdown", "on_startup", "on_shutdown"})
_HANDED = {
    "fastapi.Depends": "dependency",
    "fastapi.Security": "dependency",
    "fastapi.params.Depends": "dependency",
    "asyncio.create_task": "task",
    "asyncio.ensure_future": "task",
    "asyncio.TaskGroup.create_task": "task",
    "asyncio.AbstractEventLoop.create_task": "task",
    "asyncio.run": "script",
    "asyncio.Runner.run": "script",
    "anyio.run": "script",
}


def decorator_kind(decorator: tuple | None) -> str | None:
    """Return the kind a decorator makes of the function it decorates (from its spelling)."""
    if decorator is None:
        return None
    called = decorator[1] if decorator[0] == "c" else decorator
    if called is None or called[0] != "a":
        return None
    name = called[2]
    if name in _ROUTE_METHODS:
        return "route"
    if name == "middleware":
        return "middleware"
    if name in ("on_event", "lifespan"):
        return "lifespan"
    return None


def handed_kind(callee: str) -> str | None:
    """Return the kind of entry a callable handed to ``callee`` becomes."""
    return _HANDED.get(callee)


def name_kind(name: str, cls: str) -> str | None:
    """Return the kind a function's own name implies."""
    if name in _LIFESPAN_NAMES:
        return "lifespan"
    if name == "dispatch" and cls:
        return "middleware"
    if name.startswith("test_"):
        return "test"
    return None


def path_kind(path: PurePath) -> str | None:
    """Return the kind every entry of a file has because of where the file is."""
    parts = set(path.parts)
    for entry in PATH_KINDS:
        if parts & entry.parts or path.name.startswith(entry.prefixes or ("\0",)):
            return entry.kind
    return None
