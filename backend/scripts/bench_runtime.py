"""Measure the runtime layers' costs: the inert audit hook, and the record's function tracer.

Prints nanoseconds per operation, medians of several repeats, each measured in a fresh child
process so an installed hook (which can never be removed) does not leak into the baseline:

- an audited call (`os.stat` raises no event; `os.listdir` of an empty directory does) with no
  hook, with the hook installed but inert, and with a listener registered off the loop;
- a Python function call without and with `FunctionTracer` (the runtime record's `sys.settrace`).

Usage: `make bench-runtime`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import textwrap

REPEATS = 5
CALLS = 200_000

CHILD = textwrap.dedent(
    """
    import os, sys, tempfile, time
    mode = sys.argv[1]
    calls = int(sys.argv[2])
    directory = tempfile.mkdtemp()
    if mode in ("inert", "listening"):
        from blocking_io import audit
        audit.install()
        if mode == "listening":
            audit.add_listener(lambda rule, args, frame: None)
    def work():
        return None
    if mode == "traced":
        from blocking_io.runtime.record import FunctionTracer
        tracer = FunctionTracer().__enter__()
    start = time.perf_counter_ns()
    if mode in ("plain", "traced"):
        for _ in range(calls):
            work()
    else:
        for _ in range(calls // 20):
            os.listdir(directory)
        calls //= 20
    print((time.perf_counter_ns() - start) / calls)
    """
)


def _measure(mode: str) -> float:
    runs = []
    for _ in range(REPEATS):
        output = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(CALLS)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(float(output))
    return statistics.median(runs)


def main() -> int:
    """Print the figures."""
    listdir = {mode: _measure(mode) for mode in ("none", "inert", "listening")}
    calls = {mode: _measure(mode) for mode in ("plain", "traced")}
    print(f"os.listdir, no audit hook:          {listdir['none']:8.0f} ns/call")
    print(f"os.listdir, hook installed, inert:  {listdir['inert']:8.0f} ns/call")
    print(f"os.listdir, listener, off the loop: {listdir['listening']:8.0f} ns/call")
    print(f"function call, untraced:            {calls['plain']:8.0f} ns/call")
    print(f"function call, FunctionTracer:      {calls['traced']:8.0f} ns/call")
    extra = calls["traced"] - calls["plain"]
    print(f"tracer cost per function entry:     {extra:8.0f} ns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
