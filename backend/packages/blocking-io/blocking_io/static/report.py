"""Reports: turn raw findings into the documented JSON report (``REPORT_SCHEMA`` in ``schema``).

Report: ``tool`` {name, version}; ``roots``; ``counts`` {total, by_priority, by_operation,
by_exposure, by_code, suppressed, production, units}; ``findings`` (production findings first,
then by priority, path, line, column); ``errors`` (files that could not be analysed);
``resolution`` {calls, resolved, unresolved: the loop-reachable call sites that did not resolve};
``scan`` {files, lines, seconds, cache_hits, cache_misses}.

Finding: ``id`` (``finding_key``: path, function, called symbol and occurrence within the
function, never the chain), ``code``, ``rule``, ``path`` (relative to the project root),
``line``, ``column`` (1-based characters), ``function``, ``call`` (the blocking primitive),
``operation``, ``priority``, ``exposure``, ``chain`` (hops {function, path, line} from the shown
entry, the most production-like one, to the blocking call), ``entry_kind`` (that entry's kind),
``production`` (false when only scripts, tests or benchmarks reach it), ``entry_count`` and
``entry_kinds`` (every entry that reaches it), ``entries`` (the first few, each with its
shortest chain), ``unit`` (the fix unit: the first sync call made from the entry, the call to
offload), ``message``, ``reason``, ``hint``, ``snippet``.

Inline suppression (see ``suppress``): ``# blocking-io: ignore[BIO201] reason`` on the reported
line, or on a call line of its chain, drops the finding; dropped findings are counted under
``counts.suppressed``. Unused comments are ``BIO901`` findings and malformed ones are listed under
``warnings`` (see ``audit``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..layout import display_path
from .branches import Branches
from .graph import RawFinding
from .libfacts import LIBRARY_FACTS_BY_NAME
from .primitives import OPERATIONS, PRIMITIVES_BY_NAME, PRIORITIES
from .project import Project
from .resolve import Resolver
from .rules import RULES_BY_CODE, SUPPRESSION, rule_for_exposure
from .suppress import Suppressions

__all__ = ["EXPOSURES", "build_findings", "count_findings", "finding_key"]

EXPOSURES = ("direct", "reachable", "hook", "callback", SUPPRESSION)
LIBRARY_CODE = "BIO501"


class _Sources:
    """Decoded source lines per module, read only for modules with findings."""

    def __init__(self, project: Project, repo_root: Path | None) -> None:
        self._project = project
        self._lines: dict[str, list[str]] = {}
        self._paths: dict[str, str] = {}
        self._root = repo_root
        self.branches = Branches()

    def line(self, module: str, number: int) -> str:
        """Return a source line (1-based) of a module, or an empty string."""
        lines = self._lines.get(module)
        if lines is None:
            data = self._project.modules[module].source
            lines = data.decode("utf-8-sig", errors="replace").splitlines()
            self._lines[module] = lines
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def file(self, module: str) -> Path:
        """Return a module's file."""
        return self._project.modules[module].path

    def shown(self, path: Path) -> str:
        """Return any file's path as reports show it (library files: under site-packages)."""
        return display_path(path, self._root)

    def path(self, module: str) -> str:
        """Return a module's path as reports show it."""
        shown = self._paths.get(module)
        if shown is None:
            shown = display_path(self._project.modules[module].path, self._root)
            self._paths[module] = shown
        return shown


def _short(resolver: Resolver, fn: str) -> str:
    return resolver.functions[fn][1]["q"]


def _library(raw: RawFinding, resolver: Resolver, sources: _Sources) -> dict | None:
    """Return a finding's ``library`` block: the call blocks inside a third-party package."""
    fact = LIBRARY_FACTS_BY_NAME.get(raw.call)
    libraries = resolver.libraries
    if fact is not None:
        installed = libraries.environment if libraries is not None else None
        return {
            "distribution": fact.distribution,
            "version": installed.version_of(fact.distribution) if installed else "",
            "function": raw.call,
            "call": raw.call,
            "when": fact.when,
            "reachable": 1,
            "chain": [],
        }
    effect = _effect(raw, libraries)
    if effect is None:
        return None
    return {
        "distribution": effect.distribution,
        "version": effect.version,
        "function": effect.function,
        "call": effect.call,
        "when": "always" if effect.always else "some-paths",
        "reachable": effect.reachable,
        "chain": [
            {"function": function, "path": sources.shown(Path(path)), "line": line}
            for function, path, line in effect.chain
        ],
    }


