"""Command-line front end."""

from __future__ import annotations

import argparse
import asyncio

from .dns import addresses, reverse
from .schedule import run_forever
from .statsd import MetricsClient


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="netprobe")
    parser.add_argument("hosts", nargs="+")
    parser.add_argument("--once", action="store_true")
    args = parser.parse_args(argv)
    if args.once:
        for host in args.hosts:
            for ip in addresses(host, 22):
                print(host, ip, reverse(ip))
        return 0
    asyncio.run(run_forever(args.hosts, MetricsClient("127.0.0.1")))
    return 0
