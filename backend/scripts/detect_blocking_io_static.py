"""Find blocking IO reachable from the asyncio event loop; see `make detect-blocking-io`."""

from __future__ import annotations

from blocking_io.static.cli import run

if __name__ == "__main__":
    run()
