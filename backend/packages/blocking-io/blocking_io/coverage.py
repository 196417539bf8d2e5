"""Protection coverage: the static report joined with the runtime record of the gated tests.

Three figures: (a) what is unprotected, that is loop entries (by kind) and HIGH/MEDIUM findings
whose function no gated test ran on the loop; (b) runtime catches the static detector missed (a
catch in a file that exists on disk whose path and line match no finding); (c) the share of loop
entries executed under the gate. `make blocking-io-coverage` prints them and writes
`<data dir>/blocking-io-coverage.json`, which the docs page renders.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from .config import load_config
from .findings import NOT_FOUND_STATICALLY
from .layout import FINDINGS_FILE
from .static.loop_entries import ENTRY_KINDS, loop_entries

__all__ = ["COVERAGE_FILE", "RECORD_FILE", "build_coverage", "main", "render_text"]

COVERAGE_FILE = "blocking-io-coverage.json"
RECORD_FILE = "blocking-io-runtime.json"  # written by blocking_io.runtime.record
PROTECTED_PRIORITIES = ("high", "medium")
MISSING_INPUT = "No {what} at `{path}`; run `{command}` first"


def _short(function: str) -> str:
    """Return the last part of a qualified name, for matching across naming schemes."""
    return function.rsplit(".", 1)[-1]


def build_coverage(
    entries: list[dict[str, object]], findings: list[dict[str, object]], record: dict, root: Path
) -> dict[str, object]:
    """Return the three figures from loop entries, static findings and a runtime record."""
    executed = {(f["path"], f["function"]) for f in record["executed"]}
    executed_short = {(path, _short(function)) for path, function in executed}
    covered = [e for e in entries if (e["path"], e["function"]) in executed]
    unprotected_entries = [e for e in entries if (e["path"], e["function"]) not in executed]
    unprotected_findings = [
        {key: f[key] for key in ("id", "code", "priority", "path", "line", "function", "call")}
        for f in findings
        if f["priority"] in PROTECTED_PRIORITIES
        and (f["path"], _short(str(f["function"]))) not in executed_short
    ]
    on_disk = [c for c in record["catches"] if (root / c["path"]).is_file()]
    missed = [c for c in on_disk if c["finding"] == NOT_FOUND_STATICALLY]
    by_kind = Counter(str(e["kind"]) for e in entries)
    covered_by_kind = Counter(str(e["kind"]) for e in covered)
    return {
        "entries": {
            kind: {"total": by_kind[kind], "executed": covered_by_kind[kind]}
            for kind in ENTRY_KINDS
        },
        "executed_share": round(len(covered) / len(entries), 4) if entries else 1.0,
        "unprotected_entries": unprotected_entries,
        "unprotected_findings": unprotected_findings,
        "missed_by_static": missed,
        "catches_in_generated_code": len(record["catches"]) - len(on_disk),
        "gated_tests": record["tests"],
    }


def render_text(coverage: dict) -> str:
    """Return the three figures as text, worst news first."""
    entries = coverage["entries"]
    total = sum(v["total"] for v in entries.values())
    executed = sum(v["executed"] for v in entries.values())
    lines = ["(a) unprotected: loop entries no gated test runs, by kind"]
    for kind, counts in entries.items():
        lines.append(f"    {kind:<8} {counts['total'] - counts['executed']} of {counts['total']}")
    for entry in coverage["unprotected_entries"]:
        lines.append(f"      {entry['path']}:{entry['line']} {entry['function']} ({entry['kind']})")
    findings = coverage["unprotected_findings"]
    lines.append(f"    HIGH/MEDIUM findings no gated test runs: {len(findings)}")
    for f in findings:
        lines.append(f"      {f['path']}:{f['line']} {f['code']} {f['call']} in {f['function']}")
    missed = coverage["missed_by_static"]
    lines.append(f"(b) runtime catches the static detector missed: {len(missed)}")
    for catch in missed:
        lines.append(
            f"      {catch['path']}:{catch['line']} {catch['primitive']} ({catch['test']})"
        )
    lines.append(
        f"    (catches in generated probe code, never on disk, left out: "
        f"{coverage['catches_in_generated_code']})"
    )
    share = coverage["executed_share"] * 100
    lines.append(
        f"(c) loop entries executed under the gate: {executed} of {total} ({share:.1f} %) "
        f"in {coverage['gated_tests']} gated tests"
    )
    return "\n".join(lines)


def _read(path: Path, what: str, command: str) -> dict:
    if not path.is_file():
        raise SystemExit(MISSING_INPUT.format(what=what, path=path, command=command))
    return json.loads(path.read_text(encoding="utf-8"))


def main() -> int:
    """Print the three figures for the configured project and write them as JSON."""
    config = load_config(Path.cwd())
    report = _read(config.data_dir / FINDINGS_FILE, "static report", "make detect-blocking-io")
    record = _read(config.data_dir / RECORD_FILE, "runtime record", "make test-blocking-io")
    packages = [root for root in config.roots if (root / "__init__.py").is_file()]
    entries = [asdict(entry) for entry in loop_entries(packages, config.root)]
    coverage = build_coverage(entries, report["findings"], record, config.root)
    target = config.data_dir / COVERAGE_FILE
    target.write_text(json.dumps(coverage, indent=1), encoding="utf-8")
    print(render_text(coverage))
    print(f"Coverage written to {target}", file=sys.stderr)
    return 0
