"""Thread-boundary inventory: every place work crosses threads or event loops, with kind and place.

`BOUNDARY_KINDS` is the table of kinds. Calls are matched by qualified name through each module's
imports, reading the shared `OFFLOADERS` table (method-name matches for `any_receiver` entries);
framework hooks are matched by shape: a sync FastAPI route or `Depends` target runs in the
threadpool, a LangChain tool with `_run` but no `_arun`, or a chat model with `_generate` but no
`_agenerate`, falls back to an executor. An offload whose callable is not a plain name, attribute
or lambda is `dynamic`: the analysis cannot say what runs on the other side.

`make detect-thread-boundaries` writes `<data dir>/thread-boundary-inventory.json`.
"""

from __future__ import annotations

import ast
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from ..config import load_config
from .discovery import discover_files
from .offloaders import OFFLOADERS, Offloader

__all__ = ["BOUNDARY_KINDS", "INVENTORY_FILE", "Boundary", "BoundaryKind", "inventory", "main"]

INVENTORY_FILE = "thread-boundary-inventory.json"


@dataclass(frozen=True)
class BoundaryKind:
    """A kind of thread or loop crossing and why work crosses there."""

    name: str
    reason: str


BOUNDARY_KINDS: tuple[BoundaryKind, ...] = (
    BoundaryKind("offload", "An awaitable runner hands a callable to a worker thread."),
    BoundaryKind("thread", "A new thread runs its target (`threading.Thread`, `Timer`)."),
    BoundaryKind("process", "A new process runs its target (`multiprocessing.Process`)."),
    BoundaryKind("executor-submit", "Work submitted to a concurrent.futures executor."),
    BoundaryKind("executor", "A dedicated executor (thread or process pool) is created."),
    BoundaryKind("event-loop", "A separate event loop runs, or work crosses into a loop."),
    BoundaryKind("sync-route", "FastAPI runs a sync route handler in its threadpool."),
    BoundaryKind("sync-dependency", "FastAPI runs a sync dependency in its threadpool."),
    BoundaryKind("sync-tool", "LangChain runs a tool without `_arun` in an executor."),
    BoundaryKind("sync-chat-model", "LangChain runs a model without `_agenerate` in an executor."),
    BoundaryKind("dynamic", "A crossing whose callable the analysis cannot resolve."),
)

_OFFLOAD_KINDS = {
    "threading.Thread": "thread",
    "threading.Timer": "thread",
    "multiprocessing.Process": "process",
}
_EXECUTORS = {
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.thread.ThreadPoolExecutor",
}
_LOOP_CALLS = {
    "asyncio.run",
    "asyncio.new_event_loop",
    "asyncio.run_coroutine_threadsafe",
    "anyio.run",
    "anyio.from_thread.run",
    "anyio.from_thread.run_sync",
}
_LOOP_METHODS = {"run_until_complete", "call_soon_threadsafe", "run_forever"}
_ROUTE_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "api_route"}
_SYNC_FALLBACKS = (  # (base class name suffix, sync method, async method, kind)
    ("Tool", "_run", "_arun", "sync-tool"),
    ("ChatModel", "_generate", "_agenerate", "sync-chat-model"),
)


@dataclass(frozen=True, order=True)
class Boundary:
    """One crossing: where it is, its kind, the call or definition, and what crosses."""

    path: str
    line: int
    column: int
    kind: str
    function: str
    call: str
    callable: str
    offload: bool = False  # a call to an offloader of `OFFLOADERS`: a site the teeth check reverts


def _imports(tree: ast.Module) -> dict[str, str]:
    """Return local name -> dotted name for the module's imports (any scope, last wins)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                names[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr, imports: dict[str, str]) -> str | None:
    """Return the qualified name of a name or attribute chain, resolving the first part."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(imports.get(node.id, node.id))
    return ".".join(reversed(parts))


def _offloader(func: ast.expr, dotted: str | None) -> Offloader | None:
    for offloader in OFFLOADERS:
        if dotted == offloader.name:
            return offloader
        method = offloader.name.rsplit(".", 1)[1]
        if offloader.any_receiver and isinstance(func, ast.Attribute) and func.attr == method:
            return offloader
    return None


