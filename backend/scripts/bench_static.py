"""Benchmark the static blocking-IO analyzer: a cold scan on one core, then a warm (cached) rescan.

Scans the backend's default roots plus large installed pure-Python packages (libcst and
langchain_core, located with ``importlib.util.find_spec``) as one project, and compares the cold
rate with the target of 150k lines in 3 s.
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib.util
import os
import tempfile
import time
from pathlib import Path

from blocking_io.config import load_config
from blocking_io.static import scan
from blocking_io.static.discovery import discover_files

TARGET_LINES = 150_000
TARGET_SECONDS = 3.0
PACKAGES = ("libcst", "langchain_core")


def _package_root(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"Package `{name}` is not installed in this environment; run `make install`"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def _line(label: str, report: dict, seconds: float) -> str:
    lines = report["scan"]["lines"]
    rate = lines / seconds if seconds else float("inf")
    budget = TARGET_SECONDS * lines / TARGET_LINES
    return (
        f"{label}: {report['scan']['files']} files, {lines} lines, {seconds:.2f} s, "
        f"{rate:,.0f} lines/s, {report['counts']['total']} findings, "
        f"{seconds / budget:.2f}x of the target ({TARGET_SECONDS:g} s per {TARGET_LINES:,} lines)"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per scan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", nargs="*", default=list(PACKAGES), help="installed packages")
    args = parser.parse_args(argv)
    config = load_config(Path.cwd())
    roots = [root for root in config.roots if root.exists()]
    roots += [_package_root(name) for name in args.packages]
    print(_pin_to_one_core())
    print("roots: " + ", ".join(str(root) for root in roots))
    sources = [path.read_bytes() for path in discover_files(roots).sorted_files()]
    gc.disable()  # the scan pauses the collector too, so the baseline does the same
    started = time.perf_counter()
    for source in sources:
        ast.parse(source)
    parse_seconds = time.perf_counter() - started
    gc.enable()
    print(f"baseline: ast.parse alone {parse_seconds:.2f} s for {len(sources)} files")
    with tempfile.TemporaryDirectory() as cache_dir:
        started = time.perf_counter()
        cold = scan(roots, repo_root=config.root, cache_dir=None)
        cold_seconds = time.perf_counter() - started
        print(_line("cold (no cache)", cold, cold_seconds))
        print(f"cold scan / ast.parse alone: {cold_seconds / parse_seconds:.2f}x")
        scan(roots, repo_root=config.root, cache_dir=Path(cache_dir))
        started = time.perf_counter()
        warm = scan(roots, repo_root=config.root, cache_dir=Path(cache_dir))
        warm_seconds = time.perf_counter() - started
        print(_line("warm (cached)", warm, warm_seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
