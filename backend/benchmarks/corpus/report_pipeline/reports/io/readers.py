"""Low-level readers for the drop folder (hop 4 of the ingest chain)."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path


def open_drop(path: Path):
    if path.suffix == ".gz":  # clean: suffix is pure
        return gzip.open(path, "rt", newline="")  # label: blocking via=ingest (4 hops)
    return path.open(newline="")  # label: blocking via=ingest (4 hops)


def load(path: Path) -> list[dict]:
    with path.open(newline="") as fh:  # clean: only the sync CLI calls readers.load
        return list(csv.DictReader(fh))


def rows_from_bytes(blob: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(blob.decode())))  # clean: in-memory CSV
