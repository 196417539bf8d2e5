"""File discovery: the Python files under the scan roots, and what was left out and why.

Directories are listed with ``os.scandir``; symbolic links to directories are not followed (so
link loops cannot trap the walk). Every ``*.py`` entry that is not a directory is a candidate and
is classified with one ``stat``: regular files up to the size limit are scanned; symbolic link
loops, special files (FIFOs, devices, sockets), files above the limit and files that cannot be
stat'ed are ``errors``. Directories that cannot be listed are errors too, and directories left out
on purpose (see ``layout.skip_reason``) are listed under ``skipped``. Nothing is dropped silently.
The configuration files the analysis reads (``declared``) are stat'ed too, present or not, so a
stored report is not reused after one of them changed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import skip_reason
from .declared import declared_files
from .messages import LOOP_REASON, READ_REASON, SPECIAL_REASON, TOO_BIG_REASON, UNLISTABLE_REASON

__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "Discovery",
    "Stat",
    "discover_files",
    "file_kind",
    "input_error",
    "stat_key",
]

# Hand-written modules are far below this; generated tables above it cost seconds to parse.
DEFAULT_MAX_FILE_BYTES = 4_000_000

# What tells a file changed without reading it: size, modification and change times, inode.
Stat = tuple[int, int, int, int]

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


@dataclass
class Discovery:
    """What discovery found: roots in order, files (path -> root), errors, skipped dirs."""

    roots: list[Path] = field(default_factory=list)  # a directory per root (a file's parent)
    given: list[Path] = field(default_factory=list)  # the roots as given, resolved
    files: dict[Path, Path] = field(default_factory=dict)
    stats: dict[Path, Stat] = field(default_factory=dict)
    configs: dict[Path, Stat | None] = field(default_factory=dict)  # None: not there
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)

    def sorted_files(self) -> list[Path]:
        """Return the scannable files in path order."""
        return sorted(self.files, key=str)


def input_error(path: Path | str, reason: str, line: int | None = None) -> dict:
    """Return an ``errors`` entry of a report."""
    return {"path": str(path), "line": line, "reason": reason}


def stat_key(info: os.stat_result) -> Stat:
    """Return what a stat says about a file's content: size, times and inode."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _config_stat(path: Path) -> Stat | None:
    try:
        return stat_key(os.stat(path))
    except OSError:
        return None


def file_kind(mode: int) -> str | None:
    """Return what kind of special file a mode describes, or None for a regular file."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "an unknown file type"


def _stat_error(path: Path, error: OSError) -> dict:
    if error.errno == errno.ELOOP:
        return input_error(path, LOOP_REASON)
    return input_error(path, READ_REASON.format(error=error.strerror or error))


class _Walker:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found = Discovery()

    def candidate(self, path: Path, root: Path) -> None:
        """Classify one file named on the command line or found in a directory."""
        if path in self.found.files:
            return
        try:
            info = os.stat(path)
        except OSError as error:
            self.found.errors.append(_stat_error(path, error))
            return
        kind = file_kind(info.st_mode)
        if kind is not None:
            self.found.errors.append(input_error(path, SPECIAL_REASON.format(kind=kind)))
        elif info.st_size > self.limit:
            reason = TOO_BIG_REASON.format(size=info.st_size, limit=self.limit)
            self.found.errors.append(input_error(path, reason))
        else:
            self.found.files[path] = root
            self.found.stats[path] = stat_key(info)

    def walk(self, root: Path) -> None:
        """Walk a directory root, depth first, without following directory links."""
        pending = [root]
        while pending:
            directory = pending.pop()
            try:
                with os.scandir(directory) as entries:
                    listed = list(entries)
            except OSError as error:
                reason = UNLISTABLE_REASON.format(error=error.strerror or error)
                self.found.errors.append(input_error(directory, reason))
                continue
            for entry in listed:
                path = Path(entry.path)
                if _is_real_dir(entry):
                    reason = skip_reason(path)
                    if reason is None:
                        pending.append(path)
                    elif path.name != "__pycache__":  # in every package; listing them is noise
                        self.found.skipped.append({"path": str(path), "reason": reason})
                elif entry.name.endswith(".py") and not _is_dir_link(entry):
                    self.candidate(path, root)


def _is_real_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_dir_link(entry: os.DirEntry) -> bool:
    """Tell a link to a directory (not followed, like ``os.walk``) from a file or a broken link."""
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def discover_files(roots: Sequence[Path], max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Discovery:
    """Return the files under the roots (files given directly are kept), with errors and skips."""
    walker = _Walker(max_bytes)
    for root in roots:
        try:
            base = root.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
            walker.found.errors.append(input_error(Path(os.path.abspath(root)), LOOP_REASON))
            continue
        walker.found.given.append(base)
        if base.is_dir():
            walker.found.roots.append(base)
            walker.walk(base)
        else:
            walker.found.roots.append(base.parent)
            walker.candidate(base, base.parent)
    for path, _ in declared_files(walker.found.given):
        walker.found.configs[path] = _config_stat(path)
    walker.found.errors.sort(key=lambda error: error["path"])
    walker.found.skipped.sort(key=lambda skip: skip["path"])
    return walker.found
