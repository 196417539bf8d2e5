"""Snapshot orchestration."""

from __future__ import annotations

import asyncio
import datetime
import functools
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor

import anyio

from . import formats, scan
from .formats import write_zip

_PROCS = ProcessPoolExecutor(max_workers=1)


class Snapshotter:
    def __init__(self, source: str, target_dir: str, offsite: str | None = None) -> None:
        self.source = source
        self.target_dir = target_dir
        self.offsite = offsite

    def _name(self, ext: str) -> str:
        stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")  # clean: clock read
        return os.path.join(self.target_dir, f"snap-{stamp}.{ext}")  # clean: os.path.join

    async def snapshot(self) -> str:
        files = scan.walk_sources(self.source)
        if scan.total_size(files) == 0:
            return ""
        return formats.write_tar(self._name("tar.gz"), files, self.source)

    async def snapshot_zip(self) -> str:
        files = await asyncio.to_thread(scan.walk_sources, self.source)  # clean: offloaded
        loop = asyncio.get_running_loop()
        call = functools.partial(write_zip, self._name("zip"), files)
        return await loop.run_in_executor(_PROCS, call)  # clean: offloaded partial

    async def ship(self, archive: str) -> str | None:
        if self.offsite is None:
            return None
        return formats.copy_to_offsite(archive, self.offsite)

    async def scratch_copy(self, archive: str) -> str:
        tmp = await anyio.to_thread.run_sync(tempfile.mkdtemp)  # clean: anyio offload
        await anyio.to_thread.run_sync(shutil.copy, archive, tmp)  # clean: anyio offload
        return tmp

    async def prune_old(self, keep: int) -> list[str]:
        names = await asyncio.to_thread(lambda: scan.listing(self.target_dir))  # clean: lambda offloaded
        doomed = names[:-keep] if keep else names
        for name in doomed:
            await asyncio.to_thread(os.remove, os.path.join(self.target_dir, name))  # clean: offloaded
        return doomed


async def rotate_logs(pattern: str) -> list[str]:
    done = []
    for path in scan.logs_matching(pattern):
        if path.endswith(".gz"):  # clean: str.endswith
            continue
        done.append(formats.compress_file(path))
    return done


async def nightly(source: str, target: str) -> None:
    snap = Snapshotter(source, target, offsite="/mnt/offsite")
    archive = await snap.snapshot()
    await snap.ship(archive)
    await snap.prune_old(7)
    shutil.rmtree(os.path.join(target, "tmp"), ignore_errors=True)  # label: blocking
