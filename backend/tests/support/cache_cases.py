"""Shared pieces of the cache tests: files written as old, reports compared, packed records.

Cache tests write files with modification times far in the past, one tick apart (a file younger
than ``RACY_SECONDS`` keeps its report from being stored), compare reports without their timing
and cache figures, and build or damage packed summaries (``packing``).
"""

from __future__ import annotations

import itertools
import marshal
import os
from pathlib import Path

from blocking_io.static.cache import read_sealed, write_sealed
from blocking_io.static.packing import Record, pack_summary, unpack_summary
from blocking_io.static.summary import summarise

__all__ = ["PACKED_SOURCE", "comparable", "damage_bodies", "packed_record", "write_old"]

_clock = itertools.count(1_000_000_000, 1_000)  # one modification time per write, all old

# A module whose functions have every kind of body field: calls, a default, a property, a lambda.
PACKED_SOURCE = """\
import time


class Store:
    def load(self, path: str, retries: int = 3) -> str:
        time.sleep(retries)
        return open(path).read()

    @property
    def size(self):
        return self.load("x")


async def handler(store: Store):
    store.load("a")
    return lambda: store.size
"""


def write_old(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write a file (and its directories) with a modification time far in the past."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    stamp = next(_clock)
    os.utime(path, ns=(stamp, stamp))


def comparable(report: dict) -> dict:
    """Return a report without its timing and cache figures (files and lines stay)."""
    shown = {key: value for key, value in report.items() if key != "scan"}
    shown["scan"] = (report["scan"]["files"], report["scan"]["lines"])
    return shown


def packed_record() -> tuple[dict, Record]:
    """Return `Store.load` of ``PACKED_SOURCE`` as summarised, and packed then unpacked."""
    summary = summarise(PACKED_SOURCE)
    unpacked = unpack_summary(pack_summary(summary))
    assert unpacked is not None
    record = unpacked["functions"]["Store.load"]
    assert isinstance(record, Record)
    return summary["functions"]["Store.load"], record


def damage_bodies(cache: Path) -> int:
    """Rewrite the sealed summary file with every function body replaced by non-marshal bytes;
    return how many summaries it holds."""
    [stored] = cache.glob("summaries-*")
    blobs = read_sealed(stored)
    assert isinstance(blobs, dict) and blobs
    damaged = {}
    for key, blob in blobs.items():
        packed = marshal.loads(blob)
        packed["functions"] = {q: (head, b"\x00") for q, (head, _) in packed["functions"].items()}
        damaged[key] = marshal.dumps(packed)
    assert write_sealed(stored, damaged)
    return len(damaged)
