"""Score the static blocking-IO detector against the labeled corpus, with ruff ASYNC as a baseline.

Each directory under ``benchmarks/corpus/`` is one project. Lines ending in ``# label: blocking``
must be reported (``# label: blocking hard`` marks the ones that need more than call-graph
resolution); lines ending in ``# label: tolerated`` are not scored; every other line must stay quiet
(see ``benchmarks/corpus/README.md``). A finding matches a label when file and line agree.

Usage (from ``backend/``)::

    uv run --locked python scripts/eval_static.py [--json] [--project NAME ...] [--no-baseline]

Exit status: 0 whatever the scores, 1 when the detector crashes or prints no usable report, 2 on a
usage error (detector CLI or corpus missing, unknown ``--project``, malformed label).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "PRECISION_TARGET",
    "RECALL_TARGET",
    "LabelError",
    "Labels",
    "Location",
    "Score",
    "ToolError",
    "main",
    "parse_detector_report",
    "parse_ruff_report",
    "read_labels",
    "resolve_location",
    "score",
]

BACKEND_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = BACKEND_DIR.parent
CORPUS_DIR = BACKEND_DIR / "benchmarks" / "corpus"
DETECTOR_CLI = BACKEND_DIR / "scripts" / "detect_blocking_io_static.py"
PRECISION_TARGET = 0.95
RECALL_TARGET = 0.90
LABEL_KINDS = ("blocking", "tolerated")
_LABEL_RE = re.compile(r"#\s*label:\s*(?P<kind>\S*)(?P<rest>.*)")


class Location(NamedTuple):
    """A scored position: absolute file path and 1-based line."""

    path: str
    line: int


class LabelError(ValueError):
    """A label comment in the corpus is malformed."""


class ToolError(RuntimeError):
    """A tool under evaluation crashed or printed something that is not a report."""


@dataclass(frozen=True)
class Labels:
    """Labeled lines of one or more projects."""

    blocking: frozenset[Location]
    tolerated: frozenset[Location]
    hard: frozenset[Location] = frozenset()


@dataclass(frozen=True)
class Score:
    """Line-level confusion counts of one tool against labels."""

    labels: int
    findings: int
    tp: tuple[Location, ...]
    fp: tuple[Location, ...]
    fn: tuple[Location, ...]
    hard_labels: int = 0
    hard_tp: int = 0

    @property
    def precision(self) -> float | None:
        """Return TP / (TP + FP), or None when nothing scored was reported."""
        reported = len(self.tp) + len(self.fp)
        return len(self.tp) / reported if reported else None

    @property
    def recall(self) -> float | None:
        """Return TP / labels, or None when there are no labels."""
        return len(self.tp) / self.labels if self.labels else None

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and ratios as JSON-ready values."""
        return {
            "labels": self.labels,
            "findings": self.findings,
            "tp": len(self.tp),
            "fp": len(self.fp),
            "fn": len(self.fn),
            "precision": self.precision,
            "recall": self.recall,
            "hard_labels": self.hard_labels,
            "hard_tp": self.hard_tp,
        }


def score(labels: Labels, findings: Iterable[Location]) -> Score:
    """Score findings against labels; several findings on one line count once.

    A flagged ``tolerated`` line is neither a true nor a false positive. Hard labels are ordinary
    positives; they are also counted apart so a report can show how many of them were found.
    """
    flagged = set(findings)
    scored = flagged - labels.tolerated
    return Score(
        labels=len(labels.blocking),
        findings=len(flagged),
        tp=tuple(sorted(scored & labels.blocking)),
        fp=tuple(sorted(scored - labels.blocking)),
        fn=tuple(sorted(labels.blocking - flagged)),
        hard_labels=len(labels.hard & labels.blocking),
        hard_tp=len(labels.hard & labels.blocking & flagged),
    )


