"""Per-site outcomes of the teeth check and how they are rendered (table or JSON)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from blocking_io.runtime.messages import BLOCKING_CALL, CAUGHT_BLOCKING_CALLS

from .messages import NO_GATE_ERROR, STATIC_BLIND_SPOT
from .mutants import AnchorRun
from .sites import Site
from .static import NOT_SEEN, SEEN, STATIC_ERROR, StaticResult

__all__ = [
    "CAUGHT",
    "ERROR",
    "NOT_REVERTED",
    "NOT_RUN",
    "OUTCOMES",
    "SURVIVED",
    "SiteResult",
    "blind_spots",
    "check_passed",
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
# The anchors were not run (`--static-only`): the site was reverted and only scanned.
NOT_RUN = "not-run"
# pytest's exit codes for "all passed" and "no tests collected": no anchor went red.
_GREEN = (0, 5)
# A revert counts as caught only when the gate reported it: the fixed text before each
# template's first field must appear in the run's output.
_GATE_MARKS = tuple(text.split("{", 1)[0] for text in (BLOCKING_CALL, CAUGHT_BLOCKING_CALLS))


@dataclass(frozen=True)
class SiteResult:
    """What reverting one site did: the outcome, the failing anchors, a detail line, and what
    the static detector saw (None when the site was not reverted)."""

    site: Site
    outcome: str
    anchors: tuple[str, ...] = ()
    detail: str = ""
    static: StaticResult | None = None

    @property
    def ok(self) -> bool:
        """Tell whether the site passes the check (some anchor caught its revert)."""
        return self.outcome == CAUGHT

    @property
    def status(self) -> str:
        """Return the one-word progress status: the outcome, then what the detector saw."""
        if self.static is None:
            return self.outcome
        static = f"static {self.static.status}"
        return static if self.outcome == NOT_RUN else f"{self.outcome}, {static}"


def check_passed(results: list[SiteResult]) -> bool:
    """Tell whether the check passes: every revert caught, or only scanned with `--static-only`.

    What the static detector saw never fails the check; blind spots are listed for review.
    """
    return all(r.ok or r.outcome == NOT_RUN for r in results)


def blind_spots(results: list[SiteResult]) -> list[SiteResult]:
    """Return the reverted sites in which the static detector found no new blocking call."""
    return [r for r in results if r.static is not None and r.static.status != SEEN]


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
    if result.outcome == NOT_RUN:
        return "(not run)"
    if result.outcome == SURVIVED:
        return "SURVIVED"
    if result.outcome == NOT_REVERTED:
        return f"NOT REVERTED: {result.detail}"
    return f"ERROR: {result.detail}"


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Align rows into columns; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [f"{cell:<{width}}" for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def _static_cell(result: SiteResult) -> str:
    """Return the table cell for what the static detector saw, or `-` when not reverted."""
    return result.static.cell if result.static is not None else "-"


def _blind_spot_lines(results: list[SiteResult]) -> list[str]:
    """Return the "static blind spots" section, or nothing when the detector saw every site."""
    spots = blind_spots(results)
    if not spots:
        return []
    lines = ["", f"Static blind spots ({len(spots)}, review them; they do not fail the check):"]
    for r in spots:
        status, detail = (r.static.status, r.static.detail) if r.static else ("", "")
        message = STATIC_BLIND_SPOT.format(
            callable=r.site.callable, location=r.site.location, status=status
        )
        lines.append(f"- {message}")
        if detail:
            lines.append(f"  {detail}")
    return lines


def render_sites(sites: list[Site]) -> str:
    """Return the `--list` table: one site per line with its offloader and callable."""
    rows = [("SITE", "CALLABLE", "OFFLOADER")]
    rows += [(f"{s.location}:{s.column}", s.callable, s.offloader) for s in sites]
    return "\n".join(_table(rows))


def _static_counts(results: list[SiteResult]) -> Counter[str]:
    """Count the reverted sites by what the static detector saw."""
    return Counter(r.static.status for r in results if r.static is not None)


def render_table(results: list[SiteResult], seconds: float, baseline_findings: int = 0) -> str:
    """Return the result table, the static blind spots and a one-line summary.

    `baseline_findings` (static findings in the unmodified copy) is named when there are any.
    """
    rows = [("SITE", "CALLABLE", "STATIC", "FAILING ANCHORS")]
    rows += [(r.site.location, r.site.callable, _static_cell(r), _result_cell(r)) for r in results]
    statics = _static_counts(results)
    static = ", ".join(f"{statics[s]} {s}" for s in (SEEN, NOT_SEEN, STATIC_ERROR))
    if baseline_findings:
        static += f" (beyond {baseline_findings} baseline finding(s))"
    counts = Counter(r.outcome for r in results)
    if counts[NOT_RUN]:
        parts = f"{counts[NOT_REVERTED]} not-reverted, anchors not run"
        verdict = "every site was reverted" if check_passed(results) else "CHECK FAILED"
    else:
        parts = ", ".join(f"{counts[o]} {o}" for o in OUTCOMES)
        verdict = "every revert was caught" if check_passed(results) else "CHECK FAILED"
    summary = f"{len(results)} sites: {parts}; static: {static}; in {seconds:.1f} s; {verdict}"
    return "\n".join([*_table(rows), *_blind_spot_lines(results), "", summary])


def render_json(results: list[SiteResult], seconds: float, baseline_findings: int = 0) -> str:
    """Return the results as a JSON document with a summary.

    `baseline_findings` is the number of static findings in the unmodified copy; a mutant's
    static result counts only findings beyond them.
    """
    counts = Counter(r.outcome for r in results)
    statics = _static_counts(results)
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
                "static": r.static.as_json() if r.static is not None else None,
            }
            for r in results
        ],
        "summary": {
            "sites": len(results),
            **{o: counts[o] for o in (*OUTCOMES, NOT_RUN)},
            "static": {s: statics[s] for s in (SEEN, NOT_SEEN, STATIC_ERROR)},
            "baseline_findings": baseline_findings,
            "seconds": round(seconds, 1),
            "passed": check_passed(results),
        },
    }
    return json.dumps(document, indent=2)
