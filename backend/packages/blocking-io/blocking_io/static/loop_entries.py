"""List the loop entries of a project by kind, for the protection-coverage report.

Kinds follow the detector's exposures: `direct` (every `async def`), `hook` (a sync method named in
`LOOP_HOOKS` of a class whose base ends with the hook's base name, or a sync function under a
decorator of `HOOK_DECORATORS`) and `callback` (a function of the same module passed to a call of
`LOOP_CALLBACKS`). It reads the detector's tables and parses files with `ast` on its own, so it can
only under-list entries reached through names it does not resolve.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from .discovery import discover_files
from .entries import HOOK_DECORATORS, LOOP_CALLBACKS, LOOP_HOOKS

__all__ = ["ENTRY_KINDS", "LoopEntry", "loop_entries", "loop_entries_of_source"]

ENTRY_KINDS = ("direct", "hook", "callback")
_DECORATOR_NAMES = {entry.name.rsplit(".", 1)[1] for entry in HOOK_DECORATORS}
_CALLBACK_NAMES = {entry.name.rsplit(".", 1)[1]: entry.callable_arg for entry in LOOP_CALLBACKS}
_HOOKS = {(hook.base.rsplit(".", 1)[1], hook.method) for hook in LOOP_HOOKS}


@dataclass(frozen=True, order=True)
class LoopEntry:
    """A function the event loop runs: path relative to the project root, qualname, def line."""

    path: str
    function: str
    line: int
    kind: str


def _decorator_name(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


class _Walker(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.stack: list[str] = []
        self.bases: list[list[str]] = []
        self.defs: dict[str, tuple[str, int]] = {}
        self.callbacks: list[str] = []
        self.found: list[LoopEntry] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.bases.append([ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases])
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()
        self.bases.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        qualname = ".".join([*self.stack, node.name])
        kind = "direct" if isinstance(node, ast.AsyncFunctionDef) else None
        if kind is None and any(
            _decorator_name(d) in _DECORATOR_NAMES for d in node.decorator_list
        ):
            kind = "hook"
        if kind is None and self.bases and any((b, node.name) in _HOOKS for b in self.bases[-1]):
            kind = "hook"
        if kind is not None:
            self.found.append(LoopEntry(self.path, qualname, node.lineno, kind))
        elif not self.stack:
            self.defs[node.name] = (qualname, node.lineno)
        self.stack.append(node.name)
        self.stack.append("<locals>")
        self.generic_visit(node)
        self.stack.pop()
        self.stack.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_Call(self, node: ast.Call) -> None:
        name = _decorator_name(node)
        index = _CALLBACK_NAMES.get(name)
        if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Name):
            self.callbacks.append(node.args[index].id)
        self.generic_visit(node)


def loop_entries_of_source(source: str, path: str) -> list[LoopEntry]:
    """Return the loop entries of one module's source, labelled with `path`."""
    walker = _Walker(path)
    walker.visit(ast.parse(source))
    entries = set(walker.found)
    for name in walker.callbacks:
        if name in walker.defs:
            qualname, line = walker.defs[name]
            entries.add(LoopEntry(path, qualname, line, "callback"))
    return sorted(entries)


def loop_entries(roots: list[Path], root: Path) -> list[LoopEntry]:
    """Return the loop entries of every Python file under `roots`, paths relative to `root`."""
    found: list[LoopEntry] = []
    for file in discover_files(roots).sorted_files():
        label = file.resolve().relative_to(root).as_posix()
        found += loop_entries_of_source(file.read_text(encoding="utf-8"), label)
    return sorted(found)
