"""Test helper process: put events into a JSONL store and print the seqs it was given, as JSON.

Usage: `python -m tests.runtime.events.seq_writer BASE_DIR THREAD WRITER COUNT READY_DIR PEERS`.
It first creates `READY_DIR/WRITER` and waits until `PEERS` writers are ready, so that all of
them write at the same time. Every third write is a two-record `put_batch`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from deerflow.runtime.events.store import JsonlRunEventStore

_START_TIMEOUT = 30.0


def _wait_for_peers(ready_dir: Path, writer: str, peers: int) -> None:
    (ready_dir / writer).touch()
    deadline = time.monotonic() + _START_TIMEOUT
    while len(list(ready_dir.iterdir())) < peers:
        if time.monotonic() > deadline:
            raise SystemExit(f"peers of {writer} never became ready in {ready_dir}")
        time.sleep(0.005)


async def _write(base_dir: Path, thread: str, writer: str, count: int) -> list[int]:
    store = JsonlRunEventStore(base_dir)
    seqs: list[int] = []
    for index in range(count):
        run = f"{writer}-{index % 3}"
        if index % 3 == 2:
            record = {"thread_id": thread, "run_id": run, "event_type": "e", "category": "message"}
            events = await store.put_batch([{**record, "content": index}] * 2)
            seqs += [event.seq for event in events]
        else:
            seqs.append((await store.put(thread, run, "e", "message", index)).seq)
    await store.close()
    return seqs


def main(argv: list[str]) -> None:
    """Run one writer as described in the module docstring."""
    base_dir, thread, writer, count, ready_dir, peers = argv
    _wait_for_peers(Path(ready_dir), writer, int(peers))
    print(json.dumps(asyncio.run(_write(Path(base_dir), thread, writer, int(count)))))


if __name__ == "__main__":
    main(sys.argv[1:])
