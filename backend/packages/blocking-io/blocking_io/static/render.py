"""Rendering: the report as JSON, ``path:line:col: CODE message`` text or SARIF, and a summary."""

from __future__ import annotations

import json
from collections import Counter

from .rules import RULES

__all__ = ["FORMATS", "render", "render_summary"]

FORMATS = ("json", "sarif", "text")
_SHOWN_ERRORS = 10
_SARIF_LEVELS = {"high": "error", "medium": "warning", "low": "note"}


def _text(report: dict) -> str:
    lines = [
        f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
        for f in report["findings"]
    ]
    lines += [f"{e['path']}:{e['line'] or 1}:1: ERROR file {e['reason']}" for e in report["errors"]]
    return "\n".join(lines) + ("\n" if lines else "")


def _sarif(report: dict) -> str:
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": f"{rule.what} {rule.why}"},
            "help": {"text": f"Instead:\n{rule.instead}"},
        }
        for rule in RULES
    ]
    results = [
        {
            "ruleId": f["code"],
            "level": _SARIF_LEVELS[f["priority"]],
            "message": {"text": f["message"]},
            "partialFingerprints": {"blockingIo/v1": f["id"]},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f["path"]},
                        "region": {"startLine": f["line"], "startColumn": f["column"]},
                    }
                }
            ],
        }
        for f in report["findings"]
    ]
    tool = {"driver": {"name": report["tool"]["name"], "version": report["tool"]["version"]}}
    tool["driver"]["rules"] = rules
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": tool, "results": results}],
    }
    return json.dumps(sarif, indent=2) + "\n"


def render(report: dict, fmt: str) -> str:
    """Return the report rendered in one of ``FORMATS``."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return _sarif(report)
    return _text(report)


def _line(title: str, counts: dict) -> str:
    parts = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
    return f"  {title}: {parts or 'none'}"


def render_summary(report: dict, written_to: str | None) -> str:
    """Return the human summary: counts by priority, operation and exposure, top files, time."""
    counts = report["counts"]
    scan = report["scan"]
    out = [
        f"Blocking IO on the event loop: {counts['total']} finding(s) in {scan['files']} file(s), "
        f"{scan['lines']} lines, {scan['seconds']:.2f} s "
        f"(cache: {scan['cache_hits']} hit(s), {scan['cache_misses']} miss(es))",
        _line("by priority", counts["by_priority"]),
        _line("by operation", counts["by_operation"]),
        _line("by exposure", counts["by_exposure"]),
        _line("by code", counts["by_code"]),
    ]
    if counts["suppressed"]:
        out.append(f"  suppressed inline: {counts['suppressed']}")
    top = Counter(f["path"] for f in report["findings"]).most_common(5)
    if top:
        out.append("  top files:")
        out += [f"    {count:4d}  {path}" for path, count in top]
    for error in report["errors"][:_SHOWN_ERRORS]:
        where = f"{error['path']}:{error['line']}" if error["line"] else error["path"]
        out.append(f"  error: {where}: {error['reason']}")
    hidden = len(report["errors"]) - _SHOWN_ERRORS
    if hidden > 0:
        out.append(f"  ... and {hidden} more error(s), listed in the report")
    if written_to:
        out.append(f"Report written to {written_to}")
    return "\n".join(out) + "\n"
