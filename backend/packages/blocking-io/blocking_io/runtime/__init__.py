"""The runtime gate's machinery: rule records, the gate, its violations and its pytest plugin.

A project declares its packages and rules in a `GateRules` and activates `BlockingIOGate(rules)`
around the code under test; `blocking_io.runtime.plugin.GatePlugin` does that for every test
under a directory. Needs the `runtime` extra (Blockbuster and pytest).
"""

from __future__ import annotations

from .gate import (
    ArgumentExemption,
    BlockingCallError,
    BlockingCallsCaughtError,
    BlockingIOGate,
    Exemption,
    GateRules,
    ProjectRule,
    Violation,
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
]
