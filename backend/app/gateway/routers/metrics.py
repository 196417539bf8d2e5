"""Metrics router: `GET /metrics`, the loop monitor's counters in the Prometheus text format.

`start_loop_monitor` builds the monitor from `loop_monitor` in the config; the lifespan enters it
when `loop_monitor.enabled` is set. With the monitor off the route answers 404 saying how to turn
it on.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse

from app.gateway.json_body import StrictJsonRoute
from blocking_io.layout import ProjectRootError, find_project_root
from blocking_io.monitor import LoopMonitor
from deerflow.config.schema import LoopMonitorConfig

__all__ = ["LOOP_MONITOR_OFF", "PROMETHEUS_CONTENT_TYPE", "router", "start_loop_monitor"]

router = APIRouter(tags=["metrics"], route_class=StrictJsonRoute)

PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LOOP_MONITOR_OFF = "The loop monitor is off; set `loop_monitor.enabled: true` in the config."
# The code whose frames the monitor names: the gateway and the harness.
MONITORED_PACKAGES = ("app", "deerflow")


def _project_root() -> Path | None:
    try:
        return find_project_root(Path(__file__))
    except ProjectRootError:
        return None  # an installed copy: sites are shown as absolute paths


async def start_loop_monitor(
    config: LoopMonitorConfig,
) -> AbstractAsyncContextManager[LoopMonitor]:
    """Return the running-context of a monitor configured by `config` (finds the root off-loop)."""
    root = await asyncio.to_thread(_project_root)
    monitor = LoopMonitor(
        MONITORED_PACKAGES,
        root=root,
        threshold=config.threshold_ms / 1000,
        interval=config.interval_ms / 1000,
        rate_limit=config.rate_limit_s,
        findings_file=config.findings_file,
    )
    return monitor.running()


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(request: Request) -> PlainTextResponse:
    """Return the loop monitor's counters, or 404 when the monitor is off."""
    monitor: LoopMonitor | None = getattr(request.app.state, "loop_monitor", None)
    if monitor is None:
        raise HTTPException(status_code=404, detail=LOOP_MONITOR_OFF)
    return PlainTextResponse(monitor.counters.prometheus_text(), media_type=PROMETHEUS_CONTENT_TYPE)
