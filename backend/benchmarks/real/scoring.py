"""Score a detector report on one application against its labels.

Precision is TRUE / (TRUE + FALSE) over the labelled findings still reported; UNSURE is counted
but left out. It is given per priority, separately for direct findings (BIO101) and for the
others (BIO201 reachable, BIO301 hook, BIO401 callback), and again in a strict form where a
finding whose call is only a metadata check (``METADATA_CALLS``) counts as false however it is
labelled. A TRUE label whose key the detector no longer reports is a regression.

Findings through libraries (BIO501) are scored apart (``libraries``) and left out of these
figures, which therefore do not depend on whether the scan followed calls into libraries; the
HIGH and MEDIUM precision over all findings (``over_all``) joins the two.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .labels import AppLabels, FindingKey, Label, Missed, finding_key
from .libraries import LibraryScore, is_library_finding, is_library_key, score_libraries
from .sample import PRIORITIES
from .verdicts import Cell, weighted_precision

__all__ = [
    "KINDS",
    "METADATA_CALLS",
    "AppScore",
    "kind_of",
    "score_app",
]

KINDS = ("direct", "reachable")
# A stat-style call costs one metadata syscall, usually served from the page cache; whether such
# a call is worth an alarm is a judgement, so the strict figures count these findings as false.
METADATA_CALLS = frozenset(
    {
        "os.access",
        "os.lstat",
        "os.path.exists",
        "os.path.getatime",
        "os.path.getctime",
        "os.path.getmtime",
        "os.path.getsize",
        "os.path.isdir",
        "os.path.isfile",
        "os.path.islink",
        "os.path.lexists",
        "os.path.realpath",
        "os.stat",
        "pathlib.Path.exists",
        "pathlib.Path.is_dir",
        "pathlib.Path.is_file",
        "pathlib.Path.is_symlink",
        "pathlib.Path.lstat",
        "pathlib.Path.resolve",
        "pathlib.Path.stat",
    }
)


def kind_of(finding: dict[str, Any]) -> str:
    """Return ``direct`` for a blocking call in the async function itself, else ``reachable``."""
    return "direct" if finding["code"] == "BIO101" else "reachable"


def _table() -> dict[str, dict[str, Cell]]:
    return {
        priority: {kind: Cell() for kind in (*KINDS, "all")} for priority in (*PRIORITIES, "all")
    }


@dataclass
class AppScore:
    """Everything the report says about one application."""

    name: str
    total: int = 0
    by_exposure: Counter[str] = field(default_factory=Counter)
    by_priority: Counter[str] = field(default_factory=Counter)
    labelled: int = 0
    precision: dict[str, dict[str, Cell]] = field(default_factory=_table)
    strict: dict[str, dict[str, Cell]] = field(default_factory=_table)
    # Findings the detector marks as production (reached from a request, task or startup
    # entry); the others (scripts, tests, benchmarks, code nothing calls) are reported below.
    production: dict[str, dict[str, Cell]] = field(default_factory=_table)
    secondary: dict[str, dict[str, Cell]] = field(default_factory=_table)
    unlabelled: list[dict[str, Any]] = field(default_factory=list)
    regressions: list[Label] = field(default_factory=list)
    resolved: list[Label] = field(default_factory=list)
    missed: list[tuple[Missed, bool]] = field(default_factory=list)
    scan: dict[str, Any] = field(default_factory=dict)
    libraries: LibraryScore = field(default_factory=LibraryScore)

    @property
    def weighted_precision(self) -> float | None:
        """Estimate precision over all findings: per-priority precision weighted by their counts.

        The sample takes every HIGH finding and only some of the others, so the plain sample
        precision over-weights HIGH; this re-weights by how many findings each priority has.
        """
        cells = {p: self.precision[p]["all"] for p in PRIORITIES}
        return weighted_precision({p: self.by_priority[p] for p in PRIORITIES}, cells)

    def over_all(self, priority: str) -> Cell:
        """Return the verdicts of one priority over all findings, through libraries or not."""
        cell = Cell()
        cell.merge(self.precision[priority]["all"])
        cell.merge(self.libraries.precision[priority])
        return cell


def _count(table: dict[str, dict[str, Cell]], priority: str, kind: str, verdict: str) -> None:
    for row in (priority, "all"):
        for column in (kind, "all"):
            table[row][column].add(verdict)


def score_app(
    name: str, findings: list[dict[str, Any]], labels: AppLabels, *, followed: bool = False
) -> AppScore:
    """Score one report; a label applies to every finding with its key.

    ``followed`` says whether the scan followed calls into installed packages (``--libraries``).
    """
    own = [finding for finding in findings if not is_library_finding(finding)]
    result = AppScore(name, total=len(own))
    result.libraries = score_libraries(findings, labels, followed)
    reported: set[FindingKey] = set()
    for finding in own:
        key = finding_key(finding)
        reported.add(key)
        result.by_exposure[finding["exposure"]] += 1
        result.by_priority[finding["priority"]] += 1
        label = labels.findings.get(key)
        if label is None:
            result.unlabelled.append(finding)
            continue
        result.labelled += 1
        priority = finding["priority"] if finding["priority"] in PRIORITIES else "low"
        kind = kind_of(finding)
        _count(result.precision, priority, kind, label.label)
        strict = "FALSE" if label.label == "TRUE" and key.call in METADATA_CALLS else label.label
        _count(result.strict, priority, kind, strict)
        side = result.production if finding.get("production", True) else result.secondary
        _count(side, priority, kind, label.label)
    for key, label in sorted(labels.findings.items()):
        if key not in reported and not is_library_key(key):
            (result.regressions if label.label == "TRUE" else result.resolved).append(label)
    # A missed alarm counts as found only when its exact key (file, line and call) is reported.
    everything = {finding_key(finding) for finding in findings}
    result.missed = [(m, m.key in everything) for m in labels.missed]
    return result
