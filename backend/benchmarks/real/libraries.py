"""Score the findings through libraries (BIO501) of one application against its labels.

A BIO501 finding is keyed like any other (``path`` + ``line`` + ``call``), where ``call`` is the
library name the application calls; it is labelled in the same file. Library findings are scored
apart from the others, so the figures of the application's own findings are the same whether
or not the scan followed calls into installed packages. Without ``--libraries`` the only BIO501
findings are library facts (compiled clients, first-use downloads); only labels of those can
then be regressions, since the other library findings need the environment to be reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from blocking_io.static.libfacts import LIBRARY_FACTS_BY_NAME, WHEN
from blocking_io.static.primitives import PRIMITIVES_BY_NAME
from blocking_io.static.report import LIBRARY_CODE

from .labels import AppLabels, FindingKey, Label, finding_key
from .sample import PRIORITIES, site_relative
from .verdicts import Cell, weighted_precision

__all__ = [
    "LIBRARY_CODE",
    "WHENS",
    "LibraryScore",
    "installed_copy_hops",
    "is_library_finding",
    "is_library_key",
    "non_library_changes",
    "score_libraries",
]

# `always` and `some-paths` come from library summaries, `first-use` from library facts.
WHENS = ("always", "some-paths", *(when for when in WHEN if when != "always"))
# What decides the figures of a non-library finding: its key and how it is counted.
_COUNTED = ("path", "line", "call", "code", "priority", "exposure", "production")


def _cells(names: Iterable[str]) -> dict[str, Cell]:
    return {name: Cell() for name in names}


@dataclass
class LibraryScore:
    """What the report says about one application's findings through libraries."""

    followed: bool = False  # the scan followed calls into an installed environment
    note: str = ""  # why it did not (apps.toml `env_note`)
    total: int = 0
    by_priority: Counter[str] = field(default_factory=Counter)
    by_when: Counter[str] = field(default_factory=Counter)
    labelled: int = 0
    precision: dict[str, Cell] = field(default_factory=lambda: _cells((*PRIORITIES, "all")))
    when_precision: dict[str, Cell] = field(default_factory=lambda: _cells(WHENS))
    unlabelled: list[dict[str, Any]] = field(default_factory=list)
    regressions: list[Label] = field(default_factory=list)
    resolved: list[Label] = field(default_factory=list)
    # The report's `libraries` block (environment, distributions, lines, seconds) when followed.
    summary: dict[str, Any] = field(default_factory=dict)
    # Non-library findings that differ from a scan without libraries (should stay empty).
    changed: list[str] = field(default_factory=list)

    @property
    def weighted_precision(self) -> float | None:
        """Estimate precision over all library findings, re-weighting the sample by priority."""
        return weighted_precision(self.by_priority, {p: self.precision[p] for p in PRIORITIES})

    def merge(self, other: LibraryScore) -> None:
        """Add another application's counts to this one (for the overall figures)."""
        self.followed = self.followed or other.followed
        self.total += other.total
        self.by_priority.update(other.by_priority)
        self.by_when.update(other.by_when)
        self.labelled += other.labelled
        for name, cell in other.precision.items():
            self.precision[name].merge(cell)
        for name, cell in other.when_precision.items():
            self.when_precision[name].merge(cell)
        self.unlabelled += other.unlabelled
        self.regressions += other.regressions
        self.resolved += other.resolved
        self.changed += other.changed


def is_library_finding(finding: dict[str, Any]) -> bool:
    """Tell whether a finding is reported through a library (code BIO501)."""
    return bool(finding["code"] == LIBRARY_CODE)


def is_library_key(key: FindingKey) -> bool:
    """Tell whether a label's key names a library call: a library fact, or no primitive at all
    (the library name an application calls is never a primitive: the tables win)."""
    return key.call in LIBRARY_FACTS_BY_NAME or key.call not in PRIMITIVES_BY_NAME


def _when(finding: dict[str, Any]) -> str:
    library = finding.get("library") or {}
    when = str(library.get("when", "always"))
    return when if when in WHENS else "always"


def score_libraries(
    findings: Sequence[dict[str, Any]], labels: AppLabels, followed: bool
) -> LibraryScore:
    """Score the BIO501 findings among ``findings``; a label applies to every finding with its key.

    ``followed`` says whether the scan followed calls into installed packages; when it did not,
    only labels of library facts can be regressions.
    """
    result = LibraryScore(followed=followed)
    reported: set[FindingKey] = set()
    for finding in findings:
        if not is_library_finding(finding):
            continue
        key = finding_key(finding)
        reported.add(key)
        priority = finding["priority"] if finding["priority"] in PRIORITIES else "low"
        when = _when(finding)
        result.total += 1
        result.by_priority[priority] += 1
        result.by_when[when] += 1
        label = labels.findings.get(key)
        if label is None:
            result.unlabelled.append(finding)
            continue
        result.labelled += 1
        for name in (priority, "all"):
            result.precision[name].add(label.label)
        result.when_precision[when].add(label.label)
    for key, label in sorted(labels.findings.items()):
        if key in reported or not is_library_key(key):
            continue
        if followed or key.call in LIBRARY_FACTS_BY_NAME:
            (result.regressions if label.label == "TRUE" else result.resolved).append(label)
    return result


def non_library_changes(
    without: Iterable[dict[str, Any]], with_libraries: Iterable[dict[str, Any]]
) -> list[str]:
    """Return how the non-library findings of two scans differ, as ``+``/``-`` lines."""

    def counted(findings: Iterable[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
        return Counter(
            tuple(finding.get(name) for name in _COUNTED)
            for finding in findings
            if not is_library_finding(finding)
        )

    before, after = counted(without), counted(with_libraries)
    lines = [f"+ {item}" for item in sorted((after - before).elements(), key=repr)]
    return lines + [f"- {item}" for item in sorted((before - after).elements(), key=repr)]


def installed_copy_hops(
    findings: Iterable[dict[str, Any]], roots: Sequence[str], sites: Sequence[str]
) -> list[str]:
    """Return the library hops that run through the installed copy of the scanned app itself.

    The environment holds the app too; its top-level packages are the project's own, so the
    library loader must skip them and every chain into the app must stay in the scanned sources.
    """
    return [
        f"{finding['path']}:{finding['line']} {hop['path']}:{hop['line']}"
        for finding in findings
        if is_library_finding(finding)
        for hop in (finding.get("library") or {}).get("chain", [])
        if site_relative(hop["path"], sites).split("/")[0] in roots
    ]
