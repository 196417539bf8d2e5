"""Run-event stores: the record type, the async interface, memory and JSONL backends."""

from deerflow.runtime.events.store.base import MESSAGE_CATEGORY, RunEvent, RunEventStore
from deerflow.runtime.events.store.factory import make_run_event_store
from deerflow.runtime.events.store.ids import validate_id
from deerflow.runtime.events.store.jsonl import JsonlRunEventStore
from deerflow.runtime.events.store.memory import MemoryRunEventStore

__all__ = [
    "MESSAGE_CATEGORY",
    "JsonlRunEventStore",
    "MemoryRunEventStore",
    "RunEvent",
    "RunEventStore",
    "make_run_event_store",
    "validate_id",
]
