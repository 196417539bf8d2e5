"""Analysis reuse: answer a scan from the stored report when no change reaches the analysis.

The analysis reads each file's summary and, of its text, only the lines holding a suppression
marker (``blocking-io:``) and the lines its findings are reported on (their snippet and column);
a finding through a library also reads its file's syntax tree (an ``except`` handler lowers its
priority), so a file holding one is always analysed again once its content changed. So when the
*layout* is the same as when the stored report was made (the tool, the options, the roots, the
files and their roots, what discovery left out, the declared-entry files: everything the
fingerprint holds but the files' stats), and every file whose stat changed still has a summary
equal to its old one (compared as data) and the same such lines, the stored report is the
answer, with its line count brought up to date. That covers an edited comment or docstring
line, a function body reformatted into the same summary, a file saved unchanged. A file whose
summary differs only because its lines moved (``shift``) is answered too, with the report's
lines of that file renumbered, when every marker and finding line moved with it. Anything else
(a summary that differs, a file added, removed or no longer parsed, a cache entry gone) runs the
whole analysis: the comparison never guesses, and a miss costs only the analysis that would have
run anyway.

The state stored beside the report holds a `FileState` per discovered file.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, overload

from ..layout import display_path
from .cache import StoredReport, SummaryCache, content_key
from .discovery import Discovery, Stat
from .graph import RawFinding
from .pool import PARALLEL_MIN_BYTES
from .project import Known, Project
from .resolve import Resolver
from .shift import line_map, shift_report
from .source import MARKER, decode_source, read_source, report_text, summarise_source

__all__ = [
    "FileState",
    "finding_sites",
    "known_files",
    "reuse_report",
    "scan_state",
    "text_digest",
]

_MARKER = MARKER.decode("ascii")


class FileState(NamedTuple):
    """What a file was when the stored report was made.

    ``key`` is its content key, empty when it could not be analysed (such a file is never
    reused once changed); ``sites`` are the lines findings were reported on; ``text`` is the
    `text_digest` of those lines and of the marker lines; ``marked`` tells whether it holds a
    suppression marker.
    """

    stat: Stat
    key: str
    lines: int
    sites: tuple[int, ...]
    text: str
    marked: bool


@overload
def text_digest(text: bytes, sites: Iterable[int]) -> str: ...


@overload
def text_digest(text: bytes, sites: Iterable[int], moved: Mapping[int, int]) -> str | None: ...


def text_digest(
    text: bytes, sites: Iterable[int], moved: Mapping[int, int] | None = None
) -> str | None:
    """Return a digest of the lines of a file the report reads: marker lines and finding lines.

    Lines are split and decoded as the suppressions and the report read them; a file with
    neither kind of line gives the empty string without being decoded. With ``moved`` (a line
    before the file's lines moved -> where it is now), ``sites`` are lines before the move and
    the digest is the one the text had then, as far as the report reads it; None if a line it
    reads did not move with the summary (a marker line added, or off the lines it holds).
    """
    wanted = sorted(sites)
    if MARKER not in text and not wanted:
        return ""
    back = {} if moved is None else {to: line for line, to in moved.items()}
    lines = text.decode("utf-8-sig", errors="replace").splitlines()
    kept = []
    for number, line in enumerate(lines, start=1):
        if _MARKER in line:
            if moved is not None and number not in back:
                return None
            kept.append((back.get(number, number), line))
    for number in wanted:
        at = number if moved is None else moved.get(number)
        if at is None:
            return None
        kept.append((number, lines[at - 1] if 0 < at <= len(lines) else ""))
    return hashlib.blake2b(repr(kept).encode("utf-8"), digest_size=16).hexdigest()


def finding_sites(resolver: Resolver, *raws: Iterable[RawFinding]) -> dict[str, set[int]]:
    """Return the lines, by module, that raw findings are reported on."""
    sites: dict[str, set[int]] = {}
    for found in raws:
        for raw in found:
            sites.setdefault(resolver.functions[raw.function][0], set()).add(raw.line)
    return sites


def scan_state(
    layout: str, found: Discovery, project: Project, sites: Mapping[str, Iterable[int]]
) -> dict[str, Any]:
    """Return the state to store beside a report the analysis just made."""
    sources = {source.path: source for source in project.files}
    files: dict[str, tuple[Any, ...]] = {}
    for path, stat in found.stats.items():
        source = sources.get(path)
        if source is None or not source.key:
            files[str(path)] = tuple(FileState(stat, "", 0, (), "", False))
            continue
        lines = tuple(sorted(sites.get(source.module, ())))
        # A file with neither kind of line has the empty digest: it need not be read for it.
        text = text_digest(source.source, lines) if lines or source.marked else ""
        state = FileState(stat, source.key, source.lines, lines, text, source.marked)
        files[str(path)] = tuple(state)
    return {"layout": layout, "files": files}


def reuse_report(
    stored: StoredReport,
    found: Discovery,
    layout: str,
    cache: SummaryCache,
    max_bytes: int,
    repo_root: Path | None = None,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Return the stored report and the new state if no change reaches the analysis, else None.

    A file whose lines only moved (``shift``) is such a change: the report is returned with that
    file's lines renumbered (paths in it are shown relative to ``repo_root``). Summaries computed
    on the way are added to ``cache``. Changes too large to summarise in this process
    (``PARALLEL_MIN_BYTES``) are left to the full analysis, which uses the workers.
    """
    files = stored.state.get("files")
    if stored.state.get("layout") != layout or not isinstance(files, dict):
        return None
    changed = [path for path, stat in found.stats.items() if _stat(files.get(str(path))) != stat]
    if sum(found.stats[path][0] for path in changed) >= PARALLEL_MIN_BYTES:
        return None
    updated = dict(files)
    added = summarised = 0
    shifts: dict[str, dict[int, int]] = {}
    # A finding through a library ranks lower inside an `except` handler, which the report reads
    # from the file's syntax tree, not from its summary: a file holding one is analysed again.
    tree_read = {finding["path"] for finding in stored.report["findings"] if "library" in finding}
    for path in changed:
        old = _entry(files.get(str(path)))
        if old is None:
            return None
        outcome = _same(path, old, found.stats[path], cache, max_bytes)
        if outcome is None:
            return None
        state, fresh, moved = outcome
        shown = display_path(path, repo_root)
        if state.key != old.key and shown in tree_read:
            return None
        updated[str(path)] = tuple(state)
        added += state.lines - old.lines
        summarised += fresh
        if moved is not None:
            shifts[shown] = moved
    report = stored.report
    if shifts:
        report = copy.deepcopy(report)
        if not all(shift_report(report, file, moved) for file, moved in shifts.items()):
            return None
    figures = report["scan"]
    figures.update(lines=figures["lines"] + added, cache_hits=figures["files"] - summarised)
    figures.update(cache_misses=summarised, reused_report=False, reused_analysis=True)
    return report, {"layout": layout, "files": updated}


def _stat(entry: object) -> object:
    return entry[0] if isinstance(entry, tuple) and len(entry) == len(FileState._fields) else None


def _entry(entry: object) -> FileState | None:
    """Return a stored file state, or None if it has another layout than this code writes (a
    development build's): such a file is read, never trusted."""
    if not isinstance(entry, tuple) or len(entry) != len(FileState._fields):
        return None
    state = FileState(*entry)
    if not (
        isinstance(state.key, str)
        and type(state.lines) is int
        and isinstance(state.sites, tuple)
        and all(type(line) is int for line in state.sites)
        and isinstance(state.text, str)
        and type(state.marked) is bool
    ):
        return None
    return state


def _same(
    path: Path, old: FileState, stat: Stat, cache: SummaryCache, max_bytes: int
) -> tuple[FileState, bool, dict[int, int] | None] | None:
    """Return a changed file's new state, whether it was summarised, and how its lines moved
    (None: they did not) if the analysis reads the same from it as before, else None."""
    if not old.key:
        return None
    data = read_source(path, max_bytes)
    if isinstance(data, dict):
        return None
    key, fresh, moved = content_key(data), False, None
    if key != old.key:
        before = cache.peek(old.key)
        after = cache.peek(key)
        if before is None:
            return None
        if after is None:
            after, fresh = _summarise(path, data), True
            if after is None:
                return None
            cache.put(key, after)
        if after != before:
            moved = line_map(before, after)
            if moved is None:
                return None
    text = report_text(path, data)
    if moved is None:
        if text_digest(text, old.sites) != old.text:
            return None
        sites, digest = old.sites, old.text
    else:
        if text_digest(text, old.sites, moved) != old.text:
            return None
        sites = tuple(moved[site] for site in old.sites)
        digest = text_digest(text, sites)
    state = FileState(stat, key, data.count(b"\n"), sites, digest, MARKER in text)
    return state, fresh, moved


def _summarise(path: Path, data: bytes) -> dict[str, Any] | None:
    text = decode_source(path, data)
    if isinstance(text, dict):
        return None
    summary, _ = summarise_source(path, text)
    return summary


def known_files(stored: StoredReport | None, found: Discovery, layout: str) -> dict[Path, Known]:
    """Return the files whose stat is what the stored report saw, with what it knew of them.

    Only under the same layout (the same options, and so the same size limit); a file the
    stored report could not analyse is not known.
    """
    if stored is None or stored.state.get("layout") != layout:
        return {}
    files = stored.state.get("files")
    if not isinstance(files, dict):
        return {}
    known = {}
    for path, stat in found.stats.items():
        if _stat(files.get(str(path))) != stat:
            continue
        # Of another layout (a development build's), it is read instead.
        state = _entry(files[str(path)])
        if state is not None and state.key:
            known[path] = Known(state.key, state.lines, state.marked)
    return known
