"""Message templates of the gateway's own error answers; tests import these, never retype them."""

from __future__ import annotations

__all__ = ["MSG_PATH_SEGMENT"]

MSG_PATH_SEGMENT = (
    "Invalid path segment `{segment}` (decoded {decoded!r}): {problem}; send ids from"
    " [A-Za-z0-9._:-] without '..' and do not percent-encode '/', '\\' or '.'."
)
