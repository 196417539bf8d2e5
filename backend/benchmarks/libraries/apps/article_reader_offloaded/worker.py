"""The worker: takes fetched pages off a queue and publishes their digests, parsing off the loop."""

from __future__ import annotations

import asyncio
import functools

from readabilipy import simple_json_from_html_string

from . import digest, extract


async def work(pages: asyncio.Queue[tuple[str, str]], out: asyncio.Queue[digest.Digest]) -> None:
    while True:
        _url, html = await pages.get()
        try:
            await out.put(await asyncio.to_thread(digest.digest, html))
        finally:
            pages.task_done()


async def preview(html: str) -> str:
    loop = asyncio.get_running_loop()
    parse = functools.partial(simple_json_from_html_string, html, use_readability=True)
    article = await loop.run_in_executor(None, parse)
    return article.get("title") or ""


async def sanitise(html: str) -> str:
    return extract.cleaned(html)
