"""Ingestion steps: a stored upload or a link becomes Markdown text for the index."""

from __future__ import annotations

from pathlib import Path

from .converter import converter


def markdown_of(path: Path) -> str:
    return converter().convert(str(path)).text_content


def markdown_of_link(url: str) -> str:
    return converter().convert_uri(url).markdown
