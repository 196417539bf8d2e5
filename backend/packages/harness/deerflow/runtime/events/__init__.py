"""Run events: what happened during a run, stored per thread with a monotonic seq."""

from deerflow.runtime.events.store import (
    JsonlRunEventStore,
    MemoryRunEventStore,
    RunEvent,
    RunEventStore,
    make_run_event_store,
    validate_id,
)

__all__ = [
    "JsonlRunEventStore",
    "MemoryRunEventStore",
    "RunEvent",
    "RunEventStore",
    "make_run_event_store",
    "validate_id",
]
