"""Run every test under tests/blocking_io/ inside the runtime blocking-IO gate.

The gate (`detect_blocking_io_strict`) wraps setup, call and teardown of each test whose file lies
under this directory, so blocking IO in async fixtures is caught too. pytest calls these hooks for
every collected test once this conftest is loaded, so each hook filters by `item.path` first.

`@pytest.mark.allow_blocking_io(reason="...")` runs a test here without the gate; the reason is
required. A blocking-call error that the code under test catches still fails the phase it was
raised in. The `blocking_io_gate` fixture returns the active gate (None when opted out).
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

import pytest

from tests.blocking_io._anchor_support import use_relative_data_home
from tests.support.detectors.blocking_io_messages import (
    MARKER_HELP,
    MARKER_MISSING_REASON,
    MARKER_UNEXPECTED_ARGS,
)
from tests.support.detectors.blocking_io_runtime import (
    BlockingCallsCaughtError,
    BlockingIOGate,
    detect_blocking_io_strict,
)

_GATED_DIR = Path(__file__).resolve().parent
_GATE_KEY = pytest.StashKey[BlockingIOGate]()
_GATED_KEY = pytest.StashKey[bool]()
_MARKER = "allow_blocking_io"


def pytest_configure(config: pytest.Config) -> None:
    """Register the opt-out marker."""
    config.addinivalue_line("markers", MARKER_HELP)


def _is_gated(item: pytest.Item) -> bool:
    """Tell whether `item` is defined in a file under this directory (cached per item)."""
    gated = item.stash.get(_GATED_KEY, None)
    if gated is None:
        gated = item.stash[_GATED_KEY] = item.path.resolve().is_relative_to(_GATED_DIR)
    return gated


def _opt_out_problem(item: pytest.Item) -> str | None:
    """Return why the item's `allow_blocking_io` marker is malformed, or None when it is fine."""
    marker = item.get_closest_marker(_MARKER)
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    """Keep the gate active around setup, call and teardown of each gated, not opted-out test."""
    if not _is_gated(item) or item.get_closest_marker(_MARKER) is not None:
        return (yield)
    with detect_blocking_io_strict() as gate:
        item.stash[_GATE_KEY] = gate
        try:
            return (yield)
        finally:
            del item.stash[_GATE_KEY]
            # Anything left was raised after the last report; nothing can show it any more.
            gate.take_violations()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a gated test whose opt-out marker has no reason or unexpected arguments."""
    if _is_gated(item) and (problem := _opt_out_problem(item)) is not None:
        pytest.fail(problem, pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
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
def blocking_io_gate(request: pytest.FixtureRequest) -> BlockingIOGate | None:
    """Return the gate active for this test, or None when the test opted out."""
    return request.node.stash.get(_GATE_KEY, None)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return the data home, relative to the working directory, that relative paths go under."""
    return use_relative_data_home(monkeypatch, tmp_path)
