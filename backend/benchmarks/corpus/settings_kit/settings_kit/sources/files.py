"""File-backed sources."""

from __future__ import annotations

import tomllib
from os import remove as rm
from pathlib import Path
from typing import Any

from ..paths import is_readable
from .base import Source


class FileSource(Source):
    name = "file"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def available(self) -> bool:
        return is_readable(str(self.path))

    def fetch(self) -> dict[str, Any]:
        return {"raw": self.path.read_text(encoding="utf-8")}  # label: blocking hard via=SettingsManager.load (inherited refresh)

    def discard(self) -> None:
        rm(self.path)  # label: blocking via=SettingsManager.reset


class TomlSource(FileSource):
    name = "toml"

    def fetch(self) -> dict[str, Any]:
        raw = super().fetch()["raw"]
        return tomllib.loads(raw)  # clean: parsing only

    def write(self, values: dict[str, Any]) -> None:
        lines = [f'{k} = "{v}"' for k, v in values.items()]
        self.path.write_text("\n".join(lines))  # clean: only called by the sync migrate command
