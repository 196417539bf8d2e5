"""Remote server API."""

from __future__ import annotations

import asyncio
import json

import httpx


class RemoteNotes:
    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self._headers = {"Authorization": f"Bearer {token}"}
        self._client = httpx.AsyncClient(base_url=base, headers=self._headers)
        self._sync_client = httpx.Client(base_url=base, headers=self._headers)

    async def list(self) -> dict[str, str]:
        resp = await self._client.get("/notes")  # clean: AsyncClient
        return resp.json()

    async def push(self, name: str, text: str) -> None:
        await self._client.put(f"/notes/{name}", content=text)  # clean: AsyncClient

    async def pull(self, name: str) -> str:
        resp = self._sync_client.get(f"/notes/{name}")  # label: blocking
        return resp.text

    async def git_backup(self, repo: str) -> int:
        proc = await asyncio.create_subprocess_exec("git", "-C", repo, "push", "--quiet")  # clean: asyncio subprocess
        return await proc.wait()  # clean: awaited asyncio process

    def headers_json(self) -> str:
        return json.dumps(self._headers)  # clean: json.dumps
