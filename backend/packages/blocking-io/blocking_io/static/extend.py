"""Project extensions of the rule tables, read from ``[tool.blocking-io]`` arrays of tables.

Each array adds rows to one built-in table, with the same fields in kebab-case, and every row
needs a ``reason``:

- ``[[tool.blocking-io.primitives]]``: ``name``, ``operation``, ``priority``, ``hint``
  (a blocking call, as in ``PRIMITIVES``).
- ``[[tool.blocking-io.offloaders]]``: ``name``, ``callable-arg`` (default 0), ``callable-kw``
  (default ``func``), ``any-receiver`` (default false), ``returns-result`` (default true)
  (a call that runs its callable off the loop, as in ``OFFLOADERS``).
- ``[[tool.blocking-io.hooks]]``: either ``base``, ``method``, ``async-twin`` (a framework base
  class whose sync hook runs on the loop, as in ``LOOP_HOOKS``) or ``decorator``, ``instead``
  (a decorator registering a sync function run on the loop, as in ``HOOK_DECORATORS``).
- ``[[tool.blocking-io.entries]]``: ``function`` (qualified name of a sync project function,
  ``package.module.Class.method``) and ``kind`` (``hook`` or ``callback``): code the project
  knows runs on the loop though no table says so.

``merge.extended`` puts the rows into effect for a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .entries import HOOK_DECORATORS, LOOP_HOOKS, HookDecorator, LoopHook
from .offloaders import OFFLOADERS, Offloader
from .primitives import OPERATIONS, PRIMITIVES_BY_NAME, PRIORITIES, Primitive

if TYPE_CHECKING:
    from ..config import TableReader

__all__ = ["ENTRY_KINDS", "Entry", "Extensions", "read_extensions"]

ENTRY_KINDS = ("hook", "callback")
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
_QUALIFIED = "a dotted qualified name such as `package.module.name`"


@dataclass(frozen=True)
class Entry:
    """A sync project function that runs on the loop, named by its qualified name."""

    function: str
    kind: str
    reason: str


@dataclass(frozen=True)
class Extensions:
    """The rows a project adds to the primitive, offloader, hook and entry tables."""

    primitives: tuple[Primitive, ...] = ()
    offloaders: tuple[Offloader, ...] = ()
    hooks: tuple[LoopHook, ...] = ()
    decorators: tuple[HookDecorator, ...] = ()
    entries: tuple[Entry, ...] = ()

    def __bool__(self) -> bool:
        return any((self.primitives, self.offloaders, self.hooks, self.decorators, self.entries))


def _name(row: TableReader, key: str, taken: set[str]) -> str:
    name = row.required(key, what="qualified name")
    if not _DOTTED.fullmatch(name):
        raise row.fail(key, name, _QUALIFIED)
    if name in taken:
        raise row.fail(key, name, "a name not already in the built-in table or listed before")
    taken.add(name)
    return name


def _primitives(reader: TableReader) -> tuple[Primitive, ...]:
    keys = ("name", "operation", "priority", "hint", "reason")
    taken = set(PRIMITIVES_BY_NAME)
    rows = []
    for row in reader.tables("primitives"):
        row.check_keys(keys)
        rows.append(
            Primitive(
                name=_name(row, "name", taken),
                operation=str(row.choice("operation", OPERATIONS, "file")),
                priority=str(row.choice("priority", PRIORITIES, "medium")),
                hint=row.required("hint"),
                reason=row.required("reason"),
            )
        )
    return tuple(rows)


def _offloaders(reader: TableReader) -> tuple[Offloader, ...]:
    keys = (
        "name",
        "callable-arg",
        "callable-kw",
        "any-receiver",
        "returns-result",
        "forwards-keywords",
        "reason",
    )
    taken = {o.name for o in OFFLOADERS}
    rows = []
    for row in reader.tables("offloaders"):
        row.check_keys(keys)
        rows.append(
            Offloader(
                name=_name(row, "name", taken),
                callable_arg=row.integer("callable-arg", 0),
                callable_kw=str(row.string("callable-kw", "func", what="keyword name")),
                any_receiver=row.boolean("any-receiver", False),
                returns_result=row.boolean("returns-result", True),
                forwards_keywords=row.boolean("forwards-keywords", True),
                reason=row.required("reason"),
            )
        )
    return tuple(rows)


def _hooks(reader: TableReader) -> tuple[tuple[LoopHook, ...], tuple[HookDecorator, ...]]:
    hooks: list[LoopHook] = []
    decorators: list[HookDecorator] = []
    taken_hooks = {f"{h.base}.{h.method}" for h in LOOP_HOOKS}
    taken_decorators = {d.name for d in HOOK_DECORATORS}
    for row in reader.tables("hooks"):
        if "decorator" in row.table:
            row.check_keys(("decorator", "instead", "reason"), " (a decorator hook)")
            decorators.append(
                HookDecorator(
                    name=_name(row, "decorator", taken_decorators),
                    instead=row.required("instead"),
                    reason=row.required("reason"),
                )
            )
            continue
        row.check_keys(("base", "method", "async-twin", "reason"), " (a base-class hook)")
        base = _name(row, "base", set())
        method = row.required("method", what="method name")
        if f"{base}.{method}" in taken_hooks:
            raise row.fail("method", method, "a hook not already in the built-in table")
        taken_hooks.add(f"{base}.{method}")
        hooks.append(
            LoopHook(
                base=base,
                method=method,
                async_twin=row.required("async-twin", what="method name"),
                reason=row.required("reason"),
            )
        )
    return tuple(hooks), tuple(decorators)


def _entries(reader: TableReader) -> tuple[Entry, ...]:
    rows = []
    taken: set[str] = set()
    for row in reader.tables("entries"):
        row.check_keys(("function", "kind", "reason"))
        rows.append(
            Entry(
                function=_name(row, "function", taken),
                kind=str(row.choice("kind", ENTRY_KINDS, "hook")),
                reason=row.required("reason"),
            )
        )
    return tuple(rows)


def read_extensions(reader: TableReader) -> Extensions:
    """Return the extension rows of a ``[tool.blocking-io]`` table; bad rows raise its error."""
    hooks, decorators = _hooks(reader)
    return Extensions(
        primitives=_primitives(reader),
        offloaders=_offloaders(reader),
        hooks=hooks,
        decorators=decorators,
        entries=_entries(reader),
    )
