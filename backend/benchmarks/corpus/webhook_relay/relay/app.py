"""Starlette application."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import signal
import time
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from .forward import Forwarder
from .outbox import Outbox
from .spool import expire, peek, spool

SECRET = os.environ.get("RELAY_SECRET", "dev").encode()  # clean: env lookup


def reload_secret() -> None:
    global SECRET
    SECRET = Path("/etc/relay/secret").read_bytes().strip()  # label: blocking via=add_signal_handler


def _verify(body: bytes, signature: str) -> bool:
    mac = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, signature)  # clean: constant-time compare


async def receive(request: Request) -> JSONResponse:
    body = await request.body()  # clean: awaited request body
    if not _verify(body, request.headers.get("x-signature", "")):  # clean: headers.get
        return JSONResponse({"error": "bad signature"}, status_code=401)
    outbox: Outbox = request.app.state.outbox
    spool(request.path_params["provider"], body)
    row = outbox.enqueue(request.query_params.get("target", ""), body)
    return JSONResponse({"id": row, "head": peek(body).hex()})


async def janitor() -> None:
    while True:
        removed = expire(time.time() - 7 * 86400)
        if removed:
            await asyncio.sleep(0)
        await asyncio.sleep(3600)


async def status(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def build(db_path: str) -> Starlette:
    outbox = Outbox.open_at(db_path)
    app = Starlette(routes=[Route("/hooks/{provider}", receive, methods=["POST"]), Route("/status", status)])
    app.state.outbox = outbox
    forwarder = Forwarder(outbox, httpx.AsyncClient(timeout=10))

    @app.on_event("startup")
    async def _start() -> None:
        app.state.tasks = [asyncio.create_task(forwarder.loop()), asyncio.create_task(janitor())]
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, reload_secret)

    return app
