"""Benchmark the static blocking-IO detector against ruff, ty-async and its previous version.

The tree is a copy of the backend's default roots plus large installed pure-Python packages
(libcst and langchain_core), about 180k lines. Each measurement runs in its own process, so its
peak memory (``ru_maxrss`` from ``os.wait4``) is its own; times are medians of ``--repeat`` runs,
each with its CPU time (user and system, of the process and its workers), which other load on
the machine disturbs far less than the wall time.
Measured: ruff (``--select ASYNC``) and ty-async (``--async200-stdlib``) on the same tree; the
detector cold without a cache on one core and on all cores; warm with nothing changed (answered
from the stored report); warm after one file changed, three ways: a comment appended (the
summary stays the same, so the stored analysis answers), a comment written on top (only the
file's lines move, so the stored analysis answers, renumbered: ``shift``) and a function
appended (the summary changes, so that file is summarised again and the whole analysis runs).
For the cold scan and the edits, the time is split into the scan's stages
(``benchmarks.stages``). The previous version
(``PREVIOUS``, the first release) is taken from git history and scans the same tree cold on one
core, so the cost of the precision work shows as a ratio in the same run.

These figures time ``scan()`` in its process, run as the command runs it: what the scan loaded
is kept to the exit (``retain``) rather than freed object by object. "warm, whole command" times
the command line answered from its cache (``python -m blocking_io``, interpreter start and
imports included), which is what a person waits for; it depends on whether Python may write
bytecode caches, which is printed with it, and has no target. Last, the parse floor: what
parsing the tree's Python files alone costs with `ast` (and with tree-sitter's compiled parser
when it is installed), the least time any scan that parses every file can take on these cores.
Targets: cold at most 3x ty-async (ruff when ty-async is missing), warm at most 0.15 s, one file
changed (any edit) at most 0.3 s, warm peak memory at most the cold peak, cold on one core at
most 1.5x the previous version. The machine should be quiet: the load average is printed with
the figures.
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib.util
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from benchmarks.stages import timed_stages
from blocking_io.config import load_config
from blocking_io.usage import ArgumentParser, usage_error

PROG = "bench_static.py"
PACKAGE_MISSING = "Package `{name}` is not installed in this environment; run `make install`"
# The first release, before the detector moved into packages/blocking-io: the cost baseline.
PREVIOUS = "a272f18"
PREVIOUS_FILES = ("backend/tests/__init__.py", "backend/tests/support")
PREVIOUS_RATIO_TARGET = 1.5
_PREVIOUS_SCAN = (
    "import json, sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from tests.support.detectors.blocking_io_static import scan\n"
    "from pathlib import Path\n"
    "started, cpu = time.perf_counter(), time.process_time()\n"
    "report = scan([Path(p) for p in sys.argv[2:]], cache_dir=None)\n"
    "print(json.dumps({'seconds': time.perf_counter() - started,\n"
    "    'cpu': time.process_time() - cpu,\n"
    "    'findings': len(report['findings']), 'files': report['scan']['files'],\n"
    "    'lines': report['scan']['lines'], 'misses': report['scan']['files'], 'reused': False}))\n"
)

PACKAGES = ("libcst", "langchain_core")
# The scans here pass no environment, so calls into installed packages are not followed: the
# peers compared with do not read site-packages either. The command line follows them by default.
LIBRARIES_NOTE = "libraries: not followed (no environment given), as by ruff and ty-async"
COLD_RATIO_TARGET = 3.0
WARM_TARGET = 0.15
CHANGED_TARGET = 0.3
_OLD = 1_000_000_000  # copied files get an old modification time: outside the racy window
# The one-file edits, by child mode, as (text, written on top): one the summary does not see, one
# that only moves the file's lines, and one the summary sees. They run in this order, each against
# the report the cache was filled with (an edited file is too young for its report to be stored).
_EDITS = {
    "changed": ("# bench edit {n}\n", False),
    "moved": ("# bench note {n}\n", True),
    "changed-code": ("\n\ndef _bench_edit_{n}(path):\n    return open(path).read()\n", False),
}
_CHANGED = {
    "changed": "one file changed, comment",
    "moved": "one file changed, lines moved",
    "changed-code": "one file changed, code",
}
_SPLIT = ("cold", *_CHANGED.values())


def _package_root(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _previous(repo: Path, into: Path) -> Path | None:
    """Unpack the previous version's detector from git history; None when it is not there."""
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", PREVIOUS, *PREVIOUS_FILES],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        print(f"previous version {PREVIOUS}: not in this clone; no ratio against it")
        return None
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as bundle:
        bundle.extractall(into, filter="data")
    return into / "backend"


