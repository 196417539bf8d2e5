"""The scheduler loop."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from .tasks.base import Task
from .tasks.cleanup import CleanupTask

log = logging.getLogger("scheduler")


class Scheduler:
    def __init__(self, state_dir: Path, interval: float = 60.0) -> None:
        self.state_dir = state_dir
        self.interval = interval
        self.tasks: list[Task] = []

    def add(self, task: Task) -> None:
        self.tasks.append(task)

    async def add_from_file(self, spec_path: str) -> Task:
        task = Task.from_spec(spec_path, self.state_dir)
        self.add(task)
        return task

    async def add_cleanup(self, path: str) -> None:
        self.add(CleanupTask("cleanup", {"path": path}, self.state_dir))

    async def _tick(self, task: Task) -> None:
        state = task.load_state()
        started = time.monotonic()  # clean: monotonic clock
        try:
            state["last"] = await task.run()
        except Exception as exc:  # noqa: BLE001 - a task failure must not stop the loop
            log.exception("task %s failed", task.name)
            state["error"] = repr(exc)
        state["duration"] = time.monotonic() - started
        task.save_state(state)

    async def run_forever(self) -> None:
        while True:
            await asyncio.gather(*(self._tick(t) for t in self.tasks))
            await asyncio.sleep(self.interval)  # clean: asyncio.sleep


def run_once_blocking(state_dir: str) -> None:
    """Sync debugging entry point: inspects state files without a loop."""
    sched = Scheduler(Path(state_dir))
    for path in Path(state_dir).glob("*.json"):  # clean: sync debugging entry point
        log.info("%s: %s", path.name, path.read_text()[:80])  # clean: sync debugging entry point
    time.sleep(0.1)  # clean: sync debugging entry point
    log.info("%d tasks", len(sched.tasks))
