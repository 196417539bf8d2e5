"""Run every test under tests/blocking_io/ inside this project's runtime blocking-IO gate.

The wiring is `blocking_io.runtime.plugin.GatePlugin` (setup, call and teardown are gated; the
`allow_blocking_io(reason=...)` marker opts a test out; the `blocking_io_gate` fixture returns the
active gate) with the gate from `tests.support.detectors.blocking_io_runtime`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.runtime.plugin import PLUGIN_NAME, GatePlugin
from tests.blocking_io._anchor_support import use_relative_data_home
from tests.support.detectors.blocking_io_runtime import detect_blocking_io_strict


def pytest_configure(config: pytest.Config) -> None:
    """Register the gate plugin for this directory (once, also when pytest re-enters)."""
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        plugin = GatePlugin(Path(__file__).parent, detect_blocking_io_strict)
        config.pluginmanager.register(plugin, PLUGIN_NAME)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the data home, relative to the working directory, that relative paths go under."""
    return use_relative_data_home(monkeypatch, tmp_path)
