"""Aggregation (hop 2)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .io import drops


@lru_cache(maxsize=1)
def currency_table(path: str) -> dict[str, float]:
    rates = {}
    with open(path) as fh:  # label: blocking via=ingest (lru_cache-wrapped helper)
        for line in fh:
            code, rate = line.split(",")  # clean: str.split
            rates[code] = float(rate)
    return rates


def load_all(folder: Path, done_dir: Path) -> list[dict]:
    rows: list[dict] = []
    for path in drops.pending(folder):
        rows.extend(drops.read_drop(path))
        drops.archive(path, done_dir)
    return rows


def totals(rows: list[dict], rates_file: str) -> dict[str, float]:
    rates = currency_table(rates_file)
    out: dict[str, float] = defaultdict(float)
    for r in rows:
        out[r["region"]] += float(r["amount"]) * rates.get(r["currency"], 1.0)  # clean: dict.get
    return dict(out)


def spread(values: list[float]) -> float:
    return statistics.pstdev(values) if len(values) > 1 else 0.0
