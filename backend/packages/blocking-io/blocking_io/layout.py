"""Where a project lives on disk: its root, its data directory and the directories never scanned.

Every component (the detector, the runtime gate, the teeth check, the docs, the scripts) finds the
project through these functions; none counts parent directories from its own file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "CONFIG_FILE",
    "DEFAULT_DATA_DIR",
    "FINDINGS_FILE",
    "ROOT_MARKERS",
    "SKIPPED_DIRS",
    "ProjectRootError",
    "display_path",
    "find_project_root",
    "find_upward",
    "is_skipped_dir",
]

# The project root is the nearest ancestor holding the first of these markers that any holds:
# a repository checkout wins over a nested pyproject.toml (a monorepo's backend/ is not the root).
ROOT_MARKERS: tuple[str, ...] = (".git", "pyproject.toml")
CONFIG_FILE = "pyproject.toml"
# Relative to the project root unless the configuration names another.
DEFAULT_DATA_DIR = ".blocking-io"
FINDINGS_FILE = "blocking-io-findings.json"

# Directory names below a scan root that never hold the project's own code. Dot-directories
# (`.git`, `.venv`, `.tox`, ...) are skipped too; see `is_skipped_dir`.
SKIPPED_DIRS: frozenset[str] = frozenset(
    {"__pycache__", "node_modules", "site-packages", "build", "dist", "venv"}
)


class ProjectRootError(LookupError):
    """No directory above the starting point looks like a project root."""


def is_skipped_dir(name: str) -> bool:
    """Tell whether a directory of this name is left out of scans and copies."""
    return name.startswith(".") or name in SKIPPED_DIRS


def find_upward(start: Path, markers: Iterable[str]) -> Path | None:
    """Return the nearest directory at or above `start` that holds one of `markers`, or None."""
    names = tuple(markers)
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        if any((directory / name).exists() for name in names):
            return directory
    return None


def find_project_root(start: Path) -> Path:
    """Return the project root above `start`: the nearest `.git`, else the nearest pyproject.toml.

    Raises:
        ProjectRootError: neither marker exists at or above `start`; the tool refuses to guess.
    """
    for marker in ROOT_MARKERS:
        found = find_upward(start, (marker,))
        if found is not None:
            return found
    markers = " or ".join(f"`{marker}`" for marker in ROOT_MARKERS)
    raise ProjectRootError(
        f"No project root above `{start}`: no directory holds {markers}; "
        "run inside a project or pass the paths to scan"
    )


def display_path(path: Path, root: Path | None) -> str:
    """Return `path` relative to `root` with `/` separators when it lies under it, else absolute.

    The file itself is not resolved: a symlink is shown where it lies, not where it points.
    """
    absolute = Path(os.path.abspath(path))
    if root is not None:
        try:
            return absolute.relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return absolute.as_posix()
