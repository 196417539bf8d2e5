"""Cap request bodies at `gateway.max_request_body_bytes`, answering 413 before the app runs.

The limit counts the bytes actually received, not the Content-Length header, so a chunked body
or one that declares less than it sends is cut off too; a declared length over the limit is
refused without reading anything. The body is collected (at most the limit) before the app is
called and then replayed to it: every route of the gateway reads its body whole anyway (a JSON
document, or an uploaded file), and this way an oversized body never reaches a handler half-read.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.gateway.messages import MSG_BODY_TOO_LARGE

__all__ = ["BodyLimit"]


class BodyLimit:
    """Pure ASGI middleware: refuse HTTP request bodies larger than `max_bytes` with a 413."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending the whole body: nothing to answer
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = MSG_BODY_TOO_LARGE.format(limit=self.max_bytes)
        await JSONResponse({"detail": detail}, status_code=413)(scope, receive, send)


def _declared_length(scope: Scope) -> int | None:
    """Return the Content-Length header as a number, or None if it is absent or malformed."""
    value = Headers(scope=scope).get("content-length")
    return int(value) if value is not None and value.isdigit() else None


def _replay(body: bytes, receive: Receive) -> Receive:
    """Return a receive that yields `body` once, then defers to `receive` (for disconnects)."""
    replayed = False

    async def replay_receive() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay_receive
