"""Websocket and upload handlers written directly as coroutines."""

from __future__ import annotations

import asyncio
import json
import os
import shutil as sh
import socket
import tempfile
import time as t
import zipfile
from glob import glob as find_files
from os import path, remove as rm
from pathlib import Path
from subprocess import run as sh_run

from fastapi import FastAPI, UploadFile, WebSocket

app = FastAPI()
UPLOADS = Path("/srv/chat/uploads")
TRANSCRIPTS = "/srv/chat/transcripts"


@app.websocket("/ws/{room}")
async def room_socket(ws: WebSocket, room: str) -> None:
    await ws.accept()
    log_path = path.join(TRANSCRIPTS, f"{room}.log")  # clean: os.path.join
    if not path.exists(log_path):  # label: blocking
        os.makedirs(TRANSCRIPTS, exist_ok=True)  # label: blocking
    while True:
        msg = await ws.receive_text()  # clean: awaited websocket receive
        with open(log_path, "a") as fh:  # label: blocking
            fh.write(msg + "\n")  # label: tolerated
        await ws.send_text(json.dumps({"room": room, "echo": msg}))  # clean: awaited send


@app.post("/upload")
async def upload(file: UploadFile) -> dict:
    data = await file.read()  # clean: UploadFile.read is async
    dest = UPLOADS / path.basename(file.filename or "blob")  # clean: os.path.basename
    dest.write_bytes(data)  # label: blocking
    return {"stored": dest.name, "size": len(data)}


@app.post("/upload/bundle")
async def upload_bundle(file: UploadFile) -> dict:
    scratch = tempfile.mkdtemp(prefix="bundle-")  # label: blocking
    archive = Path(scratch) / "bundle.zip"
    archive.write_bytes(await file.read())  # label: blocking
    with zipfile.ZipFile(archive) as zf:  # label: blocking
        names = zf.namelist()  # label: tolerated
        zf.extractall(scratch)  # label: tolerated
    for name in find_files(f"{scratch}/**/*.tmp", recursive=True):  # label: blocking
        rm(name)  # label: blocking
    sh.move(scratch, UPLOADS / f"bundle-{int(t.time())}")  # label: blocking
    return {"files": names}


@app.delete("/rooms/{room}")
async def delete_room(room: str) -> dict:
    target = Path(TRANSCRIPTS) / f"{room}.log"
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: target.unlink(missing_ok=True))  # label: blocking via=call_soon lambda runs on the loop
    await asyncio.to_thread(lambda: Path(TRANSCRIPTS, f"{room}.idx").unlink(missing_ok=True))  # clean: lambda offloaded
    return {"deleted": room}


@app.get("/rooms/{room}/export")
async def export_room(room: str) -> dict:
    src = os.path.join(TRANSCRIPTS, f"{room}.log")
    dst = os.path.join(TRANSCRIPTS, "exports", f"{room}-{int(t.time())}.log")  # clean: time.time
    sh.copy(src, dst)  # label: blocking
    out = sh_run(["gzip", "-f", dst], check=True)  # label: blocking
    return {"rc": out.returncode, "path": dst + ".gz"}


@app.get("/debug/slow")
async def slow(delay: float = 0.1) -> dict:
    t.sleep(delay)  # label: blocking
    await asyncio.sleep(delay)  # clean: asyncio.sleep
    return {"slept": delay * 2}


@app.get("/debug/host")
async def host_info() -> dict:
    name = socket.gethostname()  # clean: local uname lookup, no network
    addr = socket.gethostbyname(name)  # label: blocking
    return {"host": name, "addr": addr}


@app.get("/debug/disk")
def disk_usage() -> dict:
    usage = sh.disk_usage(UPLOADS)  # clean: sync route runs in the threadpool
    return {"free": usage.free, "files": len(os.listdir(UPLOADS))}  # clean: sync route runs in the threadpool


@app.get("/rooms")
async def rooms() -> list[str]:
    def _scan() -> list[str]:
        return sorted(p.stem for p in Path(TRANSCRIPTS).glob("*.log"))  # clean: nested helper is offloaded

    return await asyncio.to_thread(_scan)


@app.get("/rooms/count")
async def rooms_count() -> int:
    def _scan() -> int:
        return len(os.listdir(TRANSCRIPTS))  # label: blocking via=rooms_count (nested helper called directly)

    return _scan()
