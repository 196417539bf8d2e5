"""Locate the repository, the backend directory and the data home.

The backend directory is found once, at import (a few stats and the pyproject.toml files on the
way, read before any event loop runs), by walking up from this file; nothing counts parent
directories, so moving the harness inside the backend keeps working and moving it out of a
checkout fails loudly.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

__all__ = [
    "BACKEND_DIR",
    "DATA_HOME_ENV",
    "DEFAULT_DATA_DIRNAME",
    "HARNESS_DISTRIBUTION",
    "REPO_ROOT",
    "BackendNotFoundError",
    "find_backend_dir",
    "find_repo_root",
    "get_data_home",
    "resolve_under_data_home",
]

DATA_HOME_ENV = "DEER_FLOW_HOME"
DEFAULT_DATA_DIRNAME = ".deer-flow"
# The backend is the project that depends on the harness under this distribution name.
HARNESS_DISTRIBUTION = "deerflow-harness"
_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9._-]+")


class BackendNotFoundError(LookupError):
    """No project that depends on the harness lies above it (for example, an installed wheel)."""


def _depends_on_harness(pyproject: Path) -> bool:
    """Tell whether `pyproject` is a project other than the harness that depends on it."""
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    names = set()
    for requirement in project.get("dependencies", []):
        match = _REQUIREMENT_NAME.match(requirement.strip())
        if match:
            names.add(match.group(0).lower().replace("_", "-"))
    return project.get("name") != HARNESS_DISTRIBUTION and HARNESS_DISTRIBUTION in names


def find_backend_dir(start: Path) -> Path:
    """Return the nearest directory at or above `start` whose pyproject.toml depends on the harness.

    The walk stops at the repository root (the first directory holding `.git`).

    Raises:
        BackendNotFoundError: no such project up to the repository root or the filesystem root.
    """
    here = start.resolve()
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _depends_on_harness(candidate):
            return directory
        if (directory / ".git").exists():
            break
    raise BackendNotFoundError(
        f"No backend project above `{start}`: no pyproject.toml up to the repository root depends "
        f"on `{HARNESS_DISTRIBUTION}`; run the harness from a checkout of the backend"
    )


def find_repo_root(backend: Path) -> Path:
    """Return the repository root: the nearest directory at or above `backend` holding `.git`.

    A tree without `.git` (a source export, or the teeth check's copy of the backend) has its
    repository root where the layout puts it: the directory that holds the backend.
    """
    for directory in (backend, *backend.parents):
        if (directory / ".git").exists():
            return directory
    return backend.parent


BACKEND_DIR = find_backend_dir(Path(__file__).parent)
REPO_ROOT = find_repo_root(BACKEND_DIR)


def get_data_home() -> Path:
    """Return the data home: `DEER_FLOW_HOME` if set and non-empty, else `<repo>/.deer-flow`.

    A relative `DEER_FLOW_HOME` is taken relative to the current working directory. The variable
    is read on every call so tests and tools can change it at run time.
    """
    raw = os.environ.get(DATA_HOME_ENV, "").strip()
    if not raw:
        return REPO_ROOT / DEFAULT_DATA_DIRNAME
    home = Path(raw).expanduser()
    return home if home.is_absolute() else Path.cwd() / home


def resolve_under_data_home(path: Path) -> Path:
    """Return `path` with `~` expanded, made absolute under the data home if it is relative."""
    expanded = path.expanduser()
    return expanded if expanded.is_absolute() else get_data_home() / expanded
