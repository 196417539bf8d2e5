"""Fixture annotations: read ``# enable:`` headers and ``# expect: CODE key=value`` markers.

A fixture is a file or a directory named ``bioNNN_<topic>``; the prefix selects rule BIONNN and a
``# enable: BIO101, BIO201`` header line (in any of its files) widens the selection. A line that
must produce a finding ends with ``# expect: CODE`` plus optional ``key=value`` pairs; repeat the
marker for several findings on one line. Keys: ``callee`` (resolved call), ``col`` (1-based
column), ``via`` (the chain's functions after the loop entry, joined with ``>``), and any
finding field given by name (``priority``, ``operation``, ``exposure``, ``function``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Expectation", "actual_fields", "enabled_codes", "fixture_files", "parse_expectations"]

_PREFIX = re.compile(r"^bio(\d{3})_")
_ENABLE = re.compile(r"^#\s*enable:\s*(.+)$", re.MULTILINE)
_EXPECT = re.compile(r"#\s*expect:\s*(BIO\d{3})((?:\s+[a-z_]+=[^\s#]+)*)")
_KEYS = {"callee": "call", "col": "column"}


@dataclass(frozen=True)
class Expectation:
    """One expected finding: where, which code, and the fields it must carry."""

    path: str
    line: int
    code: str
    fields: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def key(self) -> str:
        return f"{self.path}:{self.line}: {self.code}"


def fixture_files(fixture: Path) -> list[Path]:
    """Return a fixture's Python files (the file itself, or every file under the directory)."""
    return [fixture] if fixture.is_file() else sorted(fixture.rglob("*.py"))


def _relative(path: Path, fixture: Path) -> str:
    return path.name if fixture.is_file() else path.relative_to(fixture).as_posix()


def enabled_codes(fixture: Path) -> frozenset[str]:
    """Return the codes a fixture checks: its name prefix plus ``# enable:`` headers."""
    match = _PREFIX.match(fixture.name)
    if match is None:
        raise ValueError(f"Fixture name {fixture.name!r} does not start with bioNNN_.")
    codes = {f"BIO{match.group(1)}"}
    for path in fixture_files(fixture):
        for header in _ENABLE.findall(path.read_text(encoding="utf-8")):
            codes.update(code.strip() for code in header.split(",") if code.strip())
    return frozenset(codes)


def parse_expectations(fixture: Path) -> list[Expectation]:
    """Return every ``# expect:`` marker of a fixture, in file and line order."""
    found = []
    for path in fixture_files(fixture):
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for code, pairs in _EXPECT.findall(line):
                fields = dict(pair.split("=", 1) for pair in pairs.split())
                found.append(Expectation(_relative(path, fixture), number, code, fields))
    return found


def actual_fields(finding: dict, names: list[str]) -> dict[str, str]:
    """Return the named fields of a finding as annotation strings."""
    values = {}
    for name in names:
        if name == "via":
            values[name] = ">".join(hop["function"] for hop in finding["chain"][1:])
        else:
            values[name] = str(finding[_KEYS.get(name, name)])
    return values
