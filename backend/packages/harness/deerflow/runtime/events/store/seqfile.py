"""The per-thread `last_seq` file: an `fcntl.flock` lock and the thread's seq high-water mark.

Every JSONL store instance, in this process or another, locks `threads/<id>/last_seq` around
reading the last seq and appending, so no two writers hand out the same seq. The file holds the
highest seq ever given out in the thread, written before the records that use it (a crash in
between leaves a gap, never a reuse), as 20 digits and a newline so that a rewrite never
shortens it. Anything else (a missing or empty file, or the bare number older stores wrote when
a run was deleted) is not trusted alone: the store rescans the thread's records as well.

All functions here block (open, flock, read, write): call them from a worker thread only.
POSIX only, like `fcntl`.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SEQ_FILENAME", "SeqFile", "SeqMark", "locked_seq_file"]

logger = logging.getLogger(__name__)

SEQ_FILENAME = "last_seq"
UNREADABLE_MARK = "Ignoring unreadable seq mark in %s: %r; rescanning the thread's records"

_MARK_DIGITS = 20
_MARK_SIZE = _MARK_DIGITS + 1
# Room for a legacy mark and some garbage; a longer file is not a mark at all.
_READ_LIMIT = 64


@dataclass(frozen=True)
class SeqMark:
    """What a `last_seq` file says: the number, and whether this store wrote it (`trusted`)."""

    value: int
    trusted: bool


class SeqFile:
    """An open, locked `last_seq` file."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd = fd
        self.path = path

    def read_mark(self) -> SeqMark:
        """Return the mark; an empty or unreadable file reads as an untrusted 0."""
        raw = os.pread(self._fd, _READ_LIMIT, 0)
        text = raw.decode("ascii", errors="replace").strip()
        if not text.isdigit():
            if raw:
                logger.warning(UNREADABLE_MARK, self.path, text[:40])
            return SeqMark(0, trusted=False)
        trusted = len(raw) == _MARK_SIZE and raw.endswith(b"\n")
        return SeqMark(int(text), trusted=trusted)

    def write_mark(self, value: int, *, fsync: bool) -> None:
        """Record `value` as the highest seq given out, at a fixed width (never a shorter mark)."""
        os.pwrite(self._fd, f"{value:0{_MARK_DIGITS}d}\n".encode("ascii"), 0)
        os.ftruncate(self._fd, _MARK_SIZE)
        if fsync:
            os.fsync(self._fd)


@contextlib.contextmanager
def locked_seq_file(path: Path, *, create: bool, shared: bool = False) -> Iterator[SeqFile | None]:
    """Lock the `last_seq` file at `path` and yield it; if it is missing and not `create`, None.

    Args:
        path: the thread's `last_seq` file.
        create: create the file (and its directory) when missing, as writers do; readers and
            deleters pass False so that asking about an unknown thread creates nothing.
        shared: take a shared lock (readers) instead of an exclusive one (writers).

    The file may be removed with its thread while we wait for the lock; then the lock is on a
    file nobody else will lock again, so it is dropped and the current file is locked instead.
    """
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    while True:
        try:
            fd = os.open(path, flags, 0o644)
        except FileNotFoundError:
            if not create:
                yield None
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            if _is_current(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield SeqFile(fd, path)
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _is_current(fd: int, path: Path) -> bool:
    """Tell whether `fd` is still the file at `path` (not removed or replaced meanwhile)."""
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)
