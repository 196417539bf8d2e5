"""The runtime blocking-IO gate: Blockbuster scoped exactly to a project's packages.

A `BlockingIOGate` patches Blockbuster's default primitives plus a project's `ProjectRule`s, so a
blocking call made on the event-loop thread while a frame of a scanned package is on the stack
raises `BlockingCallError`. The error names the primitive and the first (innermost) scanned frame
as `<path relative to the project>:<line>`, and says how to fix it. `Exemption`s and
`ArgumentExemption`s allow known false alarms; each one names its target and its reason.

With `GateRules.audit_rules` set, a second layer (`audited.GateAuditLayer`, on the process-wide
audit hook of `blocking_io.audit`) raises the same error for audited calls that bypass the patches
(prebound names, C callers); it stays silent inside a patched call, so each call is reported once.

The gate is strict: it records every error it raises, so an error that the code under test catches
(a broad `except Exception`, a handler's `handleError`) still fails the activation on exit, and
fails the test through the pytest plugin (`blocking_io.runtime.plugin`). While active,
`logging.Handler.handleError` re-raises a `BlockingError` instead of printing it.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType, ModuleType, TracebackType
from typing import Self

import blockbuster.blockbuster as _blockbuster_impl
from blockbuster import BlockBuster, BlockBusterFunction, BlockingError

from blocking_io import audit
from blocking_io.audit import AuditRule

from .audited import GateAuditLayer
from .messages import BLOCKING_CALL, GATE_NOT_NESTED, UNKNOWN_EXEMPTION_TARGET
from .violations import (
    BlockingCallError,
    BlockingCallsCaughtError,
    Violation,
    first_scanned_frame,
    reraising_handle_error,
    surfaced,
)

__all__ = [
    "ArgumentExemption",
    "BlockingCallError",
    "BlockingCallsCaughtError",
    "BlockingIOGate",
    "Exemption",
    "GateRules",
    "ProjectRule",
    "Violation",
    "build_functions",
    "scanned_prefixes",
    "scope_modules",
]


@dataclass(frozen=True)
class ProjectRule:
    """A blocking primitive that Blockbuster's defaults miss, patched while the gate is active."""

    target: str
    reason: str


@dataclass(frozen=True)
class Exemption:
    """A known false alarm: `target` may block while `functions` of `file_suffix` are running."""

    target: str
    file_suffix: str
    functions: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ArgumentExemption:
    """A known false alarm told by the call's arguments: `target` may run when `predicate` holds."""

    target: str
    predicate: Callable[..., bool]
    reason: str


