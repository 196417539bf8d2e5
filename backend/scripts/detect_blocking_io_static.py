"""Find blocking IO reachable from the asyncio event loop; see `make detect-blocking-io`."""

from __future__ import annotations

from blocking_io.static import main

if __name__ == "__main__":
    raise SystemExit(main())
