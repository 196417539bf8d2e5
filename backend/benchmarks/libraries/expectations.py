"""Expectations of the library benchmark: read ``expectations.toml``, check a report against it.

An app meets its expectations when every expected library call is reported as ``BIO501`` with the
expected distribution, blocking call, ``when`` and entry, no other finding is reported in it, and
its offloaded twin has no finding at all. Findings are matched by the project file and function
that call the library and the name they call, so the expectations survive edits that move lines.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = [
    "APPS_DIR",
    "EXPECTATIONS_FILE",
    "FOUND",
    "GAP_CLOSED",
    "KNOWN_GAP",
    "LIBRARY_CODE",
    "MISMATCH",
    "MISSED",
    "AppResult",
    "BenchApp",
    "Expectation",
    "ExpectationsError",
    "Outcome",
    "app_path",
    "check_app",
    "check_report",
    "entries_of",
    "load_expectations",
]

EXPECTATIONS_FILE = Path(__file__).with_name("expectations.toml")
APPS_DIR = Path(__file__).with_name("apps")
LIBRARY_CODE = "BIO501"
WHEN = ("always", "some-paths", "first-use")

# Outcomes of one expectation; only FOUND and KNOWN_GAP pass.
FOUND = "found"
MISMATCH = "reported differently"
MISSED = "MISSED"
KNOWN_GAP = "known gap"
GAP_CLOSED = "gap closed"
PASSING = (FOUND, KNOWN_GAP)

_APP_FIELDS = ("name", "twin", "about", "expect")
_REQUIRED = ("path", "function", "call", "library", "blocks_on", "when")
_OPTIONAL = ("entry", "known_gap")


class ExpectationsError(ValueError):
    """The expectations file is malformed."""


@dataclass(frozen=True)
class Expectation:
    """One library call an app makes on the loop, and what the detector must say about it."""

    path: str  # relative to apps/
    function: str  # the project function that calls the library
    call: str  # the library name called, as the finding's `call` spells it
    library: str  # the distribution that blocks
    blocks_on: str  # the blocking call inside the library (primitive or library fact)
    when: str  # always | some-paths | first-use
    entry: str | None = None  # `path:function` of an async function starting a project chain
    known_gap: str | None = None  # why the detector does not meet this expectation yet

    @property
    def label(self) -> str:
        """Return how the output names the expectation."""
        return f"{self.path} {self.function}: {self.call} blocks on {self.blocks_on}"


@dataclass(frozen=True)
class BenchApp:
    """A benchmark app (a package under apps/), its offloaded twin and its expectations."""

    name: str
    twin: str
    about: str
    expectations: tuple[Expectation, ...]


@dataclass(frozen=True)
class Outcome:
    """What the report says about one expectation."""

    expectation: Expectation
    status: str  # FOUND, MISMATCH, MISSED, KNOWN_GAP or GAP_CLOSED
    finding: dict[str, Any] | None = None  # the matching (or nearest) finding
    differences: tuple[str, ...] = ()  # `field: reported X, expected Y`

    @property
    def passed(self) -> bool:
        """Tell whether this outcome keeps the benchmark green."""
        return self.status in PASSING


@dataclass(frozen=True)
class AppResult:
    """The findings of one app and its twin, checked against the app's expectations."""

    app: BenchApp
    findings: list[dict[str, Any]]  # every finding in the app's files
    outcomes: list[Outcome]
    unexpected: list[dict[str, Any]]  # findings in the app that no expectation accounts for
    twin_findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Tell whether every expectation passed, nothing else was reported, the twin is clean."""
        return (
            all(outcome.passed for outcome in self.outcomes)
            and not self.unexpected
            and not self.twin_findings
        )


def load_expectations(path: Path = EXPECTATIONS_FILE) -> list[BenchApp]:
    """Read the apps and their expectations from a TOML file of ``[[app]]`` tables."""
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("app", [])
    except tomllib.TOMLDecodeError as exc:
        raise ExpectationsError(f"{path} is not valid TOML ({exc}); fix the syntax.") from exc
    apps = [_app(path, index, entry) for index, entry in enumerate(entries, start=1)]
    names = [name for app in apps for name in (app.name, app.twin)]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ExpectationsError(
            f"{path} names the package(s) {', '.join(duplicates)} more than once; "
            "give each app and twin its own package."
        )
    return apps


def _app(path: Path, index: int, entry: dict[str, Any]) -> BenchApp:
    where = f"{path}, app #{index} ({entry.get('name', 'unnamed')})"
    missing = [name for name in _APP_FIELDS if not entry.get(name)]
    unknown = sorted(set(entry) - set(_APP_FIELDS))
    if missing or unknown:
        raise ExpectationsError(
            f"{where} has missing fields {missing} and unknown fields {unknown}; "
            f"expected exactly: {', '.join(_APP_FIELDS)}."
        )
    expectations = tuple(
        _expectation(f"{where}, expectation #{number}", item)
        for number, item in enumerate(entry["expect"], start=1)
    )
    return BenchApp(entry["name"], entry["twin"], entry["about"], expectations)


def _expectation(where: str, item: dict[str, Any]) -> Expectation:
    missing = [name for name in _REQUIRED if not item.get(name)]
    unknown = sorted(set(item) - set(_REQUIRED) - set(_OPTIONAL))
    if missing or unknown:
        raise ExpectationsError(
            f"{where} has missing fields {missing} and unknown fields {unknown}; expected "
            f"{', '.join(_REQUIRED)} and optionally {', '.join(_OPTIONAL)}."
        )
    if item["when"] not in WHEN:
        raise ExpectationsError(
            f"{where} has when = {item['when']!r}; expected one of: {', '.join(WHEN)}."
        )
    if "entry" in item and ":" not in item["entry"]:
        raise ExpectationsError(f"{where} has entry = {item['entry']!r}; expected `path:function`.")
    return Expectation(**item)


def app_path(path: str, roots: list[str]) -> str:
    """Return a report path relative to the scanned apps directory (the report's only root)."""
    for root in roots:
        if root in ("", "."):
            return path
        if PurePosixPath(path).is_relative_to(root):
            return str(PurePosixPath(path).relative_to(root))
    return path


def check_report(report: dict[str, Any], apps: list[BenchApp]) -> list[AppResult]:
    """Check a report of a scan of the apps directory against every app's expectations."""
    findings = [_relocated(finding, report["roots"]) for finding in report["findings"]]
    return [check_app(app, findings) for app in apps]


def _relocated(finding: dict[str, Any], roots: list[str]) -> dict[str, Any]:
    """Return a finding whose project paths (its own and its chains') are relative to apps/."""

    def chain(hops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**hop, "path": app_path(hop["path"], roots)} for hop in hops]

    return {
        **finding,
        "path": app_path(finding["path"], roots),
        "chain": chain(finding.get("chain") or []),
        "entries": [
            {**entry, "chain": chain(entry["chain"])} for entry in finding.get("entries") or []
        ],
    }


