"""Text output of the library benchmark: findings with both chains, expectations, timings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from .expectations import FOUND, KNOWN_GAP, AppResult, Outcome
from .timing import COLD, NOISY_SPREAD, WARM, WARM_ANALYSIS, Measurement

__all__ = [
    "WARM_RATIO_TARGET",
    "render_app",
    "render_cache_checks",
    "render_dependency_set",
    "render_finding",
    "render_timings",
    "tally",
    "under_site",
]

# Warm scans (report reused, or analysis from cached summaries and stored effects) must stay
# within this ratio of the same scan without library summaries.
WARM_RATIO_TARGET = 1.10
_ARROW = " -> "


def render_finding(finding: dict[str, Any], sites: Sequence[str]) -> list[str]:
    """Return the lines showing one finding: the call, the project chain, the library chain."""
    library = finding.get("library")
    lines = [
        f"  {finding['code']} {finding['priority']:<6} {finding['path']}:{finding['line']} "
        f"`{finding['function']}` calls `{finding['call']}`"
    ]
    project = _ARROW.join(
        f"{hop['path']}:{hop['line']} {hop['function']}" for hop in finding["chain"]
    )
    if library is None:
        lines.append(f"      blocking call `{finding['call']}` (not in a library)")
        lines.append(f"      project: {project}")
        return lines
    version = f" {library['version']}" if library.get("version") else ""
    lines.append(
        f"      blocks on `{library['call']}` inside {library['distribution']}{version} "
        f"({library['when']}, {library['reachable']} blocking call site(s) reachable)"
    )
    lines.append(f"      project: {project}")
    hops = [_library_hop(hop, sites) for hop in library["chain"]]
    if not hops:
        lines.append(f"      library: `{library['call']}` is a library fact")
        return lines
    lines.append(f"      library: {hops[0]}")
    lines.extend(f"             {_ARROW.strip()} {hop}" for hop in hops[1:])
    return lines


def _library_hop(hop: dict[str, Any], sites: Sequence[str]) -> str:
    """Return `file:line function` with the file under its site directory and a short name."""
    path = under_site(PurePosixPath(hop["path"]), sites)
    module = ".".join(path.with_suffix("").parts).removesuffix(".__init__")
    function = hop["function"].removeprefix(f"{module}.")
    return f"{path}:{hop['line']} {function}"


def under_site(path: PurePosixPath, sites: Sequence[str]) -> PurePosixPath:
    """Return a library file relative to its site directory.

    The report shows a file inside the project root relative to that root, so a site directory
    also matches by its trailing components (``.deer-flow/bench-libs/venv/lib/...``).
    """
    for site in sites:
        parts = PurePosixPath(site).parts
        for start in range(len(parts)):
            tail = PurePosixPath(*parts[start:])
            if (start == 0 or not path.is_absolute()) and path.is_relative_to(tail):
                return path.relative_to(tail)
    return path


def _outcome_lines(outcome: Outcome) -> list[str]:
    lines = [f"    {outcome.status:<20} {outcome.expectation.label}"]
    lines.extend(f"    {'':<20}   {difference}" for difference in outcome.differences)
    if outcome.expectation.known_gap:
        lines.append(f"    {'':<20}   gap: {' '.join(outcome.expectation.known_gap.split())}")
    return lines


def tally(outcomes: Sequence[Outcome]) -> str:
    """Return `N of M met` and, when there are any, the known gaps."""
    met = sum(outcome.status == FOUND for outcome in outcomes)
    gaps = sum(outcome.status == KNOWN_GAP for outcome in outcomes)
    return f"{met} of {len(outcomes)} met" + (f", {gaps} known gap(s)" if gaps else "")


def render_app(result: AppResult, sites: Sequence[str]) -> list[str]:
    """Return the lines of one app: its findings, its expectations and its twin."""
    app = result.app
    library_findings = [f for f in result.findings if f["code"] == "BIO501"]
    lines = [f"{app.name}: {app.about}", f"  {len(library_findings)} BIO501 finding(s)"]
    for finding in result.findings:
        lines.extend(render_finding(finding, sites))
    lines.append(f"  expectations: {tally(result.outcomes)}")
    for outcome in result.outcomes:
        lines.extend(_outcome_lines(outcome))
    if result.unexpected:
        lines.append(
            f"  UNEXPECTED: {len(result.unexpected)} finding(s) no expectation accounts for"
        )
        for finding in result.unexpected:
            lines.append(f"    {finding['path']}:{finding['line']} {finding['call']}")
    if result.twin_findings:
        lines.append(
            f"  twin {app.twin}: NOT CLEAN, {len(result.twin_findings)} finding(s) (false findings)"
        )
        for finding in result.twin_findings:
            lines.extend(render_finding(finding, sites))
    else:
        lines.append(f"  twin {app.twin}: clean")
    return lines


def render_timings(pairs: Sequence[tuple[Measurement, Measurement]]) -> list[str]:
    """Return the timing table: each scenario with and without library summaries, and ratios."""
    runs = len(pairs[0][0].seconds) if pairs else 0
    lines = [
        f"timings: wall time of the whole command, median of {runs} run(s) (spread: slowest minus "
        f"fastest over the median; * above {NOISY_SPREAD:.0%})",
        f"  {'scenario':<14} {'libraries':>18} {'--no-libraries':>18} {'ratio':>8}",
    ]
    for libraries, plain in pairs:
        ratio = libraries.median / plain.median
        target = ""
        if libraries.label != COLD:
            met = "yes" if ratio <= WARM_RATIO_TARGET else "NO"
            target = f"  within {WARM_RATIO_TARGET - 1:.0%} of --no-libraries: {met}"
        lines.append(
            f"  {libraries.label:<14} {_seconds(libraries):>18} {_seconds(plain):>18} "
            f"{ratio:>7.2f}x{target}"
        )
    return lines


def render_cache_checks(pairs: Sequence[tuple[Measurement, Measurement]]) -> list[str]:
    """Return what the last run of each scenario took from the cache, as its report says."""
    lines = []
    for libraries, plain in pairs:
        if libraries.label == WARM:
            reused = [m.report["scan"]["reused_report"] for m in (libraries, plain)]
            verdict = (
                "reused the stored report" if all(reused) else "DID NOT reuse the stored report"
            )
            lines.append(f"  warm: {verdict} (libraries: {reused[0]}, --no-libraries: {reused[1]})")
        elif libraries.label == WARM_ANALYSIS:
            block = libraries.report["libraries"]
            if block["loaded"]:
                lines.append(
                    f"  warm analysis: LOADED library summaries ({block['cache_hits']} cached, "
                    f"{block['cache_misses']} summarised again): the stored effects did not answer"
                )
            else:
                lines.append(
                    f"  warm analysis: no library summary loaded; {block['effects']} library "
                    "effects answered from the effects cache"
                )
        elif libraries.label == COLD:
            block = libraries.report["libraries"]
            lines.append(
                f"  cold: {block['cache_misses']} distribution summaries built, library work "
                f"{block['seconds']:.1f} s of the last run"
            )
    return lines


def _seconds(measurement: Measurement) -> str:
    mark = "*" if measurement.noisy else " "
    return f"{measurement.median:.3f} s {measurement.spread:>4.0%}{mark}"


def render_dependency_set(measurement: Measurement, python: str) -> list[str]:
    """Return the lines describing the cold summarisation of a whole dependency set."""
    libraries = measurement.report["libraries"]
    return [
        f"cold library summarisation of the backend's dependency set ({python}, fresh cache):",
        f"  {libraries['lines']:,} lines in {libraries['modules']:,} modules of "
        f"{libraries['distributions']} distributions",
        f"  library work {libraries['seconds']:.1f} s in the last run; whole command "
        f"{measurement.median:.1f} s, median of {len(measurement.seconds)} run(s), spread "
        f"{measurement.spread:.0%}{'*' if measurement.noisy else ''}",
    ]
