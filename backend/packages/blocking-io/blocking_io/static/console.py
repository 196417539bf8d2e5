"""Terminal output: colour only where a person reads it, and text that never fails to encode.

Colour is on when the stream is a terminal, ``NO_COLOR`` is unset or empty and ``TERM`` is not
``dumb``; ``FORCE_COLOR`` (non-empty) turns it on anywhere, and ``NO_COLOR`` wins over it. Text
that the stream's encoding cannot hold is transliterated (``→`` becomes ``->``), and whatever is
left becomes ``?``, so an ASCII-only stdout never raises ``UnicodeEncodeError``.
"""

from __future__ import annotations

import os
from typing import TextIO

__all__ = ["TRANSLITERATIONS", "Palette", "safe_text", "use_color", "write"]

TRANSLITERATIONS: dict[str, str] = {
    "→": "->",
    "←": "<-",
    "…": "...",
    "—": "--",
    "–": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "·": "-",
}
_TABLE = str.maketrans(TRANSLITERATIONS)
_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36", "green": "32"}


def use_color(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Tell whether to colour output written to `stream`."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and env.get("TERM") != "dumb"


class Palette:
    """ANSI styles, or plain text when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        """Return `text` wrapped in the styles (``bold``, ``dim``, ``red``, ...) when enabled."""
        if not self.enabled or not styles:
            return text
        codes = ";".join(_CODES[style] for style in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def safe_text(text: str, encoding: str | None) -> str:
    """Return `text` as the encoding can hold it: transliterated, then `?` for the rest."""
    encoding = encoding or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        text = text.translate(_TABLE)
        return text.encode(encoding, errors="replace").decode(encoding)
    except LookupError:
        return text.encode("ascii", errors="replace").decode("ascii")
    return text


def write(stream: TextIO, text: str) -> None:
    """Write `text` to `stream`, made safe for the stream's encoding."""
    stream.write(safe_text(text, getattr(stream, "encoding", None)))
