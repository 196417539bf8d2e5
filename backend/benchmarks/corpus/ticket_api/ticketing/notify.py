"""Outgoing notifications to the chat webhook."""

from __future__ import annotations

import json
import logging

import requests

from .db import Ticket

log = logging.getLogger(__name__)
WEBHOOK = "https://hooks.example.invalid/tickets"


def _post(payload: dict) -> None:
    body = json.dumps(payload)  # clean: serialisation only
    resp = requests.post(WEBHOOK, data=body, timeout=5)  # label: blocking via=ticket_opened
    log.info("webhook answered %s", resp.status_code)


def _format(ticket: Ticket) -> dict:
    return {"text": f"#{ticket.id} {ticket.title}".replace("\n", " ")}  # clean: str.replace


def ticket_opened(ticket: Ticket) -> None:
    _post(_format(ticket))


def backlog_line(requests: dict[str, int]) -> str:
    return f"{requests.get('open', 0)} open, {requests.get('closed', 0)} closed"  # clean: parameter shadows the requests module


def ticket_closed(ticket: Ticket) -> None:
    requests.post(WEBHOOK, json=_format(ticket), timeout=5)  # clean: called only from a threading.Thread target
