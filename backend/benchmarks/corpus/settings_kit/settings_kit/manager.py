"""The manager merges all sources; its async API is used by the web app."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from .paths import candidate_files, ensure_home
from .sources import FileSource, RemoteSource, Source, TomlSource

log = logging.getLogger(__name__)


class SettingsManager:
    def __init__(self, remote: RemoteSource | None = None) -> None:
        self.remote = remote
        self.sources: list[Source] = []
        self.merged: dict[str, Any] = {}

    def _discover(self) -> list[FileSource]:
        home = ensure_home()
        return [TomlSource(p) for p in candidate_files(home)]

    async def load(self) -> dict[str, Any]:
        self.sources = list(self._discover())
        for src in self.sources:
            self.merged.update(src.refresh())
        if self.remote is not None:
            self.merged.update(self.remote.refresh())
        return self.merged

    async def load_threaded(self) -> dict[str, Any]:
        found = await asyncio.to_thread(self._discover)  # clean: offloaded
        for src in found:
            self.merged.update(await asyncio.to_thread(src.refresh))  # clean: offloaded
        return self.merged

    async def reload_from(self, path: str) -> None:
        src = Source.from_json_file(path)
        self.merged.update(src.get("values", {}))  # clean: Source.get is a dict lookup

    async def reset(self, source: FileSource) -> None:
        if source.available():
            source.backup_to(f"{source.path}.bak")
            source.discard()
        self.merged.clear()


def migrate_cli(old: Path, new: Path) -> None:
    values = TomlSource(old).fetch()
    TomlSource(new).write(values)
    log.info("migrated %s -> %s", old, new)
