"""Line shifts: a file whose summary changed only because its lines moved, and a report moved too.

Adding or removing a comment, a blank line or a docstring line moves every line below it, so the
file's summary changes although nothing the analysis decides on did. The analysis compares line
numbers only within one file (a local name's binding before a use, a stored future settled
before its ``result()``), and only between lines the summary holds, so a strictly increasing
renumbering of those lines, with nothing new in between, leaves every decision as it was: the
stored report, its lines renumbered, is the answer. ``line_map`` finds that renumbering (or
None), ``shifted_digest`` checks the text the report reads (marker and finding lines) under it,
and ``shift_report`` renumbers a stored report's lines in one file.

``summary_lines`` names every place a summary holds a line; a test summarises every analyser
fixture with lines inserted and fails if any other part of the summary moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

__all__ = ["line_map", "shift_report", "summary_lines"]


def summary_lines(summary: dict[str, Any]) -> tuple[object, list[int]]:
    """Return a summary without its line numbers, and those line numbers in a fixed order."""
    lines: list[int] = []

    def bound(table: dict[str, list[tuple[int, Any]]]) -> dict[str, list[Any]]:
        kept = {}
        for name, entries in table.items():
            kept[name] = [binding for _, binding in entries]
            lines.extend(line for line, _ in entries)
        return kept

    def positioned(entries: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        kept = []
        for entry in entries:
            lines.append(entry[0])
            kept.append(entry[1:])
        return kept

    functions = {}
    for qualname, record in summary["functions"].items():
        lines.append(record["line"])
        rest = {
            key: record[key] for key in record if key not in ("line", "bindings", "calls", "reads")
        }
        calls, reads = positioned(record["calls"]), positioned(record["reads"])
        functions[qualname] = (rest, bound(record["bindings"]), calls, reads)
    classes = {}
    for qualname, cls in summary["classes"].items():
        lines.append(cls["line"])
        classes[qualname] = {key: value for key, value in cls.items() if key != "line"}
    index = dict(summary["index"])
    index["built"] = {name: positioned(entries) for name, entries in index["built"].items()}
    module = {
        key: value
        for key, value in summary.items()
        if key not in ("bindings", "functions", "classes", "index")
    }
    return (module, bound(summary["bindings"]), functions, classes, index), lines


def line_map(before: dict[str, Any], after: dict[str, Any]) -> dict[int, int] | None:
    """Return how a file's summary lines moved from ``before`` to ``after`` (old line to new), or
    None if anything else changed or the lines did not keep their order."""
    shape_before, old = summary_lines(before)
    shape_after, new = summary_lines(after)
    if len(old) != len(new) or shape_before != shape_after:
        return None
    moved: dict[int, int] = {}
    for line, to in zip(old, new, strict=True):
        if moved.setdefault(line, to) != to:
            return None
    ordered = [moved[line] for line in sorted(moved)]
    if any(later <= earlier for earlier, later in pairwise(ordered)):
        return None
    return moved


def shift_report(report: dict[str, Any], path: str, moved: dict[int, int]) -> bool:
    """Renumber, in place, every line of ``path`` in a report (findings, their chains and entries,
    fix units, unresolved calls, warnings); return False, leaving it unchanged, if a line of that
    file is not one the summary holds."""
    changes: list[tuple[dict[str, Any], str, object]] = []

    def visit(value: object) -> bool:
        if isinstance(value, list):
            return all(visit(item) for item in value)
        if not isinstance(value, dict):
            return True
        if value.get("path") == path and type(value.get("line")) is int:
            if value["line"] not in moved:
                return False
            changes.append((value, "line", moved[value["line"]]))
        unit = value.get("id")
        if isinstance(unit, str) and unit.startswith(f"{path}:"):
            number, colon, rest = unit[len(path) + 1 :].partition(":")
            if colon and number.isdigit():
                if int(number) not in moved:
                    return False
                changes.append((value, "id", f"{path}:{moved[int(number)]}:{rest}"))
        return all(visit(item) for key, item in value.items() if key not in ("library", "scan"))

    if not visit(report):
        return False
    for owner, key, value in changes:
        owner[key] = value
    return True
