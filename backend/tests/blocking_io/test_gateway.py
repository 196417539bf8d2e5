"""The gateway's lifespan and every route serve real files without blocking the event loop.

Runs the production FastAPI lifespan inside the test (it opens the JSONL run-event store and a
SQLite checkpointer whose directory does not exist yet, from a `config.yaml` of relative paths
under a relative data home) and drives every route through `httpx.AsyncClient` over
`httpx.ASGITransport`: `GET /health`, `GET /api/skills` over a real skills tree,
`POST /api/threads/{thread_id}/runs` (a fake chat model is the only mock), the run-events reader
with and without `event_types`, the thread's messages, `DELETE` of a run and of a thread, and
their 404 and 422 answers. The thread store starts seeded with an earlier run. It guards:

- `get_or_new_skill_storage` and `LocalSkillStorage.load_skills` in
  `app/gateway/routers/skills.py` and in `deerflow/subagents/executor.py`;
- `resolve_sqlite_conn_str` and `ensure_sqlite_parent_dir` in
  `deerflow/runtime/checkpointer/async_provider.py`, run by the lifespan;
- the `JsonlRunEventStore` offloads the routes reach: `_has_runs` (every thread lookup),
  `_read_run`, `_read_thread`, `_append_drafts`, `_append_if_absent`, `_delete_run`,
  `_delete_thread` (each also takes the thread's `last_seq` file lock).
- `warm_endpoint_context` in `app/gateway/app.py`: FastAPI stats and reads each endpoint's
  source file on its first request, inside the gateway's middleware; the lifespan does it in a
  worker thread instead. FastAPI caches that per process, so each test starts with it empty.

The bug shape is a handler, a dependency or the lifespan doing file work on the loop that serves
every request. Reverting any of these offloads must turn this module red.
"""

from __future__ import annotations

from pathlib import Path

import fastapi.routing
import pytest
from fastapi import FastAPI
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from app.gateway.app import create_app
from deerflow.config import AppConfig, load_config
from deerflow.runtime.events.store import JsonlRunEventStore
from tests.blocking_io._anchor_support import (
    SeededRun,
    expected_skills,
    seed_run,
    write_skill_tree,
)
from tests.gateway.client import serve

THREAD = "thread-gw"
UNKNOWN_THREAD = "thread-nobody"
DB_RELATIVE = "gateway/db/checkpoints.db"
CONFIG_YAML = f"""\
skills:
  path: skills
checkpointer:
  type: sqlite
  connection_string: {DB_RELATIVE}
run_events:
  backend: jsonl
  base_dir: run-events
"""
REPLIES = ("first reply", "second reply")
SUCCESS_TYPES = ["run.start", "message.human", "message.ai", "run.end"]


@pytest.fixture(autouse=True)
def _cold_endpoint_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty FastAPI's per-process endpoint-context cache, so every request here is a first one."""
    monkeypatch.setattr(fastapi.routing, "_endpoint_context_cache", {})


@pytest.fixture
def config(tmp_path: Path, data_home: Path) -> AppConfig:
    """Load a real `config.yaml` (relative paths) and write the skills tree it names."""
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG_YAML, encoding="utf-8")
    loaded = load_config(path)
    write_skill_tree(loaded.skills.path)
    return loaded


@pytest.fixture
def seeded(config: AppConfig) -> SeededRun:
    return seed_run(config.run_events.base_dir, THREAD, "run-earlier")


@pytest.fixture
def app(config: AppConfig) -> FastAPI:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=text) for text in REPLIES]))
    return create_app(config, chat_model=model)


def _events_url(thread_id: str, run_id: str) -> str:
    return f"/api/threads/{thread_id}/runs/{run_id}/events"


async def test_gateway_lifespan_opens_store_and_checkpointer_in_new_dirs(
    app: FastAPI, data_home: Path
) -> None:
    database = data_home / DB_RELATIVE
    assert not database.parent.exists()

    async with serve(app) as client:
        assert isinstance(app.state.event_store, JsonlRunEventStore)
        assert isinstance(app.state.checkpointer, AsyncSqliteSaver)
        assert database.is_file()
        health = await client.get("/health")

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert not hasattr(app.state, "event_store")
    assert not hasattr(app.state, "checkpointer")


