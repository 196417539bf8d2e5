"""Time the stages of one scan by wrapping the functions the scan calls, in the measured process.

A stage is a function (or a method, ``Class.name``) that the scan looks up by name at call time,
so replacing the attribute times every call of it; the wrappers add about a millisecond in all.
The stages do not overlap: a stage run inside another (``body decoding``, when the analysis
first reads a function's body) counts for the inner one only, and ``other`` is the scan's time
outside them all (fingerprint, report, freeing the project). ``workers_cpu`` is the CPU time the
summarising worker processes used (``RUSAGE_CHILDREN``), to set against the summarising stage's
wall time.
"""

from __future__ import annotations

import functools
import importlib
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["STAGES", "timed_stages"]

# (module, attribute, stage), in the order a scan runs them.
STAGES = (
    ("blocking_io.static.scan", "discover_files", "discovery"),
    ("blocking_io.static.scan", "SummaryCache", "cache open"),
    ("blocking_io.static.scan", "reuse_report", "reuse check"),
    ("blocking_io.static.project", "read_source", "read and hash"),
    ("blocking_io.static.project", "content_key", "read and hash"),
    ("blocking_io.static.cache", "SummaryCache.get", "cached summaries"),
    ("blocking_io.static.project", "_summarise_misses", "summarise"),
    ("blocking_io.static.project", "_name_modules", "naming"),
    ("blocking_io.static.scan", "_analyse", "analysis"),
    ("blocking_io.static.packing", "_decode_body", "body decoding"),
    ("blocking_io.static.cache", "SummaryCache.save", "cache writes"),
    ("blocking_io.static.cache", "ReportCache.put", "cache writes"),
)


def _wrapped(
    function: Callable[..., Any], stage: str, seconds: dict[str, float], inner: list[float]
) -> Any:
    """Return the function timed as ``stage``; ``inner`` holds, per running stage, the time
    spent in stages it called (subtracted from its own)."""

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        inner.append(0.0)
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            nested = inner.pop()
            seconds[stage] = seconds.get(stage, 0.0) + elapsed - nested
            if inner:
                inner[-1] += elapsed

    return timed


@contextmanager
def timed_stages() -> Iterator[dict[str, float]]:
    """Yield a dict that fills with seconds per stage while the block runs a scan."""
    seconds: dict[str, float] = {}
    inner: list[float] = []
    replaced = []
    for module_name, dotted, stage in STAGES:
        owner: Any = importlib.import_module(module_name)
        *path, attribute = dotted.split(".")
        for name in path:
            owner = getattr(owner, name)
        original = getattr(owner, attribute)
        replaced.append((owner, attribute, original))
        setattr(owner, attribute, _wrapped(original, stage, seconds, inner))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        yield seconds
    finally:
        for owner, attribute, original in reversed(replaced):
            setattr(owner, attribute, original)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        seconds["workers_cpu"] = workers
