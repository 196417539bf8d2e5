"""robots.txt handling with a per-host memo."""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx
import requests

_SESSION = requests.Session()


class RobotsPolicy:
    def __init__(self, agent: str = "feed-crawler") -> None:
        self.agent = agent
        self._client: httpx.Client = httpx.Client(timeout=3, follow_redirects=True)
        self._parsers: dict[str, RobotFileParser] = {}

    def _load(self, host: str) -> RobotFileParser:
        parser = RobotFileParser()
        resp = self._client.get(f"https://{host}/robots.txt")  # label: blocking via=Crawler.crawl_one
        parser.parse(resp.text.splitlines())  # clean: parses text already in memory
        return parser

    def allowed(self, url: str) -> bool:
        host = urlsplit(url).netloc  # clean: string parsing
        parser = self._parsers.get(host)  # clean: dict.get
        if parser is None:
            parser = self._parsers[host] = self._load(host)
        return parser.can_fetch(self.agent, url)


def sitemap_exists(host: str) -> bool:
    return _SESSION.head(f"https://{host}/sitemap.xml", timeout=3).ok  # label: blocking via=Crawler.crawl_one
