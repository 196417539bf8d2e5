"""Committed verdicts on findings in the pinned applications, and the blocking calls they miss.

A labels file (``labels/<app>.toml``) holds ``[[finding]]`` entries keyed by ``path`` + ``line`` +
``call`` (pinned code never moves, so the key survives changes to the chain the detector shows),
each with a ``label`` (TRUE, FALSE or UNSURE) and one line of ``evidence``; and ``[[missed]]``
entries, blocking calls on a loop path that the detector does not report, with the same key and
evidence. The rules for choosing a label are in ``LABELLING.md``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "LABELS_DIR",
    "LABEL_VALUES",
    "AppLabels",
    "FindingKey",
    "Label",
    "LabelError",
    "Missed",
    "finding_key",
    "labels_path",
    "read_labels",
]

LABELS_DIR = Path(__file__).with_name("labels")
LABEL_VALUES = ("TRUE", "FALSE", "UNSURE")
_KEY_FIELDS = ("path", "line", "call")
_FINDING_FIELDS = (*_KEY_FIELDS, "label", "evidence")
_MISSED_FIELDS = (*_KEY_FIELDS, "evidence")


class LabelError(ValueError):
    """A labels file is malformed: a bad value, a missing field or a duplicate key."""


class FindingKey(NamedTuple):
    """What identifies a finding across detector versions: file, line and blocking call."""

    path: str
    line: int
    call: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.call}"


@dataclass(frozen=True)
class Label:
    """A verdict on one finding key."""

    key: FindingKey
    label: str
    evidence: str


@dataclass(frozen=True)
class Missed:
    """A blocking call that runs on the loop in the app but is not reported (a missed alarm)."""

    key: FindingKey
    evidence: str


@dataclass(frozen=True)
class AppLabels:
    """All labels of one application."""

    findings: dict[FindingKey, Label]
    missed: tuple[Missed, ...]


def finding_key(finding: dict[str, Any]) -> FindingKey:
    """Return the key of a finding from a detector report."""
    return FindingKey(str(finding["path"]), int(finding["line"]), str(finding["call"]))


def labels_path(app: str, labels_dir: Path = LABELS_DIR) -> Path:
    """Return the labels file of an application."""
    return labels_dir / f"{app}.toml"


def _check_fields(entry: dict[str, Any], fields: tuple[str, ...], where: str) -> None:
    missing = [name for name in fields if entry.get(name) in (None, "")]
    unknown = sorted(set(entry) - set(fields))
    if missing or unknown:
        raise LabelError(
            f"{where} has missing or empty fields {missing} and unknown fields {unknown}; "
            f"expected exactly: {', '.join(fields)}."
        )
    if not isinstance(entry["line"], int) or entry["line"] < 1:
        raise LabelError(f"{where}: line must be a positive integer, got {entry['line']!r}.")
    if "\n" in str(entry["evidence"]):
        raise LabelError(f"{where}: evidence must be one line; shorten it.")


def _key(entry: dict[str, Any]) -> FindingKey:
    return FindingKey(str(entry["path"]), entry["line"], str(entry["call"]))


def _where(path: Path, table: str, index: int, entry: dict[str, Any]) -> str:
    key = ":".join(str(entry.get(name, "?")) for name in ("path", "line"))
    return f"{path}, {table} #{index} ({key} {entry.get('call', '?')})"


def read_labels(path: Path) -> AppLabels:
    """Read one labels file; a missing file means nothing is labelled yet."""
    if not path.is_file():
        return AppLabels({}, ())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LabelError(f"{path} is not valid TOML ({exc}); fix the syntax.") from exc
    findings: dict[FindingKey, Label] = {}
    for index, entry in enumerate(data.get("finding", []), start=1):
        where = _where(path, "finding", index, entry)
        _check_fields(entry, _FINDING_FIELDS, where)
        if entry["label"] not in LABEL_VALUES:
            raise LabelError(
                f"{where} has label {entry['label']!r}; expected one of: {', '.join(LABEL_VALUES)}."
            )
        key = _key(entry)
        if key in findings:
            raise LabelError(f"{where} repeats the key `{key}`; keep one entry per key.")
        findings[key] = Label(key, entry["label"], entry["evidence"])
    missed: list[Missed] = []
    for index, entry in enumerate(data.get("missed", []), start=1):
        where = _where(path, "missed", index, entry)
        _check_fields(entry, _MISSED_FIELDS, where)
        if any(item.key == _key(entry) for item in missed):
            raise LabelError(f"{where} repeats the key `{_key(entry)}`; keep one entry per key.")
        missed.append(Missed(_key(entry), entry["evidence"]))
    return AppLabels(findings, tuple(missed))
