"""Measure the static detector's precision on pinned real applications (``make eval-real``).

Downloads each application pinned in ``benchmarks/real/apps.toml`` into the cache (reused when
present), checks its sha256, unpacks its Python sources, scans them, and scores the findings
against ``benchmarks/real/labels/<app>.toml``. ``--sample`` writes the findings still to label
into the cache instead (see ``benchmarks/real/LABELLING.md``).

Usage (from ``backend/``)::

    uv run --locked python scripts/eval_real.py [--app NAME ...] [--json] [--show-unlabelled]
    uv run --locked python scripts/eval_real.py --sample [--size 40] [--seed N]

Exit status: 0 whatever the scores, 1 when a download fails, 2 on bad input (an unknown app, a
malformed labels or apps file, a wheel whose sha256 differs from its pin).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.real.apps import App, AppsError, FetchError, fetch, load_apps
from benchmarks.real.labels import LabelError, labels_path, read_labels
from benchmarks.real.render import render_json, render_text
from benchmarks.real.sample import DEFAULT_SEED, DEFAULT_SIZE, render_template, stratified_sample
from benchmarks.real.scoring import AppScore, score_app
from blocking_io.config import load_config
from blocking_io.static import TOOL_NAME, TOOL_VERSION, scan

__all__ = ["main"]

# Under the data home configured in [tool.blocking-io] (`.deer-flow/`, ignored by git).
DEFAULT_CACHE = load_config(Path(__file__).parent).data_dir / "real-apps"


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", action="append", help="only this application (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--show-unlabelled", action="store_true", help="list the findings without a label"
    )
    parser.add_argument(
        "--sample", action="store_true", help="write the unlabelled sample to the cache and stop"
    )
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="sample size per app")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="sampling seed")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="download cache")
    return parser.parse_args(argv)


def _select(apps: list[App], only: list[str] | None) -> list[App]:
    if not only:
        return apps
    unknown = sorted(set(only) - {app.name for app in apps})
    if unknown:
        names = ", ".join(app.name for app in apps)
        raise AppsError(f"Unknown app {', '.join(unknown)} from --app; expected one of: {names}.")
    return [app for app in apps if app.name in only]


def _scan(app: App, cache: Path) -> dict[str, Any]:
    source = fetch(app, cache)
    report = scan(app.root_paths(cache), repo_root=source, cache_dir=None)
    for error in report.get("errors", []):
        print(f"detector error in {app.name}: {error}", file=sys.stderr)
    return report


def _write_sample(app: App, findings: list[dict[str, Any]], args: argparse.Namespace) -> None:
    labelled = read_labels(labels_path(app.name)).findings
    keys = stratified_sample(findings, args.size, args.seed)
    todo = [key for key in keys if key not in labelled]
    target = args.cache / f"sample-{app.name}.toml"
    target.write_text(render_template(app.name, findings, todo), encoding="utf-8")
    print(f"{app.name}: {len(keys)} sampled, {len(todo)} still to label -> {target}")


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch, scan and score the selected applications; print the report."""
    args = _parse_args(argv)
    args_shown = sys.argv[1:] if argv is None else list(argv)
    command = shlex.join(["python", "scripts/eval_real.py", *args_shown])
    scores: list[AppScore] = []
    try:
        for app in _select(load_apps(), args.app):
            report = _scan(app, args.cache)
            if args.sample:
                _write_sample(app, report["findings"], args)
                continue
            labels = read_labels(labels_path(app.name))
            score = score_app(f"{app.name} {app.version}", report["findings"], labels)
            score.scan = report.get("scan", {})
            scores.append(score)
    except (AppsError, LabelError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except FetchError as exc:
        print(exc, file=sys.stderr)
        return 1
    if scores:
        tool = f"{TOOL_NAME} {TOOL_VERSION}"
        text = render_json(command, tool, scores) if args.json else None
        print(text or render_text(command, tool, scores, args.show_unlabelled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
