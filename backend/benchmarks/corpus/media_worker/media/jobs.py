"""Job model and the per-job pipeline."""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .fetch import Downloader
from .transcode import probe, thumbnail, transcode

log = logging.getLogger("media.jobs")
POOL = ThreadPoolExecutor(max_workers=2)


@dataclass
class Job:
    key: str
    presets: list[str] = field(default_factory=lambda: ["fast"])
    downloader: Downloader | None = None

    async def run(self) -> list[str]:
        loop = asyncio.get_running_loop()
        dl = self.downloader or Downloader("https://cdn.example.invalid")
        if dl.head_size(self.key) == 0:
            log.warning("empty source %s", self.key)
            return []
        src = dl.download(self.key)
        meta = probe(src)
        log.info("probed %s: %s", self.key, meta.get("format", {}).get("duration"))  # clean: dict.get
        outputs = []
        for preset in self.presets:
            out = await loop.run_in_executor(POOL, functools.partial(transcode, src, preset))  # clean: offloaded with partial
            outputs.append(str(out))
        outputs.append(str(thumbnail(src)))
        POOL.submit(dl.cleanup, src)  # clean: executor.submit
        return outputs
