"""One shared MarkItDown converter, built on first use (it loads Magika's model)."""

from __future__ import annotations

from markitdown import MarkItDown

_converter: MarkItDown | None = None


def converter() -> MarkItDown:
    global _converter
    if _converter is None:
        _converter = MarkItDown()
    return _converter
