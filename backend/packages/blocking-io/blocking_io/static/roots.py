"""Loop entries: every function the event loop may run directly, with its entry kind.

An ``async def`` is an entry when something outside the project's resolved calls may run it
(``exposed``): it is decorated (routes, handlers, tasks), handed around as a value (``Depends(f)``,
``add_api_route(path, f)``, ``callback=self.on_event``), a dunder or a method of a class with a
framework base, a test, script or ``main``, or called somewhere on a receiver the detector cannot
resolve. Any other ``async def`` runs only when project code awaits it: it is reached through
those calls, and only when no production entry reaches it is it an entry of kind ``uncalled``
(dead code, or called from outside the project), searched last. Sync hook methods
(``LOOP_HOOKS``, ``PROTOCOL_HOOKS``, ``HOOK_DECORATORS``: exposure ``hook``) and sync callables
scheduled with ``LOOP_CALLBACKS`` (exposure ``callback``) are entries too. Each entry gets a
kind from ``entrykinds``: where its file is (tests, benchmarks, scripts), how it is decorated
(routes, middleware, startup), what it is handed to (``Depends``, ``create_task``,
``asyncio.run``) and its name. An instance method of a class nothing constructs is never exposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .declared import declared_entries
from .dispatch import Dispatch
from .entries import HOOK_DECORATORS, LOOP_CALLBACKS, LOOP_HOOKS, TRANSPARENT_DECORATORS
from .entrykinds import decorator_kind, handed_kind, name_kind, path_kind
from .index import call_name, module_calls
from .members import LATE, NEUTRAL_BASES
from .predicates import submitted
from .primitives import PRIMITIVES_BY_NAME
from .protocols import PROTOCOL_HOOKS
from .resolve import Resolver

__all__ = ["CALLBACKS", "CALLBACK_METHODS", "Roots", "find_roots"]

CALLBACKS = {entry.name: entry for entry in LOOP_CALLBACKS}
CALLBACK_METHODS = {e.name.rpartition(".")[2]: e for e in LOOP_CALLBACKS if e.any_receiver}
_HOOK_DECORATORS = {entry.name: entry for entry in HOOK_DECORATORS}
_TRANSPARENT = frozenset(entry.name for entry in TRANSPARENT_DECORATORS)
_CALLBACK_NAMES = frozenset(e.name.rpartition(".")[2] for e in LOOP_CALLBACKS)
_HANDING_NAMES = frozenset({"Depends", "Security", "create_task", "ensure_future", "run"})
_SCANNED_NAMES = _CALLBACK_NAMES | _HANDING_NAMES


@dataclass
class Roots:
    """The loop entries of a project."""

    exposure: dict[str, str] = field(default_factory=dict)  # fn -> direct, hook, callback
    kind: dict[str, str] = field(default_factory=dict)  # fn -> entry kind
    twins: dict[str, str] = field(default_factory=dict)  # hook fn -> its async twin
    scheduled: list[tuple[str, str, int, int]] = field(default_factory=list)  # primitives
    errors: list[dict] = field(default_factory=list)  # configuration files that did not parse


def callable_target(resolver: Resolver, arg: tuple | None, module: str, fn: str, line: int):
    """Return the qualified name of a callable argument (through ``functools.partial``)."""
    if arg is None or arg[0] in ("star", "k"):
        return None
    if arg[0] == "c":
        callee = resolver.eval(arg[1], module, fn, line)
        if callee == ("q", "functools.partial"):
            return callable_target(resolver, arg[2], module, fn, line)
        return None
    value = resolver.eval(arg, module, fn, line)
    return value[1] if value is not None and value[0] == "q" else None


def _handed(resolver: Resolver, handed: dict[str, str]) -> list[tuple[str, str, int, int]]:
    """Scan every call once: record callables handed to frameworks, and scheduled callbacks.

    Returns the scheduled callbacks as (target, caller, line, column) — a target may be a
    primitive handed to the loop directly.
    """
    scheduled = []
    for module, summary in resolver.indexed.items():
        for fn, call in module_calls(module, summary, _SCANNED_NAMES):
            line, column, func, args = call[:4]
            value = resolver.eval(func, module, fn, line)
            name = value[1] if value is not None and value[0] == "q" else ""
            kind = handed_kind(name)
            if kind is not None and args:
                arg = args[0]
                inner = arg[1] if arg is not None and arg[0] == "c" else arg
                target = callable_target(resolver, inner, module, fn, line)
                if target in resolver.functions:
                    handed.setdefault(target, kind)
                continue
            entry = CALLBACKS.get(name)
            if entry is None and func[0] == "a":
                receiver = resolver.eval(func[1], module, fn, line)
                if receiver is None and not submitted(resolver, func[1], fn, line):
                    entry = CALLBACK_METHODS.get(func[2])
            if entry is None or len(args) <= entry.callable_arg:
                continue
            target = callable_target(resolver, args[entry.callable_arg], module, fn, line)
            if target is not None:
                scheduled.append((target, fn, line, column))
    return scheduled


def _hooks(resolver: Resolver) -> dict[str, str]:
    """Return sync hook methods that run on the loop, mapped to their async twin's name."""
    found: dict[str, str] = {}
    hooks = (*LOOP_HOOKS, *PROTOCOL_HOOKS)  # read now: a project's table rows extend them
    hook_bases = frozenset(hook.base for hook in hooks)
    for cls in resolver.classes:
        order = resolver.mro(cls)
        bases = {c for c in order if c not in resolver.classes}
        if bases.isdisjoint(hook_bases):
            continue
        for hook in hooks:
            if hook.base not in bases:
                continue
            method = resolver.member(cls, hook.method, skip_first=False)
            if method is None or method[1] not in resolver.functions:
                continue
            twin = resolver.member(cls, hook.async_twin, skip_first=False)
            if twin is not None and twin[1] in resolver.functions:
                continue
            if not resolver.functions[method[1]][1]["async"]:
                found[method[1]] = hook.async_twin
    for fn, (module, record) in resolver.functions.items():
        if record["async"] or not record["decorators"]:
            continue
        for decorator in record["decorators"]:
            if decorator is not None and decorator[0] == "c":
                decorator = decorator[1]
            value = resolver.eval(decorator, module, None, record["line"])
            entry = _HOOK_DECORATORS.get(value[1]) if value is not None else None
            if entry is not None:
                found[fn] = entry.instead
    return found


