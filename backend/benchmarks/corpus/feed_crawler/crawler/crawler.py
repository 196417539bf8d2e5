"""Crawl scheduling."""

from __future__ import annotations

import asyncio
import logging

import httpx

from . import http
from .cache import FeedStore, TTLCache
from .parse import parse_archive, parse_feed
from .robots import RobotsPolicy, sitemap_exists

log = logging.getLogger(__name__)


def sleep(seconds: float):
    """Local helper with a familiar name: returns the awaitable, never blocks."""
    return asyncio.sleep(seconds)


class Crawler:
    def __init__(self, feeds: list[str], hub: str | None = None) -> None:
        self.feeds = feeds
        self.hub = hub
        self.cache = TTLCache()
        self.store = FeedStore()
        self.session: dict[str, str] = {}
        self.robots = RobotsPolicy()

    async def crawl_one(self, url: str) -> list[dict]:
        cached = self.cache.get(url)  # clean: TTLCache.get
        if cached is not None:
            return cached
        etag = self.session.get(url)  # clean: session is a dict
        if not self.robots.allowed(url):
            return []
        if not sitemap_exists(url.split("/")[2]):
            log.info("no sitemap for %s", url)
        log.debug("fetching %s (etag %s)", url, etag)
        items = parse_feed(http.get_text(url))
        self.cache.put(url, items)
        return items

    async def crawl_legacy(self, url: str) -> list[dict]:
        return parse_archive(http.get_legacy(url))

    async def crawl_async(self, url: str) -> list[dict]:
        async with httpx.AsyncClient(timeout=10) as client:
            return parse_feed(await http.get_text_async(client, url))  # clean: async path

    async def crawl_threaded(self, url: str) -> list[dict]:
        text = await asyncio.to_thread(http.get_text, url)  # clean: offloaded
        return parse_feed(text)

    async def publish(self, feed: str) -> None:
        if self.hub:
            http.ping_hub(self.hub, feed)

    async def run(self, rounds: int = 3) -> None:
        store = self.store.open()  # clean: FeedStore.open just sets a flag
        try:
            for _ in range(rounds):
                for url in self.feeds:
                    store.add(url, await self.crawl_one(url))
                    await self.publish(url)
                await sleep(60)  # clean: local sleep wraps asyncio.sleep
        finally:
            store.close()  # clean: FeedStore.close


async def crawl_all(feeds: list[str], session=None) -> int:
    crawler = Crawler(feeds)
    if session is not None:
        token = session.get("token")  # clean: unknown object, no evidence of IO
        log.debug("token present: %s", bool(token))
    total = 0
    for url in feeds:
        total += len(await crawler.crawl_one(url))
    return total
