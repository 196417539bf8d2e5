"""Periodic probing wired with loop callbacks."""

from __future__ import annotations

import asyncio
import json
import logging
import time

from .probes import Prober
from .statsd import MetricsClient

log = logging.getLogger(__name__)
STATE_FILE = "/var/lib/netprobe/state.json"


def _flush_metrics(metrics: MetricsClient) -> None:
    metrics.flush()


def _persist(task: asyncio.Task) -> None:
    if task.cancelled():
        return
    with open(STATE_FILE, "w") as fh:  # label: blocking via=add_done_callback
        json.dump({"ok": task.result(), "at": time.time()}, fh)  # label: tolerated


def _log_done(task: asyncio.Task) -> None:
    log.info("probe finished: %s", task.cancelled() or task.result())  # clean: logging only


def _slow_ping(host: str) -> None:
    time.sleep(0.2)  # label: blocking via=call_later
    log.debug("pinged %s", host)


def _record_in_thread(host: str) -> None:
    time.sleep(0.1)  # clean: only called by a worker thread via run_in_executor
    log.debug("recorded %s", host)


async def run_forever(hosts: list[str], metrics: MetricsClient) -> None:
    loop = asyncio.get_running_loop()
    prober = Prober(metrics)
    while True:
        for host in hosts:
            task = asyncio.create_task(prober.check(host, 22))
            task.add_done_callback(_persist)
            task.add_done_callback(_log_done)
            loop.call_later(5.0, _slow_ping, host)
            await loop.run_in_executor(None, _record_in_thread, host)  # clean: offloaded
        loop.call_soon(_flush_metrics, metrics)
        await asyncio.sleep(30)  # clean: asyncio.sleep