def _kind(resolver: Resolver, fn: str, exposure: str, handed: dict[str, str]) -> str:
    """Return the entry kind of a root."""
    module, record = resolver.functions[fn]
    placed = path_kind(resolver.relative_path(module))
    if placed is not None:
        return placed
    for decorator in record["decorators"]:
        kind = decorator_kind(decorator)
        if kind is not None:
            return kind
    if fn in handed:
        return handed[fn]
    named = name_kind(record["name"], record["cls"])
    if named is not None:
        return named
    if record["name"] == "main" and not record["cls"] and not record["parent"]:
        return "script"
    return exposure if exposure in ("hook", "callback") else "coroutine"


def accepts(record: dict, call: tuple, bound: bool) -> bool:
    """Tell whether a function's signature accepts the arguments of a call (arity and names)."""
    args, keywords = call[3], call[4]
    if any(arg == ("star",) for arg in args) or any(name == "**" for name, _ in keywords):
        return True
    positional = record["positional"][1:] if bound else record["positional"]
    required = record["required"] - (1 if bound else 0)
    names = {name for name, _ in keywords}
    if len(args) > len(positional) and not record["varargs"]:
        return False
    if not record["varkw"] and not names <= set(record["params"]):
        return False
    filled = len(args) + len(names & set(positional[len(args) :]))
    return filled >= required


def _unresolved_callees(resolver: Resolver, candidates: dict[str, list[str]]) -> set[str]:
    """Return the candidates that some call on an unresolved receiver may run.

    A call ``x.name(...)`` whose receiver does not resolve may run any candidate method of that
    name whose signature accepts its arguments (``d.copy()`` is no call of ``copy(self, a, b)``).
    """
    found: set[str] = set()
    for module, summary in resolver.indexed.items():
        calls = module_calls(module, summary, candidates, ordered=False)
        for fn, call in calls:
            func = call[2]
            name = call_name(func)
            waiting = [c for c in candidates[name] if c not in found]
            if not waiting:
                continue
            base = func[1] if func[0] == "a" else func
            if resolver.eval(base, module, fn, call[0]) is not None:
                continue
            for target in waiting:
                callee = resolver.functions[target][1]
                if accepts(callee, call, bound=func[0] == "a" and bool(callee["self"])):
                    found.add(target)
    return found


def _framework_class(resolver: Resolver, cls: str) -> bool:
    """Tell whether a project class has a base outside the project (a framework may call it)."""
    return any(c not in resolver.classes and c not in NEUTRAL_BASES for c in resolver.mro(cls))