def _effect(raw: RawFinding, libraries):
    """Return the library effect a finding shows (through a handed callable when stronger)."""
    if libraries is None:
        return None
    handed = libraries.handed_at.get((raw.function, raw.line, raw.call), ())
    return libraries.at_call(raw.call, handed)


def _finding(raw: RawFinding, resolver: Resolver, sources: _Sources) -> dict:
    module = resolver.functions[raw.function][0]
    library = _library(raw, resolver, sources)
    if library is not None:
        primitive = PRIMITIVES_BY_NAME[library["call"]]
        rule = RULES_BY_CODE[LIBRARY_CODE]
        # As `Effect.priority`: blocking only on some paths inside the library ranks low.
        some_paths = library["when"] == "some-paths"
        priority = PRIORITIES[-1] if some_paths else primitive.priority
        record = resolver.functions[raw.function][1]
        if sources.branches.in_handler(sources.file(module), record["line"], raw.line):
            priority = PRIORITIES[-1]  # a fallback after an error: the library call is rare
        elif not raw.production:
            priority = PRIORITIES[-1]  # only scripts, tests or code nothing calls reach it
    else:
        primitive = PRIMITIVES_BY_NAME[raw.call]
        rule = rule_for_exposure(raw.exposure)
        priority = primitive.priority
    text = sources.line(module, raw.line)
    column = len(text.encode("utf-8")[: raw.column - 1].decode("utf-8", errors="ignore")) + 1
    names = [_short(resolver, fn) for fn, _ in raw.chain]
    function = names[-1]
    fields = {
        "call": raw.call,
        "function": function,
        "entry": raw.call if raw.scheduled else names[0],
        "via": " → ".join(names[1:]) or function,
        "offload": names[1] if len(names) > 1 else function,
        "hint": primitive.hint,
        "twin": raw.twin or "the async hook",
        "primitive": library["call"] if library is not None else raw.call,
        "library": _package(library),
    }
    if library is not None and len(names) == 1:
        fields["offload"] = raw.call
    chain = [
        {"function": name, "path": sources.path(resolver.functions[fn][0]), "line": line}
        for name, (fn, line) in zip(names, raw.chain, strict=True)
    ]
    path = sources.path(module)
    return {
        "code": rule.code,
        "rule": rule.name,
        "path": path,
        "line": raw.line,
        "column": column,
        "function": function,
        "call": raw.call,
        "operation": primitive.operation,
        "priority": priority,
        "exposure": raw.exposure,
        "chain": chain,
        "entry_kind": raw.entry_kind,
        "production": raw.production,
        "entry_count": raw.entry_count,
        "entry_kinds": raw.entry_kinds or {raw.entry_kind: 1},
        "entries": [
            {
                "entry": _short(resolver, entry),
                "kind": kind,
                "chain": _hops(hops, resolver, sources),
            }
            for entry, kind, hops in raw.entries
        ],
        "unit": _unit(chain, raw.call, path, raw.line),
        "message": rule.message.format(**fields),
        "reason": primitive.reason,
        "hint": primitive.hint,
        "snippet": text.strip(),
        **({"library": library} if library is not None else {}),
    }


def _package(library: dict | None) -> str:
    if library is None:
        return ""
    name = library["distribution"] or "a package without metadata"
    return f"{name} {library['version']}".strip()


def _hops(hops: list[tuple[str, int]], resolver: Resolver, sources: _Sources) -> list[dict]:
    return [
        {
            "function": _short(resolver, fn),
            "path": sources.path(resolver.functions[fn][0]),
            "line": line,
        }
        for fn, line in hops
    ]


