"""Analysis reuse: after a one-file edit the cached scan reports exactly what an uncached scan does.

Each test scans a small project with a cache, edits it one way, scans again with the cache and
compares the report with a scan without any cache. Edits the analysis cannot see (a comment, a
file saved unchanged) reuse the stored analysis; every other edit (a call added or removed, a
module added or deleted, a suppression comment, a changed snippet line, a file that no longer
parses) runs it again. A generated sequence of edits checks the same agreement at random.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from blocking_io.static import project as project_module
from blocking_io.static import scan
from tests.support.cache_cases import comparable, write_old

IO = "import time\n\n\ndef wait():\n    time.sleep(1)\n"
API = "from pkg.io import wait\n\n\nasync def handler():\n    wait()\n"
FILES = "async def read(p):\n    return open(p).read()\n"
LATIN = (
    "# -*- coding: latin-1 -*-\nimport os\n\n\nasync def drop(p):\n    os.remove(p)  # caf\xe9\n"
)
PROJECT = {
    "pkg/__init__.py": "",
    "pkg/io.py": IO,
    "pkg/api.py": API,
    "pkg/files.py": FILES,
    "pkg/latin.py": LATIN,
}


def _write(path: Path, text: str) -> None:
    write_old(path, text, "latin-1" if "latin-1" in text else "utf-8")


def _project(root: Path) -> Path:
    src = root / "src"
    for name, text in PROJECT.items():
        _write(src / name, text)
    return src


def _rescan(tmp_path: Path, edit: Callable[[Path], None]) -> tuple[dict, dict]:
    """Return the cached report after `edit` and the uncached one, of the same tree."""
    src, cache = _project(tmp_path), tmp_path / "cache"
    scan([src], repo_root=tmp_path, cache_dir=cache)
    edit(src)
    incremental = scan([src], repo_root=tmp_path, cache_dir=cache)
    uncached = scan([src], repo_root=tmp_path, cache_dir=None)
    assert comparable(incremental) == comparable(uncached)
    return incremental, uncached


def _edit(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(src: Path) -> None:
        path = src / name
        _write(path, change(path.read_bytes().decode("latin-1" if "latin" in name else "utf-8")))

    return apply


def test_reuse_comment_edit_reuses_the_stored_analysis(tmp_path: Path) -> None:
    report, _ = _rescan(tmp_path, _edit("pkg/io.py", lambda text: text + "# a note\n"))
    assert report["scan"]["reused_analysis"] is True
    assert report["scan"]["cache_misses"] == 1
    assert {"builtins.open", "os.remove", "time.sleep"} <= {f["call"] for f in report["findings"]}


def test_reuse_file_saved_unchanged_reuses_the_stored_analysis(tmp_path: Path) -> None:
    report, _ = _rescan(tmp_path, _edit("pkg/api.py", lambda text: text))
    assert report["scan"]["reused_analysis"] is True
    assert report["scan"]["cache_misses"] == 0


def test_reuse_comment_edit_in_a_declared_coding_keeps_snippets(tmp_path: Path) -> None:
    report, _ = _rescan(tmp_path, _edit("pkg/latin.py", lambda text: text + "# d\xe9j\xe0\n"))
    assert report["scan"]["reused_analysis"] is True
    [finding] = [f for f in report["findings"] if f["call"] == "os.remove"]
    assert finding["snippet"] == "os.remove(p)  # caf\xe9"


def test_reuse_new_blocking_call_runs_the_analysis(tmp_path: Path) -> None:
    edit = _edit("pkg/io.py", lambda text: text + "    open('x')\n")
    report, _ = _rescan(tmp_path, edit)
    assert report["scan"]["reused_analysis"] is False
    assert "builtins.open" in {f["call"] for f in report["findings"] if f["function"] == "wait"}


def test_reuse_removed_call_runs_the_analysis(tmp_path: Path) -> None:
    report, _ = _rescan(tmp_path, _edit("pkg/api.py", lambda text: text.replace("wait()", "0")))
    assert report["scan"]["reused_analysis"] is False
    assert "time.sleep" not in {f["call"] for f in report["findings"]}


def test_reuse_new_module_runs_the_analysis(tmp_path: Path) -> None:
    def add(src: Path) -> None:
        _write(src / "pkg" / "extra.py", "import os\n\n\nasync def gone(p):\n    os.rmdir(p)\n")

    report, _ = _rescan(tmp_path, add)
    assert report["scan"]["reused_analysis"] is False
    assert "os.rmdir" in {f["call"] for f in report["findings"]}


def test_reuse_deleted_file_runs_the_analysis(tmp_path: Path) -> None:
    report, _ = _rescan(tmp_path, lambda src: (src / "pkg" / "files.py").unlink())
    assert report["scan"]["reused_analysis"] is False
    assert "builtins.open" not in {f["call"] for f in report["findings"]}


def test_reuse_suppression_comment_added_runs_the_analysis(tmp_path: Path) -> None:
    marked = "time.sleep(1)  # blocking-io: ignore[BIO201] startup only"
    report, _ = _rescan(
        tmp_path, _edit("pkg/io.py", lambda text: text.replace("time.sleep(1)", marked))
    )
    assert report["scan"]["reused_analysis"] is False
    assert report["counts"]["suppressed"] == 1


def test_reuse_comment_on_a_finding_line_updates_its_snippet(tmp_path: Path) -> None:
    noted = "time.sleep(1)  # slow"
    report, _ = _rescan(
        tmp_path, _edit("pkg/io.py", lambda text: text.replace("time.sleep(1)", noted))
    )
    assert report["scan"]["reused_analysis"] is False
    assert noted in {f["snippet"] for f in report["findings"]}


def test_reuse_file_that_no_longer_parses_runs_the_analysis(tmp_path: Path) -> None:
    report, _ = _rescan(tmp_path, _edit("pkg/files.py", lambda text: text + "def broken(:\n"))
    assert report["scan"]["reused_analysis"] is False
    assert [e["path"] for e in report["errors"]] == ["src/pkg/files.py"]


def test_reuse_reverted_edit_reuses_and_agrees(tmp_path: Path) -> None:
    src, cache = _project(tmp_path), tmp_path / "cache"
    first = scan([src], repo_root=tmp_path, cache_dir=cache)
    _edit("pkg/io.py", lambda text: text + "    open('x')\n")(src)
    scan([src], repo_root=tmp_path, cache_dir=cache)
    _write(src / "pkg" / "io.py", IO)
    again = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert again["scan"]["reused_analysis"] is False  # the stored analysis is the edited one
    assert comparable(again) == comparable(first)


EDITS: dict[str, Callable[[str], str]] = {
    "comment": lambda text: text + "# note\n",
    "blank line on top": lambda text: "\n" + text,
    "same text": lambda text: text,
    "blocking call": lambda text: text + "\n\nasync def more():\n    time.sleep(2)\n",
    "sync helper": lambda text: text + "\n\ndef helper():\n    open('p')\n",
    "suppression": lambda text: text.replace("(1)", "(1)  # blocking-io: ignore"),
    "snippet comment": lambda text: text.replace("(p)\n", "(p)  # why\n"),
    "call removed": lambda text: text.replace("wait()", "None"),
    "syntax error": lambda text: text + "def broken(:\n",
    "import": lambda text: "import time\n" + text,
}


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(sorted(PROJECT)), st.sampled_from(sorted(EDITS))),
        min_size=1,
        max_size=4,
    )
)
def test_reuse_any_edit_sequence_agrees_with_an_uncached_scan(steps: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        src, cache = _project(root), root / "cache"
        scan([src], repo_root=root, cache_dir=cache)
        for name, kind in steps:
            _edit(name, EDITS[kind])(src)
            incremental = scan([src], repo_root=root, cache_dir=cache)
            uncached = scan([src], repo_root=root, cache_dir=None)
            assert comparable(incremental) == comparable(uncached), (name, kind)


def test_reuse_unchanged_files_are_known_by_their_key_and_read_only_for_their_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a code edit, files whose stat is unchanged are not read, except to show a finding's
    snippet or to honour a suppression marker; the report is the uncached one."""
    marked = "time.sleep(1)  # blocking-io: ignore[BIO201] startup only"
    src, cache = _project(tmp_path), tmp_path / "cache"
    _write(src / "pkg" / "io.py", IO.replace("time.sleep(1)", marked))
    _write(src / "pkg" / "quiet.py", "def idle():\n    return 1\n")
    scan([src], repo_root=tmp_path, cache_dir=cache)
    read: list[str] = []
    original = project_module.read_source

    def recording(path: Path, limit: int | None) -> bytes | dict:
        read.append(path.name)
        return original(path, limit)

    monkeypatch.setattr(project_module, "read_source", recording)
    _edit("pkg/api.py", lambda text: text + "\n\nasync def more():\n    open('q')\n")(src)
    incremental = scan([src], repo_root=tmp_path, cache_dir=cache)
    monkeypatch.undo()
    uncached = scan([src], repo_root=tmp_path, cache_dir=None)
    assert comparable(incremental) == comparable(uncached)
    assert incremental["scan"]["reused_analysis"] is False
    assert incremental["counts"]["suppressed"] == 1  # the marker in the unchanged io.py
    [finding] = [f for f in incremental["findings"] if f["call"] == "os.remove"]
    assert finding["snippet"] == "os.remove(p)  # caf\xe9"  # latin.py, read for its snippet
    assert "quiet.py" not in read and "__init__.py" not in read
    assert {"api.py", "io.py", "latin.py"} <= set(read)


def test_reuse_counts_each_file_summarised_once_when_the_summaries_are_gone(
    tmp_path: Path,
) -> None:
    """Files known by their stored key whose summaries were removed are read and summarised:
    each counts one miss, not one for the stored key and one for the bytes."""
    src, cache = _project(tmp_path), tmp_path / "cache"
    first = scan([src], repo_root=tmp_path, cache_dir=cache)
    for stale in [*cache.glob("summaries-*"), *cache.glob("recent-*")]:
        stale.unlink()
    _edit("pkg/api.py", lambda text: text + "\n\nasync def more():\n    open('q')\n")(src)
    again = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert again["scan"]["reused_analysis"] is False
    assert (again["scan"]["cache_hits"], again["scan"]["cache_misses"]) == (0, len(PROJECT))
    assert first["scan"]["files"] == again["scan"]["files"] == len(PROJECT)
