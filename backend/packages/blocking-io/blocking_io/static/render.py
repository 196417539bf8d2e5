"""Rendering: the report as JSON, text grouped by file, GitHub commands or SARIF; the summary.

Text lists findings by file, then line and column, each line ``  line:col  CODE  message`` under
the file's path, coloured when a `Palette` is on (priority colours the code). Concise text is
one ``path:line:col: CODE message`` line per finding, for editors. The summary counts findings
by priority, operation, exposure and code; ``--statistics`` counts by code and by file.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from pathlib import Path

from .console import Palette
from .github import render_github
from .rules import RULES_BY_CODE
from .sarif import render_sarif

__all__ = [
    "FORMATS",
    "render",
    "render_concise",
    "render_statistics",
    "render_summary",
    "render_text",
]

FORMATS = ("json", "sarif", "text", "concise", "github")
_SHOWN_ERRORS = 10
_PRIORITY_STYLE = {"high": ("bold", "red"), "medium": ("yellow",), "low": ("cyan",)}


def _position(finding: dict) -> tuple[str, int, int, str]:
    return (finding["path"], finding["line"], finding["column"], finding["code"])


NON_PRODUCTION_HEADING = (
    "-- {count} finding(s) reached only from scripts, tests, benchmarks or uncalled code --"
)


def _grouped(findings: list[dict], paint: Palette) -> list[str]:
    """Return findings grouped by file, in file order."""
    out: list[str] = []
    for path, grouped in groupby(sorted(findings, key=_position), key=lambda f: f["path"]):
        group = list(grouped)
        width = max(len(f"{f['line']}:{f['column']}") for f in group)
        out.append(paint(path, "bold"))
        for f in group:
            where = paint(f"{f['line']}:{f['column']}".ljust(width), "dim")
            code = paint(f["code"], *_PRIORITY_STYLE[f["priority"]])
            out.append(f"  {where}  {code}  {f['message']}")
            if "library" in f:
                out.append(paint(_inside(f["library"]), "dim"))
    return out


def _inside(library: dict) -> str:
    """Return where a library finding blocks: the last hop of the chain inside the library."""
    chain = library["chain"]
    if not chain:
        return f"      {library['call']}: library fact ({library['when']})"
    last = chain[-1]
    path = last["path"].rpartition("site-packages/")[2]
    hops = len(chain)
    return (
        f"      blocks at {path}:{last['line']} in `{last['function']}` "
        f"({library['when']}, {hops} library call(s) deep)"
    )


def render_text(report: dict, palette: Palette | None = None) -> str:
    """Return the findings grouped by file, then parse errors.

    Suppression warnings are not repeated here: the command line prints them on stderr.
    """
    paint = palette or Palette(False)
    out: list[str] = []
    production = [f for f in report["findings"] if f.get("production", True)]
    secondary = [f for f in report["findings"] if not f.get("production", True)]
    out += _grouped(production, paint)
    if secondary and production:
        # Reached only from scripts, tests, benchmarks or code nothing calls: listed below.
        out.append(paint(NON_PRODUCTION_HEADING.format(count=len(secondary)), "dim"))
    out += _grouped(secondary, paint)
    for error in report["errors"]:
        line = error["line"] or 1
        out.append(
            f"{paint(error['path'], 'bold')}:{line}: {paint('ERROR', 'red')} {error['reason']}"
        )
    return "\n".join(out) + ("\n" if out else "")


def render_concise(report: dict) -> str:
    """Return one ``path:line:col: CODE message`` line per finding, in file order."""
    lines = [
        f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
        for f in sorted(report["findings"], key=_position)
    ]
    lines += [f"{e['path']}:{e['line'] or 1}:1: ERROR {e['reason']}" for e in report["errors"]]
    return "\n".join(lines) + ("\n" if lines else "")


def render(report: dict, fmt: str, root: Path | None = None, docs_url: str | None = None) -> str:
    """Return the report rendered in one of ``FORMATS`` (text without colour); ``docs_url`` is
    where the docs are published, for SARIF's help links."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        return render_sarif(report, root, docs_url)
    if fmt == "github":
        return render_github(report)
    if fmt == "concise":
        return render_concise(report)
    return render_text(report)


def _line(title: str, counts: dict) -> str:
    parts = ", ".join(f"{key} {value}" for key, value in counts.items() if value)
    return f"  {title}: {parts or 'none'}"


def _units(report: dict) -> str:
    """Return the line that leads with what to fix: units, production findings, resolution."""
    counts = report["counts"]
    line = (
        f"  {counts['total']} finding(s) in {counts.get('units', 0)} fix unit(s); "
        f"{counts.get('production', 0)} in production code, "
        f"{counts['total'] - counts.get('production', 0)} only from scripts, tests or uncalled code"
    )
    resolution = report.get("resolution")
    if resolution:
        line += f"; {resolution['resolved']} of {resolution['calls']} loop-reachable calls resolved"
    return line


def render_summary(report: dict, written_to: str | None) -> str:
    """Return the human summary: counts by priority, operation and exposure, top files, time."""
    counts = report["counts"]
    scan = report["scan"]
    out = [
        f"Blocking IO on the event loop: {counts['total']} finding(s) in {scan['files']} file(s), "
        f"{scan['lines']} lines, {scan['seconds']:.2f} s "
        f"(cache: {scan['cache_hits']} hit(s), {scan['cache_misses']} miss(es))",
        _units(report),
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


def render_statistics(report: dict) -> str:
    """Return the finding counts by code (with the rule name) and by file, largest first."""
    by_code = Counter(f["code"] for f in report["findings"])
    by_file = Counter(f["path"] for f in report["findings"])
    out = ["count  code    rule"]
    out += [
        f"{count:5d}  {code}  {RULES_BY_CODE[code].name}"
        for code, count in sorted(by_code.items(), key=lambda item: (-item[1], item[0]))
    ]
    out.append("count  file")
    out += [
        f"{count:5d}  {path}"
        for path, count in sorted(by_file.items(), key=lambda item: (-item[1], item[0]))
    ]
    return "\n".join(out) + "\n"
