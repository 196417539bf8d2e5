"""Attachment files stored next to the database."""

from __future__ import annotations

import os.path as osp
from pathlib import Path


class AttachmentStore:
    root: Path

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder_for(self, ticket_id: int) -> Path:
        return self.root / str(ticket_id)

    def save(self, ticket_id: int, name: str, data: bytes) -> Path:
        folder = self.folder_for(ticket_id)
        folder.mkdir(parents=True, exist_ok=True)  # label: blocking via=TicketService.attach
        target = folder / osp.basename(name)  # clean: pure string helper
        target.write_bytes(data)  # label: blocking via=TicketService.attach
        return target

    def names(self, ticket_id: int) -> list[str]:
        folder = self.folder_for(ticket_id)
        if not osp.isdir(folder):  # label: blocking via=list_attachments
            return []
        return sorted(p.name for p in folder.iterdir())  # label: blocking via=list_attachments

    def purge(self, ticket_id: int) -> None:
        for item in self.folder_for(ticket_id).glob("*"):  # clean: purge is offloaded by run_in_threadpool
            item.unlink()  # clean: purge is offloaded by run_in_threadpool
