"""Render application scores as the text report of ``make eval-real`` or as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .labels import Label
from .libraries import WHENS, LibraryScore
from .sample import PRIORITIES
from .scoring import KINDS, AppScore
from .verdicts import Cell

__all__ = ["EXPOSURES", "merge_scores", "render_json", "render_text"]

EXPOSURES = ("direct", "reachable", "hook", "callback")


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _cell(cell: Cell) -> str:
    return f"{_pct(cell.precision)} ({cell.true}/{cell.true + cell.false})"


def merge_scores(scores: Sequence[AppScore]) -> AppScore:
    """Return the overall score: the sum of the applications' counts and lists."""
    total = AppScore("overall")
    for item in scores:
        total.total += item.total
        total.by_exposure.update(item.by_exposure)
        total.by_priority.update(item.by_priority)
        total.labelled += item.labelled
        for name in ("precision", "strict", "production", "secondary"):
            mine, theirs = getattr(total, name), getattr(item, name)
            for row, cells in theirs.items():
                for column, cell in cells.items():
                    mine[row][column].merge(cell)
        total.libraries.merge(item.libraries)
        total.unlabelled += item.unlabelled
        total.regressions += item.regressions
        total.resolved += item.resolved
        total.missed += item.missed
        for name in ("files", "lines", "seconds"):
            if name in item.scan:
                total.scan[name] = total.scan.get(name, 0) + item.scan[name]
    return total


def _precision_rows(title: str, table: dict[str, dict[str, Cell]]) -> list[str]:
    lines = [f"  {title:<18}{'direct':>16}{'reachable':>16}{'all':>16}{'unsure':>8}"]
    for row in (*PRIORITIES, "all"):
        cells = table[row]
        shown = "".join(f"{_cell(cells[k]):>16}" for k in (*KINDS, "all"))
        lines.append(f"  {row.upper():<18}{shown}{cells['all'].unsure:>8}")
    return lines


def _label_line(label: Label) -> str:
    return f"    {label.key}  [{label.label}] {label.evidence}"


def _finding_line(finding: dict[str, Any]) -> str:
    where = f"{finding['path']}:{finding['line']} {finding['call']}"
    return f"{where}  [{finding['priority']} {finding['code']}] {finding['function']}"


def _app_block(score: AppScore, show_unlabelled: bool) -> list[str]:
    exposure = ", ".join(f"{name} {score.by_exposure[name]}" for name in EXPOSURES)
    priority = ", ".join(f"{name} {score.by_priority[name]}" for name in PRIORITIES)
    out = [f"== {score.name}", f"  findings {score.total}: {exposure}; {priority}"]
    if score.scan:
        scan = score.scan
        out.append(
            f"  scanned {scan['files']} files, {scan['lines']} lines in {scan['seconds']:.1f} s"
        )
    out.append(f"  labelled {score.labelled} of {score.total}")
    out += _precision_rows("precision", score.precision)
    out += _precision_rows("strict precision", score.strict)
    out += _precision_rows("production only", score.production)
    out += _precision_rows("non-production", score.secondary)
    out.append(
        f"  precision over all findings, weighted by priority: {_pct(score.weighted_precision)}"
    )
    hint = "" if show_unlabelled else " (list them with --show-unlabelled)"
    out.append(f"  unlabelled findings to review: {len(score.unlabelled)}{hint}")
    if show_unlabelled:
        out += [f"    {_finding_line(f)}" for f in score.unlabelled]
    out.append(f"  regressions (TRUE labels no longer reported): {len(score.regressions)}")
    out += [_label_line(label) for label in score.regressions]
    out.append(f"  labelled FALSE/UNSURE no longer reported: {len(score.resolved)}")
    found = sum(1 for _, now in score.missed if now)
    out.append(f"  missed alarms recorded: {len(score.missed)}, now reported: {found}")
    out += _library_block(score.libraries, show_unlabelled, score.name == "overall")
    over_all = ", ".join(f"{p.upper()} {_cell(score.over_all(p))}" for p in PRIORITIES[:2])
    out.append(f"  over all findings, through libraries or not: {over_all}")
    return out


def _library_head(lib: LibraryScore, overall: bool) -> list[str]:
    priority = ", ".join(f"{name} {lib.by_priority[name]}" for name in PRIORITIES)
    when = ", ".join(f"{name} {lib.by_when[name]}" for name in WHENS)
    out = [f"  findings through libraries (BIO501) {lib.total}: {priority}; {when}"]
    info = lib.summary
    if not lib.followed:
        why = lib.note or "run with --libraries to follow calls into installed packages"
        out.append(f"  library facts only, calls not followed into packages: {why}")
    elif overall or not info:
        pass
    elif info.get("loaded"):
        out.append(
            f"  summarised {info['distributions']} distributions, {info['lines']} lines "
            f"({info['modules']} modules) in {info['seconds']:.1f} s; from the summary cache: "
            f"{info['cache_hits']} of {info['cache_hits'] + info['cache_misses']}"
        )
    else:
        out.append("  nothing summarised: earlier scans of this environment answered every call")
    if info.get("site") and not overall:
        out.append(f"  library files under {', '.join(info['site'])}")
    return out


