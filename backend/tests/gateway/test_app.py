"""Gateway app factory and lifespan: config loading, opening and closing the store and saver."""

from __future__ import annotations

import threading
from pathlib import Path

import fastapi.routing
import pytest

from app.gateway.app import ROUTERS, create_app
from deerflow.config import CONFIG_ENV, DATA_HOME_ENV
from tests.gateway.client import make_config, serve, write_skill


async def test_lifespan_opens_store_and_checkpointer(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))

    async with serve(app) as client:
        response = await client.post("/api/threads/t1/runs", json={"task": "open things"})
        saver = app.state.checkpointer
        snapshot = await saver.aget_tuple({"configurable": {"thread_id": "t1"}})

    assert response.status_code == 200
    assert snapshot is not None
    assert (tmp_path / "db" / "checkpoints.db").is_file()
    run_id = response.json()["run_id"]
    assert (tmp_path / "run-events" / "threads" / "t1" / "runs" / f"{run_id}.jsonl").is_file()


async def test_lifespan_shutdown_closes_store_and_checkpointer(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))

    async with serve(app):
        store = app.state.event_store
        saver = app.state.checkpointer

    with pytest.raises(RuntimeError):
        await store.list_messages("t1")
    with pytest.raises(ValueError, match="no active connection"):
        await saver.aget_tuple({"configurable": {"thread_id": "t1"}})
    assert not hasattr(app.state, "event_store")
    assert not hasattr(app.state, "checkpointer")


async def test_create_app_without_config_loads_it_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_skill(tmp_path / "env-skills", "public", "from-env", "Configured by env.")
    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        "skills:\n  path: env-skills\n"
        "checkpointer:\n  type: memory\n"
        "run_events:\n  backend: memory\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(DATA_HOME_ENV, str(tmp_path))
    monkeypatch.setenv(CONFIG_ENV, str(config_file))

    app = create_app()

    assert app.state.config.skills.path == tmp_path / "env-skills"
    async with serve(app) as client:
        response = await client.get("/api/skills")
    assert [s["name"] for s in response.json()["skills"]] == ["from-env"]


async def test_lifespan_does_fastapi_endpoint_lookup_off_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FastAPI caches per endpoint for the whole process; start from an empty cache.
    monkeypatch.setattr(fastapi.routing, "_endpoint_context_cache", {})
    real_extract = fastapi.routing._extract_endpoint_context
    loop_thread = threading.get_ident()
    threads: list[int] = []

    def _extract(func):
        threads.append(threading.get_ident())
        return real_extract(func)

    monkeypatch.setattr(fastapi.routing, "_extract_endpoint_context", _extract)
    app = create_app(make_config(tmp_path))

    async with serve(app):
        warmed = set(fastapi.routing._endpoint_context_cache)

    endpoints = {id(route.dependant.call) for router in ROUTERS for route in router.routes}
    assert warmed == endpoints
    assert threads and loop_thread not in threads
