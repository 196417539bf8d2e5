"""Fetching, patching and label parsing of the peers' eval files."""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest

from blocking_io.evaluation.suite import (
    ASSUMED_IMPORTS,
    PEER_SUITE,
    SuiteError,
    add_assumed_imports,
    fetch_suite,
    file_rule,
    line_labels,
    prepare_suite,
    statement_text,
)

SAMPLE = """# type: ignore
# ARG --enable=ASYNC220,ASYNC221
# if mode is given: ASYNC220
async def foo():
    requests.get()  # ASYNC210: 4, 'requests.get'
    os.spawnl(0)  # ASYNC220_asyncio: 4,   'os.spawnl'
    a() if b else a()  # ASYNC251: 4, "trio"  # ASYNC251: 18, "trio"
    f.read()  # should error
    g.read()  # not handled
    h()  # error: 4
    requests.foo()
"""


def test_suite_line_labels_follow_the_peers_harness() -> None:
    assert line_labels(SAMPLE) == {
        5: ("ASYNC210",),
        6: ("ASYNC220",),
        7: ("ASYNC251", "ASYNC251"),
        10: ("error",),
    }


def test_suite_assumed_imports_keep_every_line_in_place() -> None:
    patched = add_assumed_imports(SAMPLE, "async210.py")
    before, after = SAMPLE.split("\n"), patched.split("\n")
    assert len(after) == len(before)
    assert after[1:] == before[1:]
    assert after[0] == f"{ASSUMED_IMPORTS}; {before[0]}"
    assert line_labels(patched) == line_labels(SAMPLE)


def test_suite_assumed_imports_refuse_a_future_import_on_line_one() -> None:
    with pytest.raises(SuiteError, match=r"`async999\.py`"):
        add_assumed_imports("from __future__ import annotations\n", "async999.py")


def test_suite_file_rule_names_the_family() -> None:
    assert file_rule("async22x_asyncio.py") == "ASYNC22x"
    assert file_rule("async251_multi_library.py") == "ASYNC251"
    with pytest.raises(SuiteError, match=r"`helpers\.py`"):
        file_rule("helpers.py")


def test_suite_statement_text_drops_comments_not_hashes_in_strings() -> None:
    texts = statement_text('x = "#"  # note\n# only a comment\ny()\n')
    assert texts == {1: 'x = "#"', 2: "", 3: "y()", 4: ""}


def test_suite_pattern_selects_the_blocking_call_rules_only() -> None:
    pattern = re.compile(PEER_SUITE.file_pattern)
    selected = ["async210.py", "async22x.py", "async23x_asyncio.py", "async251_multi_library.py"]
    assert all(pattern.fullmatch(name) for name in selected)
    rejected = ["async200.py", "async100.py", "async300.py", "async910.py", "async210.txt"]
    assert not any(pattern.fullmatch(name) for name in rejected)


def _archive(directory: Path, files: dict[str, str]) -> Path:
    path = directory / PEER_SUITE.archive
    with tarfile.open(path, "w:gz") as bundle:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"flake8_async-{PEER_SUITE.version}/{name}")
            info.size = len(data)
            bundle.addfile(info, io.BytesIO(data))
    return path


def test_suite_fetch_rejects_an_archive_with_another_hash(tmp_path: Path) -> None:
    archive = _archive(tmp_path, {"tests/eval_files/async210.py": SAMPLE})
    with pytest.raises(SuiteError, match="sha256"):
        fetch_suite(tmp_path, PEER_SUITE)
    assert not archive.exists()


def test_suite_fetch_accepts_the_pinned_hash_without_downloading(tmp_path: Path) -> None:
    archive = _archive(tmp_path, {"tests/eval_files/async210.py": SAMPLE})
    pinned = replace(PEER_SUITE, sha256=hashlib.sha256(archive.read_bytes()).hexdigest())
    assert fetch_suite(tmp_path, pinned) == archive


def test_suite_prepare_takes_the_selected_eval_files_patched(tmp_path: Path) -> None:
    archive = _archive(
        tmp_path,
        {
            "tests/eval_files/async210.py": SAMPLE,
            "tests/eval_files/async200.py": SAMPLE,
            "tests/autofix_files/async232.py": SAMPLE,
            "src/async211.py": SAMPLE,
        },
    )
    target = tmp_path / "suite"
    originals = prepare_suite(archive, target)
    assert originals == {"async210.py": SAMPLE}
    assert [p.name for p in target.iterdir()] == ["async210.py"]
    assert (target / "async210.py").read_text(encoding="utf-8").startswith(ASSUMED_IMPORTS)


def test_suite_prepare_refuses_an_archive_without_eval_files(tmp_path: Path) -> None:
    archive = _archive(tmp_path, {"README.md": "no tests"})
    with pytest.raises(SuiteError, match="no file matching"):
        prepare_suite(archive, tmp_path / "suite")