def _copy_tree(sources: list[Path], into: Path) -> list[Path]:
    roots = []
    for source in sources:
        target = into / source.name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        roots.append(target)
    for directory, _, files in os.walk(into):
        for name in files:
            os.utime(os.path.join(directory, name), ns=(_OLD, _OLD))
    return roots


def _child(mode: str, roots: list[Path], cache: Path, edit: int) -> None:
    """Run one scan in this process and print its figures as JSON."""
    import resource

    from blocking_io.static import scan

    if mode in _EDITS:
        victim = roots[0] / "__init__.py"
        text, on_top = _EDITS[mode]
        if on_top:
            victim.write_text(text.format(n=edit) + victim.read_text(encoding="utf-8"), "utf-8")
        else:
            with victim.open("a", encoding="utf-8") as handle:
                handle.write(text.format(n=edit))
    cache_dir = None if mode.startswith("cold") else cache
    jobs = 1 if mode == "cold-1" else None
    retained: list[object] = []  # as the command runs it: kept to the exit, not freed
    with timed_stages() as stages:
        started, cpu = time.perf_counter(), time.process_time()
        report = scan(
            roots, repo_root=roots[0].parent, cache_dir=cache_dir, jobs=jobs, retain=retained
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures = {
        "seconds": seconds,
        "files": report["scan"]["files"],
        "lines": report["scan"]["lines"],
        "findings": report["counts"]["total"],
        "reused": report["scan"]["reused_report"],
        "reused_analysis": report["scan"].get("reused_analysis", False),
        "misses": report["scan"]["cache_misses"],
        "workers_kb": workers,
        "stages": stages,
        "cpu": cpu + stages["workers_cpu"],
        "run_seconds": seconds,  # "seconds" becomes the median; the stages are of this run
    }
    print(json.dumps(figures))


class _Run(NamedTuple):
    seconds: float  # wall
    peak_kb: int
    out: str
    cpu: float  # user and system seconds of the process and the children it waited for


def _run(argv: list[str]) -> _Run:
    """Run a command and return its figures."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"`{argv[0]}` failed with status {process.returncode}")
    return _Run(seconds, usage.ru_maxrss, out, usage.ru_utime + usage.ru_stime)


def _measure(argv: list[str], repeat: int) -> dict:
    """Return the median figures of `repeat` runs (the scan's own, for the detector's children)."""
    return _summary([_run(argv) for _ in range(repeat)])


def _summary(runs: list[_Run]) -> dict:
    inner = [json.loads(run.out) for run in runs if run.out.startswith("{")]
    figures = dict(inner[-1]) if inner else {}
    if inner:
        figures["seconds"] = statistics.median(figure["seconds"] for figure in inner)
        figures["cpu"] = statistics.median(figure["cpu"] for figure in inner)
    else:
        figures["seconds"] = statistics.median(run.seconds for run in runs)
        figures["cpu"] = statistics.median(run.cpu for run in runs)
    figures["peak_kb"] = max(run.peak_kb for run in runs)
    return figures


def _tool(name: str) -> str | None:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    return found or shutil.which(name)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print one line each, then the targets."""
    parser = ArgumentParser(prog=PROG, description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--packages", nargs="*", default=list(PACKAGES), help="installed packages")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--roots", nargs="*", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--edit", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.roots, args.cache, args.edit)
        return 0
    config = load_config(Path.cwd())
    sources = [root for root in config.roots if root.exists()]
    for name in args.packages:
        package = _package_root(name)
        if package is None:
            return usage_error(PROG, PACKAGE_MISSING.format(name=name))
        sources.append(package)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"cores: {cores}; Python {sys.version.split()[0]}; median of {args.repeat} run(s)")
    print(f"load average before: {load} (figures are only comparable on a quiet machine)")
    print(LIBRARIES_NOTE)
    with tempfile.TemporaryDirectory() as temporary:
        roots = _copy_tree(sources, Path(temporary) / "tree")
        cache = Path(temporary) / "cache"
        me = [sys.executable, __file__, "--roots", *map(str, roots), "--cache", str(cache)]
        results: dict[str, dict] = {}
        ruff = _tool("ruff")
        if ruff:
            command = [ruff, "check", "--select", "ASYNC", "--no-cache", "--exit-zero", "-q"]
            results["ruff"] = _measure([*command, *map(str, roots)], args.repeat)
        ty_async = _tool("ty-async")
        if ty_async:
            command = [ty_async, *map(str, roots), "--async200-stdlib"]
            results["ty-async"] = _measure(command, args.repeat)
        else:
            print("ty-async: not installed; cold is compared with ruff")
        results["cold, 1 core"] = _measure([*me, "--child", "cold-1"], args.repeat)
        previous = _previous(config.root, Path(temporary) / "previous")
        if previous is not None:
            command = [sys.executable, "-c", _PREVIOUS_SCAN, str(previous)]
            results["previous, 1 core"] = _measure([*command, *map(str, roots)], args.repeat)
        results["cold"] = _measure([*me, "--child", "cold"], args.repeat)
        _run([*me, "--child", "fill"])  # fills the summary cache and stores the report
        results["warm"] = _measure([*me, "--child", "warm"], args.repeat)
        command = [sys.executable, "-m", "blocking_io", *map(str, roots), "--no-libraries"]
        command += ["--format", "json", "--output", os.devnull, "--quiet"]
        _run(command)  # fills the command's own cache (its options differ from scan()'s)
        results["warm, whole command"] = _measure(command, args.repeat)
        for mode, label in _CHANGED.items():
            runs = [_run([*me, "--child", mode, "--edit", str(n)]) for n in range(args.repeat)]
            results[label] = _summary(runs)
        floor = _parse_floor(roots)
    _print(results)
    _print_floor(floor, results, cores or 1)
    return 0


def _parse_floor(roots: list[Path]) -> dict[str, float | int | None]:
    """Return the CPU seconds that parsing the tree's Python files takes with `ast`, and with
    tree-sitter when it is installed (the one compiled Python parser on the package registry)."""
    sources = [path.read_bytes() for root in roots for path in sorted(root.rglob("*.py"))]
    floor: dict[str, float | int | None] = {"files": len(sources), "tree-sitter": None}
    gc.disable()  # as in the summarising workers: the trees are acyclic
    try:
        started = time.process_time()
        for data in sources:
            try:
                ast.parse(data)
            except (SyntaxError, ValueError):
                pass
        floor["ast"] = time.process_time() - started
        try:
            import tree_sitter  # type: ignore[import-not-found]
            import tree_sitter_python  # type: ignore[import-not-found]
        except ImportError:
            return floor
        parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_python.language()))
        started = time.process_time()
        for data in sources:
            parser.parse(data)
        floor["tree-sitter"] = time.process_time() - started
    finally:
        gc.enable()
    return floor


