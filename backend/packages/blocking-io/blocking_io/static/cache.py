"""Caches: per-file summaries by content hash, and the last report by a project fingerprint.

Both are *sealed files*: a magic line, a digest of the body and the body (marshal data). A file
whose magic, digest, layout or recorded interpreter does not match is treated as empty, so a
damaged or foreign cache is a miss and a rebuild, never a crash and never a changed report. A
cache directory that cannot be read or written (missing, a regular file, read-only, full) is
skipped; the scan goes on without it.

The summary file holds one blob per summary (``packing``: each function's body apart from its
head), decoded only when a file asks for it, its function bodies only when the analysis reads
them; a summary too deeply nested for marshal is simply not stored. Entries not used by the
current scan are kept (up to ``MAX_ENTRIES``) so alternating between scan roots stays warm. A
scan that adds a few summaries (up to ``RECENT_ENTRIES``) writes them to a small second file,
``recent``, rather than rewriting the whole cache; a scan adding more merges both into the main
file. File names carry the tool version, the summary format, the cache layout and the Python
version; saving removes the files of other versions.

The report file holds the last report with its fingerprint and the state the analysis reuse
needs (``reuse``): what each file was when the report was made.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .packing import pack_summary, unpack_summary
from .summary import SUMMARY_FORMAT
from .version import TOOL_VERSION

__all__ = [
    "CACHE_FORMAT",
    "MAX_ENTRIES",
    "PYTHON_TAG",
    "RECENT_ENTRIES",
    "ReportCache",
    "StoredReport",
    "SummaryCache",
    "content_key",
    "file_stamps",
    "is_summary",
    "read_sealed",
    "unchanged",
    "write_sealed",
]

MAX_ENTRIES = 50_000
RECENT_ENTRIES = 64
CACHE_FORMAT = 5
# Summaries come from `ast`, whose trees differ between Python versions.
PYTHON_TAG = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}"
_MAGIC = b"blocking-io-cache\n"
_DIGEST_SIZE = 32
_SUMMARY_KEYS = (
    ("bindings", dict),
    ("stars", list),
    ("functions", dict),
    ("classes", dict),
    ("index", dict),
)
# The entries of a summary's index (``index``), each of one type.
_INDEX_KEYS = (
    ("calls", dict),
    ("built", dict),
    ("fields", list),
    ("mentioned", list),
    ("imports", list),
    ("props", list),
)
_STEM = "summaries"
_RECENT = "recent"
_SUFFIX = ".bin"
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def content_key(data: bytes) -> str:
    """Return the cache key of a file's bytes."""
    return hashlib.sha256(data).hexdigest()[:32]


def _digest(body: bytes) -> bytes:
    # SHA-256 runs in the CPU's hash instructions where there are some: twice as fast as
    # BLAKE2b here, on every cache file read and written (8 MB of summaries for 180k lines).
    return hashlib.sha256(body).digest()


def _identity() -> tuple:
    """Return what a cache file must have been written by: tool, formats and interpreter."""
    return (TOOL_VERSION, SUMMARY_FORMAT, CACHE_FORMAT, sys.version)


def read_sealed(path: Path) -> object | None:
    """Return the payload of a sealed cache file, or None if it is missing, foreign or damaged.

    Anything but a regular file (a FIFO whose read would never return, a directory) is missing.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        with open(descriptor, "rb", closefd=False) as handle:
            data = handle.read()
    except OSError:
        return None
    finally:
        os.close(descriptor)
    head = len(_MAGIC) + _DIGEST_SIZE
    if not data.startswith(_MAGIC) or len(data) < head:
        return None
    body = memoryview(data)[head:]
    if _digest(body) != data[len(_MAGIC) : head]:
        return None
    try:
        identity, payload = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return payload if identity == _identity() else None


def write_sealed(path: Path, payload: object) -> bool:
    """Write a sealed cache file atomically; return False (and leave no file) if it cannot be."""
    try:
        body = marshal.dumps((_identity(), payload))
    except ValueError:  # too deeply nested, or an unmarshallable value
        return False
    temporary = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(_MAGIC + _digest(body) + body)
        os.replace(temporary, path)
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True


def file_stamps(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Return each file's size and modification time, (-1, -1) for one that cannot be examined.

    They stand for the content of files no version identifies (an editable install's source).
    """
    stamps = {}
    for path in paths:
        try:
            info = os.stat(path)
            stamps[str(path)] = (info.st_size, info.st_mtime_ns)
        except (OSError, ValueError):
            stamps[str(path)] = (-1, -1)
    return stamps


def unchanged(stamps: object) -> bool:
    """Tell whether stored ``file_stamps`` still describe their files."""
    if not isinstance(stamps, dict):
        return False
    paths = [path for path in stamps if isinstance(path, str)]
    return len(paths) == len(stamps) and file_stamps(map(Path, paths)) == stamps


def is_summary(value: object) -> bool:
    """Tell whether a cached value has the layout of a file summary (and of its index)."""
    return (
        isinstance(value, dict)
        and all(isinstance(value.get(key), kind) for key, kind in _SUMMARY_KEYS)
        and all(isinstance(value["index"].get(key), kind) for key, kind in _INDEX_KEYS)
    )


