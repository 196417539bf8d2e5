"""Measure the static detector's precision on pinned real applications (``make eval-real``).

Downloads each application pinned in ``benchmarks/real/apps.toml`` into the cache (reused when
present), checks its sha256, unpacks its Python sources, scans them, and scores the findings
against ``benchmarks/real/labels/<app>.toml``. ``--sample`` writes the findings still to label
into the cache instead (see ``benchmarks/real/LABELLING.md``).

``--libraries`` also follows the calls into installed packages: each app with ``env = true`` in
``apps.toml`` gets an environment in the cache, installed once from its committed lock
(``benchmarks/real/envs/<app>.txt``, rewritten by ``--lock``) and reused, and is scanned with it.
Its findings through libraries (BIO501) are scored apart; its other findings are compared with a
scan without libraries. ``--sample --libraries`` writes a sample of the BIO501 findings.

Usage (from ``backend/``)::

    uv run --locked python scripts/eval_real.py [--app NAME ...] [--json] [--show-unlabelled]
    uv run --locked python scripts/eval_real.py --sample [--size 40] [--seed N]
    uv run --locked python scripts/eval_real.py --libraries [--sample] [--env-python PATH]
    uv run --locked python scripts/eval_real.py --libraries --lock

Exit status: 0 whatever the scores, 1 when a download or an environment install fails, 2 on bad
input (an unknown app, a malformed labels or apps file, a wheel whose sha256 differs from its
pin, a lock that does not pin the app, a library chain through the installed copy of the app).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.real.apps import App, AppsError, FetchError, fetch, load_apps
from benchmarks.real.environments import (
    EnvError,
    ensure_env,
    scan_cache_dir,
    site_packages,
    write_lock,
)
from benchmarks.real.labels import LabelError, labels_path, read_labels
from benchmarks.real.libraries import installed_copy_hops, is_library_finding, non_library_changes
from benchmarks.real.render import render_json, render_text
from benchmarks.real.sample import (
    DEFAULT_LIBRARY_SIZE,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    render_template,
    stratified_sample,
)
from benchmarks.real.scoring import AppScore, score_app
from blocking_io.config import load_config
from blocking_io.static import TOOL_NAME, TOOL_VERSION, scan
from blocking_io.static.environment import find_environment

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
    parser.add_argument(
        "--libraries",
        action="store_true",
        help="follow calls into each app's installed dependencies (apps.toml env = true)",
    )
    parser.add_argument(
        "--lock",
        action="store_true",
        help="rewrite the environment locks (envs/<app>.txt) of the apps with env = true and stop",
    )
    parser.add_argument(
        "--env-python",
        default=sys.executable,
        help="the interpreter the app environments are created with (default: this one)",
    )
    parser.add_argument(
        "--size",
        type=int,
        help=f"sample size per app ({DEFAULT_SIZE}; {DEFAULT_LIBRARY_SIZE} with --libraries)",
    )
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


def _scan_libraries(app: App, args: argparse.Namespace) -> dict[str, Any]:
    """Scan the app's unpacked sources with its installed environment; check no library chain
    runs through the installed copy of the app itself."""
    source = fetch(app, args.cache)
    env = ensure_env(app, args.cache, args.env_python)
    roots = app.root_paths(args.cache)
    environment = find_environment(env, roots, source)
    cache_dir = scan_cache_dir(args.cache)
    report = scan(roots, repo_root=source, cache_dir=cache_dir, environment=environment)
    for error in report.get("errors", []):
        print(f"detector error in {app.name}: {error}", file=sys.stderr)
    sites = [str(site_packages(env))]
    shadowed = installed_copy_hops(report["findings"], app.roots, sites)
    if shadowed:
        raise ValueError(
            f"{len(shadowed)} library chains of {app.name} run through its installed copy in "
            f"{sites[0]} (first: {shadowed[0]}); the scanned sources must shadow it."
        )
    return report


def _write_sample(app: App, report: dict[str, Any], args: argparse.Namespace) -> None:
    labelled = read_labels(labels_path(app.name)).findings
    wanted = args.libraries
    findings = [f for f in report["findings"] if is_library_finding(f) == wanted]
    size = args.size or (DEFAULT_LIBRARY_SIZE if wanted else DEFAULT_SIZE)
    keys = stratified_sample(findings, size, args.seed) if findings else []
    todo = [key for key in keys if key not in labelled]
    name = f"sample-libraries-{app.name}" if wanted else f"sample-{app.name}"
    target = args.cache / f"{name}.toml"
    sites = report.get("libraries", {}).get("site", [])
    target.write_text(render_template(app.name, findings, todo, sites), encoding="utf-8")
    kind = "library findings" if wanted else "findings"
    print(
        f"{app.name}: {len(keys)} keys sampled from {len(findings)} {kind}, "
        f"{len(todo)} still to label -> {target}"
    )


def _lock(app: App) -> None:
    if not app.env:
        print(f"{app.name}: no environment (apps.toml env = false): {app.env_note}")
        return
    print(f"{app.name}: locked -> {write_lock(app)}")


def _score(app: App, args: argparse.Namespace) -> AppScore | None:
    """Scan one app (with its environment under --libraries) and score it, or write its sample."""
    followed = args.libraries and app.env
    if args.sample:
        report = _scan_libraries(app, args) if followed else _scan(app, args.cache)
        _write_sample(app, report, args)
        return None
    plain = _scan(app, args.cache)
    report = _scan_libraries(app, args) if followed else plain
    labels = read_labels(labels_path(app.name))
    score = score_app(f"{app.name} {app.version}", report["findings"], labels, followed=followed)
    score.scan = report.get("scan", {})
    if followed:
        score.libraries.summary = report.get("libraries", {})
        score.libraries.changed = non_library_changes(plain["findings"], report["findings"])
    elif args.libraries:
        score.libraries.note = f"no environment ({app.env_note})"
    return score


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch, scan and score the selected applications; print the report."""
    args = _parse_args(argv)
    args_shown = sys.argv[1:] if argv is None else list(argv)
    command = shlex.join(["python", "scripts/eval_real.py", *args_shown])
    scores: list[AppScore] = []
    try:
        for app in _select(load_apps(), args.app):
            if args.lock:
                _lock(app)
                continue
            score = _score(app, args)
            if score is not None:
                scores.append(score)
    except (AppsError, LabelError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    except (FetchError, EnvError) as exc:
        print(exc, file=sys.stderr)
        return 1
    if scores:
        tool = f"{TOOL_NAME} {TOOL_VERSION}"
        text = render_json(command, tool, scores) if args.json else None
        print(text or render_text(command, tool, scores, args.show_unlabelled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
