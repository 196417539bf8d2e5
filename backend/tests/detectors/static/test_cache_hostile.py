"""Hostile inputs for the summary index and the files known by their stored key.

Each test builds a small project, scans it, and checks the scan neither crashes nor reports
anything but what a scan without a cache reports of the same tree at the same moment (timing
and cache counters aside, as in ``test_reuse``).
"""

from __future__ import annotations

import gc
import os
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from blocking_io.static import project as project_module
from blocking_io.static import scan
from blocking_io.static.cache import read_sealed, write_sealed
from blocking_io.static.discovery import input_error
from blocking_io.static.messages import READ_REASON
from blocking_io.static.packing import pack_summary, unpack_summary
from tests.support.cache_cases import comparable, write_old

# A nested class `b.c` of package `a` and the function `d` of the module `a.b.c` (in the
# namespace directory `a/b/`, no `__init__.py`) have the same key `a.b.c.d`: the later module's
# record wins in the resolver. The index of `a` still lists the calls of its own `b.c.d`.
_NESTED = {
    "handed": (
        "import asyncio\nimport time\n\n\ndef blocking():\n    time.sleep(1)\n\n\n"
        "class b:\n    class c:\n        def d(self):\n"
        "            asyncio.get_event_loop().call_soon(blocking)\n",
        "from a.b.c import d\n",
    ),
    "unresolved": (
        "class b:\n    class c:\n        def d(self, x):\n            x.fetch_all()\n",
        "import os\nfrom a.b.c import d\n\n\nclass Store:\n    async def fetch_all(self):\n"
        "        os.remove('x')\n\n\nSTORE = Store()\n",
    ),
    "spelled": (
        "from typing import Callable\n\n\nclass Row:\n    convert: Callable[[str], str]\n\n\n"
        "class b:\n    class c:\n        def d(self):\n            return Row(convert=str)\n",
        "from a import Row\nfrom a.b.c import d\n\n\nasync def go(row: Row):\n"
        "    row.convert('x')\n",
    ),
}


_NESTED_FINDINGS = {
    "handed": [],
    "unresolved": [("os.remove", "Store.fetch_all", "uncalled")],
    "spelled": [],
}


@pytest.mark.parametrize("kind", sorted(_NESTED))
def test_hostile_index_of_a_function_whose_key_another_module_took_is_not_followed(
    tmp_path: Path, kind: str
) -> None:
    init, main = _NESTED[kind]
    src, cache = tmp_path / "src", tmp_path / "cache"
    write_old(src / "a" / "__init__.py", init)
    write_old(src / "a" / "b" / "c.py", "def d():\n    return 1\n")
    write_old(src / "main.py", main)
    uncached = scan([src], repo_root=tmp_path, cache_dir=None)
    assert uncached["errors"] == []
    # The hidden method's calls are not followed: the sleep handed to `call_soon` is never
    # scheduled, and `fetch_all` has no caller left (the detector before the index agrees).
    shown = [(f["call"], f["function"], f["entry_kind"]) for f in uncached["findings"]]
    assert shown == _NESTED_FINDINGS[kind]
    cold = scan([src], repo_root=tmp_path, cache_dir=cache)
    write_old(src / "main.py", main + "\n# edited\n")
    warm = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert comparable(cold) == comparable(uncached)
    assert comparable(warm) == comparable(scan([src], repo_root=tmp_path, cache_dir=None))


IO = "import time\n\n\ndef wait():\n    time.sleep(1)  # blocking-io: ignore[BIO201] startup\n"
API = "from pkg.io import wait\n\n\nasync def handler():\n    wait()\n"
FILES = "async def read(p):\n    return open(p).read()\n"


def _known_project(root: Path) -> tuple[Path, Path]:
    """Return a scanned project (and its cache) whose `api.py` was edited since the scan."""
    src, cache = root / "src", root / "cache"
    for name, text in {"__init__.py": "", "io.py": IO, "api.py": API, "files.py": FILES}.items():
        write_old(src / "pkg" / name, text)
    scan([src], repo_root=root, cache_dir=cache)
    write_old(src / "pkg" / "api.py", API + "\n\nasync def more():\n    open('q')\n")
    return src, cache


