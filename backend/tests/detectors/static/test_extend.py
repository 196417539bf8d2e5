"""Table extensions from `[tool.blocking-io]` take effect in the analysis, and only while asked.

Each case scans a small project twice: with the extension row the finding appears (or, for an
offloader, disappears), and a scan after the `extended` block sees the built-in tables again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.static import primitives, scan
from blocking_io.static.entries import HookDecorator, LoopHook
from blocking_io.static.extend import Entry, Extensions
from blocking_io.static.merge import extended
from blocking_io.static.offloaders import Offloader
from blocking_io.static.primitives import Primitive

REASON = "Stated for the test."

PRIMITIVE = """from vendor import client


async def refresh():
    client.fetch_sync()
"""

OFFLOADER = """import time


def run_in_worker(fn, *args):
    time.sleep(0.01)  # stands in for the hand-off the analyzer cannot see through


async def refresh():
    run_in_worker(print, "x")
"""

HOOK = """import time

from vendor.plugins import Plugin, listener


class Audit(Plugin):
    def on_event(self, event):
        time.sleep(1)


@listener
def on_message(message):
    time.sleep(1)
"""

ENTRY = """import time


def on_tick():
    time.sleep(1)


def on_flush():
    time.sleep(1)
"""

CASES = [
    (
        PRIMITIVE,
        Extensions(
            primitives=(
                Primitive("vendor.client.fetch_sync", "http", "high", "await fetch()", REASON),
            )
        ),
        [],
        [("BIO101", "vendor.client.fetch_sync")],
    ),
    (
        OFFLOADER,
        Extensions(
            offloaders=(Offloader("app.run_in_worker", 0, "fn", False, True, True, REASON),)
        ),
        [("BIO201", "time.sleep")],
        [],
    ),
    (
        HOOK,
        Extensions(
            hooks=(LoopHook("vendor.plugins.Plugin", "on_event", "aon_event", REASON),),
            decorators=(HookDecorator("vendor.plugins.listener", "@listener async def", REASON),),
        ),
        [],
        [("BIO301", "time.sleep"), ("BIO301", "time.sleep")],
    ),
    (
        ENTRY,
        Extensions(
            entries=(
                Entry("app.on_tick", "hook", REASON),
                Entry("app.on_flush", "callback", REASON),
            )
        ),
        [],
        [("BIO301", "time.sleep"), ("BIO401", "time.sleep")],
    ),
]


def _findings(root: Path) -> list[tuple[str, str]]:
    return sorted((f["code"], f["call"]) for f in scan([root])["findings"])


@pytest.mark.parametrize(
    ("source", "extensions", "before", "during"),
    CASES,
    ids=["primitive", "offloader", "hook", "entry"],
)
def test_extend_rows_take_effect_only_inside_the_block(
    tmp_path: Path,
    source: str,
    extensions: Extensions,
    before: list[tuple[str, str]],
    during: list[tuple[str, str]],
) -> None:
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    assert _findings(tmp_path) == before
    with extended(extensions):
        assert _findings(tmp_path) == during
    assert _findings(tmp_path) == before


def test_extend_restores_the_tables_after_an_error(tmp_path: Path) -> None:
    extra = Primitive("vendor.client.fetch_sync", "http", "high", "await fetch()", REASON)
    with pytest.raises(RuntimeError), extended(Extensions(primitives=(extra,))):
        raise RuntimeError("scan failed")
    assert extra.name not in primitives.PRIMITIVES_BY_NAME


def test_extend_hook_message_names_the_async_twin(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(HOOK, encoding="utf-8")
    with extended(CASES[2][1]):
        messages = [f["message"] for f in scan([tmp_path])["findings"]]
    assert any("implement `aon_event`" in message for message in messages)
