"""Worked examples in the docs match what the tools print today, so the pages cannot drift.

Each test reads an example block from a page and reproduces it with the real tool.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deerflow.runtime.store._sqlite_utils import ensure_sqlite_parent_dir
from tests.support.detectors.blocking_io_runtime import (
    BlockingCallError,
    detect_blocking_io_strict,
)
from tests.support.paths import BACKEND_DIR

BACKEND = BACKEND_DIR
DOCS = BACKEND.parent / "docs"
STATIC_PAGE = DOCS / "static-detector.md"
GATE_PAGE = DOCS / "runtime-gate.md"
EXAMPLE_PROJECT = "benchmarks/corpus/report_pipeline"


def _detector(*args: str) -> str:
    """Run the static detector CLI from backend/ without a cache and return its stdout."""
    command = [sys.executable, "scripts/detect_blocking_io_static.py", "--no-cache", *args]
    done = subprocess.run(
        command, cwd=BACKEND, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def _fenced(page: Path, language: str, after: str) -> str:
    """Return the first fenced block of `language` that follows the text `after` in `page`."""
    text = page.read_text(encoding="utf-8")
    start = text.index(after)
    match = re.search(rf"```{language}\n(.*?)```", text[start:], re.S)
    assert match is not None, f"no ```{language} block after {after!r} in {page}"
    return match.group(1)


@pytest.fixture(scope="module")
def documented_finding() -> dict:
    """Return the abridged JSON finding shown on the static-detector page."""
    return json.loads(_fenced(STATIC_PAGE, "json", "The same finding in the JSON report"))


def test_static_detector_page_text_example_matches_cli_output() -> None:
    documented = _fenced(STATIC_PAGE, "text", EXAMPLE_PROJECT).strip()
    output = _detector("--format", "text", EXAMPLE_PROJECT)
    assert documented in output


def test_static_detector_page_json_example_matches_report(documented_finding: dict) -> None:
    report = json.loads(_detector("--output", "-", EXAMPLE_PROJECT))
    matching = [
        finding
        for finding in report["findings"]
        if (finding["path"], finding["line"], finding["call"])
        == (documented_finding["path"], documented_finding["line"], documented_finding["call"])
    ]
    assert len(matching) == 1, matching
    actual = matching[0]
    assert {key: actual[key] for key in documented_finding} == documented_finding


async def test_runtime_gate_page_error_example_matches_gate_error(tmp_path: Path) -> None:
    documented = " ".join(
        _fenced(GATE_PAGE, "text", "Calling `ensure_sqlite_parent_dir` on the loop").split()
    )

    with pytest.raises(BlockingCallError) as excinfo, detect_blocking_io_strict():
        ensure_sqlite_parent_dir(str(tmp_path / "missing" / "checkpoints.db"))

    error = excinfo.value
    assert documented == f"{type(error).__module__}.{type(error).__qualname__}: {error}"
