"""Build the configured `RunEventStore` from `RunEventsConfig`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deerflow.config.schema import RunEventsConfig
from deerflow.runtime.events.store.base import RunEventStore
from deerflow.runtime.events.store.jsonl import JsonlRunEventStore
from deerflow.runtime.events.store.memory import MemoryRunEventStore

__all__ = ["BACKENDS", "StoreBackend", "make_run_event_store"]


@dataclass(frozen=True)
class StoreBackend:
    """One selectable `run_events.backend` value and how to build it."""

    name: str
    build: Callable[[RunEventsConfig], RunEventStore]
    reason: str


BACKENDS = (
    StoreBackend(
        "memory",
        lambda config: MemoryRunEventStore(),
        "fast and dependency-free; events vanish when the process exits (tests, demos)",
    ),
    StoreBackend(
        "jsonl",
        lambda config: JsonlRunEventStore(config.base_dir),
        "durable JSON lines under `base_dir`; seqs continue after a restart",
    ),
)


def make_run_event_store(config: RunEventsConfig) -> RunEventStore:
    """Return a new store for `config.backend`; construction does no file IO.

    Raises:
        ValueError: the backend name is unknown (only possible when validation was bypassed).
    """
    for backend in BACKENDS:
        if backend.name == config.backend:
            return backend.build(config)
    choices = ", ".join(backend.name for backend in BACKENDS)
    raise ValueError(
        f"Unknown run-event backend {config.backend!r} for `run_events.backend`;"
        f" expected one of: {choices}."
    )
