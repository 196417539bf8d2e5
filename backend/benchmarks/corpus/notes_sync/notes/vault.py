"""Local vault of Markdown notes, accessed asynchronously."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import aiofiles
import aiofiles.os
import anyio


class Vault:
    def __init__(self, root: str) -> None:
        self.root = anyio.Path(root)
        self.plain_root = Path(root)

    async def read(self, name: str) -> str:
        return await (self.root / name).read_text(encoding="utf-8")  # clean: anyio.Path is async

    async def write(self, name: str, text: str) -> None:
        async with aiofiles.open(self.plain_root / name, "w", encoding="utf-8") as fh:  # clean: aiofiles
            await fh.write(text)  # clean: awaited aiofiles handle

    async def exists(self, name: str) -> bool:
        return await (self.root / name).exists()  # clean: anyio.Path.exists is awaited

    async def names(self) -> list[str]:
        return sorted([p.name async for p in self.root.glob("*.md")])  # clean: async iteration over anyio.Path.glob

    async def remove(self, name: str) -> None:
        await aiofiles.os.remove(self.plain_root / name)  # clean: aiofiles.os.remove

    async def digest(self, name: str) -> str:
        data = (self.plain_root / name).read_bytes()  # label: blocking
        return hashlib.sha256(data).hexdigest()  # clean: hashing bytes in memory

    async def size(self, name: str) -> int:
        return os.stat(self.plain_root / name).st_size  # label: blocking

    async def lock(self) -> int:
        fd = os.open(self.plain_root / ".lock", os.O_CREAT | os.O_RDWR, 0o600)  # label: blocking
        os.write(fd, str(os.getpid()).encode())  # label: blocking
        return fd

    async def unlock(self, fd: int) -> None:
        await anyio.to_thread.run_sync(os.close, fd)  # clean: anyio offload

    async def trash(self, name: str) -> None:
        trash = self.plain_root / ".trash"
        await anyio.to_thread.run_sync(lambda: trash.mkdir(exist_ok=True))  # clean: lambda offloaded via anyio
        await anyio.Path(self.plain_root / name).rename(anyio.Path(trash / name))  # clean: awaited anyio rename
