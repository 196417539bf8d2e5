"""JSONL store specifics: layout, restart, damaged files, traversal ids, concurrency, rollback."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest

from deerflow.runtime.events.store import JsonlRunEventStore
from deerflow.runtime.events.store import jsonl as jsonl_module

JSONL_LOGGER = jsonl_module.__name__


def _run_file(base: Path, thread: str = "t1", run: str = "r1") -> Path:
    return base / "threads" / thread / "runs" / f"{run}.jsonl"


def _tree(root: Path) -> set[Path]:
    return {path.relative_to(root) for path in root.rglob("*")}


async def test_jsonl_writes_one_json_object_per_line_in_the_layout(tmp_path: Path) -> None:
    store = JsonlRunEventStore(tmp_path)
    first = await store.put("t1", "r1", "message.human", "message", {"text": "hi\nthere"})
    second = await store.put("t1", "r1", "message.ai", "message", "naïve \u2028")
    lines = _run_file(tmp_path).read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert [json.loads(line) for line in lines[:-1]] == [first.to_dict(), second.to_dict()]


async def test_jsonl_restart_continues_the_sequence(tmp_path: Path) -> None:
    store = JsonlRunEventStore(tmp_path)
    for run in ("r1", "r2", "r1"):
        await store.put("t1", run, "e", "lifecycle", None)
    await store.close()
    reopened = JsonlRunEventStore(tmp_path)
    assert (await reopened.put("t1", "r3", "e", "lifecycle", None)).seq == 4
    assert (await reopened.put("t2", "r1", "e", "lifecycle", None)).seq == 1
    assert [e.seq for e in await reopened.list_events("t1", "r1")] == [1, 3]


async def test_jsonl_restart_after_deleting_the_newest_run_does_not_reuse_seqs(
    tmp_path: Path,
) -> None:
    store = JsonlRunEventStore(tmp_path)
    await store.put("t1", "r1", "e", "lifecycle", None)
    await store.put_batch(
        [
            {"thread_id": "t1", "run_id": "r2", "event_type": "e", "category": "c", "content": i}
            for i in range(3)
        ]
    )
    assert await store.delete_by_run("t1", "r2") == 3
    reopened = JsonlRunEventStore(tmp_path)
    assert (await reopened.put("t1", "r3", "e", "lifecycle", None)).seq == 5


async def test_jsonl_torn_last_line_is_skipped_and_appends_start_a_new_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = JsonlRunEventStore(tmp_path)
    await store.put("t1", "r1", "e", "lifecycle", "one")
    await store.put("t1", "r1", "e", "lifecycle", "two")
    path = _run_file(tmp_path)
    torn = b'{"thread_id":"t1","run_id":"r1","seq":3,"event_'
    with path.open("ab") as handle:
        handle.write(torn)

    reopened = JsonlRunEventStore(tmp_path)
    with caplog.at_level(logging.WARNING, logger=JSONL_LOGGER):
        events = await reopened.list_events("t1", "r1")
    assert [e.content for e in events] == ["one", "two"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(str(path) in r.getMessage() for r in warnings)
    assert "torn last line 3 " in warnings[0].getMessage()

    added = await reopened.put("t1", "r1", "e", "lifecycle", "three")
    assert added.seq == 3
    assert [e.content for e in await reopened.list_events("t1", "r1")] == ["one", "two", "three"]
    assert torn + b"\n" in path.read_bytes()


async def test_jsonl_corrupt_middle_line_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = JsonlRunEventStore(tmp_path)
    for content in ("a", "b", "c"):
        await store.put("t1", "r1", "e", "message", content)
    path = _run_file(tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[1] = b"not json at all"
    path.write_bytes(b"\n".join(lines))

    with caplog.at_level(logging.WARNING, logger=JSONL_LOGGER):
        messages = await JsonlRunEventStore(tmp_path).list_messages("t1")
    assert [m.content for m in messages] == ["a", "c"]
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "corrupt line 2 " in warning.getMessage()
    assert str(path) in warning.getMessage()


async def test_jsonl_line_with_wrong_shape_counts_as_corrupt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _run_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"seq": "1"}\n[1, 2]\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger=JSONL_LOGGER):
        assert await JsonlRunEventStore(tmp_path).list_events("t1", "r1") == []
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2


@pytest.mark.parametrize(
    "bad_id", ["..", "../outside", "a/b", "/abs", "a\\b", "x\x00y", "", "z" * 129]
)
async def test_jsonl_traversal_ids_touch_nothing(tmp_path: Path, bad_id: str) -> None:
    base = tmp_path / "base"
    store = JsonlRunEventStore(base)
    calls = [
        store.put(bad_id, "r", "e", "c", None),
        store.put("t", bad_id, "e", "c", None),
        store.put_batch(
            [{"thread_id": "t", "run_id": bad_id, "event_type": "e", "category": "c", "content": 1}]
        ),
        store.delete_by_thread(bad_id),
        store.delete_by_run("t", bad_id),
        store.thread_exists(bad_id),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"Invalid `(thread|run)_id`"):
            await call
    assert _tree(tmp_path) == set()


async def test_jsonl_concurrent_puts_never_lose_or_duplicate_seqs(tmp_path: Path) -> None:
    store = JsonlRunEventStore(tmp_path)
    events = await asyncio.gather(
        *(store.put("t1", f"r{i % 4}", "e", "lifecycle", i) for i in range(200))
    )
    assert sorted(e.seq for e in events) == list(range(1, 201))
    files = list((tmp_path / "threads" / "t1" / "runs").glob("*.jsonl"))
    assert sum(len(f.read_bytes().splitlines()) for f in files) == 200
    single = JsonlRunEventStore(tmp_path / "one")
    await asyncio.gather(*(single.put("t", "r", "e", "c", i) for i in range(200)))
    assert len(_run_file(tmp_path / "one", "t", "r").read_bytes().splitlines()) == 200


async def test_jsonl_unknown_thread_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    store = JsonlRunEventStore(tmp_path / "base")
    assert await store.delete_by_thread("ghost") == 0
    assert await store.list_messages("ghost") == []
    assert await store.list_events("ghost", "r") == []
    assert _tree(tmp_path) == set()


async def test_jsonl_delete_by_thread_removes_the_directory(tmp_path: Path) -> None:
    store = JsonlRunEventStore(tmp_path)
    await store.put("t1", "r1", "e", "c", None)
    await store.put("t2", "r1", "e", "c", None)
    assert await store.delete_by_thread("t1") == 1
    assert not (tmp_path / "threads" / "t1").exists()
    assert _run_file(tmp_path, "t2").is_file()


async def test_jsonl_put_batch_rolls_back_files_when_a_write_fails(tmp_path: Path) -> None:
    store = JsonlRunEventStore(tmp_path)
    await store.put("t1", "r1", "e", "c", "kept")
    before = _run_file(tmp_path).read_bytes()
    _run_file(tmp_path, run="r3").mkdir()  # a directory where a run file belongs: open() fails
    base = {"thread_id": "t1", "event_type": "e", "category": "c"}
    batch = [
        {**base, "run_id": "r1", "content": 1},
        {**base, "run_id": "r2", "content": 2},
        {**base, "run_id": "r3", "content": 3},
    ]
    with pytest.raises(IsADirectoryError):
        await store.put_batch(batch)
    assert _run_file(tmp_path).read_bytes() == before
    assert not _run_file(tmp_path, run="r2").exists()
    assert (await store.put("t1", "r1", "e", "c", "next")).seq == 2


async def test_jsonl_fsync_option_still_writes(tmp_path: Path) -> None:
    store = JsonlRunEventStore(tmp_path, fsync=True)
    await store.put("t1", "r1", "e", "c", 1)
    assert len(_run_file(tmp_path).read_bytes().splitlines()) == 1
