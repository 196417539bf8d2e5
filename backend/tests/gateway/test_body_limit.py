"""Request bodies over `gateway.max_request_body_bytes` answer 413 before the app reads them.

The limit counts the bytes actually received, so a chunked body (no Content-Length) or one that
declares less than it sends is cut off too. The middleware is also driven directly as an ASGI app
to prove the route never runs for an oversized body.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from app.gateway.app import create_app
from app.gateway.messages import MSG_BODY_TOO_LARGE
from app.gateway.middleware.body_limit import BodyLimit
from deerflow.config import AppConfig, GatewayConfig
from tests.gateway.client import make_config, serve

THREAD = "thread-limit"
URL = f"/api/threads/{THREAD}/runs"
LIMIT = 1024
DEFAULT_LIMIT = 1024 * 1024
JSON = {"content-type": "application/json"}


def _with_limit(config: AppConfig, limit: int) -> AppConfig:
    return config.model_copy(update={"gateway": GatewayConfig(max_request_body_bytes=limit)})


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(create_app(_with_limit(make_config(tmp_path), LIMIT))) as client:
        yield client


def _body_of_size(size: int) -> bytes:
    """Return a valid run body of exactly `size` bytes."""
    frame = json.dumps({"task": ""}).encode()
    return json.dumps({"task": "x" * (size - len(frame))}).encode()


async def _chunks(body: bytes, size: int = 100) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def _assert_too_large(client: httpx.AsyncClient, response: httpx.Response, limit: int):
    assert response.status_code == 413, response.text[:200]
    assert response.json() == {"detail": MSG_BODY_TOO_LARGE.format(limit=limit)}
    assert (await client.get(f"/api/threads/{THREAD}/messages")).status_code == 404


async def test_body_limit_default_refuses_a_two_mebibyte_task(tmp_path: Path) -> None:
    body = _body_of_size(2 * DEFAULT_LIMIT)
    async with serve(create_app(make_config(tmp_path))) as client:
        response = await client.post(URL, content=body, headers=JSON)

        await _assert_too_large(client, response, DEFAULT_LIMIT)


async def test_body_limit_refuses_a_declared_length_over_the_limit(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(URL, content=_body_of_size(LIMIT + 1), headers=JSON)

    await _assert_too_large(client, response, LIMIT)


async def test_body_limit_counts_a_chunked_body(client: httpx.AsyncClient) -> None:
    request = client.build_request(
        "POST",
        URL,
        content=_chunks(_body_of_size(LIMIT + 1)),
        headers=JSON,
    )
    assert "content-length" not in request.headers

    response = await client.send(request)

    await _assert_too_large(client, response, LIMIT)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_body_limit_accepts_a_body_of_exactly_the_limit(
    client: httpx.AsyncClient, chunked: bool
) -> None:
    body = _body_of_size(LIMIT)
    content = _chunks(body) if chunked else body

    response = await client.post(URL, content=content, headers=JSON)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "completed"


class _RecordingApp:
    """Inner ASGI app that records whether it ran and the body it read."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        self.bodies.append(body)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def _drive(app: BodyLimit, messages: list[Message], content_length: int | None):
    headers = [] if content_length is None else [(b"content-length", str(content_length).encode())]
    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    pending = list(messages)
    sent: list[Message] = []

    async def receive() -> Message:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _request(body: bytes, more: bool) -> Message:
    return {"type": "http.request", "body": body, "more_body": more}


async def test_body_limit_refuses_more_bytes_than_declared_without_running_the_app() -> None:
    inner = _RecordingApp()
    messages = [_request(b"a" * 10, True), _request(b"b" * 10, False)]

    sent = await _drive(BodyLimit(inner, max_bytes=15), messages, content_length=5)

    assert inner.bodies == []
    assert sent[0]["status"] == 413


async def test_body_limit_replays_the_counted_body_to_the_app() -> None:
    inner = _RecordingApp()
    messages = [_request(b"a" * 10, True), _request(b"", True), _request(b"b" * 5, False)]

    sent = await _drive(BodyLimit(inner, max_bytes=15), messages, content_length=None)

    assert inner.bodies == [b"a" * 10 + b"b" * 5]
    assert sent[0]["status"] == 204


async def test_body_limit_client_gone_while_counting_runs_nothing() -> None:
    inner = _RecordingApp()

    sent = await _drive(BodyLimit(inner, max_bytes=15), [_request(b"a", True)], None)

    assert (inner.bodies, sent) == ([], [])


async def test_body_limit_passes_lifespan_through() -> None:
    seen: list[str] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    await BodyLimit(inner, max_bytes=1)({"type": "lifespan"}, None, None)  # type: ignore[arg-type]

    assert seen == ["lifespan"]
