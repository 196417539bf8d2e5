"""Put a project's table extensions into effect for the duration of a scan.

The analysis reads its tables through lookups built when its modules load: the shared
``PRIMITIVES_BY_NAME`` dict, the name indexes ``graph`` derives from ``OFFLOADERS``,
``LOOP_HOOKS`` and ``HOOK_DECORATORS``, and the module-level table names that ``graph`` and
``resolve`` read when a scan runs. `extended` adds the extension rows to exactly those lookups
and restores them on exit, so no analysis module takes a parameter for it and a scan without
extensions runs the built-in tables unchanged. Extra entries become roots by wrapping the
graph's hook discovery. The tests in ``test_extend.py`` fail if any of these lookups moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from . import graph, primitives, resolve
from .extend import Extensions

__all__ = ["Applied", "extended"]


@dataclass
class Applied:
    """What a scan under `extended` learned about the extension rows."""

    missing_entries: set[str] = field(default_factory=set)


def _graph_class(extensions: Extensions, applied: Applied) -> type:
    """Return a subclass of the graph whose hooks and callbacks include the extra entries."""
    base = graph._Graph

    class _ExtendedGraph(base):  # type: ignore[misc, valid-type]
        def _entries(self, kind: str) -> list[str]:
            found = []
            for entry in extensions.entries:
                if entry.function not in self.r.functions:
                    applied.missing_entries.add(entry.function)
                elif entry.kind == kind:
                    found.append(entry.function)
            return found

        def hooks(self) -> dict[str, str]:
            found = super().hooks()
            for function in self._entries("hook"):
                found.setdefault(function, "")
            return found

        def scan_callbacks(self) -> None:
            super().scan_callbacks()
            self.callbacks.extend(self._entries("callback"))

    return _ExtendedGraph


@contextmanager
def extended(extensions: Extensions) -> Iterator[Applied]:
    """Run the enclosed scan with the extension rows added to the analysis tables.

    Yields what the scan learned: entries that name no function of the scanned code.
    """
    applied = Applied()
    if not extensions:
        yield applied
        return
    saved: list[tuple[Any, str, Any]] = []

    def swap(owner: Any, name: str, value: Any) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    added_primitives = {p.name: p for p in extensions.primitives}
    added_offloaders = {o.name: o for o in extensions.offloaders}
    added_methods = {o.name.rpartition(".")[2] for o in extensions.offloaders if o.any_receiver}
    added_methods -= graph._OFFLOAD_METHODS
    added_decorators = {d.name: d for d in extensions.decorators}
    primitives.PRIMITIVES_BY_NAME.update(added_primitives)
    graph._OFFLOADERS.update(added_offloaders)
    graph._OFFLOAD_METHODS.update(added_methods)
    graph._HOOK_DECORATORS.update(added_decorators)
    try:
        for module in (graph, resolve):
            swap(module, "OFFLOADERS", (*module.OFFLOADERS, *extensions.offloaders))
            swap(module, "LOOP_HOOKS", (*module.LOOP_HOOKS, *extensions.hooks))
            swap(module, "HOOK_DECORATORS", (*module.HOOK_DECORATORS, *extensions.decorators))
        if extensions.entries:
            swap(graph, "_Graph", _graph_class(extensions, applied))
        yield applied
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)
        for table, added in (
            (primitives.PRIMITIVES_BY_NAME, added_primitives),
            (graph._OFFLOADERS, added_offloaders),
            (graph._HOOK_DECORATORS, added_decorators),
        ):
            for name in added:
                table.pop(name, None)
        for method in added_methods:
            with suppress(KeyError):
                graph._OFFLOAD_METHODS.remove(method)
