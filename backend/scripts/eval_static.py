"""Score the static blocking-IO detector against the labelled corpus, with ruff ASYNC as a baseline.

Each directory under ``benchmarks/corpus/`` is one project, labelled as ``blocking_io.evaluation``
describes (see ``benchmarks/corpus/README.md``). This script runs the tools and prints the scores;
label reading, report parsing and scoring live in ``blocking_io.evaluation``.

Usage (from ``backend/``)::

    uv run --locked python scripts/eval_static.py [--json] [--project NAME ...] [--no-baseline]

Exit status: 0 whatever the scores, 1 when the detector crashes or prints no usable report, 2 on a
usage error (detector CLI or corpus missing, unknown ``--project``, malformed label).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from blocking_io.config import load_config
from blocking_io.evaluation import (
    PRECISION_TARGET,
    RECALL_TARGET,
    LabelError,
    Labels,
    Location,
    ToolError,
    ToolRun,
    parse_detector_report,
    parse_ruff_report,
    read_labels,
    score,
)
from blocking_io.usage import ArgumentParser, usage_error

__all__ = [
    "CORPUS_DIR",
    "DETECTOR_MISSING",
    "PROG",
    "UNKNOWN_PROJECT",
    "main",
    "render_json",
    "render_text",
]

PROG = "eval_static.py"
_PROJECT = load_config(Path(__file__))
BACKEND_DIR = _PROJECT.base
REPO_ROOT = _PROJECT.root
CORPUS_DIR = BACKEND_DIR / "benchmarks" / "corpus"
DETECTOR_CLI = BACKEND_DIR / "scripts" / "detect_blocking_io_static.py"
DETECTOR_MISSING = "Detector CLI `{path}` not found; pass --detector PATH"
CORPUS_MISSING = "Corpus directory `{path}` not found; pass --corpus DIR"
UNKNOWN_PROJECT = "Unknown project {names} from --project; expected one of: {choices}"


def _bases(project_dir: Path) -> tuple[Path, ...]:
    """Return where relative report paths are looked up: repo root, backend, project, cwd."""
    return (REPO_ROOT, BACKEND_DIR, project_dir, Path.cwd())


def _run(cmd: Sequence[str], what: str) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    # Both tools exit 1 when they report findings; anything else is a crash or a usage error.
    if proc.returncode not in (0, 1):
        raise ToolError(
            f"{what} exited with status {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}"
        )
    return proc.stdout


def run_detector(detector: Path, project_dir: Path) -> tuple[list[Location], list[Any]]:
    """Run the detector CLI on one project and return its findings and reported errors."""
    cmd = [sys.executable, str(detector), str(project_dir)]
    cmd += ["--format", "json", "--output", "-", "--no-cache"]
    # The labels describe the project's own code; calls into installed libraries are scored
    # on real applications (`make eval-real ARGS=--libraries`) and by `make bench-libraries`.
    cmd += ["--no-libraries"]
    output = _run(cmd, "The detector")
    return parse_detector_report(output, project_dir.name, _bases(project_dir))


def run_ruff(project_dir: Path) -> list[Location]:
    """Run ruff's ASYNC rules on one project, ignoring any project configuration."""
    cmd = [sys.executable, "-m", "ruff", "check", "--select", "ASYNC", "--output-format", "json"]
    cmd += ["--no-cache", "--isolated", "--exit-zero", str(project_dir)]
    return parse_ruff_report(_run(cmd, "ruff"), project_dir.name, _bases(project_dir))


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:6.1%}"


def _ratio(ours: float | None, theirs: float | None) -> float | None:
    return None if ours is None or not theirs else ours / theirs


def _source_line(loc: Location) -> str:
    try:
        return Path(loc.path).read_text(encoding="utf-8").splitlines()[loc.line - 1].strip()
    except (OSError, IndexError):
        return "<line not found>"


def _display(loc: Location) -> str:
    path = Path(loc.path)
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    return f"{shown}:{loc.line}"


def _table(run: ToolRun) -> list[str]:
    head = f"{'project':<18}{'labels':>7}{'findings':>9}{'TP':>5}{'FP':>5}{'FN':>5}"
    lines = [f"{run.name}", head + f"{'precision':>11}{'recall':>9}", "-" * 69]
    for name, s in [*run.projects.items(), ("TOTAL", run.overall)]:
        counts = f"{s.labels:>7}{s.findings:>9}{len(s.tp):>5}{len(s.fp):>5}{len(s.fn):>5}"
        lines.append(f"{name:<18}{counts}{_pct(s.precision):>11}{_pct(s.recall):>9}")
    return lines


