"""Raw payload spool on disk, kept for replay."""

from __future__ import annotations

import io
import os
import time
import uuid
from pathlib import Path

SPOOL = Path("/var/spool/relay")


def spool_path(provider: str) -> Path:
    return SPOOL / provider / f"{time.strftime('%Y%m%d')}-{uuid.uuid4().hex}.bin"  # clean: path arithmetic only


def spool(provider: str, payload: bytes) -> Path:
    path = spool_path(provider)
    path.parent.mkdir(parents=True, exist_ok=True)  # label: blocking via=receive
    with path.open("wb") as fh:  # label: blocking via=receive
        fh.write(payload)  # label: tolerated
    return path


def peek(payload: bytes) -> bytes:
    return io.BytesIO(payload).read(16)  # clean: BytesIO.read


def expire(older_than: float) -> int:
    rm = os.remove
    n = 0
    for provider_dir in SPOOL.iterdir():  # label: blocking via=janitor
        for f in provider_dir.iterdir():  # label: blocking hard via=janitor
            if f.stat().st_mtime < older_than:  # label: blocking hard via=janitor
                rm(f)  # label: blocking via=janitor (local alias of os.remove)
                n += 1
    return n
