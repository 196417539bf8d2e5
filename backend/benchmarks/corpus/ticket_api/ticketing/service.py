"""Business rules for tickets."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

from . import notify
from .attachments import AttachmentStore
from .db import Ticket, TicketRepo

if TYPE_CHECKING:
    from pathlib import Path


class TicketService:
    def __init__(self, repo: TicketRepo, attachments: AttachmentStore) -> None:
        self._repo = repo
        self._attachments = attachments
        self._cache: dict[int, Ticket] = {}

    async def show(self, ticket_id: int) -> Ticket | None:
        cached = self._cache.get(ticket_id)  # clean: dict.get
        if cached is not None:
            return cached
        ticket = self._repo.get(ticket_id)
        if ticket:
            self._cache[ticket_id] = ticket
        return ticket

    async def open_ticket(self, title: str) -> Ticket:
        ticket = self._repo.insert(title.strip())
        notify.ticket_opened(ticket)
        return ticket

    async def close_ticket(self, ticket_id: int) -> None:
        await asyncio.to_thread(self._repo.set_status, ticket_id, "closed")  # clean: offloaded
        ticket = Ticket(id=ticket_id, title="", status="closed")
        threading.Thread(target=notify.ticket_closed, args=(ticket,), daemon=True).start()  # clean: runs in its own thread

    async def backlog(self) -> str:
        counts = {"open": len([t for t in self._cache.values() if t.status == "open"])}
        return notify.backlog_line(counts)

    async def attach(self, ticket_id: int, name: str, data: bytes) -> str:
        path = self._attachments.save(ticket_id, name, data)
        return str(path)

    def export_rows(self) -> list[tuple[int, str, str]]:
        return [(t.id, t.title, t.status) for t in self._repo.all()]

    if TYPE_CHECKING:

        def debug_dump(self, dest: Path) -> None:
            dest.write_text(repr(self._cache))  # clean: under TYPE_CHECKING, never runs
