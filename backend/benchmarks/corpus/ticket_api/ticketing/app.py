"""HTTP routes for the ticket service."""

from __future__ import annotations

import csv
import io
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException
from starlette.concurrency import run_in_threadpool

from .attachments import AttachmentStore
from .db import TicketRepo
from .service import TicketService

DATA = Path("/var/lib/tickets")


def _bootstrap() -> TicketService:
    repo = TicketRepo(str(DATA / "tickets.db"))
    repo.migrate()
    return TicketService(repo, AttachmentStore(DATA / "files"))


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.tickets = await run_in_threadpool(_bootstrap)  # clean: offloaded bootstrap
    app.state.attachments = AttachmentStore(DATA / "files")
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/tickets/{ticket_id}")
async def get_ticket(ticket_id: int):
    ticket = await app.state.tickets.show(ticket_id)
    if ticket is None:
        raise HTTPException(404, f"no ticket {ticket_id}")
    return ticket


@app.post("/tickets")
async def create_ticket(title: str):
    return await app.state.tickets.open_ticket(title)


@app.post("/tickets/{ticket_id}/close")
async def close_ticket(ticket_id: int):
    await app.state.tickets.close_ticket(ticket_id)
    return {"ok": True}


@app.get("/tickets/search")
async def search_tickets(q: str):
    repo: TicketRepo = app.state.repo
    return repo.search(q)


@app.get("/tickets/{ticket_id}/attachments")
async def list_attachments(ticket_id: int):
    store: AttachmentStore = app.state.attachments
    return store.names(ticket_id)


@app.delete("/tickets/{ticket_id}/attachments")
async def purge_attachments(ticket_id: int):
    store: AttachmentStore = app.state.attachments
    await run_in_threadpool(store.purge, ticket_id)  # clean: offloaded
    return {"ok": True}


@app.get("/export.csv")
def export_csv():
    buf = io.StringIO()
    csv.writer(buf).writerows(app.state.tickets.export_rows())
    (DATA / "last-export.csv").write_text(buf.getvalue())  # clean: sync route runs in the threadpool
    return buf.getvalue()


@app.get("/health")
def health():
    return {"db": (DATA / "tickets.db").exists()}  # clean: sync route runs in the threadpool
