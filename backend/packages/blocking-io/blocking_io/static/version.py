"""Tool identity: the name and version written into reports and cache keys."""

from __future__ import annotations

from .. import __version__

__all__ = ["TOOL_NAME", "TOOL_VERSION"]

TOOL_NAME = "blocking-io"
TOOL_VERSION = __version__
