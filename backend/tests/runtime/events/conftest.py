"""Fixtures for run-event store tests: each contract test runs against every backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from deerflow.runtime.events.store import JsonlRunEventStore, MemoryRunEventStore, RunEventStore


@pytest.fixture(params=["memory", "jsonl"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[RunEventStore]:
    """Yield a fresh store of each backend; the JSONL one lives under `tmp_path/events`."""
    if request.param == "memory":
        instance: RunEventStore = MemoryRunEventStore()
    else:
        instance = JsonlRunEventStore(tmp_path / "events")
    yield instance
    await instance.close()
