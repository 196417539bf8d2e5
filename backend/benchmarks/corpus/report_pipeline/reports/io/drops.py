"""Drop-folder discovery (hop 3)."""

from __future__ import annotations

import glob
import os.path
from pathlib import Path

from .readers import open_drop


def pending(folder: Path) -> list[Path]:
    return [Path(p) for p in sorted(glob.glob(os.path.join(folder, "*.csv*")))]  # label: blocking via=ingest


def read_drop(path: Path) -> list[dict]:
    import csv

    with open_drop(path) as fh:
        return list(csv.DictReader(fh))  # label: tolerated


def archive(path: Path, done_dir: Path) -> Path:
    done_dir.mkdir(exist_ok=True)  # label: blocking via=ingest
    return path.rename(done_dir / path.name)  # label: blocking via=ingest
