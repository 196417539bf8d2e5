"""Disagreement matching and the line tally of the peers' suite."""

from __future__ import annotations

import pytest

from blocking_io.evaluation.disagreements import (
    DISAGREEMENTS,
    EXTRA,
    KINDS,
    UNREPORTED,
    Disagreement,
)
from blocking_io.evaluation.peers import (
    DisagreementError,
    Finding,
    enclosing_functions,
    match_disagreements,
    suite_lines,
    tally,
)

SOURCE = """import os


async def foo(f):
    os.system()  # ASYNC221: 4, 'os.system'
    os.path.normpath("")  # ASYNC240: 4, 'normpath'
    f.read()  # ASYNC232: 4, 'read', 'f'
    x.request(PUT)
    helper()
    print("clean")
    open("")


class Box:
    async def get(self):
        def inner():
            return 1
        return inner
"""


def test_peers_enclosing_functions_name_nested_functions_and_methods() -> None:
    names = enclosing_functions(SOURCE)
    assert names[5] == "foo"
    assert names[15] == names[18] == "Box.get"
    assert names[17] == "Box.get.inner"
    assert 1 not in names


def _entry(code: str, kind: str, files: str = "async2*.py", function: str = "foo") -> Disagreement:
    return Disagreement(files=files, function=function, code=code, kind=kind, reason="Because.")


def test_peers_match_disagreements_names_lines_of_their_kind() -> None:
    lines = suite_lines({"async240.py": SOURCE})
    entries = [
        _entry('os.path.normpath("")', UNREPORTED),
        _entry("x.request(PUT)", EXTRA),
    ]
    matched = match_disagreements(lines, entries)
    assert sorted(matched) == [("async240.py", 6), ("async240.py", 8)]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_entry("os.system()", "maybe"), "kind 'maybe'"),
        (_entry("os.system()", UNREPORTED, files="async9*.py"), "matches no eval file"),
        (_entry("x.request(PUT)", UNREPORTED), "names no labelled line of async240.py"),
        (_entry("os.system()", EXTRA), "names no unlabelled line"),
        (_entry("os.system()", UNREPORTED, function="Box.get"), "names no labelled line"),
    ],
)
def test_peers_match_disagreements_rejects_entries_naming_nothing(
    entry: Disagreement, message: str
) -> None:
    lines = suite_lines({"async240.py": SOURCE})
    with pytest.raises(DisagreementError, match=message):
        match_disagreements(lines, [entry])


def test_peers_tally_sorts_every_line_into_one_bucket() -> None:
    lines = suite_lines({"async240.py": SOURCE})
    matched = match_disagreements(
        lines,
        [
            _entry('os.path.normpath("")', UNREPORTED),
            _entry("x.request(PUT)", EXTRA),
            _entry('print("clean")', EXTRA),
        ],
    )
    findings = [
        Finding("async240.py", 5, "BIO101", "os.system"),
        Finding("async240.py", 8, "BIO101", "urllib3.PoolManager.request"),
        Finding("async240.py", 9, "BIO201", "builtins.open"),
        Finding("async240.py", 11, "BIO101", "builtins.open"),
        Finding("async240.py", 11, "BIO101", "builtins.open"),
    ]
    total = tally(lines, matched, findings, ruff=[("async240.py", 5), ("async240.py", 11)])["TOTAL"]
    assert (total.labelled, total.unreported, total.scored, total.found_scored) == (3, 1, 2, 1)
    assert total.recall == 0.5
    assert total.missed == [("async240.py", 7)]
    assert total.explained == [("async240.py", 8)]
    assert total.cross_function == [("async240.py", 9)]
    assert total.unexplained == [("async240.py", 11)]
    assert total.stale == [("async240.py", 10)]
    assert (total.ruff_found, total.ruff_unlabelled) == (1, 1)


def test_peers_disagreements_are_unique_and_reasoned() -> None:
    keys = [(d.files, d.function, d.code, d.kind) for d in DISAGREEMENTS]
    assert len(keys) == len(set(keys))
    for entry in DISAGREEMENTS:
        assert entry.kind in KINDS, entry
        assert entry.reason.endswith("."), entry
        assert entry.code and entry.files, entry
