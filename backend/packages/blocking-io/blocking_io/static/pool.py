"""Parallel summaries: summarise many files in worker processes when the work makes it pay.

A worker reads nothing: it gets each file's path and bytes, and returns the summary as a packed
blob (``packing``: cheap to send, and what the cache stores) or an ``errors`` entry. A summary
too deeply nested for marshal comes back as ``None`` and the caller summarises that file itself.
Processes are forked when the parent has a single thread (fast start), else spawned. The process
machinery is imported on first use: a scan answered from the cache never starts a worker, and
importing it costs about 30 ms.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from .packing import pack_summary
from .source import decode_source, summarise_source

__all__ = [
    "PARALLEL_MIN_BYTES",
    "Outcome",
    "available_cores",
    "summaries_from_workers",
    "summarise_in_workers",
]

# Below this much source a cold scan takes about a quarter second on one core: starting the
# workers and shipping the data would eat most of the gain.
PARALLEL_MIN_BYTES = 1_000_000
_RECURSION_LIMIT = 6000

# (packed summary, None) | (None, errors entry) | (None, None): summarise it in the caller.
Outcome = tuple[bytes | None, dict | None]


def available_cores() -> int:
    """Return how many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _start_worker() -> None:
    gc.disable()  # summaries are acyclic; see scan.py
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))


def _summarise_batch(batch: list[tuple[str, bytes]]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for name, data in batch:
        path = Path(name)
        text = decode_source(path, data)
        if isinstance(text, dict):
            outcomes.append((None, text))
            continue
        summary, error = summarise_source(path, text)
        if summary is None:
            outcomes.append((None, error))
            continue
        try:
            outcomes.append((pack_summary(summary), None))
        except ValueError:
            outcomes.append((None, None))
    return outcomes


def summarise_in_workers(items: Sequence[tuple[Path, bytes]], workers: int) -> list[Outcome]:
    """Return one outcome per (path, bytes) item, in order, computed by `workers` processes."""
    return list(summaries_from_workers(items, workers))


def summaries_from_workers(items: Sequence[tuple[Path, bytes]], workers: int) -> Iterator[Outcome]:
    """Yield one outcome per (path, bytes) item, in order, as `workers` processes finish them.

    The caller can decode the first batches while the workers summarise the last ones. The
    processes stop when the iterator is exhausted or closed; a broken pool raises ``OSError``
    or ``RuntimeError`` from the iteration.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    method = "fork" if threading.active_count() == 1 and sys.platform != "darwin" else "spawn"
    # Batches of similar total size, a few per worker, so one big file does not hold up the end.
    target = max(1, sum(len(data) for _, data in items) // (workers * 4))
    batches: list[list[tuple[str, bytes]]] = [[]]
    size = 0
    for path, data in items:
        if size >= target:
            batches.append([])
            size = 0
        batches[-1].append((str(path), data))
        size += len(data)
    with ProcessPoolExecutor(workers, get_context(method), initializer=_start_worker) as pool:
        for batch in pool.map(_summarise_batch, batches):
            yield from batch
