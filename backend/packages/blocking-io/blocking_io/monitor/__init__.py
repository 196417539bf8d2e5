"""Production loop monitor: warn-only reports of a stalled event loop and of blocking calls on it.

`LoopMonitor` runs a heartbeat on the loop and a watchdog thread that samples the loop thread's
stack when the loop has not turned for longer than a threshold, plus an audit-hook listener in warn
mode. Each blocking site is logged once per rate-limit window as one structured record naming the
first project frame, the duration and the static finding key; `Counters.prometheus_text` exposes
the totals. Needs no third-party package.
"""

from __future__ import annotations

from .counters import Counters
from .monitor import LOG_EVENT_BLOCKING_CALL, LOG_EVENT_STALL, LOGGER_NAME, LoopMonitor, Site

__all__ = [
    "LOGGER_NAME",
    "LOG_EVENT_BLOCKING_CALL",
    "LOG_EVENT_STALL",
    "Counters",
    "LoopMonitor",
    "Site",
]
