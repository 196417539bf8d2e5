"""Presence tracking: a line protocol server and a client for the shared presence daemon."""

from __future__ import annotations

import asyncio
import json
import socket
import time


class PresenceLink:
    """Client for the presence daemon; one TCP connection per gateway process."""

    _conn: socket.socket

    def __init__(self, host: str, port: int) -> None:
        self.addr = (host, port)
        self.online: dict[str, float] = {}

    def connect(self) -> None:
        self._conn = socket.create_connection(self.addr, timeout=1)  # label: blocking via=join_room

    def announce(self, user: str, room: str) -> None:
        self._conn.sendall(json.dumps({"user": user, "room": room}).encode() + b"\n")  # label: blocking via=join_room
        self.online[user] = time.time()

    def lookup(self, user: str) -> float | None:
        return self.online.get(user)  # clean: dict.get


class PresenceProtocol(asyncio.Protocol):
    """Loop-driven protocol: its callbacks run on the event loop thread."""

    def __init__(self, journal: str) -> None:
        self.journal = journal
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        with open(self.journal, "ab") as fh:  # label: blocking hard via=asyncio.Protocol callback
            fh.write(data)  # label: tolerated
        if self.transport is not None:
            self.transport.write(b"ok\n")  # clean: transport writes are non-blocking


async def join_room(link: PresenceLink, user: str, room: str) -> None:
    if not hasattr(link, "_conn"):
        link.connect()
    link.announce(user, room)


async def serve(journal: str, port: int = 7070) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: PresenceProtocol(journal), "0.0.0.0", port)  # clean: protocol factory
    async with server:
        await server.serve_forever()
