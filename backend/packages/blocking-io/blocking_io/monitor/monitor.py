"""`LoopMonitor`: a heartbeat on the loop, a watchdog thread, and the audit hook in warn mode.

The heartbeat is a `call_later` callback that stamps the time each `interval`. The watchdog thread
wakes each `interval`; when the last stamp is older than `threshold` it samples the loop thread's
stack (`sys._current_frames()`) for the first project frame, and when the loop turns again it counts
the stall and logs it. A watchdog sees a block that releases the GIL (sleep, IO) while it lasts;
a C call that holds the GIL is seen only when it returns, so its site may be missed.

Blocking audit events made on the loop thread from project code are queued by the listener and
counted and logged by the watchdog thread, so no logging IO happens on the loop. Every log record
is one JSON object, at most one per (kind, site) per `rate_limit` seconds.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from blocking_io import audit
from blocking_io.audit import AuditRule
from blocking_io.findings import NOT_FOUND_STATICALLY, static_keys

from .counters import Counters

__all__ = ["LOGGER_NAME", "LOG_EVENT_BLOCKING_CALL", "LOG_EVENT_STALL", "LoopMonitor", "Site"]

LOGGER_NAME = "deerflow.loop_monitor"
LOG_EVENT_STALL = "loop_stalled"
LOG_EVENT_BLOCKING_CALL = "blocking_call_on_loop"
NO_PROJECT_FRAME = "<no project frame>"


@dataclass(frozen=True)
class Site:
    """Where the loop was held: the first project frame (path relative to the project root)."""

    path: str
    line: int
    function: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


_UNKNOWN = Site(NO_PROJECT_FRAME, 0, "")
# The loop thread waits in its selector: the loop is idle, not held by code.
_IDLE = Site("<idle>", 0, "")


def package_prefixes(packages: Sequence[str]) -> tuple[str, ...]:
    """Return the directory prefixes of `packages`, each ending with a separator."""
    prefixes: list[str] = []
    for name in packages:
        prefixes += [os.path.join(entry, "") for entry in importlib.import_module(name).__path__]
    return tuple(prefixes)


class LoopMonitor:
    """Warn about a stalled event loop and blocking calls on it; never raises into the app."""

    def __init__(
        self,
        packages: Sequence[str],
        *,
        root: Path | None = None,
        threshold: float = 0.1,
        interval: float = 0.01,
        rate_limit: float = 60.0,
        findings_file: Path | None = None,
        watch_audit_events: bool = True,
    ) -> None:
        self.prefixes = package_prefixes(packages)
        self.root = os.path.join(str(root), "") if root is not None else ""
        self.threshold = threshold
        self.interval = interval
        self.rate_limit = rate_limit
        self.findings_file = findings_file
        self.watch_audit_events = watch_audit_events
        self.counters = Counters()
        self.logger = logging.getLogger(LOGGER_NAME)
        self._keys: dict[tuple[str, int], str] = {}
        self._last_beat = time.monotonic()
        self._loop_thread = 0
        self._beat_handle: asyncio.TimerHandle | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._audited: deque[tuple[str, Site]] = deque()
        self._logged_at: dict[tuple[str, str], float] = {}
        self._suppressed: dict[tuple[str, str], int] = {}

    @asynccontextmanager
    async def running(self) -> AsyncIterator[LoopMonitor]:
        """Monitor the running loop for the duration of the block."""
        await self.start()
        try:
            yield self
        finally:
            await self.stop()

    async def start(self) -> None:
        """Start the heartbeat, the watchdog thread and the audit listener."""
        self._keys = await asyncio.to_thread(static_keys, self.findings_file)
        loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._beat(loop)
        self._thread = threading.Thread(target=self._watch, name="loop-monitor", daemon=True)
        self._thread.start()
        if self.watch_audit_events:
            audit.add_listener(self._on_audit_event)

    async def stop(self) -> None:
        """Stop everything `start` started and flush pending reports."""
        if self.watch_audit_events:
            audit.remove_listener(self._on_audit_event)
        if self._beat_handle is not None:
            self._beat_handle.cancel()
        self._stop.set()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join)

    def _beat(self, loop: asyncio.AbstractEventLoop) -> None:
        self._last_beat = time.monotonic()
        self._beat_handle = loop.call_later(self.interval, self._beat, loop)

    def _watch(self) -> None:
        stalled_since: float | None = None
        site = _UNKNOWN
        while not self._stop.wait(self.interval):
            last = self._last_beat
            if time.monotonic() - last - self.interval > self.threshold:
                if stalled_since != last:
                    stalled_since, site = last, _UNKNOWN
                if site is _UNKNOWN:
                    site = self._sample()
                if site is _IDLE:
                    stalled_since = None  # late only because the process was not scheduled
            elif stalled_since is not None and last != stalled_since:
                self._report_stall(site, max(last - stalled_since - self.interval, 0.0))
                stalled_since = None
            self._drain_audited()
        self._drain_audited()

    def _site(self, frame: FrameType | None) -> Site | None:
        """Return the first project frame from `frame` outwards, or None."""
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename.startswith(self.prefixes):
                if self.root and filename.startswith(self.root):
                    filename = filename[len(self.root) :]
                path = filename.replace(os.sep, "/")
                return Site(path, frame.f_lineno, frame.f_code.co_qualname)
            frame = frame.f_back
        return None

    def _sample(self) -> Site:
        frame = sys._current_frames().get(self._loop_thread)
        if frame is not None and frame.f_code.co_name == "select":
            if frame.f_code.co_filename.endswith("selectors.py"):
                return _IDLE
        return self._site(frame) or _UNKNOWN

    def _on_audit_event(self, rule: AuditRule, args: tuple[object, ...], frame: FrameType) -> None:
        # Runs on the loop thread inside the blocking call: queue only, the watchdog reports.
        if threading.get_ident() != self._loop_thread:
            return
        site = self._site(frame)
        if site is not None:
            self._audited.append((rule.primitive, site))

    def _drain_audited(self) -> None:
        while self._audited:
            primitive, site = self._audited.popleft()
            self.counters.add_blocking_call(primitive, str(site))
            self._log(LOG_EVENT_BLOCKING_CALL, site, {"primitive": primitive})

    def _report_stall(self, site: Site, seconds: float) -> None:
        self.counters.add_stall(str(site), seconds)
        self._log(
            LOG_EVENT_STALL,
            site,
            {"duration_ms": round(seconds * 1000, 1), "threshold_ms": self.threshold * 1000},
        )

    def _log(self, event: str, site: Site, fields: dict[str, object]) -> None:
        """Log one JSON record for `site`, unless one was logged within `rate_limit` seconds."""
        key = (event, str(site))
        now = time.monotonic()
        logged = self._logged_at.get(key)
        if logged is not None and now - logged < self.rate_limit:
            self._suppressed[key] = self._suppressed.get(key, 0) + 1
            return
        self._logged_at[key] = now
        payload = {
            "event": event,
            "site": str(site),
            "function": site.function,
            **fields,
            "finding": self._keys.get((site.path, site.line), NOT_FOUND_STATICALLY),
            "suppressed_since_last": self._suppressed.pop(key, 0),
        }
        self.logger.warning(json.dumps(payload), extra={"loop_monitor": payload})
