"""Per-site outcomes of the teeth check and how they are rendered (table or JSON)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from tests.support.detectors.blocking_io_messages import BLOCKING_CALL, CAUGHT_BLOCKING_CALLS

from .messages import NO_GATE_ERROR
from .mutants import AnchorRun
from .sites import Site

__all__ = [
    "CAUGHT",
    "ERROR",
    "NOT_REVERTED",
    "OUTCOMES",
    "SURVIVED",
    "SiteResult",
    "classify",
    "render_json",
    "render_sites",
    "render_table",
]

CAUGHT = "caught"
SURVIVED = "survived"
NOT_REVERTED = "not-reverted"
ERROR = "error"
# Every outcome but CAUGHT fails the check.
OUTCOMES = (CAUGHT, SURVIVED, NOT_REVERTED, ERROR)
# pytest's exit codes for "all passed" and "no tests collected": no anchor went red.
_GREEN = (0, 5)
# A revert counts as caught only when the gate reported it: the fixed text before each
# template's first field must appear in the run's output.
_GATE_MARKS = tuple(text.split("{", 1)[0] for text in (BLOCKING_CALL, CAUGHT_BLOCKING_CALLS))


@dataclass(frozen=True)
class SiteResult:
    """What reverting one site did: the outcome, the failing anchors, and a detail line."""

    site: Site
    outcome: str
    anchors: tuple[str, ...] = ()
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Tell whether the site passes the check (some anchor caught its revert)."""
        return self.outcome == CAUGHT


def classify(site: Site, run: AnchorRun) -> SiteResult:
    """Turn the anchor run on the mutant of `site` into a result.

    A failure without the gate's blocking-call error is an error, not a catch: the revert only
    moves a call onto the event loop, so an anchor failing otherwise fails for another reason.
    """
    if run.returncode in _GREEN:
        return SiteResult(site, SURVIVED, (), f"pytest exit code {run.returncode}")
    if run.returncode == 1 and run.failed:
        if any(mark in run.output for mark in _GATE_MARKS):
            return SiteResult(site, CAUGHT, run.failed)
        return SiteResult(site, ERROR, run.failed, NO_GATE_ERROR.format(anchor=run.failed[0]))
    last = next((line for line in reversed(run.output.splitlines()) if line.strip()), "")
    return SiteResult(site, ERROR, run.failed, f"pytest exit code {run.returncode}: {last}")


def _result_cell(result: SiteResult) -> str:
    """Return the table cell for a result: the failing anchors, or what went wrong."""
    if result.outcome == CAUGHT:
        return ", ".join(result.anchors)
    if result.outcome == SURVIVED:
        return "SURVIVED"
    if result.outcome == NOT_REVERTED:
        return f"NOT REVERTED: {result.detail}"
    return f"ERROR: {result.detail}"


def _table(rows: list[tuple[str, str, str]]) -> list[str]:
    """Align three-column rows; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows]


def render_sites(sites: list[Site]) -> str:
    """Return the `--list` table: one site per line with its offloader and callable."""
    rows = [("SITE", "CALLABLE", "OFFLOADER")]
    rows += [(f"{s.location}:{s.column}", s.callable, s.offloader) for s in sites]
    return "\n".join(_table(rows))


def render_table(results: list[SiteResult], seconds: float) -> str:
    """Return the result table and a one-line summary."""
    rows = [("SITE", "CALLABLE", "FAILING ANCHORS")]
    rows += [(r.site.location, r.site.callable, _result_cell(r)) for r in results]
    counts = Counter(r.outcome for r in results)
    parts = ", ".join(f"{counts[o]} {o}" for o in OUTCOMES)
    verdict = "every revert was caught" if all(r.ok for r in results) else "CHECK FAILED"
    summary = f"{len(results)} sites: {parts} in {seconds:.1f} s; {verdict}"
    return "\n".join([*_table(rows), "", summary])


def render_json(results: list[SiteResult], seconds: float) -> str:
    """Return the results as a JSON document with a summary."""
    counts = Counter(r.outcome for r in results)
    document = {
        "sites": [
            {
                "path": r.site.path,
                "line": r.site.line,
                "column": r.site.column,
                "offloader": r.site.offloader,
                "callable": r.site.callable,
                "outcome": r.outcome,
                "failing_anchors": list(r.anchors),
                "detail": r.detail,
            }
            for r in results
        ],
        "summary": {
            "sites": len(results),
            **{o: counts[o] for o in OUTCOMES},
            "seconds": round(seconds, 1),
            "passed": all(r.ok for r in results),
        },
    }
    return json.dumps(document, indent=2)
