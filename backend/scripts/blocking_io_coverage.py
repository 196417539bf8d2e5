"""Join the static report with the runtime record; see `make blocking-io-coverage`."""

from __future__ import annotations

from blocking_io.coverage import main

if __name__ == "__main__":
    raise SystemExit(main())
