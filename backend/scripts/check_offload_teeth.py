"""Prove each production offload is guarded by an anchor; see `make check-teeth`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.detectors.offload_revert.teeth import main

if __name__ == "__main__":
    raise SystemExit(main())
