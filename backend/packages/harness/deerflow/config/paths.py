"""Locate the repository, the backend directory and the data home without any file IO."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "BACKEND_DIR",
    "DATA_HOME_ENV",
    "DEFAULT_DATA_DIRNAME",
    "REPO_ROOT",
    "get_data_home",
    "resolve_under_data_home",
]

DATA_HOME_ENV = "DEER_FLOW_HOME"
DEFAULT_DATA_DIRNAME = ".deer-flow"

# This file lives at <repo>/backend/packages/harness/deerflow/config/paths.py; counting parents is
# pure string work, so importing this module never stats a file.
BACKEND_DIR = Path(__file__).parents[4]
REPO_ROOT = BACKEND_DIR.parent


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
