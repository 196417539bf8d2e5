"""The teeth check: revert each production offload in a copy and see whether an anchor fails.

`main` is the command line behind `scripts/check_offload_teeth.py` (`make check-teeth`). It exits
0 when every site's revert turns some anchor red, 1 when a site survives, cannot be reverted or
breaks the run (or the anchors fail on the unmodified copy), and 2 on usage errors.

Each mutant is also scanned by the static detector (`static`); what it sees is reported per site
and sites it misses are listed as blind spots, but that never changes the exit code.
`--static-only` reverts and scans without running the anchors (seconds instead of minutes).
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..config import ConfigError, load_config
from ..layout import ProjectRootError
from ..static.boundaries import inventory_of_source
from ..static.discovery import discover_files
from ..usage import ArgumentParser, usage_error
from .messages import (
    BASELINE_FAILED,
    INVALID_JOBS,
    INVALID_SITE,
    NOT_FOUND_BY_CODEMOD,
    PARSE_FAILED,
    PROGRESS,
    STATIC_SCAN_FAILED,
)
from .mutants import AnchorRun, copy_backend, run_anchors, verify_import_origins, write_mutant
from .outcomes import (
    NOT_REVERTED,
    NOT_RUN,
    SiteResult,
    check_passed,
    classify,
    render_json,
    render_sites,
    render_table,
)
from .sites import Site, find_offload_sites
from .static import (
    STATIC_ERROR,
    Report,
    StaticResult,
    StaticRunner,
    classify_static,
    finding_ids,
    mutant_line,
    scan_copy,
)

__all__ = [
    "PROG",
    "Baseline",
    "Checker",
    "baseline",
    "check_sites",
    "enumerate_sites",
    "main",
    "production_roots",
    "scan_production",
]


PROG = "check_offload_teeth.py"


def production_roots(backend: Path) -> tuple[str, ...]:
    """Return the project's packages (its roots that are packages), relative to `backend`.

    Tests and scripts are not packages of the configuration's roots, so they are never mutated.
    """
    config = load_config(backend)
    return tuple(
        (directory / name).relative_to(config.base).as_posix()
        for name, directory in config.packages.items()
    )


AnchorRunner = Callable[[Path], AnchorRun]


def _listed_offloads(roots: list[Path], backend: Path) -> set[tuple[str, int]]:
    """Return (path, line) of every offload call the thread-boundary inventory lists.

    Raises:
        ValueError: a production file does not parse (the message names it).
    """
    listed: set[tuple[str, int]] = set()
    for file in discover_files(roots).sorted_files():
        label = file.resolve().relative_to(backend.resolve()).as_posix()
        try:
            found = inventory_of_source(file.read_text(encoding="utf-8"), label)
        except SyntaxError as error:
            raise ValueError(PARSE_FAILED.format(path=label, error=error)) from None
        listed.update((b.path, b.line) for b in found if b.offload)
    return listed


def enumerate_sites(backend: Path) -> list[Site]:
    """Return the offload sites the thread-boundary inventory lists under the production roots.

    The inventory (`blocking_io.static.boundaries`) says where work is offloaded; the codemod
    finds the revertible call at each of those places. An offload the inventory lists that the
    codemod cannot find becomes a site with a problem (reported as not reverted, which fails the
    check), so no listed offload is ever skipped silently.
    """
    roots = [backend / root for root in production_roots(backend)]
    roots = [root for root in roots if root.is_dir()]
    listed = _listed_offloads(roots, backend)
    sites: list[Site] = []
    for path in sorted({path for path, _ in listed}):
        sites += find_offload_sites(backend / path, relative_to=backend)
    found = {(site.path, site.line) for site in sites}
    for path, line in sorted(listed - found):
        sites.append(Site(path, line, 1, "", "", NOT_FOUND_BY_CODEMOD))
    return sites


def scan_production(copy: Path) -> Report:
    """Scan the production roots of a copy with the static detector; return its report."""
    return scan_copy(copy, production_roots(copy))


@dataclass(frozen=True)
class Baseline:
    """The unmodified copy: its anchor run (None with `--static-only`) and static report."""

    anchors: AnchorRun | None
    static: Report


@dataclass(frozen=True)
class Checker:
    """How each mutant is checked: the anchor runner, the static runner and its baseline ids.

    `run` is None with `--static-only`: the mutant is reverted and scanned, and no anchor runs.
    """

    backend: Path
    run: AnchorRunner | None
    static: StaticRunner = scan_production
    baseline_ids: Collection[str] = frozenset()

    def check(self, site: Site) -> SiteResult:
        """Revert `site` in a fresh copy of the backend, scan it, and run the anchors there."""
        if site.problem is not None:
            return SiteResult(site, NOT_REVERTED, (), site.problem)
        with tempfile.TemporaryDirectory(prefix="offload-teeth-") as temp:
            copy = copy_backend(self.backend, Path(temp) / "backend")
            original = (copy / site.path).read_text(encoding="utf-8")
            warnings = write_mutant(copy, site)
            if warnings:
                return SiteResult(site, NOT_REVERTED, (), "; ".join(warnings))
            mutated = (copy / site.path).read_text(encoding="utf-8")
            static = self._scan(copy, site.path, mutant_line(original, mutated, site.line))
            if self.run is None:
                return SiteResult(site, NOT_RUN, static=static)
            return replace(classify(site, self.run(copy)), static=static)

    def _scan(self, copy: Path, path: str, line: int) -> StaticResult:
        """Return what the static detector sees through `path:line` of the mutant copy."""
        try:
            report = self.static(copy)
        except Exception as error:  # a detector crash is reported for the site, not raised
            detail = STATIC_SCAN_FAILED.format(error=f"{type(error).__name__}: {error}")
            return StaticResult(STATIC_ERROR, (), detail)
        return classify_static(report, path, line, copy, self.baseline_ids)


def check_sites(
    sites: Sequence[Site],
    checker: Checker,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> list[SiteResult]:
    """Check each site in its own mutant copy, `jobs` at a time; results keep the site order.

    `progress` receives one line per site as it finishes (in finishing order).
    """
    lock = threading.Lock()
    done = 0

    def one(site: Site) -> SiteResult:
        nonlocal done
        started = time.monotonic()
        result = checker.check(site)
        if progress is not None:
            with lock:
                done += 1
                progress(
                    PROGRESS.format(
                        done=done,
                        total=len(sites),
                        name=Path(site.path).name,
                        line=site.line,
                        status=result.status,
                        seconds=time.monotonic() - started,
                    )
                )
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, sites))


def baseline(
    backend: Path,
    run: AnchorRunner | None,
    verify: Callable[[Path], None],
    static: StaticRunner = scan_production,
) -> Baseline:
    """Scan an unmodified copy and run the anchors there (unless `run` is None).

    The copy's packages are checked to be the ones imported before the anchors run.
    """
    with tempfile.TemporaryDirectory(prefix="offload-teeth-") as temp:
        copy = copy_backend(backend, Path(temp) / "backend")
        report = static(copy)
        if run is None:
            return Baseline(None, report)
        verify(copy)
        return Baseline(run(copy), report)


def _parser() -> ArgumentParser:
    """Build the command line parser."""
    parser = ArgumentParser(
        prog=PROG,
        description=(
            "Revert each offload in production code, one per mutant copy of the backend, and "
            "check that some anchor in tests/blocking_io fails for it."
        ),
    )
    parser.add_argument("--jobs", default="1", help="mutants run in parallel (default: 1)")
    parser.add_argument("--site", metavar="PATH:LINE", help="check only this site")
    parser.add_argument("--list", action="store_true", help="only list the sites")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--static-only",
        action="store_true",
        help="revert and scan each site with the static detector; run no anchors (seconds)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    backend: Path | None = None,
    run: AnchorRunner = run_anchors,
    verify: Callable[[Path], None] = verify_import_origins,
    static: StaticRunner = scan_production,
) -> int:
    """Run the teeth check and return the exit code."""
    args = _parser().parse_args(argv)
    if not args.jobs.isdigit() or int(args.jobs) < 1:
        return usage_error(PROG, INVALID_JOBS.format(value=args.jobs))
    started = time.monotonic()
    if backend is None:
        try:
            backend = load_config(Path.cwd()).base
        except (ConfigError, ProjectRootError) as error:
            return usage_error(PROG, str(error))
    try:
        sites = enumerate_sites(backend)
    except ValueError as error:  # a production file that does not parse
        print(error, file=sys.stderr)
        return 1
    if args.site is not None:
        chosen = [s for s in sites if args.site in (s.location, f"{s.location}:{s.column}")]
        if not chosen:
            choices = ", ".join(dict.fromkeys(s.location for s in sites)) or "(no sites)"
            return usage_error(PROG, INVALID_SITE.format(value=args.site, choices=choices))
        sites = chosen
    if args.list:
        listing = json.dumps([asdict(s) for s in sites], indent=2)
        print(listing if args.json else render_sites(sites))
        return 0
    anchors = None if args.static_only else run
    try:
        reference = baseline(backend, anchors, verify, static)
    except RuntimeError as error:  # the copy's packages would not be the ones imported
        print(error, file=sys.stderr)
        return 1
    if reference.anchors is not None and reference.anchors.returncode != 0:
        tail = reference.anchors.output.strip().splitlines()[-1:] or ["no output"]
        failed = ", ".join(reference.anchors.failed or tail)
        print(BASELINE_FAILED.format(returncode=reference.anchors.returncode, failed=failed))
        return 1
    ids = finding_ids(reference.static)
    checker = Checker(backend, anchors, static, ids)
    results = check_sites(sites, checker, int(args.jobs), _stderr)
    seconds = time.monotonic() - started
    if args.json:
        print(render_json(results, seconds, len(ids)))
    else:
        print(render_table(results, seconds, len(ids)))
    return 0 if check_passed(results) else 1


def _stderr(line: str) -> None:
    """Print a progress line to stderr at once, so a long run is not silent."""
    print(line, file=sys.stderr, flush=True)
