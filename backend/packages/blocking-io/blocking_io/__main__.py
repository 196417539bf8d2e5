"""Run the static detector: ``python -m blocking_io [PATHS] [OPTIONS]``."""

from __future__ import annotations

import sys

from blocking_io.static.cli import main

if __name__ == "__main__":
    sys.exit(main())
