"""Static blocking-IO detector: finds blocking calls that run on the asyncio event loop.

Whole-program: every file under the scan roots is summarised once (``summary``), names are
resolved project-wide (``resolve``), and a call graph from every loop entry (``entries``) to the
blocking primitives (``primitives``) skips offloaded callables (``offloaders``). ``scan`` returns
the report documented in ``report``; ``main`` is the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .scan import scan
from .version import TOOL_NAME, TOOL_VERSION

if TYPE_CHECKING:
    from .cli import main

__all__ = ["TOOL_NAME", "TOOL_VERSION", "main", "scan"]


def __getattr__(name: str) -> object:
    # `cli` imports `blocking_io.config`, which reads the rule tables of this package; loading
    # `cli` on first use keeps `blocking_io.config` importable before this package.
    if name == "main":
        from .cli import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
