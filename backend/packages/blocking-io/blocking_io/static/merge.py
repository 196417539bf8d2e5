"""Put a project's table extensions into effect for the duration of a scan.

The analysis reads its tables through lookups built when its modules load: the shared
``PRIMITIVES_BY_NAME`` dict, the offloader indexes of ``sites``, the hook tables ``roots`` and
``resolve`` read, and the entry discovery ``graph`` calls (``find_roots``). `extended` adds the
extension rows to exactly those lookups and restores them on exit, so a scan without extensions
runs the built-in tables unchanged. Extra entries are added to the roots ``find_roots`` returns.
The tests in ``test_extend.py`` fail if any of these lookups moves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import graph, primitives, resolve, roots, sites
from .extend import Extensions

__all__ = ["Applied", "extended"]


@dataclass
class Applied:
    """What a scan under `extended` learned about the extension rows."""

    missing_entries: set[str] = field(default_factory=set)


def _find_roots(extensions: Extensions, applied: Applied) -> Any:
    """Return entry discovery that adds the extra entries (hooks and callbacks) to the roots."""
    original = roots.find_roots

    def find_roots(resolver: Any) -> roots.Roots:
        found = original(resolver)
        for entry in extensions.entries:
            if entry.function not in resolver.functions:
                applied.missing_entries.add(entry.function)
                continue
            found.exposure.setdefault(entry.function, entry.kind)
            found.kind.setdefault(entry.function, entry.kind)
            if entry.kind == "hook":
                found.twins.setdefault(entry.function, "")
        return found

    return find_roots


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
    added_methods = {o.name.rpartition(".")[2] for o in extensions.offloaders if o.any_receiver}
    added_decorators = {d.name: d for d in extensions.decorators}
    primitives.PRIMITIVES_BY_NAME.update(added_primitives)
    try:
        swap(sites, "_OFFLOADERS", sites._OFFLOADERS | {o.name for o in extensions.offloaders})
        swap(sites, "_OFFLOAD_METHODS", sites._OFFLOAD_METHODS | added_methods)
        swap(roots, "_HOOK_DECORATORS", {**roots._HOOK_DECORATORS, **added_decorators})
        for module in (roots, resolve):
            swap(module, "LOOP_HOOKS", (*module.LOOP_HOOKS, *extensions.hooks))
        swap(resolve, "OFFLOADERS", (*resolve.OFFLOADERS, *extensions.offloaders))
        decorators = (*resolve.HOOK_DECORATORS, *extensions.decorators)
        swap(resolve, "HOOK_DECORATORS", decorators)
        if extensions.entries:
            swap(graph, "find_roots", _find_roots(extensions, applied))
        yield applied
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)
        for name in added_primitives:
            primitives.PRIMITIVES_BY_NAME.pop(name, None)
