"""Property test: seqs stay unique and increasing across puts, batches, deletes and restarts."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deerflow.runtime.events.store import JsonlRunEventStore, MemoryRunEventStore, RunEventStore

THREADS = ("t0", "t1")
RUNS = ("r0", "r1")

_target = st.tuples(st.sampled_from(THREADS), st.sampled_from(RUNS))
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("put"), _target),
        st.tuples(st.just("batch"), st.lists(_target, max_size=4)),
        st.tuples(st.just("delete_run"), _target),
        st.tuples(st.just("restart"), st.none()),
    ),
    max_size=25,
)


async def _check(make_store, operations, *, restartable: bool) -> None:
    """Replay `operations`, checking each returned seq and the final listing against a model."""
    store: RunEventStore = make_store()
    highest = dict.fromkeys(THREADS, 0)
    alive: dict[tuple[str, str], list[int]] = {}
    for name, arg in operations:
        if name == "restart":
            if not restartable:
                continue  # only the JSONL store persists across processes
            await store.close()
            store = make_store()
            continue
        if name == "delete_run":
            expected = len(alive.pop(arg, []))
            assert await store.delete_by_run(*arg) == expected
            continue
        targets = [arg] if name == "put" else arg
        if name == "put":
            events = [await store.put(*arg, "e", "message", None)]
        else:
            records = [
                {
                    "thread_id": t,
                    "run_id": r,
                    "event_type": "e",
                    "category": "message",
                    "content": i,
                }
                for i, (t, r) in enumerate(targets)
            ]
            events = await store.put_batch(records)
        for (thread, run), event in zip(targets, events, strict=True):
            assert event.seq == highest[thread] + 1, "seqs must be contiguous and increasing"
            highest[thread] = event.seq
            alive.setdefault((thread, run), []).append(event.seq)
    for thread in THREADS:
        listed = [m.seq for m in await store.list_messages(thread)]
        expected = sorted(seq for (t, _), seqs in alive.items() if t == thread for seq in seqs)
        assert listed == expected
    await store.close()


@pytest.mark.parametrize("backend", ["memory", "jsonl"])
@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(operations=OPERATIONS)
def test_store_seqs_are_unique_and_increasing(backend: str, operations) -> None:
    if backend == "memory":
        store = MemoryRunEventStore()
        asyncio.run(_check(lambda: store, operations, restartable=False))
        return
    with tempfile.TemporaryDirectory() as base:
        make_store = lambda: JsonlRunEventStore(Path(base))  # noqa: E731
        asyncio.run(_check(make_store, operations, restartable=True))
