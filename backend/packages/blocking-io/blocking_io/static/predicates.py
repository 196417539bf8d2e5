"""Call-site predicates: facts about a call's receiver or arguments that change its meaning.

A blocking primitive is not a finding on a socket switched to non-blocking mode, nor ``result()``
on a stored future; a done callback on an executor's future runs in the worker; lambdas are
followed only into calls known to run them at once.
"""

from __future__ import annotations

from .resolve import Resolver

__all__ = ["CHAINED_ONLY", "SOCKET_METHODS", "nonblocking", "runs_lambdas_now", "submitted"]

SOCKET_METHODS = "socket.socket."
# `future.result()` on a stored future usually runs after the future is known to be done; only
# the chained form (`pool.submit(f).result()`) is known to wait.
CHAINED_ONLY = frozenset({"concurrent.futures.Future.result"})
_SYNC_CONSUMER_MODULES = ("builtins.", "itertools.", "functools.reduce", "operator.")
_SYNC_CONSUMER_METHODS = frozenset({"sort"})


def _rooted(expr: tuple, self_name: str) -> tuple:
    """Return an expression with the method's own ``self`` name replaced by a marker."""
    if expr[0] == "a":
        return ("a", _rooted(expr[1], self_name), expr[2])
    if self_name and expr == ("n", self_name):
        return ("self",)
    return expr


def runs_lambdas_now(target: str | None, func: tuple) -> bool:
    """Tell whether a call runs its lambda arguments before it returns."""
    if target is not None:
        return target.startswith(_SYNC_CONSUMER_MODULES)
    return func[0] == "a" and func[2] in _SYNC_CONSUMER_METHODS


def nonblocking(resolver: Resolver, receiver: tuple, fn: str) -> bool:
    """Tell whether a socket was switched to non-blocking mode with ``setblocking``.

    Looks in the calling function, and for ``self.<attr>`` sockets in every method of the
    class; a non-blocking socket raises instead of waiting, so its calls are not findings.
    """
    module, record = resolver.functions[fn]
    wanted = _rooted(receiver, record["self"])
    scopes = [record]
    if wanted[0] == "a" and wanted[1] == ("self",):
        cls = resolver.classes.get(f"{module}.{record['cls']}")
        if cls is not None:
            scopes = [resolver.functions[f"{module}.{q}"][1] for q in cls[1]["methods"].values()]
    for scope in scopes:
        for call in scope["calls"]:
            func = call[2]
            if func[0] == "a" and func[2] == "setblocking":
                if _rooted(func[1], scope["self"]) == wanted:
                    return True
    return False


def submitted(resolver: Resolver, receiver: tuple, fn: str, line: int) -> bool:
    """Tell whether an untyped receiver comes from an executor's ``submit`` (a concurrent
    future, whose done callbacks run in the worker thread, not on the loop)."""
    if receiver[0] == "n":
        _, record = resolver.functions[fn]
        bound = [b for at, b in record["bindings"].get(receiver[1], ()) if at <= line]
        receiver = bound[-1][1] if bound and bound[-1] and bound[-1][0] == "val" else None
    return (
        receiver is not None
        and receiver[0] == "c"
        and receiver[1][0] == "a"
        and receiver[1][2] == "submit"
    )
