"""Probe implementations."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import time

from .dns import addresses, addresses_async, first_v4
from .statsd import MetricsClient

log = logging.getLogger(__name__)
_TLS = ssl.create_default_context()  # clean: module level, loads CA files once at import


class Prober:
    def __init__(self, metrics: MetricsClient) -> None:
        self.metrics = metrics
        self._results: dict[str, bool] = {}

    def _banner(self, host: str, port: int) -> bytes:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(3)  # clean: sets an option, no IO
        sock.connect((host, port))  # label: blocking via=Prober.check
        try:
            return sock.recv(128)  # label: blocking via=Prober.check
        finally:
            sock.close()  # label: tolerated

    async def check(self, host: str, port: int) -> bool:
        started = time.perf_counter()
        if not addresses(host, port):
            return False
        banner = self._banner(host, port)
        self.metrics.timing_since(f"probe.{host}", started)
        self._results[host] = bool(banner)
        return bool(banner)

    async def check_legacy(self, host: str) -> str:
        return first_v4(host)

    async def check_async(self, host: str, port: int) -> bool:
        if not await addresses_async(host, port):
            return False
        reader, writer = await asyncio.open_connection(host, port)  # clean: asyncio streams
        data = await reader.read(128)  # clean: awaited StreamReader.read
        writer.close()
        await writer.wait_closed()
        return bool(data)

    async def check_tls(self, host: str) -> bool:
        with socket.create_connection((host, 443), timeout=3) as raw:  # label: blocking
            with _TLS.wrap_socket(raw, server_hostname=host) as tls:  # label: tolerated
                return tls.version() is not None

    async def check_offloaded(self, host: str, port: int) -> bool:
        banner = await asyncio.to_thread(self._banner, host, port)  # clean: offloaded
        infos = await asyncio.get_running_loop().run_in_executor(None, socket.getaddrinfo, host, port)  # clean: offloaded
        return bool(banner and infos)
