"""Reach: resolution counts, fix units, bounded contexts, entries per finding, the call graph."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from blocking_io.static import scan
from blocking_io.static.cli import main
from blocking_io.static.context import MAX_CONTEXTS
from blocking_io.static.render import NON_PRODUCTION_HEADING, render_text
from blocking_io.static.schema import REPORT_SCHEMA

UNRESOLVED = """import os


def _read(path):
    return open(path).read()


async def handler(obj, name):
    getattr(obj, name)()
    _read("a")
"""

UNITS = """import os


def _one(path):
    os.remove(path)
    os.rmdir(path)


async def first(path):
    _one(path)


async def second(path):
    os.remove(path)
"""


def _scan(tmp_path: Path, source: str) -> dict:
    module = tmp_path / "service.py"
    module.write_text(source, encoding="utf-8")
    report = scan([module], repo_root=tmp_path)
    jsonschema.validate(report, REPORT_SCHEMA)
    return report


def test_reach_counts_resolved_and_lists_unresolved_calls(tmp_path: Path) -> None:
    report = _scan(tmp_path, UNRESOLVED)
    resolution = report["resolution"]
    assert resolution["calls"] > resolution["resolved"]
    unresolved = [(site["function"], site["line"]) for site in resolution["unresolved"]]
    assert ("handler", 9) in unresolved
    assert ("handler", 10) not in unresolved  # `_read(...)` resolves to the project function


def test_reach_groups_findings_into_fix_units(tmp_path: Path) -> None:
    report = _scan(tmp_path, UNITS)
    units = {(f["line"], f["unit"]["id"]) for f in report["findings"]}
    assert units == {
        (5, "service.py:10:_one"),
        (6, "service.py:10:_one"),
        (14, "service.py:14:os.remove"),
    }
    assert report["counts"]["units"] == 2


def test_reach_falls_back_to_the_empty_context_past_the_cap(tmp_path: Path) -> None:
    calls = "\n".join(f"    pick({index})" for index in range(MAX_CONTEXTS + 3))
    source = (
        "import os\n\n\ndef pick(mode):\n    if mode == -1:\n        os.remove('x')\n\n\n"
        f"async def handler():\n{calls}\n"
    )
    report = _scan(tmp_path, source)
    # No caller passes -1; past the cap the empty context follows every branch: a finding.
    assert [f["line"] for f in report["findings"]] == [6]


def test_reach_lists_every_entry_with_its_kind(tmp_path: Path) -> None:
    source = (
        "import os\n\n\ndef helper():\n    os.remove('x')\n\n\n"
        "async def a():\n    helper()\n\n\nasync def b():\n    helper()\n"
    )
    [finding] = _scan(tmp_path, source)["findings"]
    assert finding["entry_count"] == 2
    # Nothing calls `a` or `b`: entries of kind "uncalled", reported below production findings.
    assert finding["entry_kinds"] == {"uncalled": 2}
    assert finding["production"] is False
    assert [entry["entry"] for entry in finding["entries"]] == ["a", "b"]
    assert [hop["function"] for hop in finding["entries"][1]["chain"]] == ["b", "helper"]


def test_cli_writes_the_call_graph(tmp_path: Path) -> None:
    module = tmp_path / "service.py"
    module.write_text(UNITS, encoding="utf-8")
    graph_file = tmp_path / "graph.json"
    status = main(
        [str(module), "--output", str(tmp_path / "r.json"), "--call-graph", str(graph_file)]
    )
    assert status == 0
    graph = json.loads(graph_file.read_text(encoding="utf-8"))
    assert graph["service.first"] == ["service._one"]
    assert graph["service._one"] == ["os.remove", "os.rmdir"]


def test_text_lists_production_findings_before_the_others(tmp_path: Path) -> None:
    source = (
        "import os\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
        "@router.get('/')\nasync def index():\n    os.remove('a')\n\n\n"
        "async def leftover():\n    os.remove('b')\n"
    )
    report = _scan(tmp_path, source)
    text = render_text(report)
    heading = NON_PRODUCTION_HEADING.format(count=1)
    assert text.index("10:5") < text.index(heading) < text.index("14:5")
    assert [f["production"] for f in report["findings"]] == [True, False]
