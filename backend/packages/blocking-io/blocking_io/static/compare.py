"""Which findings count: per-path ignores, then a baseline and/or the changed-lines mode.

Each step returns a new report whose ``findings`` are the ones that count and whose ``counts``
are recomputed from them; the baseline and changed-lines steps add a ``comparison`` block
(``against``, ``baseline``, ``known``, ``fixed``) describing what was left out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..config import ProjectConfig
from .baseline import baseline_items, compare, read_baseline
from .changed import added_lines, base_checkout, merge_base
from .report import count_findings

__all__ = ["apply_baseline", "apply_changed_since", "apply_path_ignores"]


def _with(report: dict, findings: list[dict], **comparison: object) -> dict:
    updated = {**report, "findings": findings}
    updated["counts"] = count_findings(findings, report["counts"]["suppressed"])
    if comparison:
        previous = report.get("comparison")
        if previous is not None:
            comparison["against"] = f"{previous['against']} and {comparison['against']}"
            comparison["known"] = int(comparison["known"]) + previous["known"]
            comparison["fixed"] = [*previous["fixed"], *comparison["fixed"]]  # type: ignore[misc,unused-ignore]
            comparison["baseline"] = comparison.get("baseline") or previous.get("baseline")
        updated["comparison"] = comparison
    return updated


def apply_path_ignores(report: dict, config: ProjectConfig) -> dict:
    """Return the report without the findings that ``per-path-ignores`` drops."""
    if not config.per_path_ignores:
        return report
    kept = [f for f in report["findings"] if not config.ignored(config.root / f["path"], f["code"])]
    return _with(report, kept)


def apply_baseline(report: dict, path: Path) -> dict:
    """Return the report with only the findings that are not in the baseline at `path`."""
    result = compare(report["findings"], read_baseline(path))
    return _with(
        report,
        result.new,
        against=f"baseline {path}",
        baseline=str(path),
        known=len(result.known),
        fixed=result.fixed,
    )


def apply_changed_since(report: dict, root: Path, rev: str, rescan: Callable[[Path], dict]) -> dict:
    """Return the report with only findings on added lines or absent from the merge base.

    `rescan` scans the project as checked out at the merge base, given its root there.
    """
    base = merge_base(root, rev)
    added = added_lines(root, base)
    with base_checkout(root, base) as base_root:
        before = baseline_items(rescan(base_root)["findings"])
    result = compare(report["findings"], before)
    fresh = {f["id"] for f in result.new}
    counted = [
        f for f in report["findings"] if f["id"] in fresh or f["line"] in added.get(f["path"], ())
    ]
    return _with(
        report,
        counted,
        against=f"merge base {base[:12]} of {rev}",
        baseline=None,
        known=len(report["findings"]) - len(counted),
        fixed=result.fixed,
    )
