"""Delete old files from a directory."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import Task


def _old_files(root: Path, max_age: float) -> Iterator[Path]:
    cutoff = time.time() - max_age
    for entry in os.scandir(root):  # label: blocking via=CleanupTask.run (generator consumed on the loop)
        if entry.is_file() and entry.stat().st_mtime < cutoff:  # label: tolerated
            yield Path(entry.path)


class CleanupTask(Task):
    kind = "cleanup"

    async def run(self) -> dict[str, Any]:
        root = Path(self.params["path"])
        removed = 0
        for path in _old_files(root, float(self.params.get("max_age", 86400))):
            path.unlink(missing_ok=True)  # label: blocking hard
            removed += 1
        return {"removed": removed}
