"""JSONL stores sharing one base directory never hand out a seq twice.

Two store instances in one process, or two processes, writing the same thread must get seqs that
are unique and strictly increasing per writer, and never reuse a seq of a run another writer
deleted. Before the per-thread file lock each instance trusted its own cached counter.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
from pathlib import Path

from deerflow.config import BACKEND_DIR
from deerflow.runtime.events.store import JsonlRunEventStore

THREAD = "t-shared"
WRITER_TIMEOUT = 120


def _strictly_increasing(seqs: list[int]) -> bool:
    return all(a < b for a, b in itertools.pairwise(seqs))


async def _stored_seqs(base: Path) -> list[int]:
    reader = JsonlRunEventStore(base)
    seqs = [event.seq for event in await reader.list_messages(THREAD)]
    await reader.close()
    return seqs


async def test_jsonl_two_instances_share_one_seq_sequence(tmp_path: Path) -> None:
    first, second = JsonlRunEventStore(tmp_path), JsonlRunEventStore(tmp_path)

    async def write(store: JsonlRunEventStore, name: str) -> list[int]:
        events = await asyncio.gather(
            *(store.put(THREAD, f"{name}-{i % 2}", "e", "message", i) for i in range(60))
        )
        return [event.seq for event in events]

    seqs_a, seqs_b = await asyncio.gather(write(first, "a"), write(second, "b"))
    record = {"thread_id": THREAD, "run_id": "b-0", "event_type": "e", "category": "message"}
    batch = await second.put_batch([{**record, "content": index} for index in range(3)])
    after = await first.put(THREAD, "a-0", "e", "message", "last")

    assert _strictly_increasing(seqs_a) and _strictly_increasing(seqs_b)
    assert sorted(seqs_a + seqs_b) == list(range(1, 121))
    assert [event.seq for event in batch] == [121, 122, 123]
    assert after.seq == 124
    assert await _stored_seqs(tmp_path) == list(range(1, 125))


async def test_jsonl_instance_never_reuses_a_seq_another_instance_deleted(tmp_path: Path) -> None:
    first, second = JsonlRunEventStore(tmp_path), JsonlRunEventStore(tmp_path)
    await first.put(THREAD, "r1", "e", "message", "kept")
    await second.put(THREAD, "r1", "e", "message", "kept too")
    for index in range(3):
        await first.put(THREAD, "r2", "e", "message", index)
    await first.delete_by_run(THREAD, "r2")

    event = await second.put(THREAD, "r3", "e", "message", "after the delete")

    assert event.seq == 6


async def test_jsonl_instance_sees_a_thread_another_instance_deleted_as_new(
    tmp_path: Path,
) -> None:
    first, second = JsonlRunEventStore(tmp_path), JsonlRunEventStore(tmp_path)
    await second.put(THREAD, "r1", "e", "message", "old life")
    await first.put(THREAD, "r1", "e", "message", "old life")
    await first.delete_by_thread(THREAD)

    event = await second.put(THREAD, "r1", "e", "message", "new life")

    assert event.seq == 1


def test_jsonl_two_processes_hand_out_unique_increasing_seqs(tmp_path: Path) -> None:
    base, ready = tmp_path / "events", tmp_path / "ready"
    ready.mkdir()
    count = 60  # per writer: 40 puts and 20 two-record batches
    writers = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.runtime.events.seq_writer"),
                *(str(base), THREAD, name, str(count), str(ready), "2"),
            ],
            cwd=BACKEND_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("p1", "p2")
    ]
    outputs = [writer.communicate(timeout=WRITER_TIMEOUT) for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0], [err for _, err in outputs]
    per_writer = [json.loads(out) for out, _ in outputs]
    assert all(_strictly_increasing(seqs) for seqs in per_writer)
    total = sum(len(seqs) for seqs in per_writer)
    assert sorted(per_writer[0] + per_writer[1]) == list(range(1, total + 1))
    assert asyncio.run(_stored_seqs(base)) == list(range(1, total + 1))
