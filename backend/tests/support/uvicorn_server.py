"""Run the gateway under uvicorn in a child process on a free 127.0.0.1 port, for real-server tests.

`serve_gateway` writes a config YAML (memory stores, the given `loop_monitor` section), starts
`uvicorn --factory` with it, waits until `/health` answers, yields the base URL and the path of
the child's stderr log, and stops the child (SIGINT, so the lifespan closes) afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from tests.support.paths import BACKEND_DIR

__all__ = ["Server", "free_port", "serve_gateway"]

# Generous: importing the gateway takes seconds on a busy two-core machine.
STARTUP_SECONDS = 90.0


@dataclass(frozen=True)
class Server:
    """A running gateway: where to reach it and where its log goes."""

    url: str
    log: Path


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve_gateway(
    directory: Path, factory: str, loop_monitor: dict[str, object]
) -> Iterator[Server]:
    """Serve `factory` (`module:function`) with `loop_monitor` config; stop it on exit."""
    config = {
        "skills": {"path": str(directory / "skills")},
        "checkpointer": {"type": "memory"},
        "run_events": {"backend": "memory"},
        "loop_monitor": loop_monitor,
    }
    config_path = directory / "config.yaml"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    log = directory / "server.log"
    port = free_port()
    env = {**os.environ, "DEER_FLOW_CONFIG": str(config_path), "PYTHONPATH": str(BACKEND_DIR)}
    command = [sys.executable, "-m", "uvicorn", "--factory", factory]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as sink:
        child = subprocess.Popen(command, cwd=BACKEND_DIR, env=env, stderr=sink, stdout=sink)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(url, child, log)
        yield Server(url=url, log=log)
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _wait_until_healthy(url: str, child: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {child.returncode}: {log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"uvicorn did not answer /health within {STARTUP_SECONDS} s: {log}")