@dataclass(frozen=True)
class GateRules:
    """What one project's gate scans and patches: its packages, rules and exemptions.

    `base` is the directory that error locations are shown relative to. `audit_rules` are the
    audit events the audit-hook layer fails on (`blocking_io.audit.AUDIT_RULES`); the
    exemptions apply to them too.
    """

    packages: tuple[str, ...]
    rules: tuple[ProjectRule, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    argument_exemptions: tuple[ArgumentExemption, ...] = ()
    base: str = ""
    audit_rules: tuple[AuditRule, ...] = ()


def scanned_prefixes(packages: Sequence[str]) -> tuple[str, ...]:
    """Return the directory prefixes of `packages`, each ending with a separator."""
    prefixes: list[str] = []
    for name in packages:
        package = importlib.import_module(name)
        prefixes += [os.path.join(entry, "") for entry in package.__path__]
    return tuple(prefixes)


def scope_modules(prefixes: tuple[str, ...]) -> list[ModuleType]:
    # Blockbuster matches frame filenames against a raw `__path__[0]` prefix, so the real
    # `deerflow` module would also scan a sibling `deerflow_extra/`. Stand-in module objects whose
    # single path ends with a separator scope it exactly, without touching the real packages.
    modules = []
    for prefix in prefixes:
        stand_in = ModuleType(f"blocking-io-gate-scope:{prefix}")
        stand_in.__path__ = [prefix]
        modules.append(stand_in)
    return modules


def build_functions(scope: list[ModuleType], rules: GateRules) -> list[BlockBusterFunction]:
    """Return Blockbuster's defaults plus the project rules, with the exemptions applied."""
    functions = dict(BlockBuster(scope).functions)
    for name, function in functions.items():
        # Report defaults by their table name (`os.scandir`, not `ScandirIterator.__next__`).
        function.full_name = name
    for rule in rules.rules:
        if rule.target in functions:
            raise ValueError(f"Project rule `{rule.target}` duplicates a Blockbuster default.")
        function = BlockBusterFunction(
            None,
            rule.target,
            scanned_modules=scope,
        )
        if function.original_func is None:
            raise ValueError(f"Project rule target `{rule.target}` does not exist.")
        functions[rule.target] = function
    audited_only = {rule.primitive for rule in rules.audit_rules} - set(functions)
    for exemption in rules.exemptions:
        if exemption.target in audited_only:
            continue  # applies to the audit-hook layer only (see `GateAuditLayer`)
        function = _exempted_function(functions, exemption.target, "exemptions")
        function.can_block_in(exemption.file_suffix, set(exemption.functions))
    for argument_exemption in rules.argument_exemptions:
        function = _exempted_function(functions, argument_exemption.target, "argument exemptions")
        function.can_block_predicate = _either(
            function.can_block_predicate, argument_exemption.predicate
        )
    return list(functions.values())


def _exempted_function(
    functions: dict[str, BlockBusterFunction], target: str, table: str
) -> BlockBusterFunction:
    """Return the patched function an exemption names, or fail naming the valid targets."""
    if target not in functions:
        choices = ", ".join(sorted(functions))
        raise ValueError(
            UNKNOWN_EXEMPTION_TARGET.format(target=target, table=table, choices=choices)
        )
    return functions[target]


def _either(first: Callable[..., bool], second: Callable[..., bool]) -> Callable[..., bool]:
    """Return a predicate that holds when `first` or `second` holds for the same call."""

    def predicate(*args: object, **kwargs: object) -> bool:
        return first(*args, **kwargs) or second(*args, **kwargs)

    return predicate


_ACTIVE_GATES: list[BlockingIOGate] = []


class BlockingIOGate:
    """One activation of the gate: its patches and the blocking calls it raised on."""

    def __init__(self, rules: GateRules) -> None:
        self.rules = rules
        self.prefixes = scanned_prefixes(rules.packages)
        self._functions: list[BlockBusterFunction] = []
        self._violations: list[Violation] = []
        # Every call raised on during the activation, also those taken as reported (the record).
        self.seen: list[Violation] = []
        self._audit_layer: GateAuditLayer | None = None
        self._saved_error_factory: type[BlockingError] = BlockingError
        self._saved_handle_error: Callable[[logging.Handler, logging.LogRecord], None] = (
            logging.Handler.handleError
        )
        self._used = False

    def take_violations(self) -> list[Violation]:
        """Return the blocking calls recorded so far and forget them (they count as reported)."""
        taken, self._violations = self._violations, []
        return taken

    def take_caught(self, exc: BaseException | None) -> list[Violation]:
        """Forget the recorded calls and return those not surfacing as `exc` (or its chain)."""
        return [v for v in self.take_violations() if not surfaced(v, exc)]

    def _raise_blocking(self, primitive: str) -> BlockingCallError:
        # Blockbuster's wrapper calls this as `BlockingError(func_name)` and raises the result;
        # frame 0 is this method, frame 1 the wrapper, so the walk starts at the caller.
        return self.blocking_error(primitive, sys._getframe(2), "patch")

    def blocking_error(self, primitive: str, frame: FrameType, layer: str) -> BlockingCallError:
        """Record a blocking call seen by `layer` at `frame` and return the error to raise."""
        location = first_scanned_frame(frame, self.prefixes, self.rules.base)
        message = BLOCKING_CALL.format(primitive=primitive, location=location)
        violation = Violation(primitive=primitive, location=location, message=message, layer=layer)
        self._violations.append(violation)
        self.seen.append(violation)
        return BlockingCallError(violation)

    def __enter__(self) -> Self:
        if self._used:
            raise RuntimeError(
                "A BlockingIOGate activates once; make a new gate for each activation."
            )
        self._used = True
        functions = build_functions(scope_modules(self.prefixes), self.rules)
        self._saved_error_factory = _blockbuster_impl.BlockingError
        self._saved_handle_error = logging.Handler.handleError
        # Blockbuster's wrapper looks `BlockingError` up in its module when it raises; pointing
        # that name at this gate locates and records each error. The gate-health message test
        # turns red if a Blockbuster release stops doing that lookup.
        _blockbuster_impl.BlockingError = self._raise_blocking  # type: ignore[assignment,misc]
        logging.Handler.handleError = reraising_handle_error(logging.Handler.handleError)  # type: ignore[method-assign,assignment]
        _ACTIVE_GATES.append(self)
        try:
            for function in functions:
                function.activate()
                if not function.activated:
                    raise RuntimeError(f"Blockbuster could not patch `{function.full_name}`.")
                self._functions.append(function)
            if self.rules.audit_rules:
                self._audit_layer = GateAuditLayer(self.rules, self.prefixes, self.blocking_error)
                audit.add_listener(self._audit_layer)
        except BaseException:
            self._restore()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not _ACTIVE_GATES or _ACTIVE_GATES[-1] is not self:
            raise RuntimeError(GATE_NOT_NESTED)
        self._restore()
        caught = self.take_caught(exc)
        if not caught:
            return
        error = BlockingCallsCaughtError(caught)
        if exc is None:
            raise error
        exc.add_note(str(error))

    def _restore(self) -> None:
        if self._audit_layer is not None:
            audit.remove_listener(self._audit_layer)
            self._audit_layer = None
        while self._functions:
            self._functions.pop().deactivate()
        logging.Handler.handleError = self._saved_handle_error  # type: ignore[method-assign,assignment]
        _blockbuster_impl.BlockingError = self._saved_error_factory  # type: ignore[misc]
        _ACTIVE_GATES.remove(self)