def check_app(app: BenchApp, findings: list[dict[str, Any]]) -> AppResult:
    """Check one app's findings (project paths relative to apps/) against its expectations."""
    mine = [finding for finding in findings if _package(finding["path"]) == app.name]
    twin = [finding for finding in findings if _package(finding["path"]) == app.twin]
    outcomes = [_outcome(expectation, mine) for expectation in app.expectations]
    accounted = {id(finding) for finding in mine if _claimed(finding, app.expectations)}
    unexpected = [finding for finding in mine if id(finding) not in accounted]
    return AppResult(app, mine, outcomes, unexpected, twin)


def _package(path: str) -> str:
    return PurePosixPath(path).parts[0]


def _claimed(finding: dict[str, Any], expectations: tuple[Expectation, ...]) -> bool:
    return any(_same_site(finding, expectation) for expectation in expectations)


def _same_site(finding: dict[str, Any], expectation: Expectation) -> bool:
    """Tell whether a finding is about the expectation's call (whatever it says about it)."""
    return (
        finding["path"] == expectation.path
        and finding["function"] == expectation.function
        and finding["call"] == expectation.call
    )


def _outcome(expectation: Expectation, findings: list[dict[str, Any]]) -> Outcome:
    candidates = [finding for finding in findings if _same_site(finding, expectation)]
    best: tuple[dict[str, Any], tuple[str, ...]] | None = None
    for finding in candidates:
        differences = _differences(finding, expectation)
        if best is None or len(differences) < len(best[1]):
            best = (finding, differences)
    if best is None:
        return Outcome(expectation, KNOWN_GAP if expectation.known_gap else MISSED)
    finding, differences = best
    if expectation.known_gap:
        status = GAP_CLOSED if not differences else KNOWN_GAP
    else:
        status = FOUND if not differences else MISMATCH
    return Outcome(expectation, status, finding, differences)


def _differences(finding: dict[str, Any], expectation: Expectation) -> tuple[str, ...]:
    library = finding.get("library") or {}
    reported = {
        "code": finding["code"],
        "library": library.get("distribution"),
        "blocks_on": library.get("call"),
        "when": library.get("when"),
    }
    wanted = {
        "code": LIBRARY_CODE,
        "library": expectation.library,
        "blocks_on": expectation.blocks_on,
        "when": expectation.when,
    }
    differences = [
        f"{name}: reported {reported[name]}, expected {wanted[name]}"
        for name in wanted
        if reported[name] != wanted[name]
    ]
    if expectation.entry is not None:
        starts = entries_of(finding)
        if expectation.entry not in starts:
            shown = ", ".join(sorted(starts)) or "none"
            differences.append(f"entry: reported {shown}, expected {expectation.entry}")
    return tuple(differences)


def entries_of(finding: dict[str, Any]) -> set[str]:
    """Return `path:function` of the first hop of each project chain of a finding."""
    chains = [entry["chain"] for entry in finding.get("entries") or []] or [finding["chain"]]
    return {f"{chain[0]['path']}:{chain[0]['function']}" for chain in chains if chain}
