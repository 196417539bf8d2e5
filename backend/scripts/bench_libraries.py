"""Benchmark the detector through libraries: expected findings on apps, then scan times.

Installs the pinned environment (``benchmarks/libraries/requirements.txt``) with uv into
``.deer-flow/bench-libs/venv`` (reused while it matches), scans ``benchmarks/libraries/apps``
with ``--python`` that environment, and prints every finding with its project chain and its
chain into the library, whether each expectation of ``benchmarks/libraries/expectations.toml``
is met and whether each offloaded twin is clean. Then it times the scan cold, warm (stored
report reused) and "warm analysis" (stored report deleted, library caches kept), each against
the same scan with ``--no-libraries``, and the cold summarisation of the backend's own
dependency set (its roots, with its ``.venv``, in a fresh cache). Times are medians of
``--repeat`` runs of the command; no time is a pass/fail condition.

Usage (from ``backend/``)::

    uv run --locked python scripts/bench_libraries.py [--repeat N] [--no-timing] [--python ENV]

Exit status: 0 every expectation met and every twin clean; 1 an expectation failed; 2 usage
error; 3 the environment could not be installed or a scan failed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.libraries.environment import (
    REQUIREMENTS_FILE,
    BenchEnvironmentError,
    ensure_environment,
)
from benchmarks.libraries.expectations import (
    APPS_DIR,
    AppResult,
    ExpectationsError,
    check_report,
    load_expectations,
)
from benchmarks.libraries.render import (
    render_app,
    render_cache_checks,
    render_dependency_set,
    render_timings,
    tally,
)
from benchmarks.libraries.timing import (
    COLD,
    NOISY_SPREAD,
    SCENARIOS,
    Measurement,
    ScanError,
    measure,
)
from blocking_io.config import load_config
from blocking_io.usage import ArgumentParser, usage_error

__all__ = ["EXIT_ERROR", "EXIT_FAILED", "PROG", "main", "summary_line"]

PROG = "bench_libraries.py"
EXIT_FAILED = 1
EXIT_ERROR = 3
BAD_REPEAT = "Invalid --repeat {value} from the command line; expected a whole number of 1 or more"
NO_ENVIRONMENT = "Environment `{path}` from --python does not exist; pass a virtual environment"
CONFIG = load_config(Path(__file__).parent)
# Under the data home configured in [tool.blocking-io] (`.deer-flow/`, ignored by git).
DEFAULT_VENV = CONFIG.data_dir / "bench-libs" / "venv"


def _default_uv() -> str:
    return "uv" if shutil.which("uv") else "python3 -m uv"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(prog=PROG, description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--no-timing", action="store_true", help="check the expectations only")
    parser.add_argument(
        "--python", type=Path, help="scan with this environment instead of the pinned one"
    )
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="the pinned environment")
    parser.add_argument("--uv", default=_default_uv(), help="the command that runs uv")
    return parser.parse_args(argv)


def summary_line(results: list[AppResult]) -> str:
    """Return the one-line verdict over every app."""
    outcomes = [outcome for result in results for outcome in result.outcomes]
    unexpected = sum(len(result.unexpected) for result in results)
    clean = sum(not result.twin_findings for result in results)
    verdict = "PASS" if all(result.passed for result in results) else "FAIL"
    return (
        f"{verdict}: expectations {tally(outcomes)}; "
        f"{unexpected} unexpected finding(s), {clean} of {len(results)} offloaded twins clean"
    )


def main(argv: list[str] | None = None) -> int:
    """Check the expectations, then time the scans; return the exit status."""
    args = _parse(argv)
    if args.repeat < 1:
        return usage_error(PROG, BAD_REPEAT.format(value=args.repeat))
    if args.python is not None and not args.python.exists():
        return usage_error(PROG, NO_ENVIRONMENT.format(path=args.python))
    try:
        apps = load_expectations()
    except ExpectationsError as error:
        return usage_error(PROG, str(error))
    _print_machine()
    try:
        venv = args.python.absolute() if args.python else _pinned(args.venv, shlex.split(args.uv))
        with tempfile.TemporaryDirectory(prefix="bench-libs-") as work:
            caches = Path(work)
            first = measure(COLD, [APPS_DIR], caches / "libraries", venv, 1)
            results = check_report(first.report, apps)
            _print_apps(first, results)
            if not args.no_timing:
                _time(venv, caches, args.repeat, first)
    except (BenchEnvironmentError, ScanError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    print(summary_line(results))
    return 0 if all(result.passed for result in results) else EXIT_FAILED


def _print_machine() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {cores} core(s), load average {load}; Python {sys.version.split()[0]}")


def _pinned(venv: Path, uv: list[str]) -> Path:
    found, reused = ensure_environment(venv, uv)
    how = "reused" if reused else "installed with uv"
    print(f"environment: {_shown(found)} ({how} from {_shown(REQUIREMENTS_FILE)})")
    return found


def _shown(path: Path) -> str:
    """Return a path as the output shows it: relative to the repository root when inside it."""
    return os.path.relpath(path, CONFIG.root) if path.is_relative_to(CONFIG.root) else str(path)


def _print_apps(cold: Measurement, results: list[AppResult]) -> None:
    report = cold.report
    libraries = report["libraries"]
    print(
        f"scan: {_shown(APPS_DIR)}, {report['scan']['files']} files, {report['scan']['lines']} "
        f"lines; through {libraries['distributions']} distributions, "
        f"{libraries['lines']:,} lines of library source\n"
    )
    for result in results:
        print("\n".join(render_app(result, libraries["site"])) + "\n")


def _time(venv: Path, caches: Path, repeat: int, first: Measurement) -> None:
    """Time each scenario with and without library summaries, then the backend's dependencies."""
    libraries, plain = caches / "libraries", caches / "plain"
    pairs = []
    for scenario in SCENARIOS:
        if scenario != COLD:
            timed = measure(scenario, [APPS_DIR], libraries, venv, repeat)
        elif repeat > 1:  # the first cold run is the one the expectations were checked on
            timed = first.joined(measure(COLD, [APPS_DIR], libraries, venv, repeat - 1))
        else:
            timed = first
        pairs.append((timed, measure(scenario, [APPS_DIR], plain, None, repeat)))
    print("\n".join(render_timings(pairs)))
    print("\n".join(render_cache_checks(pairs)) + "\n")
    roots = [root for root in CONFIG.roots if root.exists()]
    backend = Path(sys.prefix)
    dependencies = measure(COLD, roots, caches / "backend", backend, repeat)
    print("\n".join(render_dependency_set(dependencies, _shown(backend))))
    if any(measurement.noisy for pair in pairs for measurement in pair) or dependencies.noisy:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"note: * marks medians whose runs spread by more than {NOISY_SPREAD:.0%}: the machine "
            f"was busy (load average now {load}); rerun on a quiet machine for firm figures"
        )
    print()


if __name__ == "__main__":
    raise SystemExit(main())
