"""JSON bodies with non-finite numbers, lone surrogates, bad UTF-8 or deep nesting answer 422.

Python's `json` accepts `NaN`, `Infinity` and lone `\\ud800` escapes, which JSON (RFC 8259) and
the response encoder do not; before the strict parser these answered 500. Nothing may run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.gateway.app import ROUTERS, create_app
from app.gateway.json_body import JSON_MAX_DEPTH, StrictJsonRoute
from app.gateway.messages import (
    MSG_JSON_LONE_SURROGATE,
    MSG_JSON_NON_FINITE,
    MSG_JSON_NOT_UTF8,
    MSG_JSON_SYNTAX,
    MSG_JSON_TOO_DEEP,
)
from tests.gateway.client import make_config, serve

THREAD = "thread-json"
URL = f"/api/threads/{THREAD}/runs"
JSON = {"content-type": "application/json"}


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(create_app(make_config(tmp_path))) as client:
        yield client


async def _post_raw(client: httpx.AsyncClient, body: bytes) -> httpx.Response:
    return await client.post(URL, content=body, headers=JSON)


async def _assert_nothing_ran(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"/api/threads/{THREAD}/messages")).status_code == 404


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        pytest.param(
            b'{"task": NaN}', ["body", "task"], MSG_JSON_NON_FINITE.format(constant="NaN"), id="nan"
        ),
        pytest.param(
            b'{"task": Infinity}',
            ["body", "task"],
            MSG_JSON_NON_FINITE.format(constant="Infinity"),
            id="infinity",
        ),
        pytest.param(
            b'{"task": "x", "run_id": -Infinity}',
            ["body", "run_id"],
            MSG_JSON_NON_FINITE.format(constant="-Infinity"),
            id="minus-infinity",
        ),
        pytest.param(
            b'{"task": "x", "extra": [1, NaN]}',
            ["body", "extra", 1],
            MSG_JSON_NON_FINITE.format(constant="NaN"),
            id="nan-in-a-list",
        ),
    ],
)
async def test_json_body_non_finite_number_is_422(
    client: httpx.AsyncClient, body: bytes, loc: list, message: str
) -> None:
    response = await _post_raw(client, body)

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (loc, message)
    await _assert_nothing_ran(client)


@pytest.mark.parametrize(
    ("body", "loc", "escape"),
    [
        pytest.param(b'{"task": "\\ud800"}', ["body", "task"], "\\ud800", id="high"),
        pytest.param(b'{"task": "a\\udc00b"}', ["body", "task"], "\\udc00", id="low"),
        pytest.param(
            b'{"task": "x", "subagent": "\\udbff"}', ["body", "subagent"], "\\udbff", id="subagent"
        ),
        pytest.param(b'{"task": "x", "\\ud800": 1}', ["body"], "\\ud800", id="in-a-key"),
    ],
)
async def test_json_body_lone_surrogate_is_422(
    client: httpx.AsyncClient, body: bytes, loc: list, escape: str
) -> None:
    response = await _post_raw(client, body)

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (loc, MSG_JSON_LONE_SURROGATE.format(escape=escape))
    await _assert_nothing_ran(client)


@pytest.mark.parametrize(
    ("body", "position"),
    [
        pytest.param(b'{"task": "\xed\xa0\x80"}', 10, id="utf8-encoded-surrogate"),
        pytest.param(b'{"task": "\xff"}', 10, id="invalid-byte"),
    ],
)
async def test_json_body_invalid_utf8_is_422(
    client: httpx.AsyncClient, body: bytes, position: int
) -> None:
    response = await _post_raw(client, body)

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["msg"] == MSG_JSON_NOT_UTF8.format(position=position)
    await _assert_nothing_ran(client)


@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 100_000])
async def test_json_body_nested_too_deeply_is_422(client: httpx.AsyncClient, depth: int) -> None:
    body = b'{"task": "x", "extra": ' + b"[" * depth + b"]" * depth + b"}"

    response = await _post_raw(client, body)

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["msg"] == MSG_JSON_TOO_DEEP.format(max_depth=JSON_MAX_DEPTH)
    await _assert_nothing_ran(client)


async def test_json_body_syntax_error_is_422_with_line_and_column(
    client: httpx.AsyncClient,
) -> None:
    response = await _post_raw(client, b'{"task": "x",\n "run_id": }')

    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["msg"] == MSG_JSON_SYNTAX.format(problem="Expecting value", line=2, column=12)


@pytest.mark.parametrize(
    ("body", "task"),
    [
        pytest.param(b'{"task": "NaN"}', "NaN", id="the-word-nan"),
        pytest.param(b'{"task": "smile \\ud83d\\ude00"}', "smile \U0001f600", id="escaped-pair"),
        pytest.param('{"task": "smile \U0001f600"}'.encode(), "smile \U0001f600", id="utf8-emoji"),
    ],
)
async def test_json_body_accepts_valid_look_alikes(
    client: httpx.AsyncClient, body: bytes, task: str
) -> None:
    response = await _post_raw(client, body)

    assert response.status_code == 200, response.text
    assert response.json()["final_message"] == f"[general-purpose] {task}"


async def test_json_body_at_the_depth_limit_reaches_validation(client: httpx.AsyncClient) -> None:
    depth = JSON_MAX_DEPTH - 1  # the body object itself is one level
    body = b'{"task": ' + b"[" * depth + b"]" * depth + b"}"

    response = await _post_raw(client, body)

    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["type"] == "string_type"


def test_json_body_every_api_route_parses_strictly() -> None:
    routes = [route for router in ROUTERS for route in router.routes]

    assert routes
    assert [r.path for r in routes if not isinstance(r, StrictJsonRoute)] == []