def _prune(directory: Path, keep: Path, stem: str) -> None:
    """Remove cache files of this kind written by another tool, format or Python version."""
    try:
        for stale in directory.glob(f"{stem}-*"):
            if stale != keep:
                stale.unlink(missing_ok=True)
    except OSError:
        pass


def _blobs(path: Path) -> dict[str, bytes]:
    loaded = read_sealed(path)
    return loaded if isinstance(loaded, dict) else {}


class SummaryCache:
    """Load, query and save the summaries of one cache directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        tag = f"{TOOL_VERSION}-f{SUMMARY_FORMAT}-c{CACHE_FORMAT}-{PYTHON_TAG}{_SUFFIX}"
        self.path = directory / f"{_STEM}-{tag}"
        self.recent_path = directory / f"{_RECENT}-{tag}"
        self.hits = 0
        self.misses = 0
        self._used: dict[str, bytes] = {}
        self._decoded: dict[str, dict] = {}
        self._new: dict[str, bytes] = {}
        self._main = _blobs(self.path)
        self._recent = _blobs(self.recent_path)
        self._old = {**self._main, **self._recent} if self._recent else self._main

    def get(self, key: str, *, count_miss: bool = True) -> dict | None:
        """Return the cached summary for a content key, or None on a miss.

        A summary this scan computed (and put) counts as a miss too: hits are summaries read
        from the cache files. Without ``count_miss``, a miss is not counted (the caller looks
        the file up again under the key of its bytes).
        """
        summary = self.peek(key)
        if summary is None:
            self.misses += count_miss
        elif key in self._new:
            self.misses += 1
        else:
            self.hits += 1
        return summary

    def peek(self, key: str) -> dict | None:
        """Return the cached summary for a content key, counting neither a hit nor a miss."""
        summary = self._decoded.get(key)
        if summary is None:
            blob = self._used.get(key) or self._old.get(key)
            summary = self._decode(blob)
            if summary is None:
                return None
            self._used[key] = blob  # type: ignore[assignment]
            self._decoded[key] = summary
        return summary

    @staticmethod
    def _decode(blob: object) -> dict | None:
        if not isinstance(blob, bytes):
            return None
        try:
            summary = unpack_summary(blob)
        except (EOFError, ValueError, TypeError):
            return None
        return summary if is_summary(summary) else None

    def forget(self) -> None:
        """Drop every summary loaded or computed so far; saving then replaces the cache files."""
        self._used, self._decoded, self._new = {}, {}, {}
        self._main, self._recent, self._old = {}, {}, {}
        self.hits = self.misses = 0

    def put(self, key: str, summary: dict) -> None:
        """Remember a freshly computed summary; one marshal cannot store is not cached."""
        try:
            blob = pack_summary(summary)
        except ValueError:
            return
        self.put_blob(key, blob)
        self._decoded[key] = summary

    def put_blob(self, key: str, blob: bytes) -> None:
        """Remember a summary already packed (by a worker process: ``pack_summary``)."""
        self._used[key] = blob
        self._new[key] = blob

    def save(self) -> None:
        """Write the new summaries if there are any; failures leave the old cache in place.

        A few go to the recent file beside the main one; more, or a recent file grown past
        ``RECENT_ENTRIES``, are merged into the main file.
        """
        _prune(self.directory, self.path, _STEM)
        _prune(self.directory, self.recent_path, _RECENT)
        if not self._new:
            return
        recent = {**self._recent, **self._new}
        if self._main and len(recent) <= RECENT_ENTRIES:
            if write_sealed(self.recent_path, recent):
                self._recent, self._new = recent, {}
            return
        merged = dict(self._used)
        for key, blob in self._old.items():
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(key, blob)
        if write_sealed(self.path, merged):
            try:
                self.recent_path.unlink(missing_ok=True)
            except OSError:
                pass
            self._main, self._recent, self._old, self._new = merged, {}, merged, {}


class StoredReport(NamedTuple):
    """The last report, the fingerprint it was stored under, and the state reuse compares."""

    fingerprint: str
    report: dict
    state: dict


class ReportCache:
    """The last report of a scan, keyed by a fingerprint of everything that decides it."""

    _STEM = "report"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        name = f"{self._STEM}-{TOOL_VERSION}-c{CACHE_FORMAT}-{PYTHON_TAG}{_SUFFIX}"
        self.path = directory / name

    def load(self) -> StoredReport | None:
        """Return the stored report, or None if there is none (or it is damaged or foreign)."""
        loaded = read_sealed(self.path)
        if not isinstance(loaded, tuple) or len(loaded) != 3:
            return None
        fingerprint, report, state = loaded
        if not isinstance(report, dict) or not isinstance(state, dict):
            return None
        return StoredReport(fingerprint, report, state)

    def put(self, fingerprint: str, report: dict, state: dict) -> None:
        """Store a report under its fingerprint, with the reuse state (best effort)."""
        _prune(self.directory, self.path, self._STEM)
        write_sealed(self.path, (fingerprint, report, state))
