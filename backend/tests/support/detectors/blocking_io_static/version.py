"""Tool identity: the name and version written into reports and cache keys."""

from __future__ import annotations

__all__ = ["TOOL_NAME", "TOOL_VERSION"]

TOOL_NAME = "blocking-io-static"
TOOL_VERSION = "0.3.0"
