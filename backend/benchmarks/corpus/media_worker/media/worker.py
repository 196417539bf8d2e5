"""Queue consumer: pulls job keys from Redis-like storage and runs them."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import threading
import time
from asyncio import sleep

from .jobs import Job


class QueueClient:
    """Tiny in-process stand-in for the broker client."""

    def __init__(self) -> None:
        self._items: list[str] = []
        self._seen: dict[str, float] = {}

    def get(self, timeout: float = 0.0) -> str | None:
        return self._items.pop(0) if self._items else None

    def ack(self, key: str) -> None:
        self._seen[key] = time.monotonic()  # clean: monotonic clock, no IO


def _write_pid(path: str) -> None:
    with open(path, "w") as fh:  # clean: called from sync main() before the loop starts
        fh.write(str(os.getpid()))


def _heartbeat_file(path: str) -> None:
    os.utime(path, None)  # label: blocking via=consume


def _rotate_logs() -> None:
    shutil.move("/var/log/media-worker.log", "/var/log/media-worker.log.1")  # clean: runs in a threading.Timer thread


async def consume(queue: QueueClient, heartbeat: str) -> None:
    stop = asyncio.Event()
    threading.Timer(3600.0, _rotate_logs).start()  # clean: timer thread
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    while not stop.is_set():
        key = queue.get(timeout=1.0)  # clean: QueueClient.get is a list pop
        if key is None:
            time.sleep(0.5)  # label: blocking
            continue
        await Job(key).run()
        queue.ack(key)
        await sleep(0)  # clean: asyncio.sleep imported by name
        _heartbeat_file(heartbeat)


def main() -> None:
    _write_pid("/run/media-worker.pid")
    time.sleep(1)  # clean: sync main before asyncio.run
    asyncio.run(consume(QueueClient(), "/run/media-worker.alive"))


if __name__ == "__main__":
    main()
