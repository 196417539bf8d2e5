"""Subscription lists in OPML."""

from __future__ import annotations

import asyncio
import functools
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path


def _backup(path: Path) -> None:
    shutil.copy(path, path.with_suffix(".opml.bak"))  # label: blocking via=load_subscriptions


def _touch_marker(path: Path) -> None:
    path.with_suffix(".seen").touch()  # label: blocking via=call_later(functools.partial)


async def load_subscriptions(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")  # label: blocking
    _backup(path)
    root = ET.fromstring(text)  # clean: parses a string
    asyncio.get_running_loop().call_later(1.0, functools.partial(_touch_marker, path))
    return [o.attrib["xmlUrl"] for o in root.iter("outline") if "xmlUrl" in o.attrib]


async def save_subscriptions(path: Path, feeds: list[str]) -> None:
    body = "".join(f'<outline xmlUrl="{f}"/>' for f in feeds)
    doc = f'<opml version="2.0"><body>{body}</body></opml>'
    await asyncio.to_thread(path.write_text, doc, encoding="utf-8")  # clean: offloaded


def export_opml(feeds: list[str], dest: str) -> None:
    tree = ET.ElementTree(ET.Element("opml"))
    for f in feeds:
        ET.SubElement(tree.getroot(), "outline", xmlUrl=f)
    tree.write(dest)  # clean: sync CLI helper, never reached from async code
