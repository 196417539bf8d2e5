"""Baselines: the findings a project has accepted, so that only new ones fail a run.

A baseline is a JSON file ``{"version": 1, "tool": "blocking-io", "findings": [...]}``; each item
holds a finding's ``id`` (see ``report.finding_key``), its ``code``, ``path``, ``function``,
``call`` and ``message`` for people reading the file, and, when the report lists the loop entries
reaching the finding, their names under ``entries``. A finding is known when its id is in the
baseline and, if both sides list entries, every entry that reaches it now was listed: a new
entry reaching an old blocking call is new. Items matching nothing are fixed; rewrite the file
with ``--write-baseline`` to drop them, so the baseline only ever shrinks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .messages import BASELINE_INVALID, BASELINE_MISSING, CANNOT_WRITE

__all__ = [
    "BASELINE_VERSION",
    "BaselineError",
    "Comparison",
    "baseline_items",
    "compare",
    "entry_names",
    "read_baseline",
    "write_baseline",
]

BASELINE_VERSION = 1
_TOOL = "blocking-io"
_ITEM_KEYS = ("id", "code", "path", "function", "call", "message")


class BaselineError(ValueError):
    """A baseline file is missing, not JSON, of another version or of the wrong shape."""


def entry_names(finding: dict) -> list[str] | None:
    """Return the names of the loop entries reaching a finding, or None when not reported."""
    entries = finding.get("entries")
    if entries is None:
        return None
    return sorted({entry["entry"] for entry in entries})


def baseline_items(findings: list[dict]) -> list[dict]:
    """Return the baseline items for findings, sorted by path and id."""
    items = []
    for finding in findings:
        item = {key: finding[key] for key in _ITEM_KEYS}
        names = entry_names(finding)
        if names is not None:
            item["entries"] = names
        items.append(item)
    return sorted(items, key=lambda item: (item["path"], item["id"]))


def write_baseline(path: Path, findings: list[dict]) -> None:
    """Write a baseline holding every given finding.

    Raises:
        BaselineError: the file cannot be written.
    """
    data = {"version": BASELINE_VERSION, "tool": _TOOL, "findings": baseline_items(findings)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        problem = error.strerror or str(error)
        raise BaselineError(
            CANNOT_WRITE.format(what="baseline", path=path, problem=problem)
        ) from None


def _bad(path: Path, problem: str) -> BaselineError:
    return BaselineError(
        BASELINE_INVALID.format(path=path, problem=problem, version=BASELINE_VERSION)
    )


def read_baseline(path: Path) -> list[dict]:
    """Return the items of a baseline file.

    Raises:
        BaselineError: the file cannot be read, is not JSON, or has another version or shape.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(BASELINE_MISSING.format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise _bad(path, f"cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise _bad(path, f"not JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(data, dict) or data.get("tool") != _TOOL:
        raise _bad(path, f"not a {_TOOL} baseline")
    if data.get("version") != BASELINE_VERSION:
        raise _bad(path, f"version {data.get('version')!r} is not supported")
    items = data.get("findings")
    if not isinstance(items, list):
        raise _bad(path, "`findings` is not a list")
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise _bad(path, f"item {index} of `findings` has no string `id`")
        entries = item.get("entries")
        if entries is not None and not (
            isinstance(entries, list) and all(isinstance(name, str) for name in entries)
        ):
            raise _bad(path, f"`entries` of item {index} is not a list of names")
    return items


@dataclass(frozen=True)
class Comparison:
    """Findings split against a baseline: new ones count, known ones do not, fixed are gone."""

    new: list[dict]
    known: list[dict]
    fixed: list[dict]


def compare(findings: list[dict], items: list[dict]) -> Comparison:
    """Split findings into new and known against baseline items, and list the fixed items."""
    by_id = {item["id"]: item for item in items}
    new: list[dict] = []
    known: list[dict] = []
    matched: set[str] = set()
    for finding in findings:
        item = by_id.get(finding["id"])
        if item is None:
            new.append(finding)
            continue
        matched.add(finding["id"])
        names, accepted = entry_names(finding), item.get("entries")
        if names is not None and accepted is not None and set(names) - set(accepted):
            new.append(finding)
        else:
            known.append(finding)
    fixed = [item for item in items if item["id"] not in matched]
    return Comparison(new=new, known=known, fixed=fixed)
