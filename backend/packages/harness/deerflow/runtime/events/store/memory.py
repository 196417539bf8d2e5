"""In-process `RunEventStore`: records kept in dicts, lost when the process exits."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
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

__all__ = ["MemoryRunEventStore"]

logger = logging.getLogger(__name__)


class MemoryRunEventStore(RunEventStore):
    """Keep run events in memory; behaves like the JSONL store, including JSON normalisation.

    Methods never await between reading and updating state, so each call is atomic on the loop
    and needs no lock.
    """

    def __init__(self) -> None:
        self._events: dict[str, list[RunEvent]] = {}
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
        return self._append(draft)

    async def put_batch(self, records: Sequence[Mapping[str, Any]]) -> list[RunEvent]:
        drafts = prepare_batch(records)
        self._check_open()
        return [self._append(draft) for draft in drafts]

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
        for event in self._events.get(thread_id, ()):
            if event.run_id == run_id and event.event_type == event_type:
                return event, False
        return self._append(draft), True

    async def list_messages(
        self, thread_id: str, limit: int | None = None, after_seq: int | None = None
    ) -> list[RunEvent]:
        validate_id(thread_id, "thread_id")
        self._check_open()
        return select_messages(self._events.get(thread_id, ()), limit, after_seq)

    async def list_events(
        self, thread_id: str, run_id: str, event_types: Collection[str] | None = None
    ) -> list[RunEvent]:
        self._check_ids(thread_id, run_id)
        return [
            event
            for event in self._events.get(thread_id, ())
            if event.run_id == run_id and matches_types(event, event_types)
        ]

    async def list_messages_by_run(self, thread_id: str, run_id: str) -> list[RunEvent]:
        self._check_ids(thread_id, run_id)
        return [
            event
            for event in self._events.get(thread_id, ())
            if event.run_id == run_id and event.category == MESSAGE_CATEGORY
        ]

    async def count_messages(self, thread_id: str) -> int:
        validate_id(thread_id, "thread_id")
        self._check_open()
        events = self._events.get(thread_id, ())
        return sum(1 for event in events if event.category == MESSAGE_CATEGORY)

    async def delete_by_run(self, thread_id: str, run_id: str) -> int:
        self._check_ids(thread_id, run_id)
        events = self._events.get(thread_id)
        if not events:
            return 0
        kept = [event for event in events if event.run_id != run_id]
        deleted = len(events) - len(kept)
        if kept:
            self._events[thread_id] = kept
        else:
            # Keep `_last_seq`: the thread lives on, so its numbers are never reused.
            del self._events[thread_id]
        return deleted

    async def delete_by_thread(self, thread_id: str) -> int:
        validate_id(thread_id, "thread_id")
        self._check_open()
        self._last_seq.pop(thread_id, None)
        return len(self._events.pop(thread_id, ()))

    async def thread_exists(self, thread_id: str) -> bool:
        validate_id(thread_id, "thread_id")
        self._check_open()
        return bool(self._events.get(thread_id))

    async def close(self) -> None:
        self._closed = True

    def _append(self, draft: EventDraft) -> RunEvent:
        seq = self._last_seq.get(draft.thread_id, 0) + 1
        event = draft.with_seq(seq, utc_now_iso())
        self._last_seq[draft.thread_id] = seq
        self._events.setdefault(draft.thread_id, []).append(event)
        return event

    def _check_ids(self, thread_id: str, run_id: str) -> None:
        validate_id(thread_id, "thread_id")
        validate_id(run_id, "run_id")
        self._check_open()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(CLOSED.format(name=type(self).__name__))
