"""The gateway lifespan starts and stops the loop monitor without blocking the event loop.

Runs the production lifespan of `create_app` with `loop_monitor.enabled` and a real static report
as `findings_file`, then reads `GET /metrics` through `httpx.ASGITransport`. It guards the
`asyncio.to_thread(_project_root)` offload in `app/gateway/routers/metrics.py` (the upward walk
for the project root) and the report read in `LoopMonitor.start`, both run from the lifespan; the
bug shape is monitoring code that itself stalls the loop it watches at startup. Reverting either
offload must turn this module red.
"""

from __future__ import annotations

import json
from pathlib import Path

from app.gateway.app import create_app
from app.gateway.routers.metrics import PROMETHEUS_CONTENT_TYPE
from deerflow.config import AppConfig
from tests.gateway.client import serve


async def test_lifespan_with_monitor_serves_metrics(tmp_path: Path) -> None:
    findings = tmp_path / "findings.json"
    findings.write_text(json.dumps({"findings": []}), encoding="utf-8")
    config = AppConfig.model_validate(
        {
            "checkpointer": {"type": "memory"},
            "run_events": {"backend": "memory"},
            "skills": {"path": str(tmp_path / "skills")},
            "loop_monitor": {"enabled": True, "findings_file": str(findings)},
        }
    )
    app = create_app(config)
    async with serve(app) as client:
        assert app.state.loop_monitor is not None
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == PROMETHEUS_CONTENT_TYPE
    assert "# TYPE deerflow_loop_stalls_total counter" in response.text
