"""Entries declared in configuration files (`langgraph.json`): where they are looked for, what
they name, and what a file that does not parse gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

from blocking_io.static import scan
from blocking_io.static.declared import declared_entries

FACTORY = "import os\n\n\ndef make_graph(config):\n    os.listdir('skills')\n    return {}\n"


def _project(tmp_path: Path, graphs: dict[str, str]) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    package = tmp_path / "src" / "agents"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "graph.py").write_text(FACTORY, encoding="utf-8")
    (tmp_path / "langgraph.json").write_text(json.dumps({"graphs": graphs}), encoding="utf-8")
    return package


def test_declared_file_above_the_scan_root_names_an_entry(tmp_path: Path) -> None:
    package = _project(tmp_path, {"agent": "./src/agents/graph.py:make_graph"})
    report = scan([package], repo_root=tmp_path)
    [finding] = report["findings"]
    assert (finding["call"], finding["code"], finding["entry_kind"]) == (
        "os.listdir",
        "BIO301",
        "declared",
    )


def test_declared_dotted_module_reference_names_the_same_entry(tmp_path: Path) -> None:
    package = _project(tmp_path, {"agent": "agents.graph:make_graph"})
    report = scan([package], repo_root=tmp_path)
    assert [f["function"] for f in report["findings"]] == ["make_graph"]


def test_undeclared_factory_is_no_entry(tmp_path: Path) -> None:
    package = _project(tmp_path, {"other": "./src/agents/graph.py:not_there"})
    assert scan([package], repo_root=tmp_path)["findings"] == []


def test_declared_file_that_does_not_parse_is_an_error_naming_it(tmp_path: Path) -> None:
    package = _project(tmp_path, {})
    (tmp_path / "langgraph.json").write_text("{not json", encoding="utf-8")
    entries, errors = declared_entries([package])
    assert entries == []
    [error] = errors
    assert error["path"] == str(tmp_path / "langgraph.json")
    assert "expected a langgraph.json object" in error["reason"]
    report = scan([package], repo_root=tmp_path)
    assert [e["path"] for e in report["errors"]] == ["langgraph.json"]


def test_declared_file_edited_after_a_scan_is_not_answered_by_the_stored_report(
    tmp_path: Path,
) -> None:
    package = _project(tmp_path, {"other": "./src/agents/graph.py:not_there"})
    for path in (*package.iterdir(), tmp_path / "langgraph.json"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # older than the racy window
    cache = tmp_path / "cache"
    assert scan([package], repo_root=tmp_path, cache_dir=cache)["findings"] == []
    graphs = {"graphs": {"agent": "./src/agents/graph.py:make_graph"}}
    (tmp_path / "langgraph.json").write_text(json.dumps(graphs), encoding="utf-8")
    report = scan([package], repo_root=tmp_path, cache_dir=cache)
    assert report["scan"]["reused_report"] is False
    assert [f["function"] for f in report["findings"]] == ["make_graph"]