def _gone(path: Path) -> None:
    path.unlink()


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _shifted(path: Path) -> None:
    write_old(path, b"\n\n" + path.read_bytes())


def _scan_changing(
    src: Path, cache: Path | None, change: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> dict:
    """Scan, changing `io.py` and `files.py` right after discovery (before any file is read)."""
    scan_module = sys.modules["blocking_io.static.scan"]
    discover = scan_module.discover_files

    def discovered_then_changed(*args: Any) -> Any:
        found = discover(*args)
        for name in ("io.py", "files.py"):
            change(src / "pkg" / name)
        return found

    with monkeypatch.context() as patched:
        patched.setattr(scan_module, "discover_files", discovered_then_changed)
        return scan([src], repo_root=src.parent, cache_dir=cache)


@pytest.mark.parametrize("change", [_gone, _directory, _fifo, _shifted], ids=lambda c: c.__name__)
def test_hostile_known_file_changed_before_its_text_is_read_agrees_with_an_uncached_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None]
) -> None:
    """Files known by their stored key (same stat as at the stored report) that change after
    discovery, before their text is read for a snippet or a suppression, do not lend the new
    text (or none) to the old summary: the report is the one a scan without a cache makes when
    the same change happens at the same point (read errors, or the new content)."""
    src, cache = _known_project(tmp_path / "cached")
    incremental = _scan_changing(src, cache, change, monkeypatch)
    src, _ = _known_project(tmp_path / "uncached")
    uncached = _scan_changing(src, None, change, monkeypatch)
    assert comparable(incremental) == comparable(uncached)


