"""The loop monitor in-process: counters, rate limiting, idle loops and the Prometheus text.

A probe compiled under `deerflow/` blocks the running loop; the monitor must count one stall
naming the probe's line, log once per site within the rate limit, and stay silent on an idle loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest

from blocking_io.monitor import LOG_EVENT_STALL, LOGGER_NAME, Counters, LoopMonitor
from tests.support.detectors.blocking_io_probes import load_probe, probe_line, scanned_probe_path
from tests.support.paths import REPO_ROOT

SOURCE = """\
import time


def hold(seconds):
    time.sleep(seconds)  # probe: hold
"""
PROBE_PATH = scanned_probe_path(name="_monitor_unit_probe.py")
PROBE = load_probe(PROBE_PATH, SOURCE)
SITE = f"{Path(PROBE_PATH).relative_to(REPO_ROOT).as_posix()}:{probe_line('hold', SOURCE)}"


def _monitor() -> LoopMonitor:
    return LoopMonitor(("deerflow",), root=REPO_ROOT, threshold=0.05, interval=0.005)


async def _settle() -> None:
    """Let the loop turn a few times so the watchdog sees it resume."""
    for _ in range(10):
        await asyncio.sleep(0.01)


async def test_monitor_counts_stall_at_first_project_frame_and_logs_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER_NAME)
    async with _monitor().running() as monitor:
        PROBE.hold(0.2)
        await _settle()
        PROBE.hold(0.2)
        await _settle()
    assert monitor.counters.stalls == {SITE: 2}
    assert monitor.counters.max_lag >= 0.1
    records = [json.loads(r.getMessage()) for r in caplog.records if r.name == LOGGER_NAME]
    assert [(r["event"], r["site"], r["function"]) for r in records] == [
        (LOG_EVENT_STALL, SITE, "hold")
    ]
    assert records[0]["duration_ms"] >= 100


async def test_monitor_silent_on_idle_loop(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER_NAME)
    async with _monitor().running() as monitor:
        await asyncio.sleep(0.2)
    assert monitor.counters.stalls == {}
    assert [r for r in caplog.records if r.name == LOGGER_NAME] == []


def test_prometheus_text_escapes_labels_and_declares_types() -> None:
    counters = Counters()
    counters.add_stall('a"b\\c.py:1', 0.25)
    counters.add_blocking_call("os.listdir", "x.py:2")
    text = counters.prometheus_text()
    assert "# TYPE deerflow_loop_stalls_total counter" in text.splitlines()
    assert 'deerflow_loop_stalls_total{site="a\\"b\\\\c.py:1"} 1' in text.splitlines()
    assert 'deerflow_loop_stall_seconds_total{site="a\\"b\\\\c.py:1"} 0.25' in text.splitlines()
    assert (
        'deerflow_loop_blocking_calls_total{primitive="os.listdir",site="x.py:2"} 1'
        in text.splitlines()
    )
    assert "deerflow_loop_max_lag_seconds 0.25" in text.splitlines()
    assert text.endswith("\n")
