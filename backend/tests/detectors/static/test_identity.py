"""Finding ids: a new async caller changes chains, never ids, so baselines stay valid."""

from __future__ import annotations

from pathlib import Path

from blocking_io.static import scan

SERVICE = """import os
import time


def _read(path):
    return open(path).read()


def _load(path):
    return _read(path)


async def zeta_handler(path):
    return _load(path)


async def tick():
    time.sleep(1)
    os.remove("x")
"""

NEW_CALLER = """from service import _read


async def alpha_handler(path):
    return _read(path)
"""


def test_identity_new_async_caller_changes_no_finding_id(tmp_path: Path) -> None:
    (tmp_path / "service.py").write_text(SERVICE, encoding="utf-8")
    before = {f["call"]: f for f in scan([tmp_path], repo_root=tmp_path)["findings"]}
    (tmp_path / "a_new_caller.py").write_text(NEW_CALLER, encoding="utf-8")
    after = {f["call"]: f for f in scan([tmp_path], repo_root=tmp_path)["findings"]}
    expected = {"builtins.open", "io.TextIOWrapper.read", "time.sleep", "os.remove"}
    assert set(before) == set(after) == expected
    # The new caller is the shorter way in: the chain changes ...
    assert [hop["function"] for hop in before["builtins.open"]["chain"]] == [
        "zeta_handler",
        "_load",
        "_read",
    ]
    assert [hop["function"] for hop in after["builtins.open"]["chain"]] == [
        "alpha_handler",
        "_read",
    ]
    # ... and no id does.
    assert {call: f["id"] for call, f in before.items()} == {
        call: f["id"] for call, f in after.items()
    }
