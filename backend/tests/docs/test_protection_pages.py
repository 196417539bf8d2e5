"""The `runtime-layers` and `protection-coverage` directives render the backend's data.

`runtime-layers` reads `PRIMITIVE_COVERAGE`; `protection-coverage` reads the JSON written by
`make blocking-io-coverage`, and without it says how to produce it instead of failing the build.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.docs.docs_tree import DocsTree, table_rows, visible_text

LAYERS = '''\
"""Fake layer table."""

PRIMITIVE_COVERAGE = (
    Coverage(
        primitive="os.mkdir",
        layers="patch, audit",
        status="covered",
        reason="Both layers see it.",
    ),
    Coverage(primitive="for line in file", layers="none", status="blind", reason="No hook."),
)
'''

PAGE = """\
# Fake docs

## Layers

```{runtime-layers}
```

## Coverage figures

```{protection-coverage}
```
"""

COVERAGE = {
    "entries": {
        "direct": {"total": 4, "executed": 3},
        "hook": {"total": 1, "executed": 0},
        "callback": {"total": 0, "executed": 0},
    },
    "executed_share": 0.6,
    "unprotected_entries": [
        {"path": "backend/app/x.py", "function": "on_start", "line": 3, "kind": "hook"}
    ],
    "unprotected_findings": [],
    "missed_by_static": [
        {"path": "backend/app/y.py", "line": 9, "primitive": "os.mkdir", "test": "t::a"}
    ],
    "catches_in_generated_code": 2,
    "gated_tests": 7,
}


def _tree(tmp_path: Path) -> DocsTree:
    tree = DocsTree(tmp_path)
    tree.write_backend("packages/blocking-io/blocking_io/runtime/layers.py", LAYERS)
    (tree.docs / "index.md").write_text(PAGE, encoding="utf-8")
    return tree


def test_runtime_layers_renders_one_row_per_entry(tmp_path: Path) -> None:
    result = _tree(tmp_path).build()
    assert result.returncode == 0, result.warnings
    rows = table_rows(result.html)
    assert ["Primitive", "Layers", "Status", "Reason"] in rows
    assert ["os.mkdir", "patch, audit", "covered", "Both layers see it."] in rows
    assert ["for line in file", "none", "blind", "No hook."] in rows


def test_protection_coverage_without_report_says_how_to_make_it(tmp_path: Path) -> None:
    result = _tree(tmp_path).build()
    assert result.returncode == 0, result.warnings
    assert "run make test , make detect-blocking-io and make blocking-io-coverage" in (
        visible_text(result.html)
    )


def test_protection_coverage_renders_the_three_figures(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    report = tmp_path / ".deer-flow" / "blocking-io-coverage.json"
    report.parent.mkdir()
    report.write_text(json.dumps(COVERAGE), encoding="utf-8")
    result = tree.build()
    assert result.returncode == 0, result.warnings
    text = visible_text(result.html)
    assert "Loop entries executed under the gate: 60.0 % (in 7 gated tests)." in text
    rows = table_rows(result.html)
    assert ["hook", "1", "0", "1"] in rows
    assert ["backend/app/x.py:3", "on_start", "hook"] in rows
    assert ["backend/app/y.py:9", "os.mkdir", "t::a"] in rows
    assert "Runtime catches the static detector missed: 1." in text
