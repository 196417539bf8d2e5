"""The loop monitor reports a blocking route and stays silent on clean ones, on a real server.

Each test serves the gateway (plus probe routes from `monitor_server`) with uvicorn in a child
process on a free 127.0.0.1 port, and reads `/metrics` and the child's log: one JSON record per
blocking site naming the probe's line, counters in the Prometheus text format.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from app.gateway.app import create_app
from app.gateway.routers.metrics import LOOP_MONITOR_OFF, PROMETHEUS_CONTENT_TYPE
from blocking_io.findings import NOT_FOUND_STATICALLY
from blocking_io.monitor import LOG_EVENT_BLOCKING_CALL, LOG_EVENT_STALL
from deerflow.config import AppConfig
from tests.gateway.monitor_server import MONITOR_PROBE_SOURCE, PROBE_PATH
from tests.support.detectors.blocking_io_probes import probe_line
from tests.support.paths import REPO_ROOT
from tests.support.uvicorn_server import serve_gateway

FACTORY = "tests.gateway.monitor_server:create_monitored_app"
MONITOR_ON = {"enabled": True, "threshold_ms": 100, "rate_limit_s": 60}
PROBE = Path(PROBE_PATH).relative_to(REPO_ROOT).as_posix()
BLOCK_SITE = f"{PROBE}:{probe_line('blocking_route', MONITOR_PROBE_SOURCE)}"
LIST_SITE = f"{PROBE}:{probe_line('listing_route', MONITOR_PROBE_SOURCE)}"


def _records(log: Path) -> list[dict[str, object]]:
    """Return the monitor's JSON records from a server log."""
    records = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{") and '"event"' in line:
            records.append(json.loads(line))
    return records


def _metrics_until(url: str, needle: str, seconds: float = 5.0) -> str:
    """Poll `/metrics` until it contains `needle` (the watchdog reports after the loop turns)."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = httpx.get(f"{url}/metrics").text
        if needle in text:
            break
        time.sleep(0.05)
    return text


def test_monitor_silent_on_clean_routes_then_reports_blocking_route(tmp_path: Path) -> None:
    # One server for both halves: a start costs seconds. The clean half runs first.
    with serve_gateway(tmp_path, FACTORY, MONITOR_ON) as server:
        for _ in range(50):
            assert httpx.get(f"{server.url}/health").status_code == 200
        response = httpx.get(f"{server.url}/metrics")
        assert response.headers["content-type"] == PROMETHEUS_CONTENT_TYPE
        samples = [line for line in response.text.splitlines() if not line.startswith("#")]
        assert [line for line in samples if "{" in line] == []
        assert _records(server.log) == []

        for _ in range(2):
            assert httpx.get(f"{server.url}/block", timeout=10).status_code == 200
        assert httpx.get(f"{server.url}/list").status_code == 200
        stalls = f'deerflow_loop_stalls_total{{site="{BLOCK_SITE}"}} 2'
        text = _metrics_until(server.url, stalls)
        assert stalls in text
        calls = f'deerflow_loop_blocking_calls_total{{primitive="os.listdir",site="{LIST_SITE}"}} 1'
        assert calls in text
    records = _records(server.log)
    stall_records = [r for r in records if r["event"] == LOG_EVENT_STALL]
    assert [r["site"] for r in stall_records] == [BLOCK_SITE]  # the second one is rate-limited
    assert stall_records[0]["function"] == "blocking_route"
    assert stall_records[0]["duration_ms"] >= 150
    assert stall_records[0]["finding"] == NOT_FOUND_STATICALLY
    call_records = [r for r in records if r["event"] == LOG_EVENT_BLOCKING_CALL]
    assert [(r["site"], r["primitive"]) for r in call_records] == [(LIST_SITE, "os.listdir")]


async def test_metrics_route_is_404_with_monitor_off() -> None:
    app = create_app(
        AppConfig.model_validate(
            {"checkpointer": {"type": "memory"}, "run_events": {"backend": "memory"}}
        )
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            response = await client.get("/metrics")
    assert response.status_code == 404
    assert response.json()["detail"] == LOOP_MONITOR_OFF
