"""Prove each production offload is guarded by an anchor; see `make check-teeth`."""

from __future__ import annotations

from blocking_io.teeth.teeth import main

if __name__ == "__main__":
    raise SystemExit(main())
