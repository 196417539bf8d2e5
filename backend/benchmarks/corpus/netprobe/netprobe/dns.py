"""Name resolution helpers."""

from __future__ import annotations

import asyncio
import socket
from socket import gethostbyname as resolve_v4


def addresses(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)  # label: blocking via=Prober.check
    return sorted({info[4][0] for info in infos})


def first_v4(host: str) -> str:
    return resolve_v4(host)  # label: blocking via=Prober.check_legacy


async def addresses_async(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)  # clean: loop.getaddrinfo is awaited
    return sorted({info[4][0] for info in infos})


def reverse(ip: str) -> str:
    return socket.gethostbyaddr(ip)[0]  # clean: only called from the CLI