async def test_gateway_routes_serve_skills_runs_events_and_deletes(
    app: FastAPI, seeded: SeededRun
) -> None:
    task = "summarise the notes"
    async with serve(app) as client:
        skills = await client.get("/api/skills")
        created = await client.post(
            f"/api/threads/{THREAD}/runs", json={"task": task, "run_id": "run-1"}
        )
        events = await client.get(_events_url(THREAD, "run-1"))
        lifecycle = await client.get(
            _events_url(THREAD, "run-1"), params={"event_types": ["run.start", "run.end"]}
        )
        messages = await client.get(f"/api/threads/{THREAD}/messages")
        latest = await client.get(f"/api/threads/{THREAD}/messages", params={"limit": 1})
        deleted_run = await client.delete(f"/api/threads/{THREAD}/runs/run-1")
        gone_run = await client.get(_events_url(THREAD, "run-1"))
        deleted_thread = await client.delete(f"/api/threads/{THREAD}")
        checkpoint = await app.state.checkpointer.aget_tuple(
            {"configurable": {"thread_id": THREAD}}
        )
        gone_thread = await client.get(f"/api/threads/{THREAD}/messages")

    assert skills.status_code == 200
    assert [(s["name"], s["category"], s["description"]) for s in skills.json()["skills"]] == (
        expected_skills()
    )
    assert created.status_code == 200
    assert created.json() == {
        "thread_id": THREAD,
        "run_id": "run-1",
        "status": "completed",
        "final_message": REPLIES[0],
    }
    assert [e["event_type"] for e in events.json()["events"]] == SUCCESS_TYPES
    assert events.json()["events"][0]["seq"] == seeded.last_seq + 1
    assert [e["event_type"] for e in lifecycle.json()["events"]] == ["run.start", "run.end"]
    seeded_texts = [record["content"] for record in seeded.of_category("message")]
    assert [m["content"] for m in messages.json()["messages"]] == [*seeded_texts, task, REPLIES[0]]
    assert [m["content"] for m in latest.json()["messages"]] == [REPLIES[0]]
    assert (deleted_run.status_code, deleted_run.json()["deleted"]) == (200, len(SUCCESS_TYPES))
    assert gone_run.status_code == 404
    assert (deleted_thread.status_code, deleted_thread.json()["deleted"]) == (
        200,
        len(seeded.records),
    )
    assert checkpoint is None
    assert gone_thread.status_code == 404


async def test_gateway_routes_answer_404_for_unknown_threads_runs_and_subagents(
    app: FastAPI, seeded: SeededRun
) -> None:
    async with serve(app) as client:
        answers = {
            "unknown subagent": await client.post(
                f"/api/threads/{THREAD}/runs", json={"task": "x", "subagent": "ghost-writer"}
            ),
            "events of unknown thread": await client.get(_events_url(UNKNOWN_THREAD, "run-1")),
            "events of unknown run": await client.get(_events_url(THREAD, "run-missing")),
            "filtered events of unknown run": await client.get(
                _events_url(THREAD, "run-missing"), params={"event_types": "run.start"}
            ),
            "delete unknown run": await client.delete(f"/api/threads/{THREAD}/runs/run-missing"),
            "delete run of unknown thread": await client.delete(
                f"/api/threads/{UNKNOWN_THREAD}/runs/{seeded.run_id}"
            ),
            "messages of unknown thread": await client.get(
                f"/api/threads/{UNKNOWN_THREAD}/messages"
            ),
            "delete unknown thread": await client.delete(f"/api/threads/{UNKNOWN_THREAD}"),
        }
        unmatched_filter = await client.get(
            _events_url(THREAD, seeded.run_id), params={"event_types": "no.such.type"}
        )

    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)
    assert "ghost-writer" in answers["unknown subagent"].json()["detail"]
    assert UNKNOWN_THREAD in answers["messages of unknown thread"].json()["detail"]
    assert "run-missing" in answers["events of unknown run"].json()["detail"]
    assert (unmatched_filter.status_code, unmatched_filter.json()["events"]) == (200, [])


async def test_gateway_routes_answer_422_for_invalid_ids_and_bodies(
    app: FastAPI, seeded: SeededRun
) -> None:
    bad_thread = "bad thread"
    async with serve(app) as client:
        id_answers = {
            "thread_id": [
                await client.post(f"/api/threads/{bad_thread}/runs", json={"task": "x"}),
                await client.get(f"/api/threads/{bad_thread}/messages"),
                await client.delete(f"/api/threads/{bad_thread}"),
                await client.get(_events_url(bad_thread, "run-1")),
            ],
            "run_id": [
                await client.get(_events_url(THREAD, "run..up")),
                await client.delete(f"/api/threads/{THREAD}/runs/run..up"),
            ],
        }
        body_answers = [
            await client.post(f"/api/threads/{THREAD}/runs", json={"task": ""}),
            await client.post(f"/api/threads/{THREAD}/runs", json={"task": "x", "run_id": "a:/b"}),
            await client.post(f"/api/threads/{THREAD}/runs", json={"task": "x", "extra": 1}),
            await client.get(f"/api/threads/{THREAD}/messages", params={"limit": 0}),
        ]
        still_there = await client.get(f"/api/threads/{THREAD}/messages")

    for kind, responses in id_answers.items():
        for response in responses:
            assert response.status_code == 422, response.text
            assert f"`{kind}`" in response.json()["detail"]
    assert [response.status_code for response in body_answers] == [422] * len(body_answers)
    assert len(still_there.json()["messages"]) == len(seeded.of_category("message"))
