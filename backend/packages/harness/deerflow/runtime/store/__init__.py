"""Storage helpers shared by the runtime: SQLite connection-string resolution."""

from deerflow.runtime.store._sqlite_utils import (
    MEMORY_DB,
    ensure_sqlite_parent_dir,
    resolve_sqlite_conn_str,
)

__all__ = ["MEMORY_DB", "ensure_sqlite_parent_dir", "resolve_sqlite_conn_str"]
