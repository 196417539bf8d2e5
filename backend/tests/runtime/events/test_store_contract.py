"""Behavioural contract every `RunEventStore` backend meets (parametrised over memory and JSONL)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from deerflow.runtime.events.store import RunEvent, RunEventStore
from deerflow.runtime.events.store.base import MAX_CONTENT_DEPTH, NESTED_TOO_DEEPLY


async def _conversation(store: RunEventStore, thread: str = "t1", run: str = "r1") -> None:
    await store.put(thread, run, "run.start", "lifecycle", None)
    await store.put(thread, run, "message.human", "message", {"text": "hi"})
    await store.put(thread, run, "message.ai", "message", {"text": "hello"})
    await store.put(thread, run, "run.end", "lifecycle", None)


async def test_put_returns_the_stored_record(store: RunEventStore) -> None:
    event = await store.put("t1", "r1", "message.human", "message", {"text": "hi"}, {"k": 1})
    assert (event.thread_id, event.run_id, event.event_type, event.category) == (
        "t1",
        "r1",
        "message.human",
        "message",
    )
    assert event.content == {"text": "hi"}
    assert event.metadata == {"k": 1}
    assert event.seq == 1
    assert datetime.fromisoformat(event.created_at).utcoffset() == UTC.utcoffset(None)
    assert await store.list_events("t1", "r1") == [event]


async def test_put_without_metadata_stores_empty_mapping(store: RunEventStore) -> None:
    event = await store.put("t1", "r1", "run.start", "lifecycle", "x")
    assert event.metadata == {}


async def test_to_dict_round_trips(store: RunEventStore) -> None:
    event = await store.put("t1", "r1", "message.ai", "message", [1, "two"], {"m": True})
    assert RunEvent.from_dict(event.to_dict()) == event


async def test_content_is_json_normalised(store: RunEventStore) -> None:
    event = await store.put("t1", "r1", "x", "lifecycle", {"pair": (1, 2)}, {"n": (3,)})
    assert event.content == {"pair": [1, 2]}
    assert (await store.list_events("t1", "r1"))[0].content == {"pair": [1, 2]}


async def test_seq_increases_per_thread_across_runs(store: RunEventStore) -> None:
    seqs = [(await store.put("t1", f"r{i % 3}", "e", "lifecycle", i)).seq for i in range(7)]
    assert seqs == list(range(1, 8))
    assert (await store.put("t2", "r0", "e", "lifecycle", 0)).seq == 1


async def test_list_events_filters_by_type_and_keeps_seq_order(store: RunEventStore) -> None:
    await _conversation(store)
    await store.put("t1", "other", "run.start", "lifecycle", None)
    events = await store.list_events("t1", "r1")
    assert [e.event_type for e in events] == ["run.start", "message.human", "message.ai", "run.end"]
    assert [e.seq for e in events] == [1, 2, 3, 4]
    only = await store.list_events("t1", "r1", event_types=["run.start", "run.end"])
    assert [e.event_type for e in only] == ["run.start", "run.end"]
    assert await store.list_events("t1", "r1", event_types=None) == events


async def test_list_messages_returns_thread_messages_in_seq_order(store: RunEventStore) -> None:
    await _conversation(store, run="r1")
    await _conversation(store, run="r2")
    messages = await store.list_messages("t1")
    assert [(m.run_id, m.seq) for m in messages] == [("r1", 2), ("r1", 3), ("r2", 6), ("r2", 7)]
    assert all(m.category == "message" for m in messages)


async def test_list_messages_limit_keeps_the_last_after_seq(store: RunEventStore) -> None:
    await _conversation(store, run="r1")
    await _conversation(store, run="r2")
    assert [m.seq for m in await store.list_messages("t1", limit=3)] == [3, 6, 7]
    assert [m.seq for m in await store.list_messages("t1", after_seq=3)] == [6, 7]
    assert [m.seq for m in await store.list_messages("t1", limit=1, after_seq=2)] == [7]
    assert await store.list_messages("t1", limit=0) == []
    assert await store.list_messages("t1", after_seq=7) == []


@pytest.mark.parametrize("limit", [-1, 1.5, "2"])
async def test_list_messages_rejects_bad_limit(store: RunEventStore, limit: object) -> None:
    with pytest.raises(ValueError, match="limit"):
        await store.list_messages("t1", limit=limit)  # type: ignore[arg-type]


async def test_list_messages_by_run_and_count(store: RunEventStore) -> None:
    await _conversation(store, run="r1")
    await _conversation(store, run="r2")
    by_run = await store.list_messages_by_run("t1", "r2")
    assert [(m.event_type, m.seq) for m in by_run] == [("message.human", 6), ("message.ai", 7)]
    assert await store.count_messages("t1") == 4
    assert await store.count_messages("t2") == 0


async def test_put_if_absent_stores_once_per_run_and_type(store: RunEventStore) -> None:
    first, created = await store.put_if_absent("t1", "r1", "run.start", "lifecycle", 1)
    again, created_again = await store.put_if_absent("t1", "r1", "run.start", "lifecycle", 2)
    other_run, other_created = await store.put_if_absent("t1", "r2", "run.start", "lifecycle", 3)
    assert (created, created_again, other_created) == (True, False, True)
    assert again == first
    assert other_run.seq == first.seq + 1
    assert [e.content for e in await store.list_events("t1", "r1")] == [1]


async def test_put_batch_assigns_contiguous_seqs_per_thread_in_input_order(
    store: RunEventStore,
) -> None:
    await store.put("a", "r0", "e", "lifecycle", "before")
    records = [
        {
            "thread_id": "a",
            "run_id": "r1",
            "event_type": "e",
            "category": "lifecycle",
            "content": 1,
        },
        {"thread_id": "b", "run_id": "r1", "event_type": "e", "category": "message", "content": 2},
        {
            "thread_id": "a",
            "run_id": "r2",
            "event_type": "e",
            "category": "lifecycle",
            "content": 3,
        },
        {"thread_id": "a", "run_id": "r1", "event_type": "f", "category": "message", "content": 4},
        {"thread_id": "b", "run_id": "r1", "event_type": "f", "category": "message", "content": 5},
    ]
    events = await store.put_batch(records)
    assert [(e.thread_id, e.seq, e.content) for e in events] == [
        ("a", 2, 1),
        ("b", 1, 2),
        ("a", 3, 3),
        ("a", 4, 4),
        ("b", 2, 5),
    ]
    assert [e.content for e in await store.list_events("a", "r1")] == [1, 4]
    assert await store.count_messages("b") == 2


async def test_put_batch_of_nothing_returns_empty(store: RunEventStore) -> None:
    assert await store.put_batch([]) == []


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ({"thread_id": "../x"}, ValueError),
        ({"content": {1, 2}}, TypeError),
        ({"content": math.nan}, ValueError),
        ({"colour": "red"}, ValueError),
        ({"metadata": ["not", "a", "mapping"]}, TypeError),
    ],
    ids=["bad-id", "unserialisable", "nan", "unknown-key", "bad-metadata"],
)
async def test_put_batch_is_all_or_nothing(store: RunEventStore, bad: dict, error: type) -> None:
    good = {"thread_id": "t1", "run_id": "r1", "event_type": "e", "category": "message"}
    records = [{**good, "content": 1}, {**good, "content": 2, **bad}]
    with pytest.raises(error, match="put_batch record 1"):
        await store.put_batch(records)
    assert await store.list_events("t1", "r1") == []
    assert await store.thread_exists("t1") is False
    assert (await store.put("t1", "r1", "e", "message", 3)).seq == 1


async def test_put_batch_reports_missing_keys(store: RunEventStore) -> None:
    with pytest.raises(ValueError, match=r"put_batch record 0: missing keys \['content'\]"):
        await store.put_batch(
            [{"thread_id": "t", "run_id": "r", "event_type": "e", "category": "c"}]
        )


@pytest.mark.parametrize(
    ("field", "kwargs", "error"),
    [
        ("content", {"content": object()}, TypeError),
        ("content", {"content": {"x": math.inf}}, ValueError),
        ("metadata", {"metadata": {"when": datetime.now(UTC)}}, TypeError),
    ],
    ids=["object", "infinity", "datetime-metadata"],
)
async def test_put_rejects_unserialisable_values_before_writing(
    store: RunEventStore, field: str, kwargs: dict, error: type
) -> None:
    call = {"content": "ok", **kwargs}
    with pytest.raises(error, match=f"Field `{field}` of event `e` is not JSON-serialisable"):
        await store.put("t1", "r1", "e", "lifecycle", **call)
    assert await store.thread_exists("t1") is False
    assert (await store.put("t1", "r1", "e", "lifecycle", "ok")).seq == 1


def _nested(depth: int) -> list:
    """Return a list nested `depth` levels deep (`[[...]]`), built without recursion."""
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("field", "depth"),
    [
        ("content", MAX_CONTENT_DEPTH + 1),
        ("content", 1_000),
        ("content", 100_000),
        ("metadata", MAX_CONTENT_DEPTH + 1),
        ("metadata", 100_000),
    ],
)
async def test_put_rejects_content_nested_too_deeply_before_writing(
    store: RunEventStore, field: str, depth: int
) -> None:
    # Metadata is a mapping: its outer dict is one level of the depth.
    call = {"content": "ok", "metadata": None}
    call[field] = _nested(depth) if field == "content" else {"deep": _nested(depth - 1)}
    message = NESTED_TOO_DEEPLY.format(field=field, event_type="e", max_depth=MAX_CONTENT_DEPTH)

    with pytest.raises(ValueError) as caught:
        await store.put("t1", "r1", "e", "lifecycle", **call)
    with pytest.raises(ValueError, match="put_batch record 0"):
        await store.put_batch(
            [{"thread_id": "t1", "run_id": "r1", "event_type": "e", "category": "c", **call}]
        )

    assert str(caught.value) == message
    assert await store.thread_exists("t1") is False
    assert (await store.put("t1", "r1", "e", "lifecycle", "ok")).seq == 1


async def test_put_accepts_content_nested_to_the_limit(store: RunEventStore) -> None:
    content = _nested(MAX_CONTENT_DEPTH)

    event = await store.put("t1", "r1", "e", "lifecycle", content)

    assert [e.content for e in await store.list_events("t1", "r1")] == [content]
    assert event.content == content


@pytest.mark.parametrize(("event_type", "category"), [("", "message"), ("e", ""), (1, "message")])
async def test_put_rejects_bad_event_type_or_category(
    store: RunEventStore, event_type: object, category: object
) -> None:
    with pytest.raises((ValueError, TypeError), match=r"Field `(event_type|category)`"):
        await store.put("t1", "r1", event_type, category, None)  # type: ignore[arg-type]


BAD_ID = "../escape"

ID_CALLS = [
    ("put-thread", lambda s: s.put(BAD_ID, "r", "e", "c", None)),
    ("put-run", lambda s: s.put("t", BAD_ID, "e", "c", None)),
    ("put_if_absent", lambda s: s.put_if_absent("t", BAD_ID, "e", "c", None)),
    ("list_messages", lambda s: s.list_messages(BAD_ID)),
    ("list_events", lambda s: s.list_events("t", BAD_ID)),
    ("list_messages_by_run", lambda s: s.list_messages_by_run(BAD_ID, "r")),
    ("count_messages", lambda s: s.count_messages(BAD_ID)),
    ("delete_by_run", lambda s: s.delete_by_run("t", BAD_ID)),
    ("delete_by_thread", lambda s: s.delete_by_thread(BAD_ID)),
    ("thread_exists", lambda s: s.thread_exists(BAD_ID)),
]


@pytest.mark.parametrize("call", [c for _, c in ID_CALLS], ids=[n for n, _ in ID_CALLS])
async def test_every_method_rejects_bad_ids(store: RunEventStore, call) -> None:
    with pytest.raises(ValueError, match=r"Invalid `(thread|run)_id` '\.\./escape'"):
        await call(store)


async def test_delete_by_run_counts_and_never_reuses_seqs(store: RunEventStore) -> None:
    await _conversation(store, run="r1")
    await _conversation(store, run="r2")
    assert await store.delete_by_run("t1", "r2") == 4
    assert await store.list_events("t1", "r2") == []
    assert [m.run_id for m in await store.list_messages("t1")] == ["r1", "r1"]
    assert (await store.put("t1", "r3", "e", "lifecycle", None)).seq == 9
    assert await store.delete_by_run("t1", "r2") == 0


async def test_delete_by_thread_counts_and_forgets_the_thread(store: RunEventStore) -> None:
    await _conversation(store, run="r1")
    await _conversation(store, run="r2")
    await _conversation(store, thread="keep")
    assert await store.delete_by_thread("t1") == 8
    assert await store.thread_exists("t1") is False
    assert await store.list_messages("t1") == []
    assert await store.count_messages("keep") == 2
    assert (await store.put("t1", "r1", "e", "lifecycle", None)).seq == 1


async def test_unknown_thread_reads_as_empty(store: RunEventStore) -> None:
    assert await store.thread_exists("ghost") is False
    assert await store.list_messages("ghost") == []
    assert await store.list_events("ghost", "r") == []
    assert await store.list_messages_by_run("ghost", "r") == []
    assert await store.count_messages("ghost") == 0
    assert await store.delete_by_run("ghost", "r") == 0
    assert await store.delete_by_thread("ghost") == 0


async def test_thread_exists_tracks_runs(store: RunEventStore) -> None:
    await store.put("t1", "r1", "e", "lifecycle", None)
    assert await store.thread_exists("t1") is True
    await store.delete_by_run("t1", "r1")
    assert await store.thread_exists("t1") is False


async def test_closed_store_rejects_calls(store: RunEventStore) -> None:
    await store.put("t1", "r1", "e", "lifecycle", None)
    await store.close()
    await store.close()
    with pytest.raises(RuntimeError, match="is closed"):
        await store.put("t1", "r1", "e", "lifecycle", None)
    with pytest.raises(RuntimeError, match="is closed"):
        await store.list_events("t1", "r1")
