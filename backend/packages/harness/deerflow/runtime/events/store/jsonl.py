"""`RunEventStore` that appends one JSON object per line under `<base_dir>/threads/<id>/runs/`.

Layout: `<base_dir>/threads/<thread_id>/runs/<run_id>.jsonl`, plus `threads/<thread_id>/last_seq`,
the thread's lock and seq high-water mark (see `seqfile`). Seqs are unique across store instances
and processes sharing `base_dir`: every write locks `last_seq` with `fcntl.flock` and reads the
persisted mark under the lock; nothing is cached in memory. Readers take the lock shared, so
they never see another writer's half-written line.

Every file operation, locking included, runs in a worker thread via a direct
`await asyncio.to_thread(...)`; async methods only validate, take the instance's per-thread
asyncio lock (so its own calls queue on the loop, not in worker threads) and offload.

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
import uuid
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
from deerflow.runtime.events.store.seqfile import SEQ_FILENAME, SeqFile, locked_seq_file

__all__ = ["CORRUPT_LINE", "LAST_SEQ_FILENAME", "TORN_LINE", "JsonlRunEventStore"]

logger = logging.getLogger(__name__)

LAST_SEQ_FILENAME = SEQ_FILENAME
CORRUPT_LINE = "Skipping corrupt line %d of %s: %s; the other lines stay readable"
TORN_LINE = "Skipping torn last line %d of %s (no final newline): %s; next put starts a new line"
# A deleted thread's directory is renamed to this (never a valid id: '~' is outside the id
# alphabet) before it is removed, so a writer waiting on its lock starts a fresh directory.
_DELETED_SUFFIX = "~deleted-{token}"


class JsonlRunEventStore(RunEventStore):
    """Store run events as JSON lines under `base_dir`; seqs survive restarts and are shared.

    Args:
        base_dir: root directory; nothing is written outside it.
        fsync: call `os.fsync` after each append (and seq mark) for durability across power loss.
    """

    def __init__(self, base_dir: Path, *, fsync: bool = False) -> None:
        self._base_dir = Path(base_dir)
        self._fsync = fsync
        self._locks: dict[str, asyncio.Lock] = {}
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
            [event] = await asyncio.to_thread(self._append_drafts, [draft])
        return event

    async def put_batch(self, records: Sequence[Mapping[str, Any]]) -> list[RunEvent]:
        drafts = prepare_batch(records)
        self._check_open()
        if not drafts:
            return []
        async with contextlib.AsyncExitStack() as stack:
            # Locks are taken in sorted order so two overlapping batches cannot deadlock.
            for thread_id in sorted({draft.thread_id for draft in drafts}):
                await stack.enter_async_context(self._lock(thread_id))
            return await asyncio.to_thread(self._append_drafts, drafts)

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
            return await asyncio.to_thread(self._append_if_absent, draft)

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
        self._check_run(thread_id, run_id)
        async with self._lock(thread_id):
            events = await asyncio.to_thread(self._read_run, thread_id, run_id)
        return [event for event in events if matches_types(event, event_types)]

    async def list_messages_by_run(self, thread_id: str, run_id: str) -> list[RunEvent]:
        self._check_run(thread_id, run_id)
        async with self._lock(thread_id):
            events = await asyncio.to_thread(self._read_run, thread_id, run_id)
        return [event for event in events if event.category == MESSAGE_CATEGORY]

    async def count_messages(self, thread_id: str) -> int:
        self._check_thread(thread_id)
        async with self._lock(thread_id):
            events = await asyncio.to_thread(self._read_thread, thread_id)
        return sum(1 for event in events if event.category == MESSAGE_CATEGORY)

    async def delete_by_run(self, thread_id: str, run_id: str) -> int:
        self._check_run(thread_id, run_id)
        async with self._lock(thread_id):
            return await asyncio.to_thread(self._delete_run, thread_id, run_id)

    async def delete_by_thread(self, thread_id: str) -> int:
        self._check_thread(thread_id)
        async with self._lock(thread_id):
            return await asyncio.to_thread(self._delete_thread, thread_id)

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

    def _lock(self, thread_id: str) -> asyncio.Lock:
        return self._locks.setdefault(thread_id, asyncio.Lock())

    def _thread_dir(self, thread_id: str) -> Path:
        return self._base_dir / "threads" / thread_id

    def _seq_path(self, thread_id: str) -> Path:
        return self._thread_dir(thread_id) / SEQ_FILENAME

    def _run_path(self, thread_id: str, run_id: str) -> Path:
        return self._thread_dir(thread_id) / "runs" / f"{run_id}.jsonl"

    def _check_thread(self, thread_id: str) -> None:
        validate_id(thread_id, "thread_id")
        self._check_open()

    def _check_run(self, thread_id: str, run_id: str) -> None:
        validate_id(thread_id, "thread_id")
        validate_id(run_id, "run_id")
        self._check_open()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(CLOSED.format(name=type(self).__name__))

    # Everything below blocks: it runs in a worker thread through asyncio.to_thread.

    def _append_drafts(self, drafts: Sequence[EventDraft]) -> list[RunEvent]:
        with contextlib.ExitStack() as stack:
            seq_files = {}
            for thread_id in sorted({draft.thread_id for draft in drafts}):
                seq_file = stack.enter_context(
                    locked_seq_file(self._seq_path(thread_id), create=True)
                )
                assert seq_file is not None  # created on demand
                seq_files[thread_id] = seq_file
            return self._append_locked(drafts, seq_files)

    def _append_if_absent(self, draft: EventDraft) -> tuple[RunEvent, bool]:
        with locked_seq_file(self._seq_path(draft.thread_id), create=True) as seq_file:
            assert seq_file is not None  # created on demand
            for event in self._read_run_file(self._run_path(draft.thread_id, draft.run_id)):
                if event.event_type == draft.event_type:
                    return event, False
            [event] = self._append_locked([draft], {draft.thread_id: seq_file})
            return event, True

    def _append_locked(
        self, drafts: Sequence[EventDraft], seq_files: Mapping[str, SeqFile]
    ) -> list[RunEvent]:
        """Give the drafts the next seqs of their threads and append them, all or nothing."""
        last_seq = {thread_id: self._last_seq(thread_id, f) for thread_id, f in seq_files.items()}
        next_seq = dict(last_seq)
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
        # Marks first: a crash before the append leaves a gap in the seqs, never a reuse.
        for thread_id, seq_file in seq_files.items():
            seq_file.write_mark(next_seq[thread_id], fsync=self._fsync)
        try:
            self._write_batch(lines)
        except BaseException:
            # The batch was rolled back and the lock is still held: give the seqs back.
            for thread_id, seq_file in seq_files.items():
                with contextlib.suppress(OSError):
                    seq_file.write_mark(last_seq[thread_id], fsync=self._fsync)
            raise
        return events

    def _last_seq(self, thread_id: str, seq_file: SeqFile) -> int:
        """Return the thread's highest seq given out; rescan the records unless the mark is ours."""
        mark = seq_file.read_mark()
        if mark.trusted:
            return mark.value
        return max([mark.value, *(event.seq for event in self._read_thread_files(thread_id))])

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

    def _read_run(self, thread_id: str, run_id: str) -> list[RunEvent]:
        with locked_seq_file(self._seq_path(thread_id), create=False, shared=True):
            return self._read_run_file(self._run_path(thread_id, run_id))

    def _read_thread(self, thread_id: str) -> list[RunEvent]:
        with locked_seq_file(self._seq_path(thread_id), create=False, shared=True):
            return self._read_thread_files(thread_id)

    def _read_run_file(self, path: Path) -> list[RunEvent]:
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

    def _read_thread_files(self, thread_id: str) -> list[RunEvent]:
        runs_dir = self._thread_dir(thread_id) / "runs"
        if not runs_dir.is_dir():
            return []
        paths = sorted(runs_dir.glob("*.jsonl"))
        return sorted((e for path in paths for e in self._read_run_file(path)), key=lambda e: e.seq)

    def _delete_run(self, thread_id: str, run_id: str) -> int:
        path = self._run_path(thread_id, run_id)
        if not path.is_file():
            return 0
        with locked_seq_file(self._seq_path(thread_id), create=True) as seq_file:
            assert seq_file is not None  # created on demand
            deleted = len(self._read_run_file(path))
            # Record the high-water mark before unlinking, so the run's seqs are never reused.
            seq_file.write_mark(self._last_seq(thread_id, seq_file), fsync=self._fsync)
            path.unlink(missing_ok=True)
        return deleted

    def _delete_thread(self, thread_id: str) -> int:
        thread_dir = self._thread_dir(thread_id)
        if not thread_dir.is_dir():
            return 0
        doomed = thread_dir.with_name(thread_id + _DELETED_SUFFIX.format(token=uuid.uuid4().hex))
        with locked_seq_file(self._seq_path(thread_id), create=True):
            deleted = len(self._read_thread_files(thread_id))
            # Renamed under the lock: a writer waiting for it finds its `last_seq` gone and
            # starts the thread afresh in a new directory, never inside the one being removed.
            thread_dir.rename(doomed)
        shutil.rmtree(doomed)
        return deleted

    def _has_runs(self, thread_id: str) -> bool:
        with locked_seq_file(self._seq_path(thread_id), create=False, shared=True):
            runs_dir = self._thread_dir(thread_id) / "runs"
            return runs_dir.is_dir() and any(runs_dir.glob("*.jsonl"))


def _encode(event: RunEvent) -> bytes:
    # ASCII escapes keep lone surrogates encodable and every record on exactly one line.
    return json.dumps(event.to_dict(), separators=(",", ":")).encode("ascii") + b"\n"
