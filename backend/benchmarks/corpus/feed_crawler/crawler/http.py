"""HTTP access: sync clients for the legacy path, async for the new one."""

from __future__ import annotations

import urllib.request

import httpx
import requests

UA = {"User-Agent": "feed-crawler/1.4"}


def get_text(url: str) -> str:
    return requests.get(url, headers=UA, timeout=10).text  # label: blocking via=Crawler.crawl_one


def get_legacy(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:  # label: blocking via=Crawler.crawl_legacy
        return resp.read()  # label: tolerated


def ping_hub(hub: str, feed: str) -> int:
    return httpx.Client(timeout=5).post(hub, data={"hub.mode": "publish", "hub.url": feed}).status_code  # label: blocking via=Crawler.publish


async def get_text_async(client: httpx.AsyncClient, url: str) -> str:
    resp = await client.get(url, headers=UA)  # clean: AsyncClient.get is awaited
    return resp.text
