"""Checkpointer provider: memory and SQLite savers, and path work offloaded from the loop."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from langgraph.checkpoint.base import empty_checkpoint
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from deerflow.config import AppConfig, CheckpointerConfig
from deerflow.runtime.checkpointer import async_provider, make_checkpointer
from deerflow.runtime.checkpointer.async_provider import PROVIDERS, _async_checkpointer
from deerflow.runtime.store import ensure_sqlite_parent_dir, resolve_sqlite_conn_str
from tests.runtime.events.loop_guard import forbid_loop_io


async def _round_trip(saver) -> None:
    config = {"configurable": {"thread_id": "t1", "checkpoint_ns": ""}}
    checkpoint = empty_checkpoint()
    stored = await saver.aput(config, checkpoint, {"source": "input", "step": 0}, {})
    loaded = await saver.aget_tuple(stored)
    assert loaded is not None
    assert loaded.checkpoint["id"] == checkpoint["id"]
    assert loaded.config["configurable"]["checkpoint_id"] == checkpoint["id"]


async def test_memory_checkpointer_round_trips(tmp_path: Path) -> None:
    async with _async_checkpointer(CheckpointerConfig(type="memory")) as saver:
        assert isinstance(saver, InMemorySaver)
        await _round_trip(saver)


async def test_sqlite_checkpointer_creates_parent_dirs_and_persists(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "nested" / "cp.db"
    config = CheckpointerConfig(type="sqlite", connection_string=str(db))
    async with _async_checkpointer(config) as saver:
        assert isinstance(saver, AsyncSqliteSaver)
        await _round_trip(saver)
    assert db.is_file()
    async with _async_checkpointer(config) as reopened:
        loaded = await reopened.aget_tuple({"configurable": {"thread_id": "t1"}})
        assert loaded is not None


async def test_sqlite_checkpointer_relative_path_lands_in_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEER_FLOW_HOME", str(tmp_path / "home"))
    config = CheckpointerConfig(type="sqlite", connection_string="sqlite:///sub/cp.db")
    async with _async_checkpointer(config) as saver:
        await _round_trip(saver)
    assert (tmp_path / "home" / "sub" / "cp.db").is_file()


async def test_make_checkpointer_uses_app_config(tmp_path: Path) -> None:
    app_config = AppConfig(checkpointer=CheckpointerConfig(type="memory"))
    async with make_checkpointer(app_config) as saver:
        assert isinstance(saver, InMemorySaver)


async def test_sqlite_provider_offloads_path_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offloaded = []
    original = asyncio.to_thread

    async def recording_to_thread(func, /, *args, **kwargs):
        offloaded.append(func)
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(async_provider.asyncio, "to_thread", recording_to_thread)
    config = CheckpointerConfig(type="sqlite", connection_string=str(tmp_path / "d" / "cp.db"))
    async with _async_checkpointer(config):
        pass
    assert offloaded[:2] == [resolve_sqlite_conn_str, ensure_sqlite_parent_dir]


async def test_sqlite_provider_does_no_file_io_on_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_loop_io(monkeypatch)
    db = tmp_path / "x" / "y" / "cp.db"
    config = CheckpointerConfig(type="sqlite", connection_string=str(db))
    async with _async_checkpointer(config) as saver:
        await _round_trip(saver)
    assert await asyncio.to_thread(db.is_file)


def test_providers_cover_every_config_choice() -> None:
    choices = CheckpointerConfig.model_fields["type"].annotation.__args__
    assert sorted(p.name for p in PROVIDERS) == sorted(choices)
    assert all(p.reason for p in PROVIDERS)


async def test_unknown_type_lists_choices() -> None:
    config = CheckpointerConfig.model_construct(type="redis", connection_string="x")
    with pytest.raises(ValueError, match=r"'redis'.*expected one of: memory, sqlite"):
        async with _async_checkpointer(config):
            pass
