"""Measure the loop monitor's overhead on request throughput against a real uvicorn server.

Serves the gateway (`app.gateway.app:create_app`) on 127.0.0.1 with the monitor off and on, in
alternating rounds, and drives `GET /health` with a bounded number of requests from a few
concurrent clients. Prints requests per second of every round, the medians and the overhead.
Target: under 2 %. Usage: `make bench-monitor`; `ARGS="--requests N --rounds R"` changes the load.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.uvicorn_server import serve_gateway

FACTORY = "app.gateway.app:create_app"
MAX_REQUESTS = 20_000
TARGET_PERCENT = 2.0


async def _drive(url: str, requests: int, clients: int) -> float:
    """Send `requests` GETs from `clients` concurrent keep-alive clients; return requests/s."""
    per_client = requests // clients

    async def client_loop(client: httpx.AsyncClient) -> None:
        for _ in range(per_client):
            response = await client.get("/health")
            response.raise_for_status()

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(clients // 2 or 1)))  # warm-up
        start = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
        elapsed = time.perf_counter() - start
    return per_client * clients / elapsed


def _spread(rates: list[float]) -> float:
    """Return (max - min) / median of the rounds of one mode, in percent."""
    return (max(rates) - min(rates)) / statistics.median(rates) * 100


def main() -> int:
    """Run the rounds and print the figures; exit 0 (the target is reported, not enforced)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per mode")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    args = parser.parse_args()
    if not 0 < args.requests <= MAX_REQUESTS:
        parser.error(f"Invalid --requests {args.requests}; expected 1 to {MAX_REQUESTS}")
    rates: dict[bool, list[float]] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in range(args.rounds):
            for enabled in (False, True) if round_number % 2 == 0 else (True, False):
                directory = Path(scratch) / f"r{round_number}-{int(enabled)}"
                directory.mkdir()
                with serve_gateway(directory, FACTORY, {"enabled": enabled}) as server:
                    rate = asyncio.run(_drive(server.url, args.requests, args.clients))
                rates[enabled].append(rate)
                label = "on " if enabled else "off"
                print(f"round {round_number + 1} monitor {label}: {rate:8.1f} req/s", flush=True)
    off, on = statistics.median(rates[False]), statistics.median(rates[True])
    overhead = (off - on) / off * 100
    print(f"median monitor off: {off:.1f} req/s")
    print(f"median monitor on:  {on:.1f} req/s")
    verdict = "within" if overhead < TARGET_PERCENT else "OVER"
    print(f"overhead: {overhead:+.2f} % ({verdict} the {TARGET_PERCENT:g} % target)")
    spread = max(_spread(rates[False]), _spread(rates[True]))
    print(f"spread between rounds of one mode: {spread:.1f} %")
    if spread > TARGET_PERCENT:
        print(
            "The spread exceeds the target, so the overhead figure is noise on this machine; "
            "rerun on a quiet machine or with more rounds."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
