"""The worker: takes fetched pages off a queue and publishes their digests."""

from __future__ import annotations

import asyncio

from readabilipy import simple_json_from_html_string

from . import digest, extract


async def work(pages: asyncio.Queue[tuple[str, str]], out: asyncio.Queue[digest.Digest]) -> None:
    while True:
        _url, html = await pages.get()
        try:
            await out.put(digest.digest(html))
        finally:
            pages.task_done()


async def preview(html: str) -> str:
    article = simple_json_from_html_string(html, use_readability=True)
    return article.get("title") or ""


async def sanitise(html: str) -> str:
    return extract.cleaned(html)