def _library_block(lib: LibraryScore, show_unlabelled: bool, overall: bool) -> list[str]:
    out = _library_head(lib, overall)
    out.append(f"  labelled {lib.labelled} of {lib.total}")
    out.append(f"  {'through libraries':<18}{'precision':>16}{'unsure':>8}")
    rows = [(p, lib.precision[p]) for p in (*PRIORITIES, "all")]
    rows += [(f"when {w}", lib.when_precision[w]) for w in WHENS]
    out += [f"  {name.upper():<18}{_cell(cell):>16}{cell.unsure:>8}" for name, cell in rows]
    out.append(
        f"  precision through libraries, weighted by priority: {_pct(lib.weighted_precision)}"
    )
    hint = "" if show_unlabelled or overall else " (list them with --show-unlabelled)"
    out.append(f"  unlabelled library findings to review: {len(lib.unlabelled)}{hint}")
    if show_unlabelled:
        out += [f"    {_finding_line(f)} -> {f['library']['call']}" for f in lib.unlabelled]
    out.append(f"  library regressions (TRUE labels no longer reported): {len(lib.regressions)}")
    out += [_label_line(label) for label in lib.regressions]
    out.append(f"  library labels FALSE/UNSURE no longer reported: {len(lib.resolved)}")
    if lib.followed and not overall:
        same = "the same as" if not lib.changed else f"{len(lib.changed)} differ from"
        out.append(f"  non-library findings: {same} the scan without --libraries")
        out += [f"    {line}" for line in lib.changed]
    return out


def render_text(command: str, tool: str, scores: Sequence[AppScore], show_unlabelled: bool) -> str:
    """Return the human-readable report, the command line that produced it first."""
    out = [f"$ {command}", f"detector: {tool}", ""]
    blocks = [*scores, merge_scores(scores)] if len(scores) > 1 else list(scores)
    for score in blocks:
        out += [*_app_block(score, show_unlabelled and score.name != "overall"), ""]
    out.append("Precision is TRUE/(TRUE+FALSE) over labelled findings; UNSURE is left out.")
    out.append("Strict precision counts findings on metadata checks (exists, stat, ...) as false.")
    out.append(
        "Production only: findings the detector reaches from request, task, callback or startup "
        "entries; non-production: reached only from scripts, tests, benchmarks or uncalled code."
    )
    out.append(
        "Findings through libraries (BIO501) are scored apart from the tables above; "
        "`over all findings` joins both."
    )
    return "\n".join(out)


def _as_dict(score: AppScore) -> dict[str, Any]:
    def table(cells: dict[str, dict[str, Cell]]) -> dict[str, Any]:
        return {row: {k: c.as_dict() for k, c in cols.items()} for row, cols in cells.items()}

    return {
        "findings": score.total,
        "by_exposure": {name: score.by_exposure[name] for name in EXPOSURES},
        "by_priority": {name: score.by_priority[name] for name in PRIORITIES},
        "labelled": score.labelled,
        "scan": score.scan,
        "precision": table(score.precision),
        "strict_precision": table(score.strict),
        "production_precision": table(score.production),
        "non_production_precision": table(score.secondary),
        "weighted_precision": score.weighted_precision,
        "unlabelled": [
            {k: f[k] for k in ("path", "line", "call", "priority", "code")}
            for f in score.unlabelled
        ],
        "regressions": [str(label.key) for label in score.regressions],
        "resolved": [str(label.key) for label in score.resolved],
        "missed": [{"key": str(m.key), "now_reported": now} for m, now in score.missed],
        "libraries": _library_dict(score.libraries),
        "over_all": {p: score.over_all(p).as_dict() for p in PRIORITIES},
    }


def _library_dict(lib: LibraryScore) -> dict[str, Any]:
    return {
        "followed": lib.followed,
        "note": lib.note,
        "findings": lib.total,
        "by_priority": {name: lib.by_priority[name] for name in PRIORITIES},
        "by_when": {name: lib.by_when[name] for name in WHENS},
        "labelled": lib.labelled,
        "precision": {name: cell.as_dict() for name, cell in lib.precision.items()},
        "when_precision": {name: cell.as_dict() for name, cell in lib.when_precision.items()},
        "weighted_precision": lib.weighted_precision,
        "unlabelled": [
            {k: f[k] for k in ("path", "line", "call", "priority")} for f in lib.unlabelled
        ],
        "regressions": [str(label.key) for label in lib.regressions],
        "resolved": [str(label.key) for label in lib.resolved],
        "summary": lib.summary,
        "non_library_changes": lib.changed,
    }


def render_json(command: str, tool: str, scores: Sequence[AppScore]) -> str:
    """Return the report as a JSON document."""
    doc = {
        "command": command,
        "detector": tool,
        "apps": {score.name: _as_dict(score) for score in scores},
        "overall": _as_dict(merge_scores(scores)),
    }
    return json.dumps(doc, indent=2)
