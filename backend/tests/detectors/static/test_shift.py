"""Moved lines: a file whose lines only moved reuses the stored analysis, renumbered.

Inserting comment or blank lines changes a file's summary only in its line numbers; the stored
report, with that file's lines renumbered, must be exactly what a scan without a cache reports.
The oracle runs on the evaluation corpus (thirteen projects written apart from these tests) with
lines inserted at random places, and checks that the moved-lines path is taken, not only that it
agrees.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from blocking_io.static import scan
from blocking_io.static.shift import line_map, shift_report, summary_lines
from blocking_io.static.summary import summarise
from tests.support.cache_cases import PACKED_SOURCE, comparable, write_old
from tests.support.paths import BACKEND_DIR

CORPUS = BACKEND_DIR / "benchmarks" / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
_SOURCES = sorted([*CORPUS.rglob("*.py"), *FIXTURES.rglob("*.py")])


@pytest.mark.parametrize("path", _SOURCES, ids=lambda path: path.name)
def test_every_line_a_summary_holds_moves_with_its_file(path: Path) -> None:
    """If a part of the summary holding a line were missed, the moved file would differ in it."""
    text = path.read_text(encoding="utf-8")
    before, after = summarise(text), summarise("# moved\n\n" + text)
    _, lines = summary_lines(before)
    assert line_map(before, after) == {line: line + 2 for line in lines}


def test_lines_moved_in_the_middle_map_below_the_insertion_only() -> None:
    lines = PACKED_SOURCE.splitlines(keepends=True)
    moved = "".join([*lines[:5], "\n", "# a note\n", *lines[5:]])
    mapping = line_map(summarise(PACKED_SOURCE), summarise(moved))
    assert mapping is not None
    assert all(to == (line if line <= 5 else line + 2) for line, to in mapping.items())


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("time.sleep(retries)", "time.sleep(retries + 1)"),
        lambda text: text.replace("retries: int = 3", "retries: int = 4"),
        lambda text: text.replace('store.load("a")', 'store.load("a")\n    store.load("b")'),
        lambda text: text.replace(
            "    @property", "    def other(self):\n        return 1\n\n    @property"
        ),
    ],
)
def test_any_other_change_is_no_line_map(edit) -> None:  # type: ignore[no-untyped-def]
    assert line_map(summarise(PACKED_SOURCE), summarise(edit(PACKED_SOURCE))) is None


def test_lines_that_change_order_are_no_line_map() -> None:
    first = "def a():\n    open('x')\n\n\ndef b():\n    open('y')\n"
    swapped = "def b():\n    open('y')\n\n\ndef a():\n    open('x')\n"
    assert line_map(summarise(first), summarise(swapped)) is None


def _report(path: str) -> dict:
    hop = {"function": "f", "path": path, "line": 5}
    other = {"function": "g", "path": "other.py", "line": 5}
    unit = {"id": f"{path}:5:g", "path": path, "line": 5, "function": "f", "callee": "g"}
    finding = {"path": path, "line": 7, "chain": [other, hop], "unit": unit, "entries": []}
    return {"findings": [finding], "resolution": {"unresolved": [{"path": path, "line": 9}]}}


def test_shift_report_renumbers_every_line_of_the_file_only() -> None:
    report = _report("pkg/a.py")
    assert shift_report(report, "pkg/a.py", {5: 6, 7: 8, 9: 11})
    finding = report["findings"][0]
    assert finding["line"] == 8
    assert [hop["line"] for hop in finding["chain"]] == [5, 6]  # other.py keeps its line
    assert finding["unit"]["id"] == "pkg/a.py:6:g" and finding["unit"]["line"] == 6
    assert report["resolution"]["unresolved"][0]["line"] == 11


def test_shift_report_refuses_a_line_it_cannot_map_and_changes_nothing() -> None:
    report = _report("pkg/a.py")
    assert not shift_report(report, "pkg/a.py", {5: 6, 7: 8})  # line 9 is unknown
    assert report == _report("pkg/a.py")


def _insert(path: Path, rng: random.Random, line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = rng.randrange(len(lines) + 1)
    write_old(path, "".join([*lines[:at], line, *lines[at:]]))


@pytest.mark.parametrize("project", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()))
def test_moved_lines_reuse_the_analysis_and_agree_with_an_uncached_scan(
    tmp_path: Path, project: str
) -> None:
    src, cache = tmp_path / project, tmp_path / "cache"
    shutil.copytree(CORPUS / project, src)
    for path in src.rglob("*.py"):
        write_old(path, path.read_bytes())
    scan([src], repo_root=tmp_path, cache_dir=cache)
    rng = random.Random(project)
    files = sorted(src.rglob("*.py"))
    reused = 0
    for step in range(6):
        _insert(rng.choice(files), rng, rng.choice(["\n", "# moved\n", "    # indented note\n"]))
        if step % 3 == 2:
            _insert(rng.choice(files), rng, "\n")  # two files moved in one scan
        incremental = scan([src], repo_root=tmp_path, cache_dir=cache)
        uncached = scan([src], repo_root=tmp_path, cache_dir=None)
        assert comparable(incremental) == comparable(uncached), step
        reused += incremental["scan"]["reused_analysis"]
    assert reused, "no insertion took the moved-lines path"


_SLEEP = "import time\n\n\nasync def go():\n    time.sleep(1)\n"


def _edited(tmp_path: Path, before: str, after: str) -> tuple[dict, dict]:
    """Return the reports of `app.py` scanned as ``before`` and then, with the cache, as
    ``after``; the second must be what a scan without a cache reports."""
    src, cache = tmp_path / "src", tmp_path / "cache"
    write_old(src / "app.py", before)
    first = scan([src], repo_root=tmp_path, cache_dir=cache)
    write_old(src / "app.py", after)
    again = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert comparable(again) == comparable(scan([src], repo_root=tmp_path, cache_dir=None))
    return first, again


def test_a_suppression_marker_moved_with_its_line_still_suppresses(tmp_path: Path) -> None:
    marked = _SLEEP.replace("(1)\n", "(1)  # blocking-io: ignore[BIO101] test\n")
    first, again = _edited(tmp_path, marked, "# moved\n" + marked)
    assert first["findings"] == [] and first["counts"]["suppressed"] == 1
    assert again["scan"]["reused_analysis"] is True


def test_a_marker_on_a_line_of_its_own_is_analysed_again(tmp_path: Path) -> None:
    """A marker line the summary holds no line for cannot be followed through the move."""
    marker = "# blocking-io: ignore-file[BIO101] a test double\n"
    _, again = _edited(tmp_path, marker + _SLEEP, marker + "\n" + _SLEEP)
    assert again["scan"]["reused_analysis"] is False


def test_a_finding_moved_shows_its_new_line_and_snippet(tmp_path: Path) -> None:
    first, again = _edited(tmp_path, _SLEEP, '"""A module."""\n\n' + _SLEEP)
    assert again["scan"]["reused_analysis"] is True
    [before], [after] = first["findings"], again["findings"]
    assert (before["line"], after["line"]) == (5, 7)
    assert after["id"] == before["id"] and after["snippet"] == "time.sleep(1)"


_ROUTE = 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\nasync def go(dsn):\n'
_HANDLED = "    import psycopg2\n    try: pass\n    except: (\n        psycopg2.connect(dsn))\n"


@pytest.mark.parametrize(
    "before",
    [
        # The call's lines move by one, and it now runs in an `except` handler.
        "    import psycopg2\n    (\n        psycopg2.connect(dsn))\n",
        # Nothing moves and the summary stays the same, but the call is now in a handler.
        "    import psycopg2\n    # note\n    (\n        psycopg2.connect(dsn))\n",
    ],
    ids=["moved", "same-summary"],
)
def test_a_file_with_a_finding_through_a_library_is_analysed_again(
    tmp_path: Path, before: str
) -> None:
    """The priority of a finding through a library reads the file's syntax tree (a call in an
    `except` handler ranks low), which neither the summary nor the lines read show."""
    first, again = _edited(tmp_path, _ROUTE + before, _ROUTE + _HANDLED)
    assert [(f["code"], f["priority"]) for f in first["findings"]] == [("BIO501", "high")]
    assert again["scan"]["reused_analysis"] is False
    assert [f["priority"] for f in again["findings"]] == ["low"]
