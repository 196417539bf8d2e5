"""Cross-check each reverted offload with the static detector: does it see the blocking call?

A mutant copy is scanned with the static detector (`scan_copy`); `classify_static` keeps the
findings that are new against the unmodified copy (by finding `id`) and whose `chain` passes
through the reverted call, and labels the site `seen` or `not seen`. A site the detector does not
see is a blind spot for a maintainer to review, not a failure of the teeth check.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from blocking_io.static import scan

from .messages import STATIC_FILE_ERROR

__all__ = [
    "NOT_SEEN",
    "SEEN",
    "STATIC_ERROR",
    "Report",
    "StaticFinding",
    "StaticResult",
    "StaticRunner",
    "classify_static",
    "finding_ids",
    "findings_through",
    "mutant_line",
    "normalise_path",
    "scan_copy",
]

SEEN = "seen"
NOT_SEEN = "not seen"
STATIC_ERROR = "error"

# The static detector's report (see `blocking_io.static.report`), as `scan` returns it.
Report = dict[str, Any]
StaticRunner = Callable[[Path], Report]

# `scan` pauses the cyclic garbage collector and raises the recursion limit for the whole
# process while it runs; mutants checked in parallel threads take turns so neither is
# restored under another scan. A scan of the backend takes a fraction of a second.
_SCAN_LOCK = threading.Lock()


@dataclass(frozen=True)
class StaticFinding:
    """The parts of a static finding the teeth check reports."""

    id: str
    code: str
    call: str
    path: str
    line: int
    function: str


@dataclass(frozen=True)
class StaticResult:
    """What the static detector says about one mutant: its status and the new findings."""

    status: str
    findings: tuple[StaticFinding, ...] = ()
    detail: str = ""

    @property
    def first_call(self) -> str | None:
        """Return the blocking call of the first new finding, or None when there is none."""
        return self.findings[0].call if self.findings else None

    @property
    def cell(self) -> str:
        """Return the table cell: `seen: N × call`, `not seen` or `error`."""
        if self.status == SEEN:
            return f"{SEEN}: {len(self.findings)} × {self.first_call}"
        return self.status

    def as_json(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dict."""
        return {
            "status": self.status,
            "new_findings": len(self.findings),
            "first_call": self.first_call,
            "findings": [vars(finding) for finding in self.findings],
            "detail": self.detail,
        }


def scan_copy(copy: Path, roots: Sequence[str]) -> Report:
    """Scan `roots` (relative to `copy`) with the static detector; return its JSON report.

    Paths in the report, and so the finding ids, are relative to `copy`: the same finding has
    the same id in every copy, which is what lets a mutant be compared with the baseline.
    """
    paths = [copy / root for root in roots if (copy / root).exists()]
    with _SCAN_LOCK:
        return scan(paths, repo_root=copy, cache_dir=None)


def normalise_path(path: str, copy: Path) -> str:
    """Return a report path as a POSIX path relative to `copy` when it lies under it."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.resolve().relative_to(copy.resolve()).as_posix()
        except ValueError:
            return candidate.as_posix()
    return PurePosixPath(candidate.as_posix()).as_posix()


def finding_ids(report: Report) -> frozenset[str]:
    """Return the ids of the findings in a static report."""
    return frozenset(finding["id"] for finding in report["findings"])


def findings_through(report: Report, path: str, line: int, copy: Path) -> list[dict[str, Any]]:
    """Return the findings whose chain has a hop at `path:line` (relative to `copy`)."""
    wanted = normalise_path(path, copy)
    return [
        finding
        for finding in report["findings"]
        if any(
            hop["line"] == line and normalise_path(hop["path"], copy) == wanted
            for hop in finding["chain"]
        )
    ]


def classify_static(
    report: Report, path: str, line: int, copy: Path, baseline: Collection[str] = ()
) -> StaticResult:
    """Label a mutant by the new findings (ids not in `baseline`) through `path:line`.

    A file the detector could not analyse in the mutant makes the result an error: silence
    about the site would then say nothing about what the detector can see.
    """
    errors = [e for e in report.get("errors", ()) if e.get("reason")]
    if errors:
        first = errors[0]
        detail = STATIC_FILE_ERROR.format(
            path=normalise_path(first["path"], copy), reason=first["reason"]
        )
        return StaticResult(STATIC_ERROR, (), detail)
    hits = [f for f in findings_through(report, path, line, copy) if f["id"] not in baseline]
    if not hits:
        return StaticResult(NOT_SEEN)
    found = tuple(
        StaticFinding(
            f["id"], f["code"], f["call"], normalise_path(f["path"], copy), f["line"], f["function"]
        )
        for f in hits
    )
    return StaticResult(SEEN, found)


def mutant_line(original: str, mutated: str, line: int) -> int:
    """Return where `line` of `original` ends up in `mutated`.

    Reverting an offload can drop an import that is no longer used, which moves every later
    line up; the reverted call itself keeps its first line.
    """
    old, new = original.splitlines(), mutated.splitlines()
    index = line - 1
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 <= index < i2:
            if tag == "equal":
                return j1 + (index - i1) + 1
            return j1 + min(index - i1, max(j2 - j1 - 1, 0)) + 1
    return line
