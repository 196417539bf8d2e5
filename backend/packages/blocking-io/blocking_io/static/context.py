"""Calling contexts: what a call site tells the callee about its parameters.

A context is a sorted tuple of ``(parameter, fact)`` pairs. A fact comes from the argument at the
call site (a literal, ``None``, a parameter left to its literal default, a project function passed
as a callable) or from the guards that dominate the call in the caller (``if sid != "local":
p.get(sid)`` tells ``get`` that ``sid != "local"``). In the callee, a call site whose guards a fact
contradicts cannot run in that context and is not followed: ``if sandbox is not None: run()`` is
dead when every path passes ``sandbox=None``.

Facts: ``("eq", literal)``, ``("ne", literal)``, ``("notnone", None)``, ``("truthy", None)``,
``("falsy", None)`` and ``("fn", qualified name)``. Facts about a parameter the function rebinds
are ignored (the guard may test the new value). Contexts are bounded: ``MAX_FACTS`` facts each,
and the graph falls back to the empty context (every site feasible) past ``MAX_CONTEXTS``
contexts per function, so the cost stays linear in practice.
"""

from __future__ import annotations

from collections.abc import Iterable

from .guards import Guard

__all__ = [
    "EMPTY",
    "MAX_CONTEXTS",
    "MAX_FACTS",
    "Context",
    "Fact",
    "callee_context",
    "contradicted",
    "facts_of",
]

Fact = tuple[str, object]
Context = tuple[tuple[str, Fact], ...]
EMPTY: Context = ()
MAX_CONTEXTS = 8
MAX_FACTS = 8


def _falsy(value: object) -> bool:
    return not value


def _contradicts(fact: Fact, op: str, value: object) -> bool:
    """Tell whether a known fact about a name makes the guard ``(name, op, value)`` false."""
    kind, known = fact
    if kind == "eq":
        return (
            (op == "none" and known is not None)
            or (op == "notnone" and known is None)
            or (op == "truthy" and _falsy(known))
            or (op == "falsy" and not _falsy(known))
            or (op == "eq" and (known != value or type(known) is not type(value)))
            or (op == "ne" and known == value and type(known) is type(value))
        )
    if kind == "ne":
        return (op == "eq" and known == value and type(known) is type(value)) or (
            op == "none" and known is None
        )
    if kind == "notnone":
        return op == "none" or (op == "eq" and value is None)
    if kind == "truthy":
        return op in ("falsy", "none") or (op == "eq" and _falsy(value))
    if kind == "falsy":
        return op in ("truthy", "notnone") or (op == "eq" and not _falsy(value))
    return False


def contradicted(guards: Iterable[Guard], context: Context, rebound: Iterable[str] = ()) -> bool:
    """Tell whether a site with these guards cannot run in ``context``."""
    if not context:
        return False
    stale = set(rebound)
    for name, op, value in guards:
        if name in stale:
            continue
        for param, fact in context:
            if param == name and _contradicts(fact, op, value):
                return True
    return False


_GUARD_FACTS = {
    "none": lambda value: ("eq", None),
    "notnone": lambda value: ("notnone", None),
    "truthy": lambda value: ("truthy", None),
    "falsy": lambda value: ("falsy", None),
    "eq": lambda value: ("eq", value),
    "ne": lambda value: ("ne", value),
}


def facts_of(name: str, guards: Iterable[Guard], context: Context, stale: bool) -> list[Fact]:
    """Return what is known about a caller's local ``name`` at a call site."""
    facts = [] if stale else [fact for param, fact in context if param == name]
    facts += [_GUARD_FACTS[op](value) for guarded, op, value in guards if guarded == name]
    return facts


def callee_context(
    record: dict, bound: bool, arguments: list[tuple[str, list[Fact]]], mapped: bool
) -> Context:
    """Return the callee's context from the facts about each argument it receives.

    Args:
        record: the callee's summary.
        bound: the first positional parameter is filled by the receiver (``self``/``cls``).
        arguments: ``(parameter, facts)`` for every parameter the call passes.
        mapped: every parameter the call leaves out takes its default (no ``*args``/``**kw``).
    """
    pairs: list[tuple[str, Fact]] = []
    given = set()
    for param, facts in arguments:
        given.add(param)
        pairs.extend((param, fact) for fact in facts)
    if mapped:
        skipped = record["positional"][:1] if bound else []
        for param, default in record.get("defaults", {}).items():
            if param not in given and param not in skipped:
                pairs.append((param, ("eq", default[1])))
    unique = sorted(set(pairs), key=repr)
    return tuple(unique[:MAX_FACTS])
