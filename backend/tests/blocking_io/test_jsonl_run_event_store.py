"""`JsonlRunEventStore` keeps all file IO of its async API off the event loop, over seeded files.

Each test opens a store on a directory seeded with a finished run in the store's on-disk format,
so loading the thread's seq reads that file. It drives `put`, `put_batch`, `put_if_absent`,
`list_messages`, `list_events` (without and with `event_types`, so the filter runs after the
read), `list_messages_by_run`, `count_messages`, `thread_exists`, `delete_by_run`,
`delete_by_thread` and `close`, and `put` from two instances at once. It guards every
`asyncio.to_thread` offload in `deerflow/runtime/events/store/jsonl.py`, each of which also takes
the thread's `last_seq` file lock (`fcntl.flock`) and reads the persisted seq mark, or rescans
the seeded files for it:

- `_append_drafts` (`put`, `put_batch`);
- `_append_if_absent` (`put_if_absent`, whether or not the event is new);
- `_read_run` (`list_events`, `list_messages_by_run`);
- `_read_thread` (`list_messages`, `count_messages`);
- `_delete_run`, `_delete_thread` and `_has_runs` (`thread_exists`).

The bug shape is a store method that reads, appends, stats or deletes a file directly in the
coroutine. Reverting any of these offloads must turn this module red.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from deerflow.runtime.events.store import JsonlRunEventStore, RunEvent
from tests.blocking_io._anchor_support import SeededRun, seed_run

THREAD = "thread-seeded"
OTHER_THREAD = "thread-fresh"
SEEDED_RUN = "run-seeded"
NEW_RUN = "run-new"
# The seeded run starts late, as if earlier runs had been deleted: seqs continue from the file,
# not from a count of records.
FIRST_SEEDED_SEQ = 5


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    return tmp_path / "run-events"


@pytest.fixture
def seeded(base_dir: Path) -> SeededRun:
    return seed_run(base_dir, THREAD, SEEDED_RUN, first_seq=FIRST_SEEDED_SEQ)


@pytest.fixture
async def store(base_dir: Path, seeded: SeededRun) -> AsyncIterator[JsonlRunEventStore]:
    opened = JsonlRunEventStore(base_dir)
    yield opened
    await opened.close()


def _records(events: list[RunEvent]) -> list[dict]:
    return [event.to_dict() for event in events]


async def test_jsonl_store_put_continues_seq_from_seeded_file(
    store: JsonlRunEventStore, seeded: SeededRun
) -> None:
    first = await store.put(THREAD, NEW_RUN, "message.human", "message", "follow-up")
    second = await store.put(THREAD, NEW_RUN, "message.ai", "message", "done", {"tokens": 3})
    fresh = await store.put(OTHER_THREAD, NEW_RUN, "message.human", "message", "hello")

    assert (first.seq, second.seq) == (seeded.last_seq + 1, seeded.last_seq + 2)
    assert fresh.seq == 1
    assert _records(await store.list_events(THREAD, NEW_RUN)) == _records([first, second])


async def test_jsonl_store_put_batch_appends_across_runs_and_threads(
    store: JsonlRunEventStore, seeded: SeededRun
) -> None:
    records = [
        {
            "thread_id": THREAD,
            "run_id": SEEDED_RUN,
            "event_type": "run.note",
            "category": "lifecycle",
            "content": "late note",
        },
        {
            "thread_id": OTHER_THREAD,
            "run_id": NEW_RUN,
            "event_type": "message.human",
            "category": "message",
            "content": "batch hello",
            "metadata": {"source": "batch"},
        },
        {
            "thread_id": THREAD,
            "run_id": NEW_RUN,
            "event_type": "message.human",
            "category": "message",
            "content": "batch follow-up",
        },
    ]

    events = await store.put_batch(records)

    assert [(e.thread_id, e.seq) for e in events] == [
        (THREAD, seeded.last_seq + 1),
        (OTHER_THREAD, 1),
        (THREAD, seeded.last_seq + 2),
    ]
    seeded_run = await store.list_events(THREAD, SEEDED_RUN)
    assert _records(seeded_run) == [*seeded.records, events[0].to_dict()]


async def test_jsonl_store_put_if_absent_finds_the_seeded_event(
    store: JsonlRunEventStore, seeded: SeededRun
) -> None:
    seeded_start = seeded.records[0]

    existing, created = await store.put_if_absent(
        THREAD, SEEDED_RUN, seeded_start["event_type"], "lifecycle", {"task": "a retry"}
    )
    added, added_created = await store.put_if_absent(
        THREAD, SEEDED_RUN, "run.retry", "lifecycle", {"attempt": 2}
    )

    assert (existing.to_dict(), created) == (seeded_start, False)
    assert (added.seq, added_created) == (seeded.last_seq + 1, True)


async def test_jsonl_store_readers_return_the_seeded_run(
    store: JsonlRunEventStore, seeded: SeededRun
) -> None:
    messages = seeded.of_category("message")
    lifecycle_types = ["run.start", "run.end"]

    assert _records(await store.list_messages(THREAD)) == messages
    assert _records(await store.list_messages(THREAD, limit=1)) == messages[-1:]
    after_first = await store.list_messages(THREAD, after_seq=messages[0]["seq"])
    assert _records(after_first) == messages[1:]
    assert _records(await store.list_events(THREAD, SEEDED_RUN)) == list(seeded.records)
    filtered = await store.list_events(THREAD, SEEDED_RUN, event_types=lifecycle_types)
    assert _records(filtered) == [r for r in seeded.records if r["event_type"] in lifecycle_types]
    assert _records(await store.list_messages_by_run(THREAD, SEEDED_RUN)) == messages
    assert await store.count_messages(THREAD) == len(messages)
    assert await store.thread_exists(THREAD) is True
    assert await store.thread_exists(OTHER_THREAD) is False


async def test_jsonl_store_delete_by_run_keeps_the_seq_high_water_mark(
    store: JsonlRunEventStore, seeded: SeededRun, base_dir: Path
) -> None:
    deleted = await store.delete_by_run(THREAD, SEEDED_RUN)

    assert deleted == len(seeded.records)
    assert await store.delete_by_run(THREAD, SEEDED_RUN) == 0
    assert await store.list_events(THREAD, SEEDED_RUN) == []
    assert await store.thread_exists(THREAD) is False
    assert not seeded.path.exists()
    await store.close()
    restarted = JsonlRunEventStore(base_dir)
    event = await restarted.put(THREAD, NEW_RUN, "message.human", "message", "after delete")
    await restarted.close()
    assert event.seq == seeded.last_seq + 1


async def test_jsonl_store_delete_by_thread_starts_the_thread_afresh(
    store: JsonlRunEventStore, seeded: SeededRun
) -> None:
    deleted = await store.delete_by_thread(THREAD)

    assert deleted == len(seeded.records)
    assert await store.delete_by_thread(THREAD) == 0
    assert await store.thread_exists(THREAD) is False
    assert await store.count_messages(THREAD) == 0
    restarted = await store.put(THREAD, NEW_RUN, "message.human", "message", "new life")
    assert restarted.seq == 1


async def test_jsonl_store_close_rejects_later_calls(
    store: JsonlRunEventStore, seeded: SeededRun
) -> None:
    assert await store.count_messages(THREAD) == len(seeded.of_category("message"))

    await store.close()

    with pytest.raises(RuntimeError, match="closed"):
        await store.put(THREAD, NEW_RUN, "message.human", "message", "too late")


async def test_jsonl_store_two_instances_share_the_seeded_seqs(
    store: JsonlRunEventStore, seeded: SeededRun, base_dir: Path
) -> None:
    other = JsonlRunEventStore(base_dir)

    events = await asyncio.gather(
        *(
            (store if index % 2 else other).put(THREAD, NEW_RUN, "e", "message", index)
            for index in range(6)
        )
    )
    await other.close()

    seqs = sorted(event.seq for event in events)
    assert seqs == list(range(seeded.last_seq + 1, seeded.last_seq + 7))
