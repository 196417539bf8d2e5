"""Durable outbox backed by SQLite."""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    _DEBUG_ROWS = sqlite3.connect(":memory:").execute("SELECT 1").fetchall()  # clean: TYPE_CHECKING block never runs


class Outbox:
    _db: sqlite3.Connection

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @classmethod
    def open_at(cls, path: str) -> Outbox:
        db = sqlite3.connect(path, isolation_level=None)  # clean: open_at runs before the server starts (see app.build)
        db.execute("CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, target TEXT, body BLOB, tries INT)")  # clean: same
        return cls(db)

    def enqueue(self, target: str, body: bytes) -> int:
        cur = self._db.execute("INSERT INTO outbox (target, body, tries) VALUES (?, ?, 0)", (target, body))  # label: blocking via=receive
        return int(cur.lastrowid)

    def due(self, limit: int = 50) -> list[tuple[int, str, bytes]]:
        cur = self._db.execute("SELECT id, target, body FROM outbox ORDER BY id LIMIT ?", (limit,))  # label: blocking via=Forwarder.drain
        return cur.fetchall()  # label: blocking via=Forwarder.drain

    def done(self, ids: Iterable[int]) -> None:
        self._db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])  # label: blocking via=Forwarder.drain

    def bump(self, row_id: int) -> None:
        self._db.execute("UPDATE outbox SET tries = tries + 1 WHERE id = ?", (row_id,))  # clean: bump runs through run_in_threadpool
        self.last_bump = time.time()
