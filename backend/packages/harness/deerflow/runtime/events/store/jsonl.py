"""`RunEventStore` that appends one JSON object per line under `<base_dir>/threads/<id>/runs/`.

Layout: `<base_dir>/threads/<thread_id>/runs/<run_id>.jsonl`, plus `threads/<thread_id>/last_seq`
(written when a run is deleted, so a restart never reuses the deleted run's seqs).
Every file operation runs in a worker thread via a direct `await asyncio.to_thread(...)`; async
methods only validate, take the thread's lock (reads too: no half-written lines) and offload.

Damaged files: a line that does not decode to a record is skipped with a WARNING naming the file
and the 1-based line number. That covers a torn last line (an append cut short, no trailing
newline) and a corrupt line in the middle. Nothing is removed: before appending, the store ends
the file with a newline, so the torn bytes stay on their own line and new records stay readable.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from deerflow.runtime.events.store.base import (
    CLOSED,
    MESSAGE_CATEGORY,
    EventDraft,
    RunEvent,
    RunEventStore,
    matches_types,
    prepare_batch,
    prepare_event,
    select_messages,
    utc_now_iso,
)
from deerflow.runtime.events.store.ids import validate_id

__all__ = ["CORRUPT_LINE", "LAST_SEQ_FILENAME", "TORN_LINE", "JsonlRunEventStore"]

logger = logging.getLogger(__name__)

LAST_SEQ_FILENAME = "last_seq"
CORRUPT_LINE = "Skipping corrupt line %d of %s: %s; the other lines stay readable"
TORN_LINE = "Skipping torn last line %d of %s (no final newline): %s; next put starts a new line"


class JsonlRunEventStore(RunEventStore):
    """Store run events as JSON lines under `base_dir`; seqs survive a restart.

    Args:
        base_dir: root directory; nothing is written outside it.
        fsync: call `os.fsync` after each append for durability across power loss (slower).
    """

    def __init__(self, base_dir: Path, *, fsync: bool = False) -> None:
        self._base_dir = Path(base_dir)
        self._fsync = fsync
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_seq: dict[str, int] = {}
        self._closed = False

    async def put(
        self,
        thread_id: str,
        run_id: str,
        event_type: str,
        category: str,
        content: Any,
        metadata: Mapping[str, Any] | None = None,
    ) -> RunEvent:
        draft = prepare_event(thread_id, run_id, event_type, category, content, metadata)
        self._check_open()
        async with self._lock(thread_id):
            return await self._append_locked(draft)

    async def put_batch(self, records: Sequence[Mapping[str, Any]]) -> list[RunEvent]:
        drafts = prepare_batch(records)
        self._check_open()
        if not drafts:
            return []
        thread_ids = sorted({draft.thread_id for draft in drafts})
        async with contextlib.AsyncExitStack() as stack:
            # Locks are taken in sorted order so two overlapping batches cannot deadlock.
            for thread_id in thread_ids:
                await stack.enter_async_context(self._lock(thread_id))
            next_seq = {thread_id: await self._loaded_seq(thread_id) for thread_id in thread_ids}
            created_at = utc_now_iso()
            events = []
            lines: dict[Path, list[bytes]] = {}
            for draft in drafts:
                next_seq[draft.thread_id] += 1
                event = draft.with_seq(next_seq[draft.thread_id], created_at)
                events.append(event)
                lines.setdefault(self._run_path(event.thread_id, event.run_id), []).append(
                    _encode(event)
                )
            await asyncio.to_thread(self._write_batch, lines)
            self._last_seq.update(next_seq)
        return events

    async def put_if_absent(
        self,
        thread_id: str,
        run_id: str,
        event_type: str,
        category: str,
        content: Any,
        metadata: Mapping[str, Any] | None = None,
    ) -> tuple[RunEvent, bool]:
        draft = prepare_event(thread_id, run_id, event_type, category, content, metadata)
        self._check_open()
        async with self._lock(thread_id):
            existing = await asyncio.to_thread(self._read_run, self._run_path(thread_id, run_id))
            for event in existing:
                if event.event_type == event_type:
                    return event, False
            return await self._append_locked(draft), True

    async def list_messages(
        self, thread_id: str, limit: int | None = None, after_seq: int | None = None
    ) -> list[RunEvent]:
        self._check_thread(thread_id)
        async with self._lock(thread_id):
            events = await asyncio.to_thread(self._read_thread, thread_id)
        return select_messages(events, limit, after_seq)

    async def list_events(
        self, thread_id: str, run_id: str, event_types: Collection[str] | None = None
    ) -> list[RunEvent]:
        path = self._checked_run_path(thread_id, run_id)
        async with self._lock(thread_id):
            events = await asyncio.to_thread(self._read_run, path)
        return [event for event in events if matches_types(event, event_types)]

    async def list_messages_by_run(self, thread_id: str, run_id: str) -> list[RunEvent]:
        path = self._checked_run_path(thread_id, run_id)
        async with self._lock(thread_id):
            events = await asyncio.to_thread(self._read_run, path)
        return [event for event in events if event.category == MESSAGE_CATEGORY]

    async def count_messages(self, thread_id: str) -> int:
        self._check_thread(thread_id)
        async with self._lock(thread_id):
            events = await asyncio.to_thread(self._read_thread, thread_id)
        return sum(1 for event in events if event.category == MESSAGE_CATEGORY)

    async def delete_by_run(self, thread_id: str, run_id: str) -> int:
        path = self._checked_run_path(thread_id, run_id)
        async with self._lock(thread_id):
            last_seq = await self._loaded_seq(thread_id)
            return await asyncio.to_thread(self._delete_run, path, last_seq)

    async def delete_by_thread(self, thread_id: str) -> int:
        self._check_thread(thread_id)
        async with self._lock(thread_id):
            deleted = await asyncio.to_thread(self._delete_thread, thread_id)
            self._last_seq.pop(thread_id, None)
        return deleted

    async def thread_exists(self, thread_id: str) -> bool:
        self._check_thread(thread_id)
        async with self._lock(thread_id):
            return await asyncio.to_thread(self._has_runs, thread_id)

    async def close(self) -> None:
        self._closed = True
        # Wait for operations already holding or queued on a lock to finish.
        for lock in list(self._locks.values()):
            async with lock:
                pass

    async def _loaded_seq(self, thread_id: str) -> int:
        if thread_id not in self._last_seq:
            self._last_seq[thread_id] = await asyncio.to_thread(self._load_last_seq, thread_id)
        return self._last_seq[thread_id]

    async def _append_locked(self, draft: EventDraft) -> RunEvent:
        seq = await self._loaded_seq(draft.thread_id) + 1
        event = draft.with_seq(seq, utc_now_iso())
        path = self._run_path(draft.thread_id, draft.run_id)
        await asyncio.to_thread(self._append_lines, path, [_encode(event)])
        self._last_seq[draft.thread_id] = seq
        return event

    def _lock(self, thread_id: str) -> asyncio.Lock:
        return self._locks.setdefault(thread_id, asyncio.Lock())

    def _thread_dir(self, thread_id: str) -> Path:
        return self._base_dir / "threads" / thread_id

    def _run_path(self, thread_id: str, run_id: str) -> Path:
        return self._thread_dir(thread_id) / "runs" / f"{run_id}.jsonl"

    def _check_thread(self, thread_id: str) -> None:
        validate_id(thread_id, "thread_id")
        self._check_open()

    def _checked_run_path(self, thread_id: str, run_id: str) -> Path:
        validate_id(thread_id, "thread_id")
        validate_id(run_id, "run_id")
        self._check_open()
        return self._run_path(thread_id, run_id)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(CLOSED.format(name=type(self).__name__))

    def _append_lines(self, path: Path, lines: list[bytes]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            prefix = b""
            if size:
                handle.seek(size - 1)
                # A torn last line lacks its newline; end it so the new record starts cleanly.
                prefix = b"" if handle.read(1) == b"\n" else b"\n"
            handle.write(prefix + b"".join(lines))
            handle.flush()
            if self._fsync:
                os.fsync(handle.fileno())

    def _write_batch(self, lines: dict[Path, list[bytes]]) -> None:
        sizes: dict[Path, int | None] = {}
        try:
            for path, chunk in lines.items():
                sizes[path] = path.stat().st_size if path.exists() else None
                self._append_lines(path, chunk)
        except BaseException:
            # All or nothing: truncate appended files to their old size, remove new ones.
            for path, size in sizes.items():
                with contextlib.suppress(OSError):
                    if size is None:
                        path.unlink(missing_ok=True)
                    else:
                        os.truncate(path, size)
            raise

    def _read_run(self, path: Path) -> list[RunEvent]:
        if not path.is_file():
            return []
        raw_lines = path.read_bytes().split(b"\n")
        events = []
        last = len(raw_lines) - 1
        for index, raw in enumerate(raw_lines):
            if not raw.strip():
                continue
            try:
                events.append(RunEvent.from_dict(json.loads(raw)))
            except (ValueError, TypeError) as exc:
                logger.warning(CORRUPT_LINE if index < last else TORN_LINE, index + 1, path, exc)
        return sorted(events, key=lambda event: event.seq)

    def _read_thread(self, thread_id: str) -> list[RunEvent]:
        runs_dir = self._thread_dir(thread_id) / "runs"
        if not runs_dir.is_dir():
            return []
        paths = sorted(runs_dir.glob("*.jsonl"))
        return sorted((e for path in paths for e in self._read_run(path)), key=lambda e: e.seq)

    def _load_last_seq(self, thread_id: str) -> int:
        events = self._read_thread(thread_id)
        last = max((event.seq for event in events), default=0)
        marker = self._thread_dir(thread_id) / LAST_SEQ_FILENAME
        if marker.is_file():
            text = marker.read_text(encoding="utf-8").strip()
            if text.isdigit():
                last = max(last, int(text))
            else:
                logger.warning("Ignoring unreadable seq marker %s: %r", marker, text[:40])
        return last

    def _delete_run(self, path: Path, last_seq: int) -> int:
        if not path.is_file():
            return 0
        deleted = len(self._read_run(path))
        # Record the high-water mark before unlinking, so a crash in between cannot lose it.
        marker = path.parent.parent / LAST_SEQ_FILENAME
        marker.write_text(f"{last_seq}\n", encoding="utf-8")
        path.unlink()
        return deleted

    def _delete_thread(self, thread_id: str) -> int:
        thread_dir = self._thread_dir(thread_id)
        if not thread_dir.is_dir():
            return 0
        deleted = len(self._read_thread(thread_id))
        shutil.rmtree(thread_dir)
        return deleted

    def _has_runs(self, thread_id: str) -> bool:
        runs_dir = self._thread_dir(thread_id) / "runs"
        return runs_dir.is_dir() and any(runs_dir.glob("*.jsonl"))


def _encode(event: RunEvent) -> bytes:
    # ASCII escapes keep lone surrogates encodable and every record on exactly one line.
    return json.dumps(event.to_dict(), separators=(",", ":")).encode("ascii") + b"\n"
