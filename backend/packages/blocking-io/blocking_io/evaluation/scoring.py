"""Line-level scores: a finding counts when its file and line carry a label.

Several findings on one line count once. A flagged ``tolerated`` line is neither a hit nor a false
alarm. Hard labels are ordinary labels, also counted apart so a report can show how many were found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .labels import Labels, Location

__all__ = ["PRECISION_TARGET", "RECALL_TARGET", "Score", "ToolRun", "score"]

# The detector's targets on the labelled corpus: at most one alarm in twenty false, and at most
# one labelled blocking call in ten missed.
PRECISION_TARGET = 0.95
RECALL_TARGET = 0.90


@dataclass(frozen=True)
class Score:
    """Line-level confusion counts of one tool against labels.

    `tp` are labelled lines reported, `fp` reported lines without a label (false alarms) and `fn`
    labelled lines not reported (missed alarms).
    """

    labels: int
    findings: int
    tp: tuple[Location, ...]
    fp: tuple[Location, ...]
    fn: tuple[Location, ...]
    hard_labels: int = 0
    hard_tp: int = 0

    @property
    def precision(self) -> float | None:
        """Return TP / (TP + FP), or None when nothing scored was reported."""
        reported = len(self.tp) + len(self.fp)
        return len(self.tp) / reported if reported else None

    @property
    def recall(self) -> float | None:
        """Return TP / labels, or None when there are no labels."""
        return len(self.tp) / self.labels if self.labels else None

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and ratios as JSON-ready values."""
        return {
            "labels": self.labels,
            "findings": self.findings,
            "tp": len(self.tp),
            "fp": len(self.fp),
            "fn": len(self.fn),
            "precision": self.precision,
            "recall": self.recall,
            "hard_labels": self.hard_labels,
            "hard_tp": self.hard_tp,
        }


def score(labels: Labels, findings: Iterable[Location]) -> Score:
    """Score `findings` against `labels`."""
    flagged = set(findings)
    scored = flagged - labels.tolerated
    return Score(
        labels=len(labels.blocking),
        findings=len(flagged),
        tp=tuple(sorted(scored & labels.blocking)),
        fp=tuple(sorted(scored - labels.blocking)),
        fn=tuple(sorted(labels.blocking - flagged)),
        hard_labels=len(labels.hard & labels.blocking),
        hard_tp=len(labels.hard & labels.blocking & flagged),
    )


@dataclass
class ToolRun:
    """Per-project scores and reported errors of one tool, filled in project by project."""

    name: str
    projects: dict[str, Score] = field(default_factory=dict)
    errors: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def overall(self) -> Score:
        """Return the score over all projects."""
        runs = self.projects.values()
        return Score(
            labels=sum(s.labels for s in runs),
            findings=sum(s.findings for s in runs),
            tp=tuple(sorted(loc for s in runs for loc in s.tp)),
            fp=tuple(sorted(loc for s in runs for loc in s.fp)),
            fn=tuple(sorted(loc for s in runs for loc in s.fn)),
            hard_labels=sum(s.hard_labels for s in runs),
            hard_tp=sum(s.hard_tp for s in runs),
        )
