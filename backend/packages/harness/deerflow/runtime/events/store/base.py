"""Run-event record type, the async `RunEventStore` interface and shared input validation.

Sequence numbers: every record gets a per-thread `seq` that strictly increases and is never reused
while the thread exists (deleting a run does not release its numbers), also across JSONL store
instances and processes sharing one base directory. `delete_by_thread` ends
the thread: a later `put` to the same id starts a new thread at seq 1.
"""

from __future__ import annotations

import dataclasses
import json
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from deerflow.runtime.events.store.ids import validate_id

__all__ = [
    "BATCH_KEYS",
    "CLOSED",
    "MAX_CONTENT_DEPTH",
    "MESSAGE_CATEGORY",
    "NESTED_TOO_DEEPLY",
    "NOT_SERIALISABLE",
    "EventDraft",
    "RunEvent",
    "RunEventStore",
    "matches_types",
    "prepare_batch",
    "prepare_event",
    "select_messages",
    "utc_now_iso",
]

MESSAGE_CATEGORY = "message"
CLOSED = "Run-event store `{name}` is closed; open a new store."
BATCH_KEYS = frozenset({"thread_id", "run_id", "event_type", "category", "content", "metadata"})
_REQUIRED_BATCH_KEYS = BATCH_KEYS - {"metadata"}
# Deepest nesting of lists and dicts allowed in `content` and `metadata`. Stored records are
# copied and served recursively (dataclasses.asdict, pydantic, which stops at 255 levels), so
# the limit stays well below both that and the interpreter's recursion limit.
MAX_CONTENT_DEPTH = 200
NESTED_TOO_DEEPLY = (
    "Field `{field}` of event `{event_type}` is nested more than {max_depth} levels deep; pass"
    " JSON-compatible values with at most {max_depth} levels of lists and dicts."
)
NOT_SERIALISABLE = (
    "Field `{field}` of event `{event_type}` is not JSON-serialisable: {problem}; pass"
    " JSON-compatible values (dict, list, str, int, float, bool, None)."
)

# (field name, required type) checked when decoding a stored record; `content` may be any JSON.
_RECORD_FIELDS = (
    ("thread_id", str),
    ("run_id", str),
    ("seq", int),
    ("event_type", str),
    ("category", str),
    ("metadata", dict),
    ("created_at", str),
)


@dataclass(frozen=True)
class RunEvent:
    """One stored event of a run; `seq` orders the events of a thread."""

    thread_id: str
    run_id: str
    seq: int
    event_type: str
    category: str
    content: Any
    metadata: dict[str, Any]
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        """Return a deep-copied plain dict of the record (JSON-compatible)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> RunEvent:
        """Build a record from a decoded JSON object, raising `ValueError` if it is malformed."""
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, got {type(data).__name__}")
        for name, kind in _RECORD_FIELDS:
            value = data.get(name)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise ValueError(f"field `{name}` is missing or not a {kind.__name__}")
        if "content" not in data:
            raise ValueError("field `content` is missing")
        return cls(**{field.name: data[field.name] for field in dataclasses.fields(cls)})


@dataclass(frozen=True)
class EventDraft:
    """A validated event without its seq; content and metadata are JSON-normalised copies."""

    thread_id: str
    run_id: str
    event_type: str
    category: str
    content: Any
    metadata: dict[str, Any]

    def with_seq(self, seq: int, created_at: str) -> RunEvent:
        """Return the stored record for this draft."""
        return RunEvent(
            self.thread_id,
            self.run_id,
            seq,
            self.event_type,
            self.category,
            self.content,
            self.metadata,
            created_at,
        )


def utc_now_iso() -> str:
    """Return the current UTC time as ISO-8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def prepare_event(
    thread_id: Any,
    run_id: Any,
    event_type: Any,
    category: Any,
    content: Any,
    metadata: Any = None,
) -> EventDraft:
    """Validate ids and fields and serialise content/metadata, before any store state changes.

    Raises:
        ValueError: a bad id, an empty `event_type`/`category`, a value JSON rejects (NaN,
            circular reference), or content/metadata nested more than `MAX_CONTENT_DEPTH` levels.
        TypeError: a non-string `event_type`/`category`, non-mapping `metadata`, or a value of a
            type JSON cannot encode.
    """
    validate_id(thread_id, "thread_id")
    validate_id(run_id, "run_id")
    for name, value in (("event_type", event_type), ("category", category)):
        if not isinstance(value, str):
            raise TypeError(f"Field `{name}` must be a string, got {type(value).__name__}.")
        if not value:
            raise ValueError(f"Field `{name}` is empty; pass a non-empty string.")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, Mapping):
        raise TypeError(
            f"Field `metadata` of event `{event_type}` must be a mapping,"
            f" got {type(metadata).__name__}."
        )
    return EventDraft(
        thread_id,
        run_id,
        event_type,
        category,
        _json_copy("content", event_type, content),
        _json_copy("metadata", event_type, dict(metadata)),
    )


