"""The offload-revert codemod turns awaited offloads back into direct calls, one site at a time."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from blocking_io.static.offloaders import Offloader
from blocking_io.teeth import (
    RevertOffloadCommand,
    Site,
    SiteSelector,
    find_offload_sites,
    find_sites_in_source,
    revert_site,
    revert_source,
)
from blocking_io.teeth.match import REVERTIBLE, DirectCall, direct_call
from blocking_io.teeth.messages import (
    LEFT_UNCHANGED,
    NO_SITE_AT,
    PARSE_FAILED,
    REASON_KEYWORD_CALLABLE,
    REASON_NO_CALLABLE,
    REASON_NOT_AWAITED,
    REASON_OFFLOADER_KEYWORD,
    REASON_STARRED,
)

FIXTURES = Path(__file__).with_name("fixtures")
CASES = sorted(path.name.removesuffix(".before.py") for path in FIXTURES.glob("*.before.py"))
TO_THREAD = "asyncio.to_thread"
RUN_IN_EXECUTOR = "asyncio.AbstractEventLoop.run_in_executor"


def _left(offloader: str, line: int, reason: str) -> str:
    return LEFT_UNCHANGED.format(offloader=offloader, line=line, reason=reason)


# Warnings each fixture must produce, in source order (the rest produce none).
EXPECTED_WARNINGS = {
    "unsupported": [
        _left(TO_THREAD, 7, REASON_NOT_AWAITED),
        _left(TO_THREAD, 8, REASON_STARRED.format(argument="*call", index=0)),
        _left(TO_THREAD, 9, REASON_KEYWORD_CALLABLE.format(keyword="func")),
        _left(RUN_IN_EXECUTOR, 10, REASON_NO_CALLABLE.format(index=1)),
        _left(RUN_IN_EXECUTOR, 11, REASON_OFFLOADER_KEYWORD.format(keyword="**")),
        _left("anyio.to_thread.run_sync", 12, REASON_OFFLOADER_KEYWORD.format(keyword="limiter")),
        _left(TO_THREAD, 13, REASON_NOT_AWAITED),
    ],
}


def _read(case: str, side: str) -> str:
    return (FIXTURES / f"{case}.{side}.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_revert_source_matches_after_fixture(case: str) -> None:
    new_source, warnings = revert_source(_read(case, "before"))
    assert new_source == _read(case, "after")
    assert warnings == EXPECTED_WARNINGS.get(case, [])


@pytest.mark.parametrize("case", CASES)
def test_revert_source_is_idempotent(case: str) -> None:
    once, _ = revert_source(_read(case, "before"))
    twice, _ = revert_source(once)
    assert twice == once


def test_revert_source_without_offloads_is_unchanged() -> None:
    source = _read("nothing_matches", "before")
    assert revert_source(source) == (source, [])
    assert find_sites_in_source(source) == []


def test_revert_site_reverts_only_the_selected_line() -> None:
    source = _read("parentheses", "before")
    lines = source.splitlines(keepends=True)
    new_source, warnings = revert_site(source, SiteSelector(6))
    assert warnings == []
    expected = lines.copy()
    expected[5] = "    count = (store.count(thread_id))\n"
    assert new_source == "".join(expected)


def test_revert_site_column_picks_one_of_two_offloads_on_a_line() -> None:
    source = _read("parentheses", "before")
    line = source.splitlines()[11]
    inner = line.rindex("asyncio.to_thread") + 1
    new_source, warnings = revert_site(source, SiteSelector(12, inner))
    assert warnings == []
    reverted = "await asyncio.to_thread(store.merge, store.read(thread_id))"
    assert new_source.splitlines()[11] == f"    nested = {reverted}"
    # The other lines, and the import still used by the outer offload, are untouched.
    assert new_source.splitlines()[:11] == source.splitlines()[:11]


def test_revert_site_keeps_import_still_used_elsewhere() -> None:
    source = _read("to_thread_basic", "before")
    new_source, _ = revert_site(source, SiteSelector(7))
    assert new_source.startswith("import asyncio\n")
    assert '    write_lines(path, lines, mode="a")\n' in new_source
    assert "await asyncio.to_thread(count, path)" in new_source


def test_revert_site_warns_when_no_offload_is_at_the_selector() -> None:
    source = _read("to_thread_basic", "before")
    site = Site("pkg/mod.py", 3, 1, TO_THREAD, "f")
    assert revert_site(source, site) == (
        source,
        [NO_SITE_AT.format(line=3, column=", column 1", path="pkg/mod.py")],
    )


def test_revert_site_warns_for_a_selected_unsupported_shape() -> None:
    source = _read("unsupported", "before")
    new_source, warnings = revert_site(source, SiteSelector(9))
    assert new_source == source
    assert warnings == [_left(TO_THREAD, 9, REASON_KEYWORD_CALLABLE.format(keyword="func"))]


def test_find_sites_in_source_reports_positions_callables_and_problems() -> None:
    source = _read("unsupported", "before")
    sites = find_sites_in_source(source, "pkg/odd.py")
    rows = source.splitlines()
    expected_starts = []
    for number, text in enumerate(rows, start=1):
        for name in ("asyncio.to_thread(", "loop.run_in_executor(", "anyio.to_thread.run_sync("):
            start = text.find(name)
            if start >= 0:
                expected_starts.append((number, start + 1))
    assert [(s.line, s.column) for s in sites] == expected_starts
    assert {s.path for s in sites} == {"pkg/odd.py"}
    assert [s.callable for s in sites] == ["call", "?", "?", "?", "call", "call", "call", "call"]
    assert [s.problem for s in sites if s.problem] == EXPECTED_WARNINGS["unsupported"]
    assert sites[-1].problem is None


def test_find_offload_sites_walks_a_tree_and_skips_caches(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "__pycache__").mkdir(parents=True)
    (package / "sub").mkdir()
    (package / "a.py").write_text(_read("from_import", "before"), encoding="utf-8")
    (package / "sub" / "b.py").write_text(_read("alias_kept", "before"), encoding="utf-8")
    (package / "__pycache__" / "c.py").write_text(_read("alias_kept", "before"), encoding="utf-8")
    (package / "notes.txt").write_text("await asyncio.to_thread(f)\n", encoding="utf-8")
    sites = find_offload_sites(package, relative_to=tmp_path)
    assert [(s.location, s.callable) for s in sites] == [
        ("pkg/a.py:6", "path.read_text"),
        ("pkg/sub/b.py:6", "storage.load_skills"),
    ]


def test_find_offload_sites_rejects_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"missing\.py"):
        find_offload_sites(tmp_path / "missing.py")


def test_revert_source_names_unparsable_source() -> None:
    with pytest.raises(ValueError) as excinfo:
        find_sites_in_source("async def broken(:\n", "pkg/broken.py")
    prefix = PARSE_FAILED.split("{error}")[0].format(path="pkg/broken.py")
    assert str(excinfo.value).startswith(prefix)


def test_codemod_command_describes_itself_in_one_line() -> None:
    description = RevertOffloadCommand.DESCRIPTION
    assert description and "\n" not in description
    command = RevertOffloadCommand(CodemodContext(), line=4, column=2)
    assert command.selector == SiteSelector(4, 2)
    assert RevertOffloadCommand(CodemodContext(), column=2).selector is None


def test_revertible_offloaders_include_the_asyncio_ones() -> None:
    assert {o.name for o in REVERTIBLE} >= {TO_THREAD, RUN_IN_EXECUTOR}


@pytest.mark.parametrize("offloader", REVERTIBLE, ids=lambda o: o.name)
def test_keyword_after_callable_is_kept_only_when_the_offloader_forwards_it(
    offloader: Offloader,
) -> None:
    leading = ["None"] * offloader.callable_arg
    call = cst.parse_expression(f"run({', '.join([*leading, 'work', '1', 'limit=2'])})")
    assert isinstance(call, cst.Call)

    result = direct_call(call, call, offloader, lambda node: ())

    if offloader.forwards_keywords:
        assert isinstance(result, DirectCall)
        assert cst.Module([]).code_for_node(result.expression) == "work(1, limit=2)"
    else:
        assert result == REASON_OFFLOADER_KEYWORD.format(keyword="limit")
