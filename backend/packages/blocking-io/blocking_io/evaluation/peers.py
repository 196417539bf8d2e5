"""Score the detector and ruff's ASYNC rules on the peers' labelled suite, minus the disagreements.

A line counts once however many findings or labels it has. A labelled line is *scored* unless
an ``unreported`` disagreement names it. On an unlabelled line a detector finding is *explained*
when an ``extra`` disagreement names it, *cross-function* when its code is not BIO101 (the peers
check one function at a time, so they cannot make it), and *unexplained* otherwise.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .disagreements import DISAGREEMENTS, KINDS, UNREPORTED, Disagreement
from .suite import file_rule, line_labels, statement_text

__all__ = [
    "DIRECT_CODE",
    "RECALL_TARGET",
    "DisagreementError",
    "Finding",
    "LineKey",
    "SuiteLine",
    "Tally",
    "enclosing_functions",
    "match_disagreements",
    "run_detector",
    "run_ruff",
    "suite_lines",
    "tally",
]

RECALL_TARGET = 0.95
DIRECT_CODE = "BIO101"

LineKey = tuple[str, int]  # (eval file name, 1-based line)


class DisagreementError(ValueError):
    """A disagreement entry is malformed or names no line of its kind."""


@dataclass(frozen=True)
class SuiteLine:
    """One code line of an eval file: its labels, enclosing function and text."""

    file: str
    line: int
    labels: tuple[str, ...]
    function: str
    code: str


@dataclass(frozen=True)
class Finding:
    """A detector finding reduced to what scoring needs."""

    file: str
    line: int
    code: str
    call: str


def enclosing_functions(source: str) -> dict[int, str]:
    """Map each line to the dotted qualified name of its innermost function (``""`` outside)."""
    names: dict[int, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                qualname = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    for line in range(child.lineno, (child.end_lineno or child.lineno) + 1):
                        names[line] = qualname
                visit(child, qualname + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return names


def suite_lines(sources: Mapping[str, str]) -> dict[LineKey, SuiteLine]:
    """Return every non-blank line of the eval files with its labels and context."""
    lines: dict[LineKey, SuiteLine] = {}
    for name, source in sources.items():
        labels = line_labels(source)
        functions = enclosing_functions(source)
        for number, code in statement_text(source).items():
            if code:
                lines[(name, number)] = SuiteLine(
                    name, number, labels.get(number, ()), functions.get(number, ""), code
                )
    return lines


def match_disagreements(
    lines: Mapping[LineKey, SuiteLine], entries: Iterable[Disagreement] = DISAGREEMENTS
) -> dict[LineKey, Disagreement]:
    """Return the line each disagreement names, checking every entry names a line of its kind.

    Raises:
        DisagreementError: an unknown kind, a pattern matching no eval file, or a file where the
            entry names no labelled line (``unreported``) or no unlabelled line (``extra``).
    """
    files = sorted({key[0] for key in lines})
    matched: dict[LineKey, Disagreement] = {}
    for entry in entries:
        if entry.kind not in KINDS:
            raise DisagreementError(
                f"Disagreement {entry.code!r} in {entry.files} has kind {entry.kind!r}; "
                f"expected one of: {', '.join(KINDS)}."
            )
        selected = [name for name in files if fnmatch.fnmatchcase(name, entry.files)]
        if not selected:
            raise DisagreementError(
                f"Disagreement {entry.code!r}: pattern {entry.files!r} matches no eval file."
            )
        for name in selected:
            hits = [
                key
                for key, line in lines.items()
                if key[0] == name
                and line.function == entry.function
                and line.code == entry.code
                and bool(line.labels) == (entry.kind == UNREPORTED)
            ]
            if not hits:
                state = "labelled" if entry.kind == UNREPORTED else "unlabelled"
                raise DisagreementError(
                    f"Disagreement {entry.code!r} in `{entry.function or '<module>'}` names no "
                    f"{state} line of {name}; fix or remove the entry."
                )
            matched.update(dict.fromkeys(hits, entry))
    return matched


@dataclass
class Tally:
    """Line counts of one rule family (or of the whole suite)."""

    labelled: int = 0
    unreported: int = 0
    found: int = 0
    found_scored: int = 0
    ruff_found: int = 0
    ruff_unlabelled: int = 0
    explained: list[LineKey] = field(default_factory=list)
    cross_function: list[LineKey] = field(default_factory=list)
    unexplained: list[LineKey] = field(default_factory=list)
    missed: list[LineKey] = field(default_factory=list)
    stale: list[LineKey] = field(default_factory=list)

    @property
    def scored(self) -> int:
        """Return the labelled lines outside the disagreement list."""
        return self.labelled - self.unreported

    @property
    def recall(self) -> float | None:
        """Return found / scored labelled lines, or None when nothing is scored."""
        return self.found_scored / self.scored if self.scored else None


def _count(
    target: Tally,
    key: LineKey,
    line: SuiteLine | None,
    entry: Disagreement | None,
    ours: Sequence[Finding],
    in_ruff: bool,
) -> None:
    labelled = line is not None and bool(line.labels)
    if labelled:
        target.labelled += 1
        target.unreported += entry is not None
        target.found += bool(ours)
        target.ruff_found += in_ruff
        if entry is None:
            target.found_scored += bool(ours)
            if not ours:
                target.missed.append(key)
        elif ours:
            target.stale.append(key)
        return
    target.ruff_unlabelled += in_ruff
    if entry is not None and not ours:
        target.stale.append(key)
    elif not ours:
        return
    elif entry is not None:
        target.explained.append(key)
    elif any(f.code != DIRECT_CODE for f in ours):
        target.cross_function.append(key)
    else:
        target.unexplained.append(key)


def tally(
    lines: Mapping[LineKey, SuiteLine],
    matched: Mapping[LineKey, Disagreement],
    findings: Iterable[Finding],
    ruff: Iterable[LineKey],
) -> dict[str, Tally]:
    """Return the tallies per rule family (by eval file name) and under ``"TOTAL"``."""
    ours: dict[LineKey, list[Finding]] = {}
    for finding in findings:
        ours.setdefault((finding.file, finding.line), []).append(finding)
    ruff_lines = set(ruff)
    keys = sorted(set(lines) | set(ours) | ruff_lines)
    result: dict[str, Tally] = {"TOTAL": Tally()}
    for key in keys:
        family = result.setdefault(file_rule(key[0]), Tally())
        for target in (family, result["TOTAL"]):
            _count(
                target, key, lines.get(key), matched.get(key), ours.get(key, []), key in ruff_lines
            )
    return result


def _run(cmd: Sequence[str], what: str) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise RuntimeError(
            f"{what} exited with status {proc.returncode}: {' '.join(cmd)}\n{proc.stderr[-2000:]}"
        )
    return proc.stdout


def run_detector(directory: Path) -> list[Finding]:
    """Run the detector CLI on `directory` and return its findings."""
    cmd = [sys.executable, "-m", "blocking_io", str(directory)]
    cmd += ["--format", "json", "--output", "-", "--no-cache"]
    # The labels describe the project's own code; calls into installed libraries are scored
    # on real applications (`make eval-real ARGS=--libraries`) and by `make bench-libraries`.
    cmd += ["--no-libraries"]
    report = json.loads(_run(cmd, "The detector"))
    return [
        Finding(Path(f["path"]).name, int(f["line"]), f["code"], f["call"])
        for f in report["findings"]
    ]


def run_ruff(directory: Path) -> set[LineKey]:
    """Run ruff's ASYNC rules on `directory`, ignoring any configuration; return flagged lines."""
    cmd = [sys.executable, "-m", "ruff", "check", "--select", "ASYNC", "--output-format", "json"]
    # The data directory is git-ignored, and ruff skips ignored files unless told otherwise.
    cmd += ["--no-cache", "--isolated", "--no-respect-gitignore", "--exit-zero", str(directory)]
    report = json.loads(_run(cmd, "ruff"))
    return {(Path(item["filename"]).name, int(item["location"]["row"])) for item in report}
