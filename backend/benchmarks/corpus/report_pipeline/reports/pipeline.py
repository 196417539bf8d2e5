"""Pipeline entry points (hop 1)."""

from __future__ import annotations

import asyncio
import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from . import aggregate
from .io.writers import ReportWriter
from .io import readers
from .render import load, render

log = logging.getLogger(__name__)
SETTINGS = json.loads(Path("/etc/reports/settings.json").read_text())  # clean: module level, runs at import


async def ingest(folder: Path, done_dir: Path) -> dict[str, float]:
    rows = aggregate.load_all(folder, done_dir)
    return aggregate.totals(rows, SETTINGS["rates_file"])


async def publish(totals: dict[str, float], out_dir: Path) -> None:
    writer = ReportWriter(out_dir)
    log.debug("template %s", load("totals").template[:20])
    writer.write_json("totals", totals)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, writer.write_html, "latest", render("Totals", totals))  # clean: offloaded


def _log_result(fut: asyncio.Future) -> None:
    log.info("pipeline finished: %s", fut.result())  # clean: logging only


@asynccontextmanager
async def run_lock(folder: Path):
    lock = folder / ".lock"
    lock.touch(exist_ok=False)  # label: blocking
    try:
        yield lock
    finally:
        lock.unlink(missing_ok=True)  # label: blocking


async def nightly(folder: Path) -> None:
    async with run_lock(folder):
        task = asyncio.ensure_future(ingest(folder, folder / "done"))
        task.add_done_callback(_log_result)
        totals = await task
        await publish(totals, folder / "out")


def main() -> None:
    for p in Path(SETTINGS["drop"]).iterdir():  # clean: sync CLI
        log.info("found %s with %d rows", p, len(readers.load(p)))
    asyncio.run(nightly(Path(SETTINGS["drop"])))
