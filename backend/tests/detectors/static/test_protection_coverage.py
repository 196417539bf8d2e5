"""Protection coverage joins loop entries, static findings and the runtime record into 3 figures.

(a) unprotected entries by kind and HIGH/MEDIUM findings no gated test ran, (b) runtime catches
in real files that match no finding, (c) the share of loop entries executed under the gate.
"""

from __future__ import annotations

from pathlib import Path

from blocking_io.coverage import build_coverage, render_text
from blocking_io.findings import NOT_FOUND_STATICALLY
from blocking_io.static.loop_entries import loop_entries_of_source

SOURCE = """\
import asyncio
from fastapi import FastAPI

app = FastAPI()


async def handler():
    return 1


@app.on_event("startup")
def on_startup():
    pass


def tick():
    pass


def sync_helper():
    pass


async def schedule():
    asyncio.get_running_loop().call_soon(tick)
"""


def test_loop_entries_by_kind() -> None:
    entries = [(e.function, e.line, e.kind) for e in loop_entries_of_source(SOURCE, "m.py")]
    assert entries == [
        ("handler", 7, "direct"),
        ("on_startup", 12, "hook"),
        ("schedule", 24, "direct"),
        ("tick", 16, "callback"),
    ]


def _finding(function: str, priority: str, line: int) -> dict[str, object]:
    return {
        "id": f"{line:016x}",
        "code": "BIO201",
        "priority": priority,
        "path": "pkg/a.py",
        "line": line,
        "function": function,
        "call": "time.sleep",
    }


def test_coverage_reports_three_figures(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n", encoding="utf-8")
    entries = [
        {"path": "pkg/a.py", "function": "handler", "line": 1, "kind": "direct"},
        {"path": "pkg/a.py", "function": "on_startup", "line": 5, "kind": "hook"},
    ]
    findings = [
        _finding("handler", "high", 2),
        _finding("unrun", "medium", 9),
        _finding("unrun_low", "low", 12),
    ]
    catch = {"primitive": "os.mkdir", "layer": "audit", "line": 3, "test": "t::x"}
    record = {
        "tests": 1,
        "executed": [{"path": "pkg/a.py", "function": "handler", "line": 1}],
        "catches": [
            {**catch, "path": "pkg/a.py", "finding": NOT_FOUND_STATICALLY},
            {**catch, "path": "pkg/a.py", "line": 2, "finding": "0000000000000002"},
            {**catch, "path": "pkg/_probe.py", "finding": NOT_FOUND_STATICALLY},
        ],
    }
    coverage = build_coverage(entries, findings, record, tmp_path)
    assert coverage["entries"]["direct"] == {"total": 1, "executed": 1}
    assert coverage["entries"]["hook"] == {"total": 1, "executed": 0}
    assert [e["function"] for e in coverage["unprotected_entries"]] == ["on_startup"]
    assert [f["function"] for f in coverage["unprotected_findings"]] == ["unrun"]
    assert [(c["path"], c["line"]) for c in coverage["missed_by_static"]] == [("pkg/a.py", 3)]
    assert coverage["catches_in_generated_code"] == 1
    assert coverage["executed_share"] == 0.5
    text = render_text(coverage)
    assert "(c) loop entries executed under the gate: 1 of 2 (50.0 %)" in text
    assert "(b) runtime catches the static detector missed: 1" in text
