"""A retried `POST .../runs` with an existing `run_id` is idempotent.

A finished run (completed or failed) answers its stored outcome without calling the model or
storing anything; a run still in flight, or a `run_id` reused for a different request, answers
409. Before, every retry stored `message.human`, `message.ai` and `run.end` again.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from app.gateway.app import create_app
from deerflow.config import AppConfig
from deerflow.subagents.replay import MSG_RUN_ID_REUSED, MSG_RUN_IN_PROGRESS
from tests.gateway.client import make_config, serve
from tests.subagents.chat_models import (
    ExplodingChatModel,
    RecordingChatModel,
    WaitingChatModel,
)

THREAD = "thread-retry"
RUN = "run-retry"
URL = f"/api/threads/{THREAD}/runs"
BODY = {"task": "do it once", "run_id": RUN}
RETRY_TIMEOUT = 5


@pytest.fixture
def config(tmp_path: Path) -> AppConfig:
    return make_config(tmp_path)


async def _events(client: httpx.AsyncClient) -> list[dict]:
    response = await client.get(f"/api/threads/{THREAD}/runs/{RUN}/events")
    assert response.status_code == 200, response.text
    return response.json()["events"]


async def test_run_retry_of_a_completed_run_returns_the_stored_outcome(config: AppConfig) -> None:
    model = RecordingChatModel(reply="done once")
    async with serve(create_app(config, chat_model=model)) as client:
        first = await client.post(URL, json=BODY)
        events = await _events(client)
        retries = [await client.post(URL, json=BODY) for _ in range(3)]
        events_after = await _events(client)
        messages = (await client.get(f"/api/threads/{THREAD}/messages")).json()["messages"]

    assert first.status_code == 200
    assert first.json()["final_message"] == "done once"
    assert [(r.status_code, r.json()) for r in retries] == [(200, first.json())] * 3
    assert events_after == events
    assert [e["event_type"] for e in events] == [
        "run.start",
        "message.human",
        "message.ai",
        "run.end",
    ]
    assert len(messages) == 2
    assert len(model.calls) == 1


async def test_run_retry_of_a_failed_run_returns_the_stored_failure(config: AppConfig) -> None:
    async with serve(create_app(config, chat_model=ExplodingChatModel())) as client:
        first = await client.post(URL, json=BODY)
        events = await _events(client)
        retry = await client.post(URL, json=BODY)
        events_after = await _events(client)

    assert first.json()["status"] == "failed"
    assert (retry.status_code, retry.json()) == (200, first.json())
    assert events_after == events
    assert [e["event_type"] for e in events] == ["run.start", "message.human", "run.error"]


async def test_run_retry_while_the_run_is_in_flight_is_409(config: AppConfig) -> None:
    model = WaitingChatModel(reply="finally")
    async with serve(create_app(config, chat_model=model)) as client:
        first = asyncio.create_task(client.post(URL, json=BODY))
        await model.started.wait()
        try:
            # Before retries were idempotent the retry waited on the model too: time out instead.
            async with asyncio.timeout(RETRY_TIMEOUT):
                retry = await client.post(URL, json=BODY)
        finally:
            model.release.set()
            done = await first
        events = await _events(client)

    assert retry.status_code == 409
    assert retry.json()["detail"] == MSG_RUN_IN_PROGRESS.format(run_id=RUN, thread_id=THREAD)
    assert (done.status_code, done.json()["final_message"]) == (200, "finally")
    assert [e["event_type"] for e in events] == [
        "run.start",
        "message.human",
        "message.ai",
        "run.end",
    ]


async def test_run_retry_with_a_different_task_is_409(config: AppConfig) -> None:
    async with serve(create_app(config)) as client:
        first = await client.post(URL, json=BODY)
        events = await _events(client)
        reused = await client.post(URL, json={**BODY, "task": "something else"})
        events_after = await _events(client)

    assert first.status_code == 200
    assert reused.status_code == 409
    assert reused.json()["detail"] == MSG_RUN_ID_REUSED.format(run_id=RUN, thread_id=THREAD)
    assert events_after == events
