"""Feed parsing (pure)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET


def parse_feed(text: str) -> list[dict]:
    root = ET.fromstring(text)  # clean: parses a string
    items = []
    for item in root.iter("item"):
        items.append({"title": (item.findtext("title") or "").replace("\n", " "), "link": item.findtext("link")})
    return items


def parse_archive(blob: bytes) -> list[dict]:
    buf = io.BytesIO(blob)
    header = buf.read(4)  # clean: BytesIO.read
    return json.loads(buf.read().decode()) if header == b"FEED" else []  # clean: BytesIO.read + json.loads
