"""Summary cache: per-file summaries keyed by content hash, stored in one marshal file.

One file per tool version and summary format holds every summary, so a warm scan does one read
and one write instead of one per source file. Entries not used by the current scan are kept (up
to ``MAX_ENTRIES``) so alternating between scan roots stays warm. A cache that cannot be read is
treated as empty; a cache that cannot be written is skipped. Neither fails the scan. Saving
removes cache files of other tool versions or summary formats.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from .summary import SUMMARY_FORMAT
from .version import TOOL_VERSION

__all__ = ["MAX_ENTRIES", "SummaryCache", "content_key"]

MAX_ENTRIES = 50_000


def content_key(data: bytes) -> str:
    """Return the cache key of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class SummaryCache:
    """Load, query and save the summaries of one cache directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / f"summaries-{TOOL_VERSION}-f{SUMMARY_FORMAT}.marshal"
        self.hits = 0
        self.misses = 0
        self._used: dict[str, dict] = {}
        self._old: dict[str, dict] = {}
        self._dirty = False
        try:
            # One read, then loads: marshal.load on a file object reads object by object.
            loaded = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            loaded = None
        if isinstance(loaded, dict):
            self._old = loaded

    def get(self, key: str) -> dict | None:
        """Return the cached summary for a content key, or None on a miss."""
        summary = self._used.get(key) or self._old.get(key)
        if summary is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used[key] = summary
        return summary

    def put(self, key: str, summary: dict) -> None:
        """Remember a freshly computed summary."""
        self._used[key] = summary
        self._dirty = True

    def save(self) -> None:
        """Write the cache if anything changed; failures leave the old cache in place."""
        self._prune()
        if not self._dirty:
            return
        merged = dict(self._used)
        for key, summary in self._old.items():
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(key, summary)
        temporary = self.path.with_suffix(f".tmp{os.getpid()}")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(marshal.dumps(merged))
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)
        self._dirty = False

    def _prune(self) -> None:
        """Remove cache files written by another tool version or summary format."""
        try:
            for stale in self.directory.glob("summaries-*.marshal"):
                if stale != self.path:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass
