"""SQLite persistence for tickets."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass
class Ticket:
    id: int
    title: str
    status: str


SCHEMA = "CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, title TEXT, status TEXT)"


class TicketRepo:
    """Data-access layer; every method talks to the database synchronously."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False)  # clean: constructed in a worker thread (app.lifespan)
        self._conn.row_factory = sqlite3.Row

    def migrate(self) -> None:
        self._conn.executescript(SCHEMA)  # clean: migrate runs only inside the offloaded bootstrap
        self._conn.commit()  # clean: same offloaded bootstrap

    def get(self, ticket_id: int) -> Ticket | None:
        row = self._conn.execute("SELECT id, title, status FROM tickets WHERE id = ?", (ticket_id,)).fetchone()  # label: blocking via=TicketService.show
        return Ticket(**row) if row else None

    def insert(self, title: str) -> Ticket:
        cur = self._conn.execute("INSERT INTO tickets (title, status) VALUES (?, 'open')", (title,))  # label: blocking via=TicketService.open_ticket
        self._conn.commit()  # label: blocking via=TicketService.open_ticket
        return Ticket(id=cur.lastrowid, title=title, status="open")

    def set_status(self, ticket_id: int, status: str) -> None:
        self._conn.execute("UPDATE tickets SET status = ? WHERE id = ?", (status, ticket_id))  # clean: only ever offloaded with to_thread
        self._conn.commit()  # clean: only ever offloaded with to_thread

    def all(self) -> list[Ticket]:
        rows = self._conn.execute("SELECT id, title, status FROM tickets").fetchall()  # clean: reached from the sync export route only
        return [Ticket(**r) for r in rows]

    def search(self, needle: str) -> list[Ticket]:
        cur = self._conn.cursor()  # label: tolerated
        cur.execute("SELECT id, title, status FROM tickets WHERE title LIKE ?", (f"%{needle}%",))  # label: blocking via=search_tickets
        return [Ticket(**r) for r in cur.fetchall()]  # label: blocking via=search_tickets
