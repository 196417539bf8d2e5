"""Scan orchestration: files → summaries → call graph → report dict.

With a cache directory, a scan first fingerprints the project (every discovered file's path,
size, modification and change times, what discovery left out, the declared-entry files, the
options, the tool and the Python version). If the stored report has that fingerprint, it is the
answer: nothing is read or parsed. Otherwise, if the files whose stat changed still give the
analysis the same input (``reuse``), the stored report is still the answer. Otherwise only the
files whose content changed are summarised again, and the analysis runs on all summaries (a
file known by its stored content key is read only for its text; found changed then, the scan
starts over from every file's bytes). No stored report is reused once a library file no
version identifies has changed (its stamps are in the stored state: ``Libraries.stamps``). A
report is not stored when an input was modified within the last ``RACY_SECONDS`` (a later
change in the same clock tick could keep size and time).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..layout import display_path
from .audit import audit_suppressions
from .cache import CACHE_FORMAT, ReportCache, StoredReport, SummaryCache, unchanged
from .discovery import DEFAULT_MAX_FILE_BYTES, Discovery, discover_files
from .environment import Environment
from .graph import analyse, find_blocking_calls
from .graph import call_graph as graph_of
from .libraries import load_libraries
from .packing import DamagedSummary
from .project import Known, Project, StaleSource, load_project
from .report import build_findings, count_findings, resolution_block
from .resolve import Resolver
from .reuse import finding_sites, known_files, reuse_report, scan_state
from .rules import rule_for_exposure
from .source import PYTHON_VERSION
from .suppress import Suppressions
from .version import TOOL_NAME, TOOL_VERSION

__all__ = ["RACY_SECONDS", "scan"]

_RECURSION_LIMIT = 6000
# The reuse state's entry for the library files no version identifies (``Libraries.stamps``).
_LIBRARY_STAMPS = "library_stamps"
RACY_SECONDS = 2.0


def scan(
    roots: Sequence[Path],
    *,
    repo_root: Path | None = None,
    cache_dir: Path | None = None,
    select: frozenset[str] | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    jobs: int | None = None,
    exclude: Callable[[Path], bool] | None = None,
    call_graph: dict[str, list[str]] | None = None,
    tables_key: str = "",
    environment: Environment | None = None,
    nonblocking: frozenset[str] = frozenset(),
    retain: list[object] | None = None,
    store_report: bool = True,
) -> dict:
    """Analyse the Python files under ``roots`` as one project and return the report.

    Args:
        roots: files and directories to scan together.
        repo_root: paths under it are reported relative to it.
        cache_dir: where summaries and the last report are cached; None disables the cache.
        select: report only these codes (None: all).
        max_file_bytes: larger files are not read; each is reported under ``errors``.
        jobs: processes that summarise files (None: decided by the amount of uncached source).
        exclude: tells which discovered files to leave out (None: none).
        call_graph: when given, filled with the resolved call graph (``graph.call_graph``); the
            stored report is not reused then, since the graph needs the analysis.
        tables_key: what the project's extra table rows are (part of the report fingerprint).
        environment: where the third-party packages the project imports are installed; their
            source is summarised and calls into them are followed (None: they are not).
        nonblocking: library names declared not to block (never reported or followed).
        retain: when given, the scan's intermediate data (summaries, the loaded project, the
            previous report) is appended to it instead of being freed. Freeing it object by
            object takes a tenth of a warm scan; a command that exits right after the scan
            (``cli.run``) has no use for that work.
        store_report: False for a scan of another checkout (the merge base of
            ``--changed-since``): it shares the summary cache, but neither answers from nor
            replaces the stored report, which stays the working tree's.
    """
    started = time.perf_counter()
    found = discover_files(roots, max_file_bytes)
    if exclude is not None:
        for path in [path for path in found.files if exclude(path)]:
            del found.files[path]
            found.stats.pop(path, None)
    shown_roots = [display_path(root, repo_root) for root in roots]
    reports = ReportCache(cache_dir) if cache_dir is not None and store_report else None
    if environment is not None:
        tables_key = f"{tables_key}|libraries:{environment.fingerprint()}"
    fingerprint, layout = _fingerprint(
        found, shown_roots, repo_root, select, max_file_bytes, tables_key
    )
    stored = reports.load() if reports is not None and call_graph is None else None
    if stored is not None and not unchanged(stored.state.get(_LIBRARY_STAMPS, {})):
        stored = None  # a library file no version identifies was edited since
    if stored is not None and stored.fingerprint == fingerprint:
        shown = stored.report["scan"]
        shown.update(seconds=_since(started), cache_hits=shown["files"], cache_misses=0)
        shown.update(reused_report=True, reused_analysis=False)
        _no_libraries_loaded(stored.report)
        return stored.report
    # The scan builds millions of small acyclic objects (syntax trees, summaries); the cyclic
    # collector would walk them over and over for nothing, so it is paused for the scan. It
    # resumes only once they are freed (the project on return from `_fresh`, the decoded
    # summaries with the cache): resumed earlier, its first pass walks every object allocated
    # while it was paused, 50 to 130 ms on a large project.
    collecting = gc.isenabled()
    gc.disable()
    # Summaries and name resolution recurse over expressions; long operator chains in real
    # code (string concatenations, big literals) need more than the default 1000 frames.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
    try:
        cache = SummaryCache(cache_dir) if cache_dir is not None else None
        options = _Options(
            repo_root, select, max_file_bytes, jobs, call_graph, environment, nonblocking
        )
        fresh = functools.partial(
            _fresh, found, shown_roots, cache_dir, cache, options, tables_key, layout
        )
        kept = len(retain) if retain is not None else 0
        try:
            answer = _reused(stored, found, layout, cache, max_file_bytes, repo_root)
            if answer is None:
                known = known_files(stored, found, layout) if cache is not None else {}
                try:
                    answer = fresh(known=known, retain=retain)
                except StaleSource:
                    # A file known by its stored key changed after discovery, before its text
                    # was read (a snippet, a suppression): its summary and its text would
                    # disagree. Analyse again from every file's bytes, as a scan without a
                    # cache does.
                    assert cache is not None
                    cache.hits = cache.misses = 0
                    answer = fresh(known={}, retain=retain)
        except DamagedSummary:
            # A cached function body read on the way does not decode (a sealed cache file of
            # another layout): forget every cached summary and analyse as a cold scan does.
            if cache is not None:
                cache.forget()
            if retain is not None:
                del retain[kept:]  # what the failed attempt loaded is not kept to the exit
            answer = fresh(known={}, retain=retain)
        if retain is not None:
            retain.extend((cache, stored))
        del cache, stored
    finally:
        sys.setrecursionlimit(limit)
        if retain is not None:
            # What is retained lives until the exit: out of the collector's sight, or its next
            # pass would walk all of it (the objects made while it was paused are all young).
            gc.freeze()
        if collecting:
            gc.enable()
    report, state = answer
    if reports is not None and not _racy(found):
        reports.put(fingerprint, report, state)
    report["scan"]["seconds"] = _since(started)
    return report


@dataclass(frozen=True)
class _Options:
    """What a scan was asked for, beyond the files (see ``scan``)."""

    repo_root: Path | None
    select: frozenset[str] | None
    max_file_bytes: int
    jobs: int | None
    call_graph: dict[str, list[str]] | None
    environment: Environment | None
    nonblocking: frozenset[str]


def _reused(
    stored: StoredReport | None,
    found: Discovery,
    layout: str,
    cache: SummaryCache | None,
    max_file_bytes: int,
    repo_root: Path | None,
) -> tuple[dict, dict] | None:
    """Return the stored report and state if no change reaches the analysis (``reuse``)."""
    if stored is None or cache is None:
        return None
    answer = reuse_report(stored, found, layout, cache, max_file_bytes, repo_root)
    if answer is not None:
        cache.save()
        _no_libraries_loaded(answer[0])
        if _LIBRARY_STAMPS in stored.state:
            answer[1][_LIBRARY_STAMPS] = stored.state[_LIBRARY_STAMPS]
    return answer


def _no_libraries_loaded(report: dict) -> None:
    """Say in a reused report that nothing of the libraries was loaded for this answer."""
    if "libraries" in report:
        report["libraries"].update(loaded=False, cache_hits=0, cache_misses=0, seconds=0.0)


def _fresh(
    found: Discovery,
    shown_roots: list[str],
    cache_dir: Path | None,
    cache: SummaryCache | None,
    options: _Options,
    tables_key: str,
    layout: str,
    *,
    known: Mapping[Path, Known],
    retain: list[object] | None,
) -> tuple[dict, dict]:
    """Load and analyse the project; return its report (all but the time) and reuse state.

    ``known`` are the files unchanged since the stored report (``reuse.known_files``)."""
    project = load_project(
        found, cache, max_bytes=options.max_file_bytes, jobs=options.jobs, known=known
    )
    if retain is not None:
        retain.append(project)
    if cache is not None:
        cache.save()
    if options.environment is not None:
        project.libraries = load_libraries(
            options.environment,
            project,
            cache_dir,
            max_bytes=options.max_file_bytes,
            jobs=options.jobs,
            nonblocking=options.nonblocking,
            key=tables_key,
        )
    repo_root = options.repo_root
    resolver = Resolver(project, found.given)
    try:
        findings, suppressed, warnings, resolution, sites = _analyse(
            project, resolver, repo_root, options.select
        )
    finally:
        if retain is not None:
            retain.append(resolver)
        else:
            _release(resolver)
    if options.call_graph is not None:
        resolver = Resolver(project, found.given)
        try:
            options.call_graph.update(graph_of(resolver))
        finally:
            _release(resolver)
    report = _report(project, shown_roots, repo_root, findings, suppressed, resolution)
    report["warnings"] = warnings
    if project.libraries is not None:
        project.libraries.save()
        report["libraries"] = project.libraries.describe()
    report["scan"].update(
        cache_hits=cache.hits if cache is not None else 0,
        cache_misses=cache.misses if cache is not None else 0,
    )
    state = scan_state(layout, found, project, sites) if cache is not None else {}
    if cache is not None and project.libraries is not None:
        state[_LIBRARY_STAMPS] = project.libraries.stamps
    return report, state


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _report(
    project: Project,
    shown_roots: list[str],
    repo_root: Path | None,
    findings: list[dict],
    suppressed: int,
    resolution: dict,
) -> dict:
    def shown(entries: list[dict]) -> list[dict]:
        out = [{**e, "path": display_path(Path(e["path"]), repo_root)} for e in entries]
        return sorted(out, key=lambda e: e["path"])

    return {
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "roots": shown_roots,
        "counts": count_findings(findings, suppressed),
        "findings": findings,
        "errors": shown(project.errors),
        "skipped": shown(project.skipped),
        "resolution": resolution,
        "scan": {
            "files": len(project.files) + len(project.errors),
            "lines": project.lines,
            "seconds": 0.0,
            "cache_hits": 0,
            "cache_misses": 0,
            "python": PYTHON_VERSION,
            "reused_report": False,
            "reused_analysis": False,
        },
    }


def _fingerprint(
    found: Discovery,
    shown_roots: list[str],
    repo_root: Path | None,
    select: frozenset[str] | None,
    max_bytes: int,
    tables_key: str = "",
) -> tuple[str, str]:
    """Return digests of everything a report depends on short of reading the files: all of it
    (the fingerprint), and all of it but the files' stats (the layout, for ``reuse``)."""
    digest = hashlib.blake2b(digest_size=20)
    head = (
        TOOL_VERSION,
        CACHE_FORMAT,
        sys.version,
        str(repo_root),
        shown_roots,
        max_bytes,
        tables_key,
    )
    digest.update(repr((head, sorted(select) if select is not None else None)).encode())
    digest.update(repr((found.roots, found.errors, found.skipped)).encode())
    digest.update(repr(sorted((str(path), stat) for path, stat in found.configs.items())).encode())
    files = found.sorted_files()
    for path in files:
        digest.update(repr((str(path), str(found.files[path]))).encode())
    layout = digest.hexdigest()
    for path in files:
        digest.update(repr(found.stats[path]).encode())
    return digest.hexdigest(), layout


