"""The gate's audit listener: the gate's scope and exemptions applied to audited blocking calls.

While a gate is active, `GateAuditLayer` receives every blocking audit event made on the loop
thread (see `blocking_io.runtime.audit`) and raises the gate's error when a frame of a scanned
package is on the stack and no exemption for the call's primitive holds.

One error per blocking call: an event raised from inside a Blockbuster-patched function belongs to
Blockbuster's layer, which has already decided (raised, or allowed by an exemption). Blockbuster
marks the time it spends inside a wrapper in its thread-local `_skip`; this layer stays silent
then, and reports only calls that reached the C function without passing a wrapper.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING

import blockbuster.blockbuster as _blockbuster_impl

from blocking_io.audit import AuditRule

from .violations import BlockingCallError

if TYPE_CHECKING:
    from .gate import GateRules

__all__ = ["GateAuditLayer"]

# (file suffix with `/` separators, function names) where blocking is allowed.
_Allowance = tuple[str, frozenset[str]]


class GateAuditLayer:
    """Raise the gate's error for an audited blocking call from scanned code on the loop."""

    def __init__(
        self,
        rules: GateRules,
        prefixes: tuple[str, ...],
        blocking_error: Callable[[str, FrameType, str], BlockingCallError],
    ) -> None:
        self.prefixes = prefixes
        self.blocking_error = blocking_error
        self.allowances: dict[str, tuple[_Allowance, ...]] = {}
        for rule in rules.audit_rules:
            targets = {rule.primitive, *rule.exempted_as}
            self.allowances[rule.primitive] = tuple(
                (exemption.file_suffix, frozenset(exemption.functions))
                for exemption in rules.exemptions
                if exemption.target in targets
            )

    def __call__(self, rule: AuditRule, args: tuple[object, ...], frame: FrameType) -> None:
        """Raise when the stack holds a scanned frame and no allowance for `rule`'s primitive."""
        if _blockbuster_impl._skip.value or rule.primitive not in self.allowances:
            return
        allowances = self.allowances[rule.primitive]
        scanned = False
        current: FrameType | None = frame
        while current is not None:
            filename = current.f_code.co_filename
            scanned = scanned or filename.startswith(self.prefixes)
            if allowances:
                posix = filename.replace(os.sep, "/")
                for suffix, functions in allowances:
                    if posix.endswith(suffix) and current.f_code.co_name in functions:
                        return
            current = current.f_back
        if scanned:
            raise self.blocking_error(rule.primitive, frame, "audit")
