"""Metrics emitter over a TCP line protocol."""

import socket
import time


class MetricsClient:
    def __init__(self, host: str, port: int = 8125) -> None:
        self.host = host
        self.port = port
        self._sock: socket.socket | None = None
        self._buffer: list[str] = []

    def _connect(self) -> socket.socket:
        if self._sock is None:
            self._sock = socket.create_connection((self.host, self.port), timeout=2)  # label: blocking via=flush
        return self._sock

    def gauge(self, name: str, value: float) -> None:
        self._buffer.append(f"{name}:{value}|g")

    def flush(self) -> None:
        if not self._buffer:
            return
        payload = ("\n".join(self._buffer) + "\n").encode()
        self._connect().sendall(payload)  # label: blocking via=flush
        self._buffer.clear()

    def timing_since(self, name: str, started: float) -> None:
        self.gauge(name, (time.perf_counter() - started) * 1000)  # clean: clock read only
