"""The summary index: what the project-wide passes look up, derived once per summary.

Every entry is checked against a direct walk over the summary it indexes, on every fixture of the
detector's test corpus and on the harness package (real code with decorators, tables, properties
and annotations), so an index that drifts from its summary fails here rather than as a missing
finding. A scan that keeps its intermediate data (``retain``) reports exactly what one that frees
it reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.static import scan
from blocking_io.static.collisions import rekey_classes
from blocking_io.static.index import annotation_names, call_name, calls_named, summary_index
from blocking_io.static.summary import summarise
from tests.support.paths import BACKEND_DIR

FIXTURES = Path(__file__).parent / "fixtures"

_SOURCES = sorted(
    [
        *FIXTURES.rglob("*.py"),
        *(BACKEND_DIR / "app").rglob("*.py"),
        *(BACKEND_DIR / "packages" / "harness" / "deerflow").rglob("*.py"),
    ]
)
_NAMES = ("run_in_executor", "create_task", "Depends", "open", "get", "Row", "sleep", "append")


def _summary(path: Path) -> dict:
    return summarise(path.read_text(encoding="utf-8"))  # type: ignore[return-value]


def _walk_calls(summary: dict, names: set[str]) -> list[tuple[str, int]]:
    return [
        (key, position)
        for key, record in summary["functions"].items()
        for position, call in enumerate(record["calls"])
        if call_name(call[2]) in names
    ]


def test_the_corpus_is_large_enough_to_mean_something() -> None:
    assert len(_SOURCES) > 100


@pytest.mark.parametrize("path", _SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_index_agrees_with_a_walk_of_its_summary(path: Path) -> None:
    summary = _summary(path)
    index = summary["index"]
    assert index == summary_index(summary)  # derived from the summary alone
    every = {name for name in index["calls"]}
    assert calls_named(summary, every) == _walk_calls(summary, every)
    for name in _NAMES:
        assert calls_named(summary, {name}) == _walk_calls(summary, {name})
        unordered = calls_named(summary, {name, "open"}, ordered=False)
        assert sorted(unordered) == sorted(_walk_calls(summary, {name, "open"}))
    mentioned = set(summary["names"])
    props = set()
    for record in summary["functions"].values():
        for annotation in record["params"].values():
            annotation_names(annotation, mentioned)
        for entries in record["bindings"].values():
            for _, binding in entries:
                if binding is not None and binding[0] == "ann":
                    annotation_names(binding[1], mentioned)
        if record["prop"]:
            props.add(record["name"])
    for record in summary["classes"].values():
        for entries in record["attrs"].values():
            for _, binding in entries:
                if binding is not None and binding[0] == "ann":
                    annotation_names(binding[1], mentioned)
    assert set(index["mentioned"]) == mentioned
    assert set(index["props"]) == props


def test_module_level_constructions_are_indexed_with_their_arguments() -> None:
    summary = summarise(
        "from rows import Row\n"
        "RULES = (Row(suffix='.pdf', convert=to_text), rules.Row(to_csv))\n"
        "def f():\n    return Row(convert=g)\n"
    )
    built = summary["index"]["built"]["Row"]
    assert [(line, arguments) for line, _, arguments in built] == [
        (2, ((None, None), ("suffix", ("k", ".pdf")), ("convert", ("n", "to_text")))),
        (2, ((None, ("n", "to_csv")),)),
    ]
    assert calls_named(summary, {"Row"}) == [("f", 0)]


def test_callable_fields_and_imports_are_indexed() -> None:
    summary = summarise(
        "import os.path\nfrom . import sibling\nfrom pkg.star import *\n"
        "from typing import Callable\n"
        "class Row:\n    convert: Callable[[str], str]\n    name: str\n"
        "def f():\n    import json.decoder\n"
    )
    assert summary["index"]["fields"] == ["convert"]
    # What each absolute import binds (`import os.path` binds `os`), and star imports.
    assert summary["index"]["imports"] == ["json", "os", "pkg.star", "typing.Callable"]


def test_a_rekeyed_summary_is_indexed_under_its_new_keys() -> None:
    summary = summarise("class sub:\n    def f(self):\n        open('x')\n")
    rekeyed = rekey_classes(summary, {"sub": "sub@1"}, "pkg", "pkg")  # type: ignore[arg-type]
    assert calls_named(rekeyed, {"open"}) == [("sub@1.f", 0)]
    assert rekeyed["index"] == summary_index(rekeyed)


def test_a_retaining_scan_reports_what_a_freeing_scan_reports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "api.py").write_text(
        "import time\n\n\ndef wait():\n    time.sleep(1)\n\n\nasync def handler():\n    wait()\n"
    )
    kept: list[object] = []
    retained = scan([package], repo_root=tmp_path, retain=kept)
    freed = scan([package], repo_root=tmp_path)
    assert kept  # the project and its summaries were handed over, not freed
    for report in (retained, freed):
        report["scan"].pop("seconds")
    assert retained == freed
    assert [finding["call"] for finding in freed["findings"]] == ["time.sleep"]
