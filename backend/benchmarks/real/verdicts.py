"""Verdict counts of a group of findings, and the precision estimates computed from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Cell", "weighted_precision"]


@dataclass
class Cell:
    """Verdict counts of a group of findings."""

    true: int = 0
    false: int = 0
    unsure: int = 0

    def add(self, verdict: str) -> None:
        """Count one verdict (TRUE, FALSE or UNSURE)."""
        setattr(self, verdict.lower(), getattr(self, verdict.lower()) + 1)

    def merge(self, other: Cell) -> None:
        """Add another group's counts to this one."""
        self.true += other.true
        self.false += other.false
        self.unsure += other.unsure

    @property
    def precision(self) -> float | None:
        """Return TRUE / (TRUE + FALSE), or None when no finding was decided."""
        decided = self.true + self.false
        return self.true / decided if decided else None

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and the precision as JSON-ready values."""
        return {**self.__dict__, "precision": self.precision}


def weighted_precision(counts: Mapping[str, int], cells: Mapping[str, Cell]) -> float | None:
    """Estimate precision over all findings: each stratum's precision weighted by its count.

    The sample takes every HIGH finding and only some of the others, so the plain sample
    precision over-weights HIGH; this re-weights by how many findings each priority has.
    Strata without a decided label are left out (None when none is decided).
    """
    total = weight = 0.0
    for name, count in counts.items():
        precision = cells[name].precision if name in cells else None
        if count and precision is not None:
            total += precision * count
            weight += count
    return total / weight if weight else None
