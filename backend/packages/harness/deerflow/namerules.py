"""Name rules: the ways a client-supplied name (an id, a file name) can be unsafe, as data.

A table of `NameRule` rows is checked in order and the first rule a value breaks is the one
reported; `shown` quotes the value for an error message without letting a huge one through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["NameRule", "first_broken", "shown"]

_SHOWN_MAX = 60


@dataclass(frozen=True)
class NameRule:
    """One way a name is unsafe: the problem as an error message says it, and why it matters."""

    problem: str
    violated: Callable[[str], bool]
    reason: str


def first_broken(rules: Iterable[NameRule], value: str) -> NameRule | None:
    """Return the first rule `value` breaks, or None when it breaks none."""
    return next((rule for rule in rules if rule.violated(value)), None)


def shown(value: object) -> str:
    """Return `repr(value)`, cut to a readable length with `...`."""
    text = repr(value)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 3] + "..."