def _unit(chain: list[dict], call: str, path: str, line: int) -> dict:
    """Return the fix unit: the first sync call made from the entry, the call to offload."""
    if len(chain) > 1:
        first, callee = chain[0], chain[1]["function"]
        where, at, function = first["path"], first["line"], first["function"]
    else:
        where, at, function, callee = path, line, chain[0]["function"], call
    return {
        "id": f"{where}:{at}:{callee}",
        "path": where,
        "line": at,
        "function": function,
        "callee": callee,
    }


def resolution_block(result, resolver: Resolver, project: Project, repo_root: Path | None) -> dict:
    """Return how many loop-reachable call sites resolved, with the unresolved sites."""
    sources = _Sources(project, repo_root)
    unresolved = [
        {
            "path": sources.path(resolver.functions[fn][0]),
            "line": line,
            "column": column,
            "function": _short(resolver, fn),
        }
        for fn, line, column in result.unresolved
    ]
    return {
        "calls": result.calls,
        "resolved": result.resolved,
        "functions": result.functions,
        "contexts": result.contexts,
        "unresolved": unresolved,
    }


def finding_key(path: str, function: str, call: str, occurrence: int) -> str:
    """Return a finding's id: a fingerprint of where it is and what it calls, never of its chain.

    `occurrence` counts calls of the same symbol in the same function in source order (1-based),
    so the id survives unrelated line moves, and a new caller or entry changes no id.
    """
    key = f"{path}|{function}|{call}|{occurrence}"
    # A path that is not UTF-8 (a surrogate-escaped byte) keys by its original bytes.
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def build_findings(
    raws: list[RawFinding],
    resolver: Resolver,
    project: Project,
    repo_root: Path | None,
    suppressions: Suppressions,
    select: frozenset[str] | None = None,
) -> tuple[list[dict], int]:
    """Return (findings, count suppressed on their line): deduplicated, fingerprinted, sorted."""
    sources = _Sources(project, repo_root)
    seen: set[tuple[str, int, int, str]] = set()
    findings: list[dict] = []
    suppressed = 0
    for raw in raws:
        key = (raw.function, raw.line, raw.column, raw.call)
        if key in seen:
            continue
        seen.add(key)
        finding = _finding(raw, resolver, sources)
        if select is not None and finding["code"] not in select:
            continue
        module = resolver.functions[raw.function][0]
        if suppressions.covers(module, raw.line, finding["code"]):
            suppressed += 1
            continue
        findings.append(finding)
    findings.sort(key=lambda f: (f["path"], f["function"], f["call"], f["line"], f["column"]))
    occurrences: dict[tuple[str, str, str], int] = {}
    for finding in findings:
        site = (finding["path"], finding["function"], finding["call"])
        occurrences[site] = occurrences.get(site, 0) + 1
        finding["id"] = finding_key(*site, occurrences[site])
    rank = {priority: index for index, priority in enumerate(PRIORITIES)}
    findings.sort(
        key=lambda f: (
            not f["production"],
            rank[f["priority"]],
            f["path"],
            f["line"],
            f["column"],
            f["call"],
        )
    )
    return [{"id": f.pop("id"), **f} for f in findings], suppressed


def count_findings(findings: list[dict], suppressed: int) -> dict:
    """Return the report's counts block."""
    from .rules import RULES

    counts: dict = {
        "total": len(findings),
        "by_priority": dict.fromkeys(PRIORITIES, 0),
        "by_operation": dict.fromkeys((*OPERATIONS, SUPPRESSION), 0),
        "by_exposure": dict.fromkeys(EXPOSURES, 0),
        "by_code": {rule.code: 0 for rule in RULES},
        "suppressed": suppressed,
        "production": sum(1 for finding in findings if finding["production"]),
        "units": len({finding["unit"]["id"] for finding in findings}),
    }
    for finding in findings:
        counts["by_priority"][finding["priority"]] += 1
        counts["by_operation"][finding["operation"]] += 1
        counts["by_exposure"][finding["exposure"]] += 1
        counts["by_code"][finding["code"]] += 1
    return counts