def _racy(found: Discovery) -> bool:
    """Tell whether an input changed so recently that its stat may not show the next change."""
    stats = [*found.stats.values(), *filter(None, found.configs.values())]
    newest = max((stat[1] for stat in stats), default=0)
    return newest >= time.time_ns() - int(RACY_SECONDS * 1e9)


def _release(resolver: Resolver) -> None:
    """Drop a resolver's attributes once the analysis is done with it.

    Its components (member index, hint reader) call back into it, so they and it form a cycle
    that holds every summary: left alone, that is about 500k objects for the cyclic collector
    (0.13 s on a 180k-line tree); broken here, reference counting frees them (0.05 s).
    """
    resolver.__dict__.clear()


def _analyse(
    project: Project, resolver: Resolver, repo_root: Path | None, select: frozenset[str] | None
) -> tuple[list[dict], int, list[dict], dict, dict[str, set[int]]]:
    """Return the findings of a loaded project, how many were suppressed, comment warnings, how
    many loop-reachable calls resolved, and the lines findings are reported on (by module)."""
    suppressions = Suppressions(project)
    result = analyse(resolver, suppressions)
    project.errors.extend(result.errors)
    raws = result.findings
    findings, suppressed = build_findings(raws, resolver, project, repo_root, suppressions, select)
    resolution = resolution_block(result, resolver, project, repo_root)
    if not suppressions and not suppressions.warnings:
        return findings, suppressed, [], resolution, finding_sites(resolver, raws)
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
    sites = finding_sites(resolver, raws, full)
    return findings, suppressed + dropped, warnings, resolution, sites
