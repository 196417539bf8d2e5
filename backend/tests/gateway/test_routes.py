"""Gateway routes: health, skills, runs and threads, including 422 and 404 answers."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.gateway.app import create_app
from app.gateway.routers import skills as skills_router
from deerflow.config import AppConfig
from deerflow.skills import LocalSkillStorage
from tests.gateway.client import make_config, serve, write_skill
from tests.subagents.chat_models import MODEL_ERROR, ExplodingChatModel

THREAD = "thread-1"


@pytest.fixture
def config(tmp_path: Path) -> AppConfig:
    skills = tmp_path / "skills"
    write_skill(skills, "public", "web-search", "Search the web.", extra="version: 3\n")
    write_skill(skills, "custom", "notes", "Keep notes.")
    return make_config(tmp_path)


@pytest.fixture
async def client(config: AppConfig) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(create_app(config)) as client:
        yield client


async def _start_run(client: httpx.AsyncClient, task: str = "do it", **extra: str) -> dict:
    response = await client.post(f"/api/threads/{THREAD}/runs", json={"task": task, **extra})
    assert response.status_code == 200, response.text
    return response.json()


async def test_health_reports_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_list_skills_returns_the_tree(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/skills")

    assert response.status_code == 200
    assert response.json()["skills"] == [
        {"name": "notes", "description": "Keep notes.", "category": "custom", "metadata": {}},
        {
            "name": "web-search",
            "description": "Search the web.",
            "category": "public",
            "metadata": {"version": 3},
        },
    ]


async def test_list_skills_missing_directory_is_empty(tmp_path: Path) -> None:
    async with serve(create_app(make_config(tmp_path / "nothing-here"))) as client:
        response = await client.get("/api/skills")

    assert (response.status_code, response.json()) == (200, {"skills": []})


async def test_list_skills_walks_the_tree_off_the_loop(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_thread = threading.get_ident()
    seen: list[tuple[str, int]] = []
    real_load = LocalSkillStorage.load_skills
    real_lookup = skills_router.get_or_new_skill_storage

    def _load(self: LocalSkillStorage):
        seen.append(("load_skills", threading.get_ident()))
        return real_load(self)

    def _lookup(config: AppConfig) -> LocalSkillStorage:
        seen.append(("get_or_new_skill_storage", threading.get_ident()))
        return real_lookup(config)

    monkeypatch.setattr(LocalSkillStorage, "load_skills", _load)
    monkeypatch.setattr(skills_router, "get_or_new_skill_storage", _lookup)

    response = await client.get("/api/skills")

    assert response.status_code == 200
    assert [name for name, _ in seen] == ["get_or_new_skill_storage", "load_skills"]
    on_loop = [name for name, ident in seen if ident == loop_thread]
    assert on_loop == [], f"ran on the event loop thread: {on_loop}"


async def test_create_run_completes_with_the_echo_model(client: httpx.AsyncClient) -> None:
    body = await _start_run(client, "write   the summary")

    assert body["thread_id"] == THREAD
    assert body["status"] == "completed"
    assert body["final_message"] == "[general-purpose] write the summary"
    assert body["run_id"].startswith("run-")


async def test_create_run_uses_a_given_run_id_and_records_events(
    client: httpx.AsyncClient,
) -> None:
    body = await _start_run(client, run_id="my-run")

    events = await client.get(f"/api/threads/{THREAD}/runs/my-run/events")

    assert body["run_id"] == "my-run"
    assert [e["event_type"] for e in events.json()["events"]] == [
        "run.start",
        "message.human",
        "message.ai",
        "run.end",
    ]


async def test_create_run_reports_model_failure(config: AppConfig) -> None:
    async with serve(create_app(config, chat_model=ExplodingChatModel())) as client:
        body = await _start_run(client, run_id="r1")
        events = await client.get(f"/api/threads/{THREAD}/runs/r1/events")

    assert body["status"] == "failed"
    assert MODEL_ERROR in body["final_message"]
    assert events.json()["events"][-1]["event_type"] == "run.error"


async def test_create_run_unknown_subagent_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/api/threads/{THREAD}/runs", json={"task": "x", "subagent": "wizard"}
    )

    assert response.status_code == 404
    assert "`wizard`" in response.json()["detail"]
    assert "general-purpose" in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"task": ""}, id="empty-task"),
        pytest.param({}, id="no-task"),
        pytest.param({"task": "x", "run_id": "a/b"}, id="bad-run-id"),
        pytest.param({"task": "x", "colour": "red"}, id="unknown-field"),
    ],
)
async def test_create_run_invalid_body_is_422(client: httpx.AsyncClient, body: dict) -> None:
    response = await client.post(f"/api/threads/{THREAD}/runs", json=body)

    assert response.status_code == 422


async def test_create_run_invalid_run_id_names_the_reason(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/api/threads/{THREAD}/runs", json={"task": "x", "run_id": "a..b"}
    )

    assert response.status_code == 422
    assert "'..'" in response.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/threads/bad..id/runs"),
        ("GET", "/api/threads/bad..id/messages"),
        ("DELETE", "/api/threads/bad..id"),
        ("GET", "/api/threads/bad..id/runs/r1/events"),
        ("DELETE", "/api/threads/bad..id/runs/r1"),
    ],
)
async def test_invalid_thread_id_is_422_with_the_reason(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path, json={"task": "x"})

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "thread_id" in detail
    assert "'bad..id'" in detail
    assert "'..'" in detail


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_invalid_run_id_is_422_with_the_reason(
    client: httpx.AsyncClient, method: str
) -> None:
    await _start_run(client)
    suffix = "/events" if method == "GET" else ""

    response = await client.request(method, f"/api/threads/{THREAD}/runs/run%20x{suffix}")

    assert response.status_code == 422
    assert "run_id" in response.json()["detail"]
    assert "'run x'" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/threads/ghost/messages"),
        ("DELETE", "/api/threads/ghost"),
        ("GET", "/api/threads/ghost/runs/r1/events"),
        ("DELETE", "/api/threads/ghost/runs/r1"),
    ],
)
async def test_unknown_thread_is_404(client: httpx.AsyncClient, method: str, path: str) -> None:
    response = await client.request(method, path)

    assert response.status_code == 404
    assert "`ghost`" in response.json()["detail"]


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_unknown_run_in_a_known_thread_is_404(client: httpx.AsyncClient, method: str) -> None:
    await _start_run(client)
    suffix = "/events" if method == "GET" else ""

    response = await client.request(method, f"/api/threads/{THREAD}/runs/ghost-run{suffix}")

    assert response.status_code == 404
    assert "`ghost-run`" in response.json()["detail"]


async def test_list_run_events_filters_by_event_types(client: httpx.AsyncClient) -> None:
    await _start_run(client, "filter me", run_id="r1")

    response = await client.get(
        f"/api/threads/{THREAD}/runs/r1/events",
        params=[("event_types", "message.ai"), ("event_types", "run.start")],
    )

    events = response.json()["events"]
    assert [e["event_type"] for e in events] == ["run.start", "message.ai"]
    assert events[1]["content"] == "[general-purpose] filter me"
    assert events[0]["seq"] < events[1]["seq"]


async def test_list_run_events_filter_matching_nothing_is_empty(
    client: httpx.AsyncClient,
) -> None:
    await _start_run(client, run_id="r1")

    response = await client.get(
        f"/api/threads/{THREAD}/runs/r1/events", params={"event_types": "run.error"}
    )

    assert (response.status_code, response.json()["events"]) == (200, [])


async def test_delete_run_removes_its_events(client: httpx.AsyncClient) -> None:
    await _start_run(client, run_id="r1")
    await _start_run(client, run_id="r2")

    response = await client.delete(f"/api/threads/{THREAD}/runs/r1")
    events = await client.get(f"/api/threads/{THREAD}/runs/r1/events")
    others = await client.get(f"/api/threads/{THREAD}/runs/r2/events")

    assert response.json() == {"thread_id": THREAD, "run_id": "r1", "deleted": 4}
    assert events.status_code == 404
    assert len(others.json()["events"]) == 4


async def test_list_messages_returns_human_and_ai_messages(client: httpx.AsyncClient) -> None:
    await _start_run(client, "one", run_id="r1")
    await _start_run(client, "two", run_id="r2")

    response = await client.get(f"/api/threads/{THREAD}/messages")

    messages = response.json()["messages"]
    assert [(m["event_type"], m["content"]) for m in messages] == [
        ("message.human", "one"),
        ("message.ai", "[general-purpose] one"),
        ("message.human", "two"),
        ("message.ai", "[general-purpose] two"),
    ]
    assert all(m["category"] == "message" for m in messages)


async def test_list_messages_honours_limit_and_after_seq(client: httpx.AsyncClient) -> None:
    await _start_run(client, "one", run_id="r1")
    await _start_run(client, "two", run_id="r2")
    url = f"/api/threads/{THREAD}/messages"
    everything = (await client.get(url)).json()["messages"]

    last = (await client.get(url, params={"limit": 1})).json()["messages"]
    after = (await client.get(url, params={"after_seq": everything[1]["seq"]})).json()
    both = await client.get(url, params={"after_seq": everything[0]["seq"], "limit": 2})

    assert last == everything[-1:]
    assert after["messages"] == everything[2:]
    assert both.json()["messages"] == everything[2:4]


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": "many"}, {"after_seq": -1}, {"limit": 100_000}]
)
async def test_list_messages_rejects_bad_paging(client: httpx.AsyncClient, params: dict) -> None:
    await _start_run(client)

    response = await client.get(f"/api/threads/{THREAD}/messages", params=params)

    assert response.status_code == 422


async def test_delete_thread_removes_events_and_checkpoints(config: AppConfig) -> None:
    app = create_app(config)
    async with serve(app) as client:
        await _start_run(client, run_id="r1")

        response = await client.delete(f"/api/threads/{THREAD}")
        messages = await client.get(f"/api/threads/{THREAD}/messages")
        snapshot = await app.state.checkpointer.aget_tuple({"configurable": {"thread_id": THREAD}})

    assert response.json() == {"thread_id": THREAD, "deleted": 4}
    assert messages.status_code == 404
    assert snapshot is None
