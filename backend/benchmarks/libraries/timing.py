"""Timed scans for the library benchmark: each run is the detector's command line in a new process.

A run's time is the wall time of the whole command (interpreter start, environment lookup, scan,
report written), as a user waits for it. A scenario prepares the cache directory before each run:

- ``cold``: an empty cache directory;
- ``warm``: the cache as the previous run left it, so the stored report is reused;
- ``warm analysis``: the stored report deleted, summaries and library caches kept, so the
  project is analysed again from cached summaries and stored library effects.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "COLD",
    "NOISY_SPREAD",
    "SCENARIOS",
    "WARM",
    "WARM_ANALYSIS",
    "Measurement",
    "ScanError",
    "detector_command",
    "measure",
    "prepare",
]

COLD = "cold"
WARM = "warm"
WARM_ANALYSIS = "warm analysis"
SCENARIOS = (COLD, WARM, WARM_ANALYSIS)
# A measurement whose runs spread by more than this share of their median was taken on a busy
# machine; the output says so.
NOISY_SPREAD = 0.2
_REPORT_STEM = "report-"


class ScanError(RuntimeError):
    """A scan run by the benchmark failed."""


@dataclass(frozen=True)
class Measurement:
    """The runs of one scan in one scenario: wall seconds of each, and the last report."""

    label: str  # the scenario
    seconds: tuple[float, ...]
    report: dict[str, Any]

    @property
    def median(self) -> float:
        """Return the median wall time in seconds."""
        return statistics.median(self.seconds)

    @property
    def spread(self) -> float:
        """Return (slowest - fastest) / median: 0 for a single run."""
        return (max(self.seconds) - min(self.seconds)) / self.median if self.median else 0.0

    @property
    def noisy(self) -> bool:
        """Tell whether the runs spread too much for the median to be firm."""
        return self.spread > NOISY_SPREAD

    def joined(self, later: Measurement) -> Measurement:
        """Return this measurement with a later one's runs added (and its report, the last)."""
        return Measurement(self.label, self.seconds + later.seconds, later.report)


def detector_command(
    paths: Sequence[Path], cache: Path, output: Path, python: Path | None
) -> list[str]:
    """Return the detector's command line for a scan (``python=None``: ``--no-libraries``)."""
    command = [sys.executable, "-m", "blocking_io", *map(str, paths), "--format", "json"]
    command += ["--output", str(output), "--quiet", "--cache-dir", str(cache)]
    return command + (["--python", str(python)] if python is not None else ["--no-libraries"])


def prepare(scenario: str, cache: Path) -> None:
    """Put the cache directory in the state a scenario starts from."""
    if scenario == COLD:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
    elif scenario == WARM_ANALYSIS:
        for stored in cache.glob(f"{_REPORT_STEM}*"):
            stored.unlink()


def run_scan(command: Sequence[str], output: Path) -> tuple[float, dict[str, Any]]:
    """Run one scan; return its wall seconds and its report."""
    started = time.perf_counter()
    done = subprocess.run(list(command), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        tail = " / ".join(done.stderr.strip().splitlines()[-3:]) or "no output"
        raise ScanError(
            f"The detector exited with status {done.returncode} ({tail}) running "
            f"`{' '.join(command)}`."
        )
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return seconds, report


def measure(
    scenario: str,
    paths: Sequence[Path],
    cache: Path,
    python: Path | None,
    repeat: int,
) -> Measurement:
    """Run a scan ``repeat`` times in a scenario and return the measurement.

    A warm scenario fills the cache with one untimed run first when the cache is empty.
    """
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "report.json"
        command = detector_command(paths, cache, output, python)
        if scenario != COLD and not any(cache.glob("*")):
            run_scan(command, output)
        runs = []
        for _ in range(repeat):
            prepare(scenario, cache)
            runs.append(run_scan(command, output))
    return Measurement(scenario, tuple(seconds for seconds, _ in runs), runs[-1][1])
