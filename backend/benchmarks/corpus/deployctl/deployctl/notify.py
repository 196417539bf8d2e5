"""Release announcements."""

from __future__ import annotations

import os
import time
from time import sleep as pause

import httpx
import requests

CHANNEL_URL = os.environ.get("DEPLOY_HOOK", "https://chat.example.invalid/hook")  # clean: env lookup


def _author() -> str:
    return os.environ.get("USER", "unknown")  # clean: env lookup


def announce(ref: str, ok: bool) -> None:
    text = f"{_author()} released {ref}: {'ok' if ok else 'FAILED'}"
    for attempt in range(3):
        resp = httpx.post(CHANNEL_URL, json={"text": text}, timeout=5)  # label: blocking via=release
        if resp.status_code < 500:
            return
        pause(attempt + 1)  # label: blocking via=release


class AuditTrail:
    def __init__(self, path: str) -> None:
        self.path = path
        self.session = requests.Session()

    def record(self, ref: str) -> None:
        line = f"{time.strftime('%FT%T')} {ref}\n"  # clean: formatting a timestamp
        with open(self.path, "a") as fh:  # label: blocking via=release
            fh.write(line)  # label: tolerated
        post = self.session.post
        post("https://audit.example.invalid/events", data=line, timeout=5)  # label: blocking hard via=release (bound-method alias)
