"""`make_run_event_store` picks the backend named in `RunEventsConfig` without touching files."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.config import RunEventsConfig
from deerflow.runtime.events.store import (
    JsonlRunEventStore,
    MemoryRunEventStore,
    make_run_event_store,
)
from deerflow.runtime.events.store.factory import BACKENDS


def test_make_run_event_store_memory(tmp_path: Path) -> None:
    store = make_run_event_store(RunEventsConfig(backend="memory", base_dir=tmp_path / "x"))
    assert isinstance(store, MemoryRunEventStore)
    assert not (tmp_path / "x").exists()


async def test_make_run_event_store_jsonl_uses_base_dir(tmp_path: Path) -> None:
    store = make_run_event_store(RunEventsConfig(backend="jsonl", base_dir=tmp_path / "events"))
    assert isinstance(store, JsonlRunEventStore)
    assert not (tmp_path / "events").exists()
    await store.put("t1", "r1", "e", "c", None)
    assert (tmp_path / "events" / "threads" / "t1" / "runs" / "r1.jsonl").is_file()


def test_backends_cover_every_config_choice() -> None:
    choices = RunEventsConfig.model_fields["backend"].annotation.__args__
    assert sorted(b.name for b in BACKENDS) == sorted(choices)
    assert all(b.reason for b in BACKENDS)


def test_make_run_event_store_unknown_backend_lists_choices(tmp_path: Path) -> None:
    config = RunEventsConfig.model_construct(backend="redis", base_dir=tmp_path)
    with pytest.raises(ValueError, match=r"'redis'.*expected one of: memory, jsonl"):
        make_run_event_store(config)
