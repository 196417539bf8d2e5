"""Labelled lines: where a corpus says a detector must (or may) report a blocking call.

A line ending in ``# label: blocking`` must be reported (``# label: blocking hard`` marks one that
needs more than call-graph resolution); ``# label: tolerated`` is not scored either way; every other
line must stay quiet. Labels are read from comment tokens only, so a string that looks like a label
is not one.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

__all__ = ["LABEL_KINDS", "UNKNOWN_LABEL_KIND", "LabelError", "Labels", "Location", "read_labels"]

LABEL_KINDS = ("blocking", "tolerated")
UNKNOWN_LABEL_KIND = "Unknown label kind {kind!r} at {path}:{line}; expected one of: {choices}."
_LABEL_RE = re.compile(r"#\s*label:\s*(?P<kind>\S*)(?P<rest>.*)")


class Location(NamedTuple):
    """A scored position: absolute file path and 1-based line."""

    path: str
    line: int


class LabelError(ValueError):
    """A label comment in the corpus is malformed."""


@dataclass(frozen=True)
class Labels:
    """Labelled lines of one or more projects."""

    blocking: frozenset[Location]
    tolerated: frozenset[Location]
    hard: frozenset[Location] = frozenset()


def read_labels(project_dir: Path) -> Labels:
    """Collect the label comments of every Python file under `project_dir`.

    Raises:
        LabelError: a label names a kind outside `LABEL_KINDS`; the message gives file and line.
    """
    found: dict[str, set[Location]] = {kind: set() for kind in LABEL_KINDS}
    hard: set[Location] = set()
    for path in sorted(project_dir.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            match = _LABEL_RE.match(token.string) if token.type == tokenize.COMMENT else None
            if match is None:
                continue
            kind = match["kind"]
            line = token.start[0]
            if kind not in found:
                choices = ", ".join(LABEL_KINDS)
                raise LabelError(
                    UNKNOWN_LABEL_KIND.format(kind=kind, path=path, line=line, choices=choices)
                )
            location = Location(str(path.resolve()), line)
            found[kind].add(location)
            if kind == "blocking" and match["rest"].split()[:1] == ["hard"]:
                hard.add(location)
    return Labels(frozenset(found["blocking"]), frozenset(found["tolerated"]), frozenset(hard))
