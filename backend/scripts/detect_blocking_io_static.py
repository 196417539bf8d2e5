"""Find blocking IO reachable from the asyncio event loop; see `make detect-blocking-io`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.detectors.blocking_io_static import main

if __name__ == "__main__":
    raise SystemExit(main())
