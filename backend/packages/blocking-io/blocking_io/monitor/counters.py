"""The loop monitor's counters, and their rendering in the Prometheus text exposition format."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

__all__ = ["METRICS", "Counters", "Metric"]


@dataclass(frozen=True)
class Metric:
    """One exposed metric: its name, type and help text."""

    name: str
    kind: str
    help: str


STALLS = Metric(
    "deerflow_loop_stalls_total",
    "counter",
    "Times the event loop did not turn for longer than the threshold, by first project frame.",
)
STALL_SECONDS = Metric(
    "deerflow_loop_stall_seconds_total",
    "counter",
    "Seconds the event loop spent stalled beyond the heartbeat interval, by first project frame.",
)
BLOCKING_CALLS = Metric(
    "deerflow_loop_blocking_calls_total",
    "counter",
    "Audited blocking calls on the event loop thread from project code, by primitive and site.",
)
MAX_LAG = Metric(
    "deerflow_loop_max_lag_seconds",
    "gauge",
    "The longest time the event loop did not turn since the monitor started.",
)
METRICS = (STALLS, STALL_SECONDS, BLOCKING_CALLS, MAX_LAG)


def _label(value: str) -> str:
    """Escape a label value as the text format requires (backslash, double quote, newline)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Counters:
    """Thread-safe totals written by the watchdog and the audit listener, read by `/metrics`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.stalls: Counter[str] = Counter()
        self.stall_seconds: dict[str, float] = {}
        self.blocking_calls: Counter[tuple[str, str]] = Counter()
        self.max_lag = 0.0

    def add_stall(self, site: str, seconds: float) -> None:
        """Count one stall at `site` that lasted `seconds`."""
        with self._lock:
            self.stalls[site] += 1
            self.stall_seconds[site] = self.stall_seconds.get(site, 0.0) + seconds
            self.max_lag = max(self.max_lag, seconds)

    def add_blocking_call(self, primitive: str, site: str) -> None:
        """Count one audited blocking call of `primitive` at `site`."""
        with self._lock:
            self.blocking_calls[(primitive, site)] += 1

    def prometheus_text(self) -> str:
        """Return every metric in the Prometheus text format (version 0.0.4)."""
        with self._lock:
            samples: dict[Any, list[tuple[str, float]]] = {
                STALLS: [(f'site="{_label(s)}"', float(n)) for s, n in sorted(self.stalls.items())],
                STALL_SECONDS: [
                    (f'site="{_label(s)}"', v) for s, v in sorted(self.stall_seconds.items())
                ],
                BLOCKING_CALLS: [
                    (f'primitive="{_label(p)}",site="{_label(s)}"', float(n))
                    for (p, s), n in sorted(self.blocking_calls.items())
                ],
                MAX_LAG: [("", self.max_lag)],
            }
        lines: list[str] = []
        for metric in METRICS:
            lines += [f"# HELP {metric.name} {metric.help}", f"# TYPE {metric.name} {metric.kind}"]
            for labels, value in samples[metric]:
                name = f"{metric.name}{{{labels}}}" if labels else metric.name
                lines.append(f"{name} {value:g}")
        return "\n".join(lines) + "\n"
