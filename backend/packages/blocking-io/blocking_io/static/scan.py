"""Scan orchestration: files → summaries → call graph → report dict."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..layout import display_path
from .audit import audit_suppressions
from .cache import SummaryCache
from .graph import analyse, find_blocking_calls
from .graph import call_graph as graph_of
from .project import Project, discover, load_project
from .report import build_findings, count_findings, resolution_block
from .resolve import Resolver
from .rules import rule_for_exposure
from .suppress import Suppressions
from .version import TOOL_NAME, TOOL_VERSION

__all__ = ["scan"]

_RECURSION_LIMIT = 6000


def scan(
    roots: Sequence[Path],
    *,
    repo_root: Path | None = None,
    cache_dir: Path | None = None,
    select: frozenset[str] | None = None,
    call_graph: dict[str, list[str]] | None = None,
    exclude: Callable[[Path], bool] | None = None,
) -> dict:
    """Analyse the Python files under ``roots`` as one project and return the report.

    Args:
        roots: files and directories to scan together.
        repo_root: paths under it are reported relative to it.
        cache_dir: where summaries are cached; None disables the cache.
        select: report only these codes (None: all).
        call_graph: when given, filled with the resolved call graph (``graph.call_graph``).
        exclude: tells which discovered files to leave out (None: none).
    """
    started = time.perf_counter()
    # The scan builds millions of small acyclic objects (syntax trees, summaries); the cyclic
    # collector would walk them over and over for nothing, so it is paused for the scan.
    collecting = gc.isenabled()
    gc.disable()
    # Summaries and name resolution recurse over expressions; long operator chains in real
    # code (string concatenations, big literals) need more than the default 1000 frames.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
    try:
        cache = SummaryCache(cache_dir) if cache_dir is not None else None
        files = [path for path in discover(roots) if exclude is None or not exclude(path)]
        project = load_project(files, cache)
        if cache is not None:
            cache.save()
        findings, suppressed, warnings, resolution = _analyse(project, roots, repo_root, select)
        if call_graph is not None:
            call_graph.update(graph_of(Resolver(project, roots)))
    finally:
        sys.setrecursionlimit(limit)
        if collecting:
            gc.enable()
    errors = [
        {**error, "path": display_path(Path(error["path"]), repo_root)} for error in project.errors
    ]
    errors.sort(key=lambda e: e["path"])
    return {
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "roots": [display_path(root, repo_root) for root in roots],
        "counts": count_findings(findings, suppressed),
        "findings": findings,
        "errors": errors,
        "resolution": resolution,
        "warnings": warnings,
        "scan": {
            "files": len(project.files) + len(project.errors),
            "lines": project.lines,
            "seconds": round(time.perf_counter() - started, 3),
            "cache_hits": cache.hits if cache is not None else 0,
            "cache_misses": cache.misses if cache is not None else 0,
        },
    }


def _analyse(
    project: Project, roots: Sequence[Path], repo_root: Path | None, select: frozenset[str] | None
) -> tuple[list[dict], int, list[dict], dict]:
    """Return the findings of a loaded project, how many were suppressed, comment warnings and
    how many loop-reachable calls resolved."""
    resolver = Resolver(project, roots)
    suppressions = Suppressions(project)
    result = analyse(resolver, suppressions)
    raws = result.findings
    findings, suppressed = build_findings(raws, resolver, project, repo_root, suppressions, select)
    resolution = resolution_block(result, resolver, project, repo_root)
    if not suppressions and not suppressions.warnings:
        return findings, suppressed, [], resolution
    # Findings only reachable through a suppressed call line count as suppressed too.
    full = find_blocking_calls(resolver, None)
    kept = {(raw.function, raw.line, raw.column, raw.call) for raw in raws}
    cut = {
        (raw.function, raw.line, raw.column, raw.call)
        for raw in full
        if select is None or rule_for_exposure(raw.exposure).code in select
    }
    suppressed += len(cut - kept)
    findings, dropped, warnings = audit_suppressions(
        suppressions, resolver, project, repo_root, findings, raws, full, select
    )
    return findings, suppressed + dropped, warnings, resolution
