"""Suppression audit: apply file comments, then report unused and malformed suppression comments.

A line comment is used when it dropped a finding on its line, or when the call on its line
leads, in the scan without suppressions, to a finding of one of its codes. A file comment is
used when it dropped a finding in its file. Every comment code that the scan selects and that
nothing used becomes one ``BIO901`` finding per comment; a bare ``ignore`` is unused only when it
suppressed nothing at all.
"""

from __future__ import annotations

from pathlib import Path

from ..layout import display_path
from .graph import RawFinding
from .primitives import PRIORITIES
from .project import Project
from .report import finding_key
from .resolve import Resolver
from .rules import RULES_BY_CODE, SUPPRESSION, rule_for_exposure
from .suppress import Comment, Suppressions

__all__ = ["audit_suppressions"]

_UNUSED = "BIO901"


def _reaching(resolver: Resolver, full: list[RawFinding]) -> dict[str, set[str]]:
    """Return, per function on some chain, the codes of the findings that it leads to."""
    reaching: dict[str, set[str]] = {}
    for raw in full:
        code = rule_for_exposure(raw.exposure).code
        for fn, _line in raw.chain:
            reaching.setdefault(fn, set()).add(code)
    return reaching


def _call_targets(resolver: Resolver, module: str, line: int) -> list[str]:
    """Return the resolved targets of the calls written on a line of a module."""
    targets = []
    for fn, (owner, record) in resolver.functions.items():
        if owner != module:
            continue
        for call_line, _column, func, *_rest in record["calls"]:
            if call_line == line:
                value = resolver.eval(func, module, fn, line)
                if value is not None and value[0] == "q":
                    targets.append(value[1])
    return targets


def _used_codes(
    suppressions: Suppressions, resolver: Resolver, kept: list[RawFinding], full: list
) -> dict[tuple[str, int], set[str]]:
    """Return the codes each line comment (module, line) actually suppressed.

    A comment on a call line is used for a code when the call leads, in the scan without
    suppressions, to a finding of that code (even when another path still reports it).
    """
    used: dict[tuple[str, int], set[str]] = {}
    for raw in kept:
        code = rule_for_exposure(raw.exposure).code
        module = resolver.functions[raw.function][0]
        if suppressions.covers(module, raw.line, code):
            used.setdefault((module, raw.line), set()).add(code)
    reaching = _reaching(resolver, full)
    for comment in suppressions.comments:
        if comment.whole_file:
            continue
        for target in _call_targets(resolver, comment.module, comment.line):
            codes = reaching.get(target, set())
            if comment.codes != frozenset({"*"}):
                codes = codes & comment.codes
            used.setdefault((comment.module, comment.line), set()).update(codes)
    return {key: codes for key, codes in used.items() if codes}


def _unused_finding(comment: Comment, codes: list[str], path: str, snippet: str) -> dict:
    rule = RULES_BY_CODE[_UNUSED]
    shown = ", ".join(codes) if codes != ["*"] else "every code"
    return {
        "code": rule.code,
        "rule": rule.name,
        "path": path,
        "line": comment.line,
        "column": comment.column,
        "function": "",
        "call": comment.text,
        "operation": SUPPRESSION,
        "priority": "low",
        "exposure": SUPPRESSION,
        "chain": [{"function": "", "path": path, "line": comment.line}],
        # A stale comment is reached from no entry; it is fixed where it is written.
        "entry_kind": None,
        "production": True,
        "entry_count": 0,
        "entry_kinds": {},
        "entries": [],
        "unit": {
            "id": f"{path}:{comment.line}:suppression",
            "path": path,
            "line": comment.line,
            "function": "",
            "callee": "suppression comment",
        },
        "message": rule.message.format(codes=shown),
        "reason": rule.why,
        "hint": "delete the comment",
        "snippet": snippet.strip(),
    }


def audit_suppressions(
    suppressions: Suppressions,
    resolver: Resolver,
    project: Project,
    repo_root: Path | None,
    findings: list[dict],
    kept: list[RawFinding],
    full: list[RawFinding],
    select: frozenset[str] | None,
) -> tuple[list[dict], int, list[dict]]:
    """Return (findings left, how many file comments dropped, warnings), BIO901 findings included.

    Args:
        findings: the report findings after line comments were applied.
        kept: raw findings of the scan with suppressions (line comments cut chains).
        full: raw findings of the scan without suppressions.
    """
    paths = {m: display_path(f.path, repo_root) for m, f in project.modules.items()}
    by_path = {path: module for module, path in paths.items()}
    used = _used_codes(suppressions, resolver, kept, full)
    left: list[dict] = []
    dropped = 0
    for finding in findings:
        module = by_path.get(finding["path"])
        if module is not None and suppressions.covers_file(module, finding["code"]):
            used.setdefault((module, -1), set()).add(finding["code"])
            dropped += 1
            continue
        left.append(finding)
    occurrences: dict[str, int] = {}
    for comment in suppressions.comments:
        line_key = (comment.module, -1 if comment.whole_file else comment.line)
        done = used.get(line_key, set())
        if comment.codes == frozenset({"*"}):
            unused = [] if done else ["*"]
        else:
            unused = sorted(c for c in comment.codes - done if select is None or c in select)
        if not unused or (select is not None and _UNUSED not in select):
            continue
        path = paths[comment.module]
        source = project.modules[comment.module].source.decode("utf-8-sig", errors="replace")
        lines = source.splitlines()
        snippet = lines[comment.line - 1] if comment.line <= len(lines) else ""
        finding = _unused_finding(comment, unused, path, snippet)
        occurrences[path] = occurrences.get(path, 0) + 1
        finding = {"id": finding_key(path, "", comment.text, occurrences[path]), **finding}
        left.append(finding)
    rank = {priority: index for index, priority in enumerate(PRIORITIES)}
    left.sort(key=lambda f: (rank[f["priority"]], f["path"], f["line"], f["column"], f["call"]))
    warnings = [
        {"path": paths[w.module], "line": w.line, "message": w.message}
        for w in suppressions.warnings
    ]
    return left, dropped, warnings