def prepare_batch(records: Sequence[Mapping[str, Any]]) -> list[EventDraft]:
    """Validate every record of a batch; the error names the record's index."""
    drafts = []
    for index, record in enumerate(records):
        try:
            drafts.append(_prepare_record(record))
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"put_batch record {index}: {exc}") from exc
    return drafts


def _prepare_record(record: Any) -> EventDraft:
    if not isinstance(record, Mapping):
        raise TypeError(f"expected a mapping, got {type(record).__name__}.")
    unknown = sorted(str(key) for key in record if key not in BATCH_KEYS)
    if unknown:
        raise ValueError(f"unknown keys {unknown}; expected keys: {', '.join(sorted(BATCH_KEYS))}.")
    missing = sorted(_REQUIRED_BATCH_KEYS - set(record))
    if missing:
        raise ValueError(f"missing keys {missing}.")
    return prepare_event(**record)


def _json_copy(field: str, event_type: str, value: Any) -> Any:
    too_deep = NESTED_TOO_DEEPLY.format(
        field=field, event_type=event_type, max_depth=MAX_CONTENT_DEPTH
    )
    try:
        copy = json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))
    except RecursionError:
        # The encoder recurses per level; its traceback would only repeat one frame.
        raise ValueError(too_deep) from None
    except (TypeError, ValueError) as exc:
        message = NOT_SERIALISABLE.format(field=field, event_type=event_type, problem=exc)
        raise type(exc)(message) from exc
    if _depth(copy) > MAX_CONTENT_DEPTH:
        raise ValueError(too_deep)
    return copy


def _depth(value: Any) -> int:
    """Return how many levels of lists and dicts `value` nests (0 for a scalar), iteratively."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        pending.extend((child, level + 1) for child in children)
    return deepest


def matches_types(event: RunEvent, event_types: Collection[str] | str | None) -> bool:
    """Return whether `event` passes the filter; None or an empty collection means all types."""
    if not event_types:
        return True
    if isinstance(event_types, str):
        return event.event_type == event_types
    return event.event_type in event_types


def select_messages(
    events: Iterable[RunEvent], limit: int | None, after_seq: int | None
) -> list[RunEvent]:
    """Return message events in seq order, after `after_seq`, keeping the last `limit` of them."""
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"Invalid limit {limit!r}; pass None or an integer >= 0.")
    if after_seq is not None and not isinstance(after_seq, int):
        raise ValueError(f"Invalid after_seq {after_seq!r}; pass None or an integer.")
    selected = sorted(
        (
            event
            for event in events
            if event.category == MESSAGE_CATEGORY and (after_seq is None or event.seq > after_seq)
        ),
        key=lambda event: event.seq,
    )
    if limit is not None:
        selected = selected[len(selected) - limit :] if limit else []
    return selected


class RunEventStore(ABC):
    """Async store of run events, keyed by thread and run."""

    @abstractmethod
    async def put(
        self,
        thread_id: str,
        run_id: str,
        event_type: str,
        category: str,
        content: Any,
        metadata: Mapping[str, Any] | None = None,
    ) -> RunEvent:
        """Store one event and return it with its seq and timestamp."""

    @abstractmethod
    async def put_batch(self, records: Sequence[Mapping[str, Any]]) -> list[RunEvent]:
        """Store all records or none; seqs are contiguous per thread in input order."""

    @abstractmethod
    async def put_if_absent(
        self,
        thread_id: str,
        run_id: str,
        event_type: str,
        category: str,
        content: Any,
        metadata: Mapping[str, Any] | None = None,
    ) -> tuple[RunEvent, bool]:
        """Store unless `(thread_id, run_id, event_type)` exists; return (event, is_new)."""

    @abstractmethod
    async def list_messages(
        self, thread_id: str, limit: int | None = None, after_seq: int | None = None
    ) -> list[RunEvent]:
        """Return the thread's message events in seq order (the last `limit` after `after_seq`)."""

    @abstractmethod
    async def list_events(
        self, thread_id: str, run_id: str, event_types: Collection[str] | None = None
    ) -> list[RunEvent]:
        """Return a run's events in seq order, optionally only the given event types."""

    @abstractmethod
    async def list_messages_by_run(self, thread_id: str, run_id: str) -> list[RunEvent]:
        """Return a run's message events in seq order."""

    @abstractmethod
    async def count_messages(self, thread_id: str) -> int:
        """Return how many message events the thread holds."""

    @abstractmethod
    async def delete_by_run(self, thread_id: str, run_id: str) -> int:
        """Delete a run's events and return how many were deleted."""

    @abstractmethod
    async def delete_by_thread(self, thread_id: str) -> int:
        """Delete all events of a thread and return how many were deleted."""

    @abstractmethod
    async def thread_exists(self, thread_id: str) -> bool:
        """Return whether the thread holds at least one run."""

    @abstractmethod
    async def close(self) -> None:
        """Release resources; later calls raise `RuntimeError`."""
