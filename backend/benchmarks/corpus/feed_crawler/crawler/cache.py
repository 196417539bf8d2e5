"""In-memory TTL cache and a tiny feed store abstraction."""

from __future__ import annotations

import time
from typing import Any


class TTLCache:
    def __init__(self, ttl: float = 300.0) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any | None:
        hit = self._items.get(key)  # clean: dict.get
        if hit is None or hit[0] < time.monotonic():  # clean: monotonic clock
            return None
        return hit[1]

    def put(self, key: str, value: Any) -> None:
        self._items[key] = (time.monotonic() + self.ttl, value)


class FeedStore:
    """Keeps parsed entries in memory; `open`/`close` only toggle a flag."""

    def __init__(self) -> None:
        self.entries: dict[str, list[dict]] = {}
        self.is_open = False

    def open(self) -> FeedStore:
        self.is_open = True
        return self

    def close(self) -> None:
        self.is_open = False

    def add(self, feed: str, items: list[dict]) -> None:
        self.entries.setdefault(feed, []).extend(items)
