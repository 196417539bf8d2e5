"""Time the stages of one scan by wrapping the functions the scan calls, in the measured process.

A stage is a function of ``scan`` or ``project`` looked up by name at call time, so replacing the
module attribute times every call of it; the wrappers add well under a millisecond in all. The
stages do not overlap: ``other`` is the scan's time outside them (fingerprint, report cache,
the report itself, writing the summary cache). ``workers_cpu`` is the CPU time the summarising
worker processes used (``RUSAGE_CHILDREN``), to set against the summarising stage's wall time.
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
    ("blocking_io.static.project", "_summarise_misses", "summarise"),
    ("blocking_io.static.project", "_name_modules", "naming"),
    ("blocking_io.static.scan", "_analyse", "analysis"),
)


def _wrapped(function: Callable[..., Any], stage: str, seconds: dict[str, float]) -> Any:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started

    return timed


@contextmanager
def timed_stages() -> Iterator[dict[str, float]]:
    """Yield a dict that fills with seconds per stage while the block runs a scan."""
    seconds: dict[str, float] = {}
    replaced = []
    for module_name, attribute, stage in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        replaced.append((module, attribute, original))
        setattr(module, attribute, _wrapped(original, stage, seconds))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        yield seconds
    finally:
        for module, attribute, original in replaced:
            setattr(module, attribute, original)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        seconds["workers_cpu"] = workers