def _baseline(results: dict[str, dict]) -> str:
    """Return the tool the cold scan is held against: ty-async, else ruff when it is missing."""
    return "ty-async" if "ty-async" in results else "ruff"


def _print_floor(floor: dict, results: dict[str, dict], cores: int) -> None:
    """Print what parsing alone costs: no scan that parses every file can be faster."""
    baseline = _baseline(results)
    least = floor["ast"] / cores
    ratio = least / results[baseline]["seconds"]
    tree_sitter = floor["tree-sitter"]
    other = (
        f"tree-sitter {tree_sitter:.3f} s of CPU"
        if tree_sitter is not None
        else "tree-sitter not installed (pip install tree-sitter tree-sitter-python to compare)"
    )
    print(
        f"parse floor: ast.parse of the tree's {floor['files']} Python files takes "
        f"{floor['ast']:.3f} s of CPU, at least {least:.3f} s on {cores} core(s) "
        f"({ratio:.2f}x {baseline}); {other}"
    )


def _print(results: dict[str, dict]) -> None:
    baseline = _baseline(results)
    lines = results["cold"]["lines"]
    print(f"tree: {results['cold']['files']} files, {lines:,} lines")
    for label, figures in results.items():
        ratios = ", ".join(
            f"{figures['seconds'] / results[tool]['seconds']:.2f}x {tool}"
            for tool in ("ruff", "ty-async")
            if tool in results and tool != label
        )
        extra = ""
        if "findings" in figures:
            extra = f", {figures['findings']} findings, {figures['misses']} summarised"
            extra += ", report reused" if figures["reused"] else ""
            extra += ", analysis reused" if figures.get("reused_analysis") else ""
        print(
            f"{label:>29}: {figures['seconds']:7.3f} s (cpu {figures['cpu']:6.3f} s), "
            f"peak {figures['peak_kb'] / 1024:6.1f} MB{extra}" + (f" ({ratios})" if ratios else "")
        )
    caches = "off (PYTHONDONTWRITEBYTECODE)" if sys.flags.dont_write_bytecode else "on"
    print(f"warm, whole command: bytecode caches {caches}; no target (informational)")
    for label in _SPLIT:
        _print_stages(label, results[label])
    cold_ratio = results["cold"]["seconds"] / results[baseline]["seconds"]
    checks = [
        (f"cold <= {COLD_RATIO_TARGET:g}x {baseline}", cold_ratio <= COLD_RATIO_TARGET),
        (f"warm <= {WARM_TARGET} s", results["warm"]["seconds"] <= WARM_TARGET),
        *(
            (f"{label} <= {CHANGED_TARGET} s", results[label]["seconds"] <= CHANGED_TARGET)
            for label in _CHANGED.values()
        ),
        ("warm peak <= cold peak", results["warm"]["peak_kb"] <= results["cold"]["peak_kb"]),
    ]
    if "previous, 1 core" in results:
        ratio = results["cold, 1 core"]["seconds"] / results["previous, 1 core"]["seconds"]
        print(f"cold, 1 core / previous version {PREVIOUS}: {ratio:.2f}x")
        checks.append(
            (f"cold <= {PREVIOUS_RATIO_TARGET:g}x previous version", ratio <= PREVIOUS_RATIO_TARGET)
        )
    for label, met in checks:
        print(f"target {label}: {'met' if met else 'MISSED'}")


def _print_stages(label: str, figures: dict) -> None:
    """Print where one measurement's time went (its last run), stage by stage."""
    stages = dict(figures["stages"])
    workers = stages.pop("workers_cpu", 0.0)
    total = figures["run_seconds"]
    stages["other"] = max(total - sum(stages.values()), 0.0)
    parts = ", ".join(f"{stage} {seconds:.3f}" for stage, seconds in stages.items())
    note = f"; summarising workers used {workers:.3f} s of CPU" if workers else ""
    print(f"{label} split of one {total:.3f} s run (s): {parts}{note}")


if __name__ == "__main__":
    raise SystemExit(main())
