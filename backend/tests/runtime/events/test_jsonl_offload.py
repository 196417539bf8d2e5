"""JSONL store keeps every file operation off the event loop, offloading via `asyncio.to_thread`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from deerflow.runtime.events.store import JsonlRunEventStore
from deerflow.runtime.events.store import jsonl as jsonl_module
from tests.runtime.events.loop_guard import LoopIOError, forbid_loop_io


@pytest.fixture
def offloaded(monkeypatch: pytest.MonkeyPatch) -> list:
    """Record every callable the JSONL module hands to `asyncio.to_thread`."""
    calls: list = []
    original = asyncio.to_thread

    async def recording_to_thread(func, /, *args, **kwargs):
        calls.append(func)
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(jsonl_module.asyncio, "to_thread", recording_to_thread)
    return calls


async def test_put_offloads_locking_seq_loading_and_the_append_at_once(
    tmp_path: Path, offloaded: list
) -> None:
    store = JsonlRunEventStore(tmp_path)
    await store.put("t1", "r1", "e", "c", None)
    assert offloaded == [store._append_drafts]
    offloaded.clear()
    await store.put("t1", "r1", "e", "c", None)
    assert offloaded == [store._append_drafts]


async def test_put_does_no_file_io_when_to_thread_is_bypassed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If `put` did any IO itself, replacing the offload with a no-op would still create files."""

    async def skip(func, /, *args, **kwargs):
        return [None]  # what `put` unpacks its one event from

    monkeypatch.setattr(jsonl_module.asyncio, "to_thread", skip)
    store = JsonlRunEventStore(tmp_path / "base")
    await store.put("t1", "r1", "e", "c", None)
    await store.put_batch(
        [{"thread_id": "t2", "run_id": "r", "event_type": "e", "category": "c", "content": 1}]
    )
    assert not (tmp_path / "base").exists()


def test_loop_guard_catches_io_on_the_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> None:
        forbid_loop_io(monkeypatch, jsonl_module)
        with pytest.raises(LoopIOError, match=r"`Path\.exists`"):
            # Deliberately blocking: this is the negative twin proving the guard fires.
            tmp_path.exists()  # noqa: ASYNC240
        with pytest.raises(LoopIOError, match="`open`"):
            jsonl_module.open(tmp_path / "x", "w")
        assert await asyncio.to_thread(tmp_path.exists) is True

    asyncio.run(scenario())


async def _exercise_every_method(store: JsonlRunEventStore, seeded: int = 0) -> None:
    """Call every public method once; `seeded` events already exist in thread `t1`."""
    await store.put("t1", "r1", "run.start", "lifecycle", None)
    await store.put_batch(
        [
            {
                "thread_id": "t1",
                "run_id": "r2",
                "event_type": "m",
                "category": "message",
                "content": i,
            }
            for i in range(3)
        ]
    )
    assert (await store.put_if_absent("t1", "r1", "run.start", "lifecycle", None))[1] is False
    assert len(await store.list_messages("t1", limit=2)) == 2
    assert len(await store.list_events("t1", "r2", event_types=["m"])) == 3
    assert len(await store.list_messages_by_run("t1", "r2")) == 3
    assert await store.count_messages("t1") == 3
    assert await store.thread_exists("t1") is True
    assert await store.delete_by_run("t1", "r2") == 3
    assert await store.delete_by_thread("t1") == 1 + seeded
    assert await store.thread_exists("t1") is False
    await store.close()


async def test_every_method_keeps_file_io_off_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seed files first (unguarded) so a restarted store has a marker and runs to load.
    seed = JsonlRunEventStore(tmp_path)
    await seed.put("t1", "r0", "e", "c", None)
    await seed.put("t1", "r9", "e", "c", None)
    await seed.delete_by_run("t1", "r9")
    forbid_loop_io(monkeypatch, jsonl_module)
    await _exercise_every_method(JsonlRunEventStore(tmp_path, fsync=True), seeded=1)


async def test_every_method_offloads_through_to_thread(tmp_path: Path, offloaded: list) -> None:
    store = JsonlRunEventStore(tmp_path)
    await _exercise_every_method(store)
    names = {func.__name__ for func in offloaded}
    assert names == {
        "_append_drafts",
        "_append_if_absent",
        "_read_run",
        "_read_thread",
        "_has_runs",
        "_delete_run",
        "_delete_thread",
    }
