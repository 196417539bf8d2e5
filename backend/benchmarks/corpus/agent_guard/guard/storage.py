"""Session snapshots on disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

SESSIONS = Path(os.environ.get("SESSIONS_DIR", "/var/lib/agent/sessions"))  # clean: os.environ.get


def session_file(thread_id: str) -> Path:
    return SESSIONS / f"{thread_id}.json"


def load_session(thread_id: str) -> dict:
    path = session_file(thread_id)
    if not path.exists():  # label: blocking via=SessionMiddleware.before_agent
        return {}
    return json.loads(path.read_text())  # label: blocking via=SessionMiddleware.before_agent


def save_session(thread_id: str, data: dict) -> None:
    tmp = session_file(thread_id).with_suffix(".tmp")
    tmp.write_text(json.dumps(data))  # clean: only reached from the sync after_agent, which has an async override
    os.replace(tmp, session_file(thread_id))  # clean: same as above
