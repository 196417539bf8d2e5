"""Read tool output into scored locations: the detector's JSON report and ruff's JSON output.

Reported paths may be absolute or relative; a relative path is looked up under each of the given
base directories in turn (the detector reports paths relative to the project root, ruff relative to
its working directory), so both tools' findings land on the same `Location` as the labels.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .labels import Location

__all__ = [
    "DETECTOR_REPORT_INVALID",
    "RUFF_REPORT_INVALID",
    "ToolError",
    "parse_detector_report",
    "parse_ruff_report",
    "resolve_location",
]

DETECTOR_REPORT_INVALID = (
    "Detector output for {project} is not a report with `findings` [{{path, line}}] ({error}); "
    "first 200 characters: {head!r}."
)
RUFF_REPORT_INVALID = "Ruff output for {project} is not a JSON report ({error})."


class ToolError(RuntimeError):
    """A tool under evaluation crashed or printed something that is not a report."""


def resolve_location(path: str, line: int, bases: Sequence[Path]) -> Location:
    """Return the location of a reported `path` and `line`.

    An absolute path is used as it is. A relative one is joined to the first of `bases` under which
    the file exists, else to the first base, so a missing file still yields a stable location.

    Raises:
        ValueError: `path` is relative and `bases` is empty.
    """
    candidate = Path(path)
    if not candidate.is_absolute():
        if not bases:
            raise ValueError(f"Relative report path `{path}` and no base directory to read it from")
        existing = [base / candidate for base in bases if (base / candidate).is_file()]
        candidate = existing[0] if existing else bases[0] / candidate
    return Location(str(candidate.resolve()), int(line))


def parse_detector_report(
    text: str, project: str, bases: Sequence[Path]
) -> tuple[list[Location], list[Any]]:
    """Return the finding locations and the reported errors of a detector JSON report.

    Raises:
        ToolError: `text` is not JSON with a `findings` list of objects holding `path` and `line`.
    """
    try:
        report = json.loads(text)
        findings = [
            resolve_location(item["path"], item["line"], bases) for item in report["findings"]
        ]
        errors = list(report.get("errors", []))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        message = DETECTOR_REPORT_INVALID.format(
            project=project, error=repr(error), head=text[:200]
        )
        raise ToolError(message) from error
    return findings, errors


def parse_ruff_report(text: str, project: str, bases: Sequence[Path]) -> list[Location]:
    """Return the finding locations of a ``ruff check --output-format json`` report.

    Raises:
        ToolError: `text` is not a JSON list of diagnostics with `filename` and `location.row`.
    """
    try:
        return [
            resolve_location(item["filename"], item["location"]["row"], bases)
            for item in json.loads(text)
        ]
    except (ValueError, KeyError, TypeError) as error:
        raise ToolError(RUFF_REPORT_INVALID.format(project=project, error=repr(error))) from error
