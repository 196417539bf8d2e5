"""Readable content from HTML with readabilipy (Mozilla's Readability runs under Node.js)."""

from __future__ import annotations

from typing import Any

from readabilipy import simple_json_from_html_string, simple_tree_from_html_string


def readable(html: str) -> dict[str, Any]:
    return simple_json_from_html_string(html, use_readability=True)


def cleaned(html: str) -> str:
    return str(simple_tree_from_html_string(html))
