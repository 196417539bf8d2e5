"""Static blocking-IO detector: finds blocking calls that run on the asyncio event loop.

Whole-program: every file under the scan roots is summarised once (``summary``), names are
resolved project-wide (``resolve``), and a call graph from every loop entry (``entries``) to the
blocking primitives (``primitives``) skips offloaded callables (``offloaders``). ``scan`` returns
the report documented in ``report``; ``main`` is the command line.
"""

from __future__ import annotations

from .cli import main
from .scan import scan
from .version import TOOL_NAME, TOOL_VERSION

__all__ = ["TOOL_NAME", "TOOL_VERSION", "main", "scan"]
