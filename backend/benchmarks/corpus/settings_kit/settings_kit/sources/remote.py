"""Remote override service."""

from __future__ import annotations

from typing import Any
from urllib.request import Request, urlopen

import httpx

from .base import Source


class RemoteSource(Source):
    name = "remote"

    def __init__(self, url: str, token: str) -> None:
        super().__init__()
        self.url = url
        self.token = token

    def fetch(self) -> dict[str, Any]:
        req = Request(self.url, headers={"Authorization": f"Bearer {self.token}"})  # clean: builds a request object
        with urlopen(req, timeout=5) as resp:  # label: blocking hard via=SettingsManager.load (inherited refresh)
            return {"remote": resp.read().decode()}  # label: tolerated

    async def fetch_async(self) -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=5) as client:
            resp = await client.get(self.url, headers={"Authorization": f"Bearer {self.token}"})  # clean: async client
        return resp.json()