def test_hostile_known_file_unreadable_before_its_text_is_read_agrees_with_an_uncached_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As above for files that cannot be read any more (`chmod 000`, simulated: root reads
    them anyway): they are errors of the scan, as without a cache."""
    src, cache = _known_project(tmp_path / "cached")
    read = project_module.read_source
    denied: set[Path] = set()

    def unreadable(path: Path, limit: int | None) -> bytes | dict:
        if path in denied:
            return input_error(path, READ_REASON.format(error="Permission denied"))
        return read(path, limit)

    monkeypatch.setattr(project_module, "read_source", unreadable)
    incremental = _scan_changing(src, cache, denied.add, monkeypatch)
    denied.clear()
    uncached = _scan_changing(src, None, denied.add, monkeypatch)
    assert [error["path"] for error in uncached["errors"]] == ["src/pkg/files.py", "src/pkg/io.py"]
    assert comparable(incremental) == comparable(uncached)


def _stored_project(root: Path) -> tuple[Path, Path]:
    """Return a project scanned with a cache, then edited in two files (one a code edit)."""
    src, cache = _known_project(root)
    write_old(src / "pkg" / "files.py", FILES + "# a note\n")
    return src, cache


@pytest.mark.parametrize(
    "entry",
    [
        lambda entry: entry[:5],  # an older layout: no `marked`
        lambda entry: (*entry[:2], str(entry[2]), *entry[3:]),  # lines as text
        lambda entry: (*entry[:2], None, *entry[3:]),
        lambda entry: (*entry[:5], "yes"),
        lambda entry: (*entry[:3], [1], *entry[4:]),
    ],
    ids=["no-marked", "lines-text", "lines-none", "marked-text", "sites-list"],
)
def test_hostile_well_sealed_state_entries_of_another_shape_are_not_trusted(
    tmp_path: Path, entry: Callable[[tuple], tuple]
) -> None:
    """A stored state of the right tool and Python but entries of another layout (a
    development build's) is not trusted: the files are read, as without a state."""
    src, cache = _stored_project(tmp_path)
    [path] = cache.glob("report-*")
    fingerprint, report, state = read_sealed(path)  # type: ignore[misc]
    state["files"] = {name: entry(value) for name, value in state["files"].items()}
    write_sealed(path, (fingerprint, report, state))
    incremental = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert comparable(incremental) == comparable(scan([src], repo_root=tmp_path, cache_dir=None))


def test_hostile_well_sealed_summary_with_an_index_of_another_layout_is_a_miss(
    tmp_path: Path,
) -> None:
    """A cached summary whose index lacks an entry (a development build's) is summarised again,
    not read into a KeyError."""
    src, cache = _stored_project(tmp_path)
    for path in [*cache.glob("summaries-*"), *cache.glob("recent-*")]:
        blobs = read_sealed(path)
        assert isinstance(blobs, dict)
        emptied = {
            key: {**unpack_summary(blob, lazy=False), "index": {}} for key, blob in blobs.items()
        }
        write_sealed(path, {key: pack_summary(summary) for key, summary in emptied.items()})
    incremental = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert comparable(incremental) == comparable(scan([src], repo_root=tmp_path, cache_dir=None))


def test_hostile_second_root_module_binding_a_value_does_not_crash(tmp_path: Path) -> None:
    """A module of a later root whose top-level name an earlier root holds has its imports
    redirected; its other module-level bindings keep their line (they lost it: a TypeError)."""
    first, second, cache = tmp_path / "one", tmp_path / "two", tmp_path / "cache"
    write_old(first / "tools.py", "def wait():\n    pass\n")
    write_old(second / "tools.py", "import time\n\nwait = time.sleep\n")
    write_old(second / "caller.py", "from tools import wait\n\n\nasync def run():\n    wait(1)\n")
    roots = [first, second]
    uncached = scan(roots, repo_root=tmp_path, cache_dir=None)
    assert [(f["path"], f["call"]) for f in uncached["findings"]] == [
        ("two/caller.py", "time.sleep")
    ]
    scan(roots, repo_root=tmp_path, cache_dir=cache)
    write_old(second / "caller.py", "from tools import wait\n\n\nasync def run():\n    wait(2)\n")
    incremental = scan(roots, repo_root=tmp_path, cache_dir=cache)
    assert comparable(incremental) == comparable(scan(roots, repo_root=tmp_path))


def test_hostile_known_file_grown_huge_before_its_text_is_read_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A known file replaced, after discovery, by a link to a huge file is read no further
    than its size at discovery (it was read without a limit): it is an error, as without a
    cache."""
    src, cache = _known_project(tmp_path / "cached")
    huge = tmp_path / "huge.py"
    with huge.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: no disk used
    read = project_module.read_source
    limits: list[int | None] = []

    def recording(path: Path, limit: int | None) -> bytes | dict:
        limits.append(limit)
        return read(path, limit)

    def linked(path: Path) -> None:
        path.unlink()
        path.symlink_to(huge)

    monkeypatch.setattr(project_module, "read_source", recording)
    incremental = _scan_changing(src, cache, linked, monkeypatch)
    assert None not in limits and max(limits) <= 4_000_000  # type: ignore[type-var]
    src, _ = _known_project(tmp_path / "uncached")
    uncached = _scan_changing(src, None, linked, monkeypatch)
    assert comparable(incremental) == comparable(uncached)


# Files left unchanged while another file gets a code edit: each is known by its stored key,
# and read only for its snippets and suppression comments.
_UNCHANGED = {
    "bom": "\ufeffimport os\n\n\nasync def drop(p):\n    os.remove(p)  # caf\u00e9\n",
    "crlf": "import os\r\n\r\n\r\nasync def drop(p):\r\n    os.remove(p)  # x\r\n",
    "cr-only": "import os\r\r\rasync def drop(p):\r    os.remove(p)  # x\r",
    "latin-1": (
        "# -*- coding: latin-1 -*-\nimport os\n\n\nasync def drop(p):\n"
        "    os.remove(p)  # caf\xe9\n    os.rmdir(p)  # blocking-io: ignore[BIO101] d\xe9j\xe0\n"
    ).encode("latin-1"),
    "ignore-file": "# blocking-io: ignore-file[BIO101] generated\nimport os\n\n\nasync def d(p):\n"
    "    os.remove(p)\n",
    "malformed": "import os\n\n\nasync def d(p):\n"
    "    os.remove(p)  # blocking-io: ignore[bio101]\n",
    "unused": "x = 1  # blocking-io: ignore[BIO201] nothing here\n",
    "marker-in-a-string": "import os\nM = 'blocking-io: ignore'\n\n\nasync def d(p):\n"
    "    os.remove(p)\n",
}


@pytest.mark.parametrize("kind", sorted(_UNCHANGED))
def test_hostile_unchanged_file_keeps_its_snippets_and_suppressions(
    tmp_path: Path, kind: str
) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    write_old(src / "pkg" / "__init__.py", "")
    write_old(src / "pkg" / "api.py", API.replace("pkg.io", "pkg.helpers"))
    write_old(src / "pkg" / "helpers.py", IO)
    write_old(src / "pkg" / "kept.py", _UNCHANGED[kind])
    scan([src], repo_root=tmp_path, cache_dir=cache)
    write_old(src / "pkg" / "api.py", API.replace("pkg.io", "pkg.helpers") + "    open('q')\n")
    incremental = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert incremental["scan"]["reused_analysis"] is False
    assert incremental["scan"]["cache_hits"] == 3
    assert comparable(incremental) == comparable(scan([src], repo_root=tmp_path))


def test_hostile_retaining_scans_in_one_process_agree_and_leave_the_collector_working(
    tmp_path: Path,
) -> None:
    """Scans that keep their data (``retain``, then ``gc.freeze``): a cold, a reused, a
    reused-analysis and a full warm scan report what uncached scans do, and the collector
    still frees cycles made afterwards, and stays off when the caller turned it off."""
    src, cache = _known_project(tmp_path)
    kept: list[object] = []
    edits = [
        lambda: None,
        lambda: None,
        lambda: write_old(src / "pkg" / "io.py", IO + "# a note\n"),
        lambda: write_old(src / "pkg" / "files.py", FILES + "    open('r')\n"),
    ]
    try:
        for edit in edits:
            edit()
            retained = scan([src], repo_root=tmp_path, cache_dir=cache, retain=kept)
            assert comparable(retained) == comparable(scan([src], repo_root=tmp_path))
            assert gc.isenabled()
        assert kept

        class Node:
            other: object = None

        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        del first, second
        gc.collect()
        assert alive() is None
        gc.disable()
        try:
            scan([src], repo_root=tmp_path, cache_dir=cache, retain=kept)
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.unfreeze()


def test_hostile_namespace_import_appearing_and_going_renames_unchanged_modules(
    tmp_path: Path,
) -> None:
    """Files known by their key are named from the summaries of this scan: a namespace
    package (`ns/`, no `__init__.py`) imported by an edited file, then no longer, then star
    imported, names the unchanged `ns/tools.py` as the uncached scan does at every step."""
    src, cache = tmp_path / "src", tmp_path / "cache"
    main = "async def go():\n    pass\n"
    write_old(src / "app" / "__init__.py", "")
    write_old(src / "app" / "main.py", main)
    write_old(src / "ns" / "tools.py", "import time\n\n\ndef slow():\n    time.sleep(1)\n")
    write_old(src / "ns" / "deep" / "x.py", "import os\n\n\nasync def y():\n    os.remove('a')\n")
    scan([src], repo_root=tmp_path, cache_dir=cache)
    for text in (
        "from ns.tools import slow\n\n\nasync def go():\n    slow()\n",
        main,
        "import ns.deep.x as q\n" + main,
        "from ns import *\n" + main,
    ):
        write_old(src / "app" / "main.py", text)
        incremental = scan([src], repo_root=tmp_path, cache_dir=cache)
        assert comparable(incremental) == comparable(scan([src], repo_root=tmp_path))
