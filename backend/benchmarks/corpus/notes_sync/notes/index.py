"""Search index kept in SQLite; async access goes through aiosqlite."""

from __future__ import annotations

import sqlite3

import aiosqlite

DDL = "CREATE VIRTUAL TABLE IF NOT EXISTS notes USING fts5(name, body)"


class SearchIndex:
    def __init__(self, path: str) -> None:
        self.path = path

    async def setup(self) -> None:
        async with aiosqlite.connect(self.path) as db:  # clean: aiosqlite
            await db.execute(DDL)  # clean: awaited aiosqlite
            await db.commit()  # clean: awaited aiosqlite

    async def add(self, name: str, body: str) -> None:
        async with aiosqlite.connect(self.path) as db:  # clean: aiosqlite
            await db.execute("INSERT INTO notes VALUES (?, ?)", (name, body))  # clean: awaited aiosqlite
            await db.commit()  # clean: awaited aiosqlite

    async def search(self, query: str) -> list[str]:
        async with aiosqlite.connect(self.path) as db:
            cursor = await db.execute("SELECT name FROM notes WHERE notes MATCH ?", (query,))  # clean: awaited aiosqlite
            rows = await cursor.fetchall()  # clean: awaited aiosqlite cursor
        return [r[0] for r in rows]

    async def count(self) -> int:
        db = sqlite3.connect(self.path)  # label: blocking
        try:
            (n,) = db.execute("SELECT count(*) FROM notes").fetchone()  # label: blocking
        finally:
            db.close()  # label: tolerated
        return n

    def vacuum(self) -> None:
        db = sqlite3.connect(self.path)  # clean: vacuum is run from the maintenance thread only
        db.execute("VACUUM")  # clean: same
        db.close()
