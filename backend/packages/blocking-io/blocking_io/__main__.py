"""Run the static detector: ``python -m blocking_io [PATHS] [OPTIONS]``."""

from __future__ import annotations

from blocking_io.static.cli import run

if __name__ == "__main__":
    run()
