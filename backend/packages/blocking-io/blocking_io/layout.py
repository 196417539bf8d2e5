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
    "HIDDEN_DIR_REASON",
    "ROOT_MARKERS",
    "SKIPPED_DIRS",
    "SKIPPED_DIR_REASONS",
    "ProjectRootError",
    "display_path",
    "find_project_root",
    "find_upward",
    "is_skipped_dir",
    "skip_reason",
]

# The project root is the nearest ancestor holding the first of these markers that any holds:
# a repository checkout wins over a nested pyproject.toml (a monorepo's backend/ is not the root).
ROOT_MARKERS: tuple[str, ...] = (".git", "pyproject.toml")
CONFIG_FILE = "pyproject.toml"
# Relative to the project root unless the configuration names another.
DEFAULT_DATA_DIR = ".blocking-io"
FINDINGS_FILE = "blocking-io-findings.json"

# Directory names below a scan root that do not hold the project's own code, with the reason.
# Dot-directories (`.git`, `.venv`, `.tox`, ...) are skipped too; see `is_skipped_dir`. A directory
# with one of these names that is a Python package (holds `__init__.py`) is scanned all the same:
# see `skip_reason`.
SKIPPED_DIR_REASONS: dict[str, str] = {
    "__pycache__": "bytecode cache; holds no source",
    "node_modules": "JavaScript dependencies; not the project's code",
    "site-packages": "installed third-party packages; not the project's code",
    "build": "build output; copies of the project's code",
    "dist": "distribution output; copies of the project's code",
    "venv": "virtual environment; installed third-party packages",
}
SKIPPED_DIRS: frozenset[str] = frozenset(SKIPPED_DIR_REASONS)
HIDDEN_DIR_REASON = "hidden directory (name starts with a dot); tool and environment data"


class ProjectRootError(LookupError):
    """No directory above the starting point looks like a project root."""


def is_skipped_dir(name: str) -> bool:
    """Tell whether a directory of this name is left out of scans and copies."""
    return name.startswith(".") or name in SKIPPED_DIRS


def skip_reason(directory: Path) -> str | None:
    """Return why a directory below a scan root is left out of a scan, or None to scan it.

    A skipped name that is a Python package (holds ``__init__.py``) is the project's own code,
    for example a package named ``build``; only hidden directories are skipped regardless.
    """
    name = directory.name
    if name.startswith("."):
        return HIDDEN_DIR_REASON
    reason = SKIPPED_DIR_REASONS.get(name)
    if reason is None or name == "__pycache__":
        return reason
    try:
        is_package = (directory / "__init__.py").is_file()
    except OSError:
        is_package = False
    return None if is_package else reason


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
