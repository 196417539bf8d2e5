"""pytest plugin: run every test under one directory inside a fresh runtime blocking-IO gate.

The gate wraps setup, call and teardown of each test whose file lies under the gated directory, so
blocking IO in async fixtures is caught too. pytest calls these hooks for every collected test once
the plugin is registered, so each hook filters by `item.path` first.

`@pytest.mark.allow_blocking_io(reason="...")` runs a gated test without the gate; the reason is
required. A blocking-call error that the code under test caught still fails the phase it was
raised in. The `blocking_io_gate` fixture returns the active gate (None when opted out).

Register it from a conftest: ``config.pluginmanager.register(GatePlugin(dir, make_gate))``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path

import pytest

from .gate import BlockingCallsCaughtError, BlockingIOGate
from .messages import MARKER_HELP, MARKER_MISSING_REASON, MARKER_UNEXPECTED_ARGS

__all__ = ["GATE_KEY", "MARKER", "PLUGIN_NAME", "GatePlugin"]

MARKER = "allow_blocking_io"
PLUGIN_NAME = "blocking-io-gate"
# The active gate of a gated test, for other plugins (the runtime record) to read.
GATE_KEY = pytest.StashKey[BlockingIOGate]()
_GATE_KEY = GATE_KEY
_GATED_KEY = pytest.StashKey[bool]()


def _opt_out_problem(item: pytest.Item) -> str | None:
    """Return why the item's `allow_blocking_io` marker is malformed, or None when it is fine."""
    marker = item.get_closest_marker(MARKER)
    if marker is None:
        return None
    unexpected = [repr(arg) for arg in marker.args]
    unexpected += [f"{key}={value!r}" for key, value in marker.kwargs.items() if key != "reason"]
    if unexpected:
        return MARKER_UNEXPECTED_ARGS.format(nodeid=item.nodeid, unexpected=", ".join(unexpected))
    reason = marker.kwargs.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        got = f"reason={reason!r}" if "reason" in marker.kwargs else "no reason"
        return MARKER_MISSING_REASON.format(nodeid=item.nodeid, got=got)
    return None


class GatePlugin:
    """Gate the tests under `gated_dir` with a gate from `make_gate` (one per test)."""

    def __init__(self, gated_dir: Path, make_gate: Callable[[], BlockingIOGate]) -> None:
        self.gated_dir = gated_dir.resolve()
        self.make_gate = make_gate

    def _is_gated(self, item: pytest.Item) -> bool:
        """Tell whether `item` is defined in a file under the gated directory (cached per item)."""
        gated = item.stash.get(_GATED_KEY, None)
        if gated is None:
            gated = item.stash[_GATED_KEY] = item.path.resolve().is_relative_to(self.gated_dir)
        return gated

    def pytest_configure(self, config: pytest.Config) -> None:
        """Register the opt-out marker."""
        config.addinivalue_line("markers", MARKER_HELP)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> Generator[None, object, object]:
        """Keep the gate active around setup, call and teardown of each gated test."""
        if not self._is_gated(item) or item.get_closest_marker(MARKER) is not None:
            return (yield)
        with self.make_gate() as gate:
            item.stash[_GATE_KEY] = gate
            try:
                return (yield)
            finally:
                del item.stash[_GATE_KEY]
                # Anything left was raised after the last report; nothing can show it any more.
                gate.take_violations()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Fail a gated test whose opt-out marker has no reason or unexpected arguments."""
        if self._is_gated(item) and (problem := _opt_out_problem(item)) is not None:
            pytest.fail(problem, pytrace=False)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Fail a phase in which the gate raised an error that the code under test caught."""
        report = yield
        gate = item.stash.get(_GATE_KEY, None)
        if gate is None:
            return report
        caught = gate.take_caught(call.excinfo.value if call.excinfo is not None else None)
        if caught and report.passed:
            report.outcome = "failed"
            report.longrepr = str(BlockingCallsCaughtError(caught))
        elif caught and report.failed:
            report.sections.append(("blocking-io gate", str(BlockingCallsCaughtError(caught))))
        return report

    @pytest.fixture
    def blocking_io_gate(self, request: pytest.FixtureRequest) -> BlockingIOGate | None:
        """Return the gate active for this test, or None when the test opted out."""
        gate: BlockingIOGate | None = request.node.stash.get(_GATE_KEY, None)
        return gate
