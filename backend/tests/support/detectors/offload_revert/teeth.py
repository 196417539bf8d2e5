"""The teeth check: revert each production offload in a copy and see whether an anchor fails.

`main` is the command line behind `scripts/check_offload_teeth.py` (`make check-teeth`). It exits
0 when every site's revert turns some anchor red, 1 when a site survives, cannot be reverted or
breaks the run (or the anchors fail on the unmodified copy), and 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

from .messages import BASELINE_FAILED, INVALID_JOBS, INVALID_SITE
from .mutants import AnchorRun, copy_backend, run_anchors, verify_import_origins, write_mutant
from .outcomes import NOT_REVERTED, SiteResult, classify, render_json, render_sites, render_table
from .sites import Site, find_offload_sites

__all__ = [
    "BACKEND_DIR",
    "PRODUCTION_ROOTS",
    "baseline",
    "check_site",
    "check_sites",
    "enumerate_sites",
    "main",
]

BACKEND_DIR = Path(__file__).resolve().parents[4]
# Production code, relative to the backend directory; tests and scripts are not mutated.
PRODUCTION_ROOTS = ("app", "packages/harness/deerflow")

AnchorRunner = Callable[[Path], AnchorRun]


def enumerate_sites(backend: Path) -> list[Site]:
    """Return every offload site under the production roots of `backend`."""
    sites: list[Site] = []
    for root in PRODUCTION_ROOTS:
        if (backend / root).is_dir():
            sites += find_offload_sites(backend / root, relative_to=backend)
    return sites


def check_site(site: Site, backend: Path, run: AnchorRunner) -> SiteResult:
    """Revert `site` in a fresh copy of `backend` and run the anchors there."""
    if site.problem is not None:
        return SiteResult(site, NOT_REVERTED, (), site.problem)
    with tempfile.TemporaryDirectory(prefix="offload-teeth-") as temp:
        copy = copy_backend(backend, Path(temp) / "backend")
        warnings = write_mutant(copy, site)
        if warnings:
            return SiteResult(site, NOT_REVERTED, (), "; ".join(warnings))
        return classify(site, run(copy))


def check_sites(
    sites: Sequence[Site], backend: Path, run: AnchorRunner, jobs: int = 1
) -> list[SiteResult]:
    """Check each site in its own mutant copy, `jobs` at a time; results keep the site order."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda site: check_site(site, backend, run), sites))


def baseline(backend: Path, run: AnchorRunner, verify: Callable[[Path], None]) -> AnchorRun:
    """Run the anchors on an unmodified copy, after checking the copy's packages get imported."""
    with tempfile.TemporaryDirectory(prefix="offload-teeth-") as temp:
        copy = copy_backend(backend, Path(temp) / "backend")
        verify(copy)
        return run(copy)


def _parser() -> argparse.ArgumentParser:
    """Build the command line parser."""
    parser = argparse.ArgumentParser(
        prog="check_offload_teeth.py",
        description=(
            "Revert each offload in production code, one per mutant copy of the backend, and "
            "check that some anchor in tests/blocking_io fails for it."
        ),
    )
    parser.add_argument("--jobs", default="1", help="mutants run in parallel (default: 1)")
    parser.add_argument("--site", metavar="PATH:LINE", help="check only this site")
    parser.add_argument("--list", action="store_true", help="only list the sites")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _usage_error(parser: argparse.ArgumentParser, message: str) -> int:
    """Print a usage error the way argparse does and return its exit code, 2."""
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return 2


def main(
    argv: Sequence[str] | None = None,
    *,
    backend: Path = BACKEND_DIR,
    run: AnchorRunner = run_anchors,
    verify: Callable[[Path], None] = verify_import_origins,
) -> int:
    """Run the teeth check and return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.jobs.isdigit() or int(args.jobs) < 1:
        return _usage_error(parser, INVALID_JOBS.format(value=args.jobs))
    started = time.monotonic()
    try:
        sites = enumerate_sites(backend)
    except ValueError as error:  # a production file that does not parse
        print(error, file=sys.stderr)
        return 1
    if args.site is not None:
        chosen = [s for s in sites if args.site in (s.location, f"{s.location}:{s.column}")]
        if not chosen:
            choices = ", ".join(dict.fromkeys(s.location for s in sites)) or "(no sites)"
            return _usage_error(parser, INVALID_SITE.format(value=args.site, choices=choices))
        sites = chosen
    if args.list:
        listing = json.dumps([asdict(s) for s in sites], indent=2)
        print(listing if args.json else render_sites(sites))
        return 0
    try:
        reference = baseline(backend, run, verify)
    except RuntimeError as error:  # the copy's packages would not be the ones imported
        print(error, file=sys.stderr)
        return 1
    if reference.returncode != 0:
        tail = reference.output.strip().splitlines()[-1:] or ["no output"]
        failed = ", ".join(reference.failed or tail)
        print(BASELINE_FAILED.format(returncode=reference.returncode, failed=failed))
        return 1
    results = check_sites(sites, backend, run, int(args.jobs))
    seconds = time.monotonic() - started
    print(render_json(results, seconds) if args.json else render_table(results, seconds))
    return 0 if all(r.ok for r in results) else 1
