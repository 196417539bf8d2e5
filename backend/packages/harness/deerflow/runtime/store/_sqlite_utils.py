"""Resolve SQLite connection strings to file paths and create their parent directories (sync)."""

from __future__ import annotations

import os
from pathlib import Path

from deerflow.config.paths import get_data_home

__all__ = ["MEMORY_DB", "SQLITE_URL_PREFIX", "ensure_sqlite_parent_dir", "resolve_sqlite_conn_str"]

MEMORY_DB = ":memory:"
SQLITE_URL_PREFIX = "sqlite:///"


def resolve_sqlite_conn_str(raw: str) -> str:
    """Return the path the SQLite driver should open.

    `:memory:` is kept; a `sqlite:///` prefix is stripped (so `sqlite:////abs.db` is absolute and
    `sqlite:///rel.db` relative); `~` is expanded; a relative path goes under the data home.

    Raises:
        ValueError: the string is empty or uses a URL scheme other than `sqlite:///`.
    """
    value = raw.strip() if isinstance(raw, str) else raw
    if not isinstance(value, str) or not value:
        raise ValueError(
            f"Invalid SQLite connection string {raw!r} for `checkpointer.connection_string`;"
            f" expected {MEMORY_DB}, a file path or {SQLITE_URL_PREFIX}<path>."
        )
    if value.startswith(SQLITE_URL_PREFIX):
        value = value[len(SQLITE_URL_PREFIX) :]
    elif "://" in value:
        raise ValueError(
            f"Unsupported connection string {raw!r} for `checkpointer.connection_string`;"
            f" expected {MEMORY_DB}, a file path or {SQLITE_URL_PREFIX}<path>."
        )
    if value == MEMORY_DB:
        return MEMORY_DB
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = get_data_home() / path
    return os.path.normpath(path)


def ensure_sqlite_parent_dir(path: str) -> None:
    """Create the missing parent directories of a SQLite file path; no-op for `:memory:`."""
    if path == MEMORY_DB:
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