def _verdict(value: float | None, target: float) -> str:
    met = value is not None and value >= target
    return f"{_pct(value)} (target ≥ {target:.0%}: {'met' if met else 'MISSED'})"


def render_text(detector: ToolRun, baseline: ToolRun | None) -> str:
    """Return the human-readable report."""
    total = detector.overall
    out = [*_table(detector), ""]
    out.append(f"detector precision {_verdict(total.precision, PRECISION_TARGET)}")
    out.append(f"detector recall    {_verdict(total.recall, RECALL_TARGET)}")
    out.append(f"hard positives found: {total.hard_tp} of {total.hard_labels}")
    for project, errors in detector.errors.items():
        out += [f"detector error in {project}: {error}" for error in errors]
    if baseline is not None:
        base = baseline.overall
        out += ["", *_table(baseline), "", f"{'tool':<12}{'precision':>11}{'recall':>9}"]
        out.append(f"{'detector':<12}{_pct(total.precision):>11}{_pct(total.recall):>9}")
        out.append(f"{'ruff ASYNC':<12}{_pct(base.precision):>11}{_pct(base.recall):>9}")
        ratios = [_ratio(total.precision, base.precision), _ratio(total.recall, base.recall)]
        shown = ["n/a" if r is None else f"{r:.2f}x" for r in ratios]
        out.append(f"{'ratio':<12}{shown[0]:>11}{shown[1]:>9}")
    for title, locs in (("False alarms", total.fp), ("Missed alarms", total.fn)):
        out += ["", f"{title} ({len(locs)}):"]
        out += [f"  {_display(loc)}: {_source_line(loc)}" for loc in locs]
    return "\n".join(out)


def render_json(detector: ToolRun, baseline: ToolRun | None) -> str:
    """Return the scores as a JSON document."""

    def tool(run: ToolRun) -> dict[str, Any]:
        total = run.overall
        return {
            "overall": total.as_dict(),
            "projects": {name: s.as_dict() for name, s in run.projects.items()},
            "errors": run.errors,
            "false_alarms": [_display(loc) for loc in total.fp],
            "missed_alarms": [_display(loc) for loc in total.fn],
        }

    doc: dict[str, Any] = {
        "targets": {"precision": PRECISION_TARGET, "recall": RECALL_TARGET},
        "tools": {"detector": tool(detector)},
    }
    if baseline is not None:
        ours, base = detector.overall, baseline.overall
        doc["tools"]["ruff"] = tool(baseline)
        doc["ratios"] = {
            "precision": _ratio(ours.precision, base.precision),
            "recall": _ratio(ours.recall, base.recall),
        }
    return json.dumps(doc, indent=2)


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog=PROG, description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="corpus directory")
    parser.add_argument("--project", action="append", help="score only this project (repeatable)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the ruff ASYNC baseline")
    parser.add_argument("--detector", type=Path, default=DETECTOR_CLI, help="detector CLI script")
    return parser


def _projects(corpus: Path, only: list[str] | None) -> list[Path]:
    dirs = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if only:
        unknown = sorted(set(only) - {p.name for p in dirs})
        if unknown:
            choices = ", ".join(p.name for p in dirs)
            raise ValueError(UNKNOWN_PROJECT.format(names=", ".join(unknown), choices=choices))
        dirs = [p for p in dirs if p.name in only]
    return dirs


def _score_baseline(baseline: ToolRun | None, project: Path, labels: Labels) -> ToolRun | None:
    """Add one project to the baseline; a ruff failure drops the baseline, not the run."""
    if baseline is None:
        return None
    try:
        baseline.projects[project.name] = score(labels, run_ruff(project))
    except ToolError as exc:
        print(f"{exc} Continuing without the ruff baseline.", file=sys.stderr)
        return None
    return baseline


def main(argv: Sequence[str] | None = None) -> int:
    """Run both tools over the corpus, print the scores and return the exit status."""
    args = _parser().parse_args(argv)
    if not args.detector.is_file():
        return usage_error(PROG, DETECTOR_MISSING.format(path=args.detector))
    if not args.corpus.is_dir():
        return usage_error(PROG, CORPUS_MISSING.format(path=args.corpus))
    detector = ToolRun("detector")
    baseline = None if args.no_baseline else ToolRun("ruff ASYNC")
    try:
        for project in _projects(args.corpus, args.project):
            labels = read_labels(project)
            findings, errors = run_detector(args.detector, project)
            detector.projects[project.name] = score(labels, findings)
            if errors:
                detector.errors[project.name] = errors
            baseline = _score_baseline(baseline, project, labels)
    except (LabelError, ValueError) as exc:  # a malformed label or an unknown --project
        return usage_error(PROG, str(exc))
    except ToolError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(render_json(detector, baseline) if args.json else render_text(detector, baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