def _callable(call: ast.Call, offloader: Offloader) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == offloader.callable_kw:
            return keyword.value
    args = call.args[: offloader.callable_arg + 1]
    if len(args) <= offloader.callable_arg or any(isinstance(a, ast.Starred) for a in args):
        return None
    return call.args[offloader.callable_arg]


class _Walker(ast.NodeVisitor):
    """Collect the boundaries of one module, tracking the enclosing function's qualname."""

    def __init__(self, path: str, imports: dict[str, str], sync_defs: set[str]) -> None:
        self.path, self.imports, self.sync_defs = path, imports, sync_defs
        self.stack: list[str] = []
        self.found: list[Boundary] = []

    def add(
        self, node: ast.AST, kind: str, call: str, target: str = "", offload: bool = False
    ) -> None:
        function = ".".join(self.stack) or "<module>"
        line, column = node.lineno, node.col_offset + 1  # type: ignore[attr-defined]
        found = Boundary(self.path, line, column, kind, function, call, target, offload)
        self.found.append(found)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = [ast.unparse(base) for base in node.bases]
        methods = {
            item.name
            for item in node.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for suffix, sync, async_, kind in _SYNC_FALLBACKS:
            if any(b.endswith(suffix) for b in bases) and sync in methods and async_ not in methods:
                self.add(node, kind, f"class {node.name}", f"{node.name}.{sync}")
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                func = decorator.func if isinstance(decorator, ast.Call) else None
                if isinstance(func, ast.Attribute) and func.attr in _ROUTE_METHODS:
                    self.add(node, "sync-route", ast.unparse(func), node.name)
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_Call(self, node: ast.Call) -> None:
        dotted = _dotted(node.func, self.imports)
        name = dotted or ast.unparse(node.func)
        offloader = _offloader(node.func, dotted)
        if offloader is not None:
            target = _callable(node, offloader)
            resolvable = isinstance(target, ast.Name | ast.Attribute | ast.Lambda)
            kind = _OFFLOAD_KINDS.get(offloader.name, "offload")
            if "Executor" in offloader.name:
                kind = "executor-submit"
            callable_text = ast.unparse(target) if target else ""
            self.add(node, kind if resolvable else "dynamic", name, callable_text, offload=True)
        elif dotted in _EXECUTORS:
            self.add(node, "executor", name)
        elif dotted in _LOOP_CALLS or (
            isinstance(node.func, ast.Attribute) and node.func.attr in _LOOP_METHODS
        ):
            self.add(node, "event-loop", name)
        elif dotted in {"fastapi.Depends", "fastapi.params.Depends"} and node.args:
            target = node.args[0]
            if isinstance(target, ast.Name) and target.id in self.sync_defs:
                self.add(node, "sync-dependency", name, target.id)
            elif not isinstance(target, ast.Name):
                self.add(node, "dynamic", name, ast.unparse(target))
        self.generic_visit(node)


def inventory_of_source(source: str, path: str) -> list[Boundary]:
    """Return the boundaries of one module's source, labelled with `path`."""
    tree = ast.parse(source)
    sync_defs = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    walker = _Walker(path, _imports(tree), sync_defs)
    walker.visit(tree)
    return sorted(walker.found)


def inventory(roots: list[Path], root: Path) -> list[Boundary]:
    """Return the boundaries of every Python file under `roots`, paths relative to `root`."""
    found: list[Boundary] = []
    for file in discover_files(roots).sorted_files():
        label = file.resolve().relative_to(root).as_posix()
        found += inventory_of_source(file.read_text(encoding="utf-8"), label)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    """Write the inventory of the configured project and print a summary by kind."""
    config = load_config(Path.cwd())
    boundaries = inventory(list(config.roots), config.root)
    counts = Counter(boundary.kind for boundary in boundaries)
    data = {
        "kinds": [asdict(kind) for kind in BOUNDARY_KINDS],
        "counts": {kind.name: counts.get(kind.name, 0) for kind in BOUNDARY_KINDS},
        "boundaries": [asdict(boundary) for boundary in boundaries],
    }
    target = config.data_dir / INVENTORY_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=1), encoding="utf-8")
    for boundary in boundaries:
        print(
            f"{boundary.path}:{boundary.line}: {boundary.kind} {boundary.call} {boundary.callable}"
        )
    print("by kind: " + ", ".join(f"{k}={n}" for k, n in data["counts"].items() if n))
    print(f"Inventory written to {target}", file=sys.stderr)
    return 0
