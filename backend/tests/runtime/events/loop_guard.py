"""Test helper: make file-system calls fail when they run on the event loop.

`forbid_loop_io` patches the file primitives the stores use (pathlib methods, `open` in a given
module, `os`/`shutil` functions) with wrappers that raise `LoopIOError` when the calling thread
is running an event loop. Worker threads started by `asyncio.to_thread` run no loop and pass
through, so a store that offloads all IO works normally and one that does not fails loudly.
Code outside the loop (pytest reporting, sync fixtures) is unaffected.
"""

from __future__ import annotations

import asyncio
import builtins
import fcntl
import functools
import os
import shutil
from pathlib import Path
from types import ModuleType

import pytest

__all__ = ["GUARDED_PATH_METHODS", "LoopIOError", "forbid_loop_io"]

# Path methods that hit the file system; `open` and the `os`/`shutil` functions are added below.
GUARDED_PATH_METHODS = (
    "exists",
    "is_file",
    "is_dir",
    "stat",
    "mkdir",
    "glob",
    "rglob",
    "iterdir",
    "open",
    "read_bytes",
    "read_text",
    "write_bytes",
    "write_text",
    "unlink",
    "touch",
    "rename",
)
_GUARDED_FUNCTIONS = (
    (os, "truncate"),
    (os, "fsync"),
    (os, "makedirs"),
    (shutil, "rmtree"),
    # The per-thread `last_seq` lock file: opened, locked, read and rewritten in place.
    (os, "open"),
    (os, "pread"),
    (os, "pwrite"),
    (os, "ftruncate"),
    (fcntl, "flock"),
)


class LoopIOError(AssertionError):
    """A guarded file-system call ran on the event-loop thread."""


def forbid_loop_io(monkeypatch: pytest.MonkeyPatch, *modules: ModuleType) -> None:
    """Guard file IO on any running event loop for the rest of the test.

    Args:
        monkeypatch: restores the originals at teardown.
        modules: modules whose global name `open` should be guarded too.
    """

    def guard(name: str, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if _loop_is_running():
                raise LoopIOError(f"Blocking call `{name}` on the event loop")
            return func(*args, **kwargs)

        return wrapper

    for method in GUARDED_PATH_METHODS:
        monkeypatch.setattr(Path, method, guard(f"Path.{method}", getattr(Path, method)))
    for owner, name in _GUARDED_FUNCTIONS:
        monkeypatch.setattr(owner, name, guard(f"{owner.__name__}.{name}", getattr(owner, name)))
    for module in modules:
        monkeypatch.setattr(module, "open", guard("open", builtins.open), raising=False)


def _loop_is_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