def exposed(resolver: Resolver, handed: dict[str, str]) -> set[str]:
    """Return the ``async def`` functions that code outside the resolved calls may run."""
    refs: set[str] = set()
    for summary in resolver.modules.values():
        refs.update(summary["refs"])
    found: set[str] = set()
    pending: dict[str, list[str]] = {}
    live = Dispatch.of(resolver).live()
    for fn, (module, record) in resolver.functions.items():
        if not record["async"]:
            continue
        name = record["name"]
        cls = f"{module}.{record['cls']}" if record["cls"] else ""
        framework = bool(cls) and _framework_class(resolver, cls)
        if cls and record["selfkind"] == "i" and cls not in live and not framework:
            continue  # an instance method of a class nothing constructs never runs
        if module in resolver.shadowed:
            continue  # a module file hidden by a same-named package is never imported
        if (
            _registered(resolver, module, record)
            or fn in handed
            or name in refs
            or (name.startswith("__") and name.endswith("__"))
            or framework
            or name == "main"
            or name_kind(name, record["cls"]) == "test"
            or path_kind(resolver.relative_path(module)) is not None
        ):
            found.add(fn)
        else:
            pending.setdefault(name, []).append(fn)
    found.update(_unresolved_callees(resolver, pending))
    return found


def _registered(resolver: Resolver, module: str, record: dict) -> bool:
    """Tell whether a function has a decorator that may register it or hand it out."""
    return any(
        not _transparent(resolver, module, decorator, record["line"])
        for decorator in record["decorators"]
    )


def _transparent(resolver: Resolver, module: str, decorator: tuple | None, line: int) -> bool:
    """Tell whether a decorator only wraps (``TRANSPARENT_DECORATORS``, or a project decorator
    returning a wrapper it defines, possibly from a factory: ``@retry(3)``)."""
    if decorator is None:
        return False
    value = resolver.eval(decorator, module, None, line)
    if value is None and decorator[0] == "c":
        value = resolver.eval(decorator[1], module, None, line)
    name = value[1] if value is not None and value[0] == "q" else None
    if name is None:
        return False
    if name in _TRANSPARENT:
        return True
    return _wraps(resolver, name) or (decorator[0] == "c" and _wraps(resolver, name, depth=2))


def _wraps(resolver: Resolver, name: str, depth: int = 1) -> bool:
    """Tell whether a project function returns a function defined inside it (``depth`` levels
    down: a decorator factory returns the decorator, which returns the wrapper)."""
    found = resolver.functions.get(name)
    if found is None:
        return False
    module, record = found
    for returned in record["returns"]:
        value = resolver.eval(returned, module, name, LATE)
        inner = value[1] if value is not None and value[0] == "q" else ""
        if inner.startswith(f"{name}.<locals>.") and inner in resolver.functions:
            return depth == 1 or _wraps(resolver, inner, depth - 1)
    return False


def find_roots(resolver: Resolver) -> Roots:
    """Return every loop entry with its exposure and kind."""
    roots = Roots()
    handed: dict[str, str] = {}
    scheduled = _handed(resolver, handed)
    visible = exposed(resolver, handed)
    for fn in sorted(resolver.functions):
        module, record = resolver.functions[fn]
        if record["async"] and module not in resolver.shadowed:
            roots.exposure[fn] = "direct"
            if fn not in visible:
                roots.kind[fn] = "uncalled"
    roots.twins = _hooks(resolver)
    for fn in sorted(roots.twins):
        roots.exposure.setdefault(fn, "hook")
    for target, caller, line, column in scheduled:
        if target in resolver.functions and not resolver.functions[target][1]["async"]:
            roots.exposure.setdefault(target, "callback")
        elif target in PRIMITIVES_BY_NAME:
            roots.scheduled.append((target, caller, line, column))
    _declared(resolver, roots)
    for fn, exposure in roots.exposure.items():
        if fn not in roots.kind:
            roots.kind[fn] = _kind(resolver, fn, exposure, handed)
    return roots


def _declared(resolver: Resolver, roots: Roots) -> None:
    """Add the functions configuration files name (``declared``) as entries of that kind."""
    entries, roots.errors = declared_entries(resolver.scan_roots)
    modules: dict[Path, str] = {}
    if any(entry.module_path for entry in entries):  # resolving every path costs ~20 ms
        modules = {path.resolve(): module for module, path in resolver.module_paths.items()}
    for entry in entries:
        module = modules.get(entry.module_path) if entry.module_path else entry.module
        fn = f"{module}.{entry.name}"
        if module is None or fn not in resolver.functions:
            continue  # a compiled graph or an app object: built at import, not called per run
        asynchronous = resolver.functions[fn][1]["async"]
        roots.exposure[fn] = "direct" if asynchronous else "hook"
        roots.kind[fn] = "declared"
        if not asynchronous:
            roots.twins.setdefault(fn, "an async factory")
