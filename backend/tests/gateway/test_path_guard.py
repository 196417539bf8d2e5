"""Paths with dot segments or encoded separators are refused before routing and never redirected.

Each request goes through a client that follows redirects and normalises dot segments, the way
`curl -L` does; afterwards the thread and its run must still be there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.gateway.app import create_app
from app.gateway.messages import MSG_PATH_SEGMENT
from app.gateway.middleware.paths import SEGMENT_RULES
from tests.gateway.client import make_config, serve

THREAD = "thread-kept"
RUN = "run-kept"
RUN_EVENTS = 4
DOT_SEGMENT, ENCODED_SEPARATOR = (rule.problem for rule in SEGMENT_RULES)


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(create_app(make_config(tmp_path)), follow_redirects=True) as client:
        response = await client.post(f"/api/threads/{THREAD}/runs", json={"task": "keep me"})
        assert response.status_code == 200, response.text
        response = await client.post(
            f"/api/threads/{THREAD}/runs", json={"task": "me too", "run_id": RUN}
        )
        assert response.status_code == 200, response.text
        yield client


async def _assert_nothing_deleted(client: httpx.AsyncClient) -> None:
    messages = await client.get(f"/api/threads/{THREAD}/messages")
    events = await client.get(f"/api/threads/{THREAD}/runs/{RUN}/events")
    assert messages.status_code == 200, "the thread was deleted"
    assert len(messages.json()["messages"]) == 4
    assert events.status_code == 200, "the run was deleted"
    assert len(events.json()["events"]) == RUN_EVENTS


@pytest.mark.parametrize(
    ("path", "segment", "problem"),
    [
        pytest.param(f"/api/threads/{THREAD}/runs/%2e%2e%2f", "%2e%2e%2f", DOT_SEGMENT, id="..%2f"),
        pytest.param(f"/api/threads/{THREAD}/runs/..%2F", "..%2F", DOT_SEGMENT, id="..%2F-raw"),
        pytest.param(f"/api/threads/{THREAD}/runs/.%2e", ".%2e", DOT_SEGMENT, id=".%2e"),
        pytest.param(f"/api/threads/{THREAD}/runs/%2e", "%2e", DOT_SEGMENT, id="%2e"),
        pytest.param(f"/api/threads/{THREAD}/runs/%2F", "%2F", ENCODED_SEPARATOR, id="%2F"),
        pytest.param(
            f"/api/threads/{THREAD}/runs/x%5c..", "x%5c..", ENCODED_SEPARATOR, id="backslash"
        ),
        pytest.param(
            f"/api/threads/{THREAD}%2Fruns%2F{RUN}",
            f"{THREAD}%2Fruns%2F{RUN}",
            ENCODED_SEPARATOR,
            id="thread-id-spelling-a-run-path",
        ),
        pytest.param("/api/threads/%2e%2e%2f", "%2e%2e%2f", DOT_SEGMENT, id="thread-..%2f"),
    ],
)
async def test_path_with_unsafe_segment_is_422_and_never_redirected(
    client: httpx.AsyncClient, path: str, segment: str, problem: str
) -> None:
    response = await client.delete(path)

    assert response.history == [], f"redirected to {response.url}"
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail.startswith(MSG_PATH_SEGMENT.split("`", 1)[0])
    assert f"`{segment}`" in detail
    assert problem in detail
    await _assert_nothing_deleted(client)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/threads/{THREAD}/",
        f"/api/threads/{THREAD}/runs/{RUN}/",
        f"/api/threads/{THREAD}/runs/",
    ],
)
async def test_path_with_trailing_slash_is_404_and_never_redirected(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.delete(path)

    assert response.history == [], f"redirected to {response.url}"
    assert response.status_code == 404
    await _assert_nothing_deleted(client)


async def test_path_guard_lets_dots_inside_a_segment_through(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/threads/{THREAD}/runs/v1.2/events")

    assert response.status_code == 404
    assert "`v1.2`" in response.json()["detail"]
