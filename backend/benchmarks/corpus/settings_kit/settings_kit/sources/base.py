"""Source base class."""

from __future__ import annotations

import json
import time
from typing import Any


class Source:
    name = "base"

    def __init__(self) -> None:
        self._loaded_at = 0.0
        self._data: dict[str, Any] = {}

    def fetch(self) -> dict[str, Any]:
        raise NotImplementedError

    def refresh(self) -> dict[str, Any]:
        self._data = self.fetch()
        self._loaded_at = time.time()  # clean: wall clock read
        return self._data

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)  # clean: dict.get

    def dump(self) -> str:
        return json.dumps(self._data, sort_keys=True)  # clean: json.dumps

    def backup_to(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:  # label: blocking via=SettingsManager.reset (inherited by FileSource)
            fh.write(self.dump())  # label: tolerated

    @classmethod
    def from_json_file(cls, path: str) -> Source:
        src = cls()
        with open(path, encoding="utf-8") as fh:  # label: blocking via=SettingsManager.reload_from
            src._data = json.load(fh)  # label: tolerated
        return src
