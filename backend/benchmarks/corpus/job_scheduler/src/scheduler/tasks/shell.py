"""Run a shell command."""

from __future__ import annotations

import subprocess
from typing import Any

from .base import Task


class ShellTask(Task):
    kind = "shell"

    def _execute(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.params["cmd"], shell=True, capture_output=True, text=True)  # label: blocking via=ShellTask.run

    async def run(self) -> dict[str, Any]:
        done = self._execute()
        return {"rc": done.returncode, "out": done.stdout[-2000:]}
