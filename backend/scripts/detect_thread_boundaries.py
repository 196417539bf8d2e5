"""List every place work crosses threads or event loops; see `make detect-thread-boundaries`."""

from __future__ import annotations

from blocking_io.static.boundaries import main

if __name__ == "__main__":
    raise SystemExit(main())
