"""Primitive table end to end: each entry is found in an async def and not when offloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.static import scan
from blocking_io.static.primitives import PRIMITIVES

# Receiver types whose class name is lowercase, so the name alone does not say "class".
_LOWERCASE_TYPES = {"socket.socket"}
_FIRST_CALL_LINE = 100  # the generated module pads its imports so calls start on this line


def _receiver_type(name: str) -> str | None:
    owner = name.rpartition(".")[0]
    is_type = owner in _LOWERCASE_TYPES or owner.rpartition(".")[2][:1].isupper()
    return owner if is_type and "." in owner else None


def _call_source(name: str) -> str:
    """Return a call of the primitive written the way application code writes it."""
    owner = _receiver_type(name)
    if owner is None:
        return f"{name}()"
    return f"{owner}().{name.rpartition('.')[2]}()"


def _module(name: str) -> str:
    owner = _receiver_type(name)
    return owner.rpartition(".")[0] if owner else name.rpartition(".")[0]


def _calls_by_line(tmp_path: Path, body: list[str]) -> dict[int, set[str]]:
    imports = sorted({f"import {_module(p.name)}" for p in PRIMITIVES} | {"import asyncio"})
    header = [*imports, "", "", "async def entry():"]
    assert len(header) < _FIRST_CALL_LINE
    header += ["    pass"] * (_FIRST_CALL_LINE - 1 - len(header))
    (tmp_path / "calls.py").write_text("\n".join(header + body) + "\n", encoding="utf-8")
    report = scan([tmp_path])
    assert report["errors"] == []
    found: dict[int, set[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["line"], set()).add(finding["call"])
    return found


def test_primitive_table_every_entry_is_found_in_an_async_def(tmp_path: Path) -> None:
    found = _calls_by_line(tmp_path, [f"    {_call_source(p.name)}" for p in PRIMITIVES])
    missing = [
        p.name
        for index, p in enumerate(PRIMITIVES)
        if p.name not in found.get(_FIRST_CALL_LINE + index, set())
    ]
    assert missing == []


@pytest.mark.parametrize("wrapper", ["asyncio.to_thread({})", "asyncio.to_thread(lambda: {}())"])
def test_primitive_table_offloaded_entries_are_not_found(tmp_path: Path, wrapper: str) -> None:
    body = [f"    await {wrapper.format(_call_source(p.name)[:-2])}" for p in PRIMITIVES]
    found = _calls_by_line(tmp_path, body)
    on_loop = [
        p.name
        for index, p in enumerate(PRIMITIVES)
        if p.name in found.get(_FIRST_CALL_LINE + index, set())
    ]
    assert on_loop == []
