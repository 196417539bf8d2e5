"""Download a URL to disk."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from .base import Task


class FetchTask(Task):
    kind = "fetch"

    def _target(self) -> Path:
        return Path(self.params["dest"])

    async def run(self) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=30) as client:
            resp = await client.get(self.params["url"])  # clean: AsyncClient
        target = self._target()
        await asyncio.to_thread(target.write_bytes, resp.content)  # clean: offloaded method reference
        return {"bytes": len(resp.content)}
