"""App factory for the loop monitor's server tests: the gateway plus two deliberately bad routes.

The routes are probe code compiled under the `app` package directory (the file never exists), so
the monitor names them as project frames: `/block` holds the loop with `time.sleep`, `/list`
calls a prebound `os.listdir` on the loop (seen by the audit hook).
"""

from __future__ import annotations

from fastapi import FastAPI

from app.gateway.app import create_app
from tests.support.detectors.blocking_io_probes import load_probe, scanned_probe_path

__all__ = ["MONITOR_PROBE_SOURCE", "PROBE_PATH", "create_monitored_app"]

MONITOR_PROBE_SOURCE = """\
import time
from os import listdir


async def blocking_route():
    time.sleep(0.3)  # probe: blocking_route
    return {"blocked": True}


async def listing_route():
    listdir(".")  # probe: listing_route
    return {"listed": True}
"""

PROBE_PATH = scanned_probe_path("app", "_monitor_probe.py")


def create_monitored_app() -> FastAPI:
    """Return the gateway app with the probe routes `/block` and `/list` added."""
    app = create_app()
    probe = load_probe(PROBE_PATH, MONITOR_PROBE_SOURCE)
    app.add_api_route("/block", probe.blocking_route)
    app.add_api_route("/list", probe.listing_route)
    return app
