"""Score the static detector on flake8-async's labelled blocking-call suite, ruff as a baseline.

Downloads the pinned flake8-async source distribution (sha256 checked) into the data directory
(``.deer-flow/peers/`` at the repository root, never committed), takes its ASYNC210..ASYNC251 eval
files, adds the imports they assume without moving a line, runs the detector and ruff's ASYNC rules
on them, and scores both against the files' own error comments minus the disagreement list in
``blocking_io.evaluation.disagreements``. See ``blocking_io.evaluation.suite`` for the label format.

Usage (from ``backend/``)::

    uv run --locked python scripts/eval_peers.py [--data-dir DIR]

Exit status: 0 whatever the scores, 1 when a tool crashes or the suite cannot be fetched,
2 when the disagreement list names no line of its kind.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from blocking_io.config import load_config
from blocking_io.evaluation.peers import (
    DisagreementError,
    match_disagreements,
    run_detector,
    run_ruff,
    suite_lines,
    tally,
)
from blocking_io.evaluation.report import render_text
from blocking_io.evaluation.suite import PEER_SUITE, SuiteError, fetch_suite, prepare_suite

# The project this script belongs to, found by walking up from it (never by counting parents).
PROJECT = load_config(Path(__file__))


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=PROJECT.data_dir / "peers",
        help="where the downloaded suite is kept (default: <data-dir>/peers)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch the suite, run both tools, print the scores and return the exit status."""
    args = _parse_args(argv)
    target = args.data_dir / f"{PEER_SUITE.name}-{PEER_SUITE.version}"
    try:
        archive = fetch_suite(args.data_dir, PEER_SUITE)
        originals = prepare_suite(archive, target, PEER_SUITE)
        lines = suite_lines(originals)
        matched = match_disagreements(lines)
        findings = run_detector(target)
        ruff = run_ruff(target)
    except DisagreementError as exc:
        print(exc, file=sys.stderr)
        return 2
    except (SuiteError, RuntimeError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    calls: dict[tuple[str, int], str] = {}
    for finding in findings:
        calls.setdefault((finding.file, finding.line), f"{finding.code} {finding.call}")
    print(render_text(PEER_SUITE, tally(lines, matched, findings, ruff), lines, matched, calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