def read_labels(project_dir: Path) -> Labels:
    """Collect the ``# label: <kind> [hard]`` comments of every Python file under a project."""
    found: dict[str, set[Location]] = {kind: set() for kind in LABEL_KINDS}
    hard: set[Location] = set()
    for path in sorted(project_dir.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            match = _LABEL_RE.match(token.string) if token.type == tokenize.COMMENT else None
            if match is None:
                continue
            kind = match["kind"]
            if kind not in found:
                raise LabelError(
                    f"Unknown label kind {kind!r} at {path}:{token.start[0]}; "
                    f"expected one of: {', '.join(LABEL_KINDS)}."
                )
            loc = Location(str(path.resolve()), token.start[0])
            found[kind].add(loc)
            if kind == "blocking" and match["rest"].split()[:1] == ["hard"]:
                hard.add(loc)
    return Labels(frozenset(found["blocking"]), frozenset(found["tolerated"]), frozenset(hard))


def resolve_location(path: str, line: int, project_dir: Path) -> Location:
    """Turn a reported path (absolute, or relative to the repo root) into a Location."""
    candidate = Path(path)
    if not candidate.is_absolute():
        bases = (REPO_ROOT, BACKEND_DIR, project_dir, Path.cwd())
        existing = [base / candidate for base in bases if (base / candidate).is_file()]
        candidate = existing[0] if existing else REPO_ROOT / candidate
    return Location(str(candidate.resolve()), int(line))


def parse_detector_report(text: str, project_dir: Path) -> tuple[list[Location], list[Any]]:
    """Return the finding locations and the errors of a detector JSON report."""
    try:
        report = json.loads(text)
        findings = [
            resolve_location(item["path"], item["line"], project_dir) for item in report["findings"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise ToolError(
            f"Detector output for {project_dir.name} is not a report with `findings` "
            f"[{{path, line}}] ({exc!r}); first 200 characters: {text[:200]!r}."
        ) from exc
    return findings, list(report.get("errors", []))


def parse_ruff_report(text: str, project_dir: Path) -> list[Location]:
    """Return the finding locations of a ``ruff check --output-format json`` report."""
    try:
        return [
            resolve_location(item["filename"], item["location"]["row"], project_dir)
            for item in json.loads(text)
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise ToolError(
            f"Ruff output for {project_dir.name} is not a JSON report ({exc!r})."
        ) from exc


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
    return parse_detector_report(_run(cmd, "The detector"), project_dir)


def run_ruff(project_dir: Path) -> list[Location]:
    """Run ruff's ASYNC rules on one project, ignoring any project configuration."""
    cmd = [sys.executable, "-m", "ruff", "check", "--select", "ASYNC", "--output-format", "json"]
    cmd += ["--no-cache", "--isolated", "--exit-zero", str(project_dir)]
    return parse_ruff_report(_run(cmd, "ruff"), project_dir)


@dataclass
class ToolRun:
    """Per-project and overall scores of one tool."""

    name: str
    projects: dict[str, Score]
    errors: dict[str, list[Any]]

    @property
    def overall(self) -> Score:
        """Return the score over all projects."""
        runs = self.projects.values()
        return Score(
            labels=sum(s.labels for s in runs),
            findings=sum(s.findings for s in runs),
            tp=tuple(sorted(loc for s in runs for loc in s.tp)),
            fp=tuple(sorted(loc for s in runs for loc in s.fp)),
            fn=tuple(sorted(loc for s in runs for loc in s.fn)),
            hard_labels=sum(s.hard_labels for s in runs),
            hard_tp=sum(s.hard_tp for s in runs),
        )


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
    for title, locs in (("False positives", total.fp), ("False negatives", total.fn)):
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
            "false_positives": [_display(loc) for loc in total.fp],
            "false_negatives": [_display(loc) for loc in total.fn],
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


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="corpus directory")
    parser.add_argument("--project", action="append", help="score only this project (repeatable)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the ruff ASYNC baseline")
    parser.add_argument("--detector", type=Path, default=DETECTOR_CLI, help="detector CLI script")
    return parser.parse_args(argv)


def _projects(corpus: Path, only: list[str] | None) -> list[Path]:
    dirs = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if only:
        unknown = sorted(set(only) - {p.name for p in dirs})
        if unknown:
            names = ", ".join(p.name for p in dirs)
            raise ValueError(
                f"Unknown project {', '.join(unknown)} from --project; expected one of: {names}"
            )
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
    args = _parse_args(argv)
    if not args.detector.is_file():
        print(
            f"Detector CLI `{args.detector}` not found; build the static detector first "
            "or pass --detector PATH.",
            file=sys.stderr,
        )
        return 2
    if not args.corpus.is_dir():
        print(f"Corpus directory `{args.corpus}` not found; pass --corpus DIR.", file=sys.stderr)
        return 2
    detector = ToolRun("detector", {}, {})
    baseline = None if args.no_baseline else ToolRun("ruff ASYNC", {}, {})
    try:
        for project in _projects(args.corpus, args.project):
            labels = read_labels(project)
            findings, errors = run_detector(args.detector, project)
            detector.projects[project.name] = score(labels, findings)
            if errors:
                detector.errors[project.name] = errors
            baseline = _score_baseline(baseline, project, labels)
    except ValueError as exc:  # a malformed label or an unknown --project
        print(exc, file=sys.stderr)
        return 2
    except ToolError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(render_json(detector, baseline) if args.json else render_text(detector, baseline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
