"""Where the tests find the repository: the backend directory and the repository root, once.

Both come from the project configuration (`[tool.blocking-io]` in `backend/pyproject.toml` and the
`.git` above it), never from counting parent directories.
"""

from __future__ import annotations

from pathlib import Path

from blocking_io.config import load_config

__all__ = ["BACKEND_DIR", "PROJECT", "REPO_ROOT"]

PROJECT = load_config(Path(__file__))
BACKEND_DIR: Path = PROJECT.base
REPO_ROOT: Path = PROJECT.root
