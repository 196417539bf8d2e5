"""`detect_blocking_io_strict()` fails a test when `app` or `deerflow` code blocks the event loop.

Drives the gate the way anchors meet it (applied by this directory's conftest) with probe code
compiled under the `deerflow` package directory, so its frames count as scanned: an unoffloaded
call raises with a message naming the primitive and the probe's file:line, every project rule
fires, each exemption has a negative twin, a handler's `emit` cannot swallow the error, siblings
such as `deerflow_extra/` are not scanned, patches are restored after an exception, the opt-out
marker works, and an inner pytest run shows the gate stays inside tests/blocking_io/. Making the
gate a no-op, or dropping any rule or exemption, must turn this module red.
"""

from __future__ import annotations

import builtins
import io
import json
import linecache
import logging
import os
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from blockbuster import BlockingError

from blocking_io.runtime.messages import (
    BLOCKING_CALL,
    CAUGHT_BLOCKING_CALLS,
    MARKER_MISSING_REASON,
    MARKER_UNEXPECTED_ARGS,
)
from tests.support.detectors import blocking_io_runtime as runtime
from tests.support.detectors.blocking_io_probes import (
    RULE_PROBES,
    ProbeFiles,
    load_probe,
    probe_files,
    probe_line,
    scanned_probe_path,
    sibling_probe_path,
)
from tests.support.detectors.blocking_io_runtime import (
    _PROJECT_BLOCKING_RULES,
    ARGUMENT_EXEMPTIONS,
    EXEMPTIONS,
    BlockingCallError,
    BlockingCallsCaughtError,
    BlockingIOGate,
    detect_blocking_io_strict,
)
from tests.support.paths import BACKEND_DIR

PROBE_PATH = scanned_probe_path()
PROBE = load_probe(PROBE_PATH)
PROBE_LOCATION = Path(PROBE_PATH).relative_to(BACKEND_DIR).as_posix()
ORIGINAL_SLEEP = time.sleep


def _patchable() -> dict[str, object]:
    """Return the current objects behind a sample of patched names, keyed by name."""
    return {
        "os.stat": os.stat,
        "builtins.open": builtins.open,
        "time.sleep": time.sleep,
        "socket.getaddrinfo": socket.getaddrinfo,
        "io.TextIOWrapper.readline": io.TextIOWrapper.__dict__["readline"],
        "logging.Handler.handleError": logging.Handler.handleError,
    }


@pytest.fixture
def files(tmp_path: Path) -> Iterator[ProbeFiles]:
    """Yield real files and handles for the rule probes."""
    with probe_files(tmp_path) as prepared:
        yield prepared


async def test_gate_flags_unoffloaded_blocking_call_from_deerflow_frame(
    blocking_io_gate: BlockingIOGate,
) -> None:
    with pytest.raises(BlockingError) as excinfo:
        PROBE.sleep()
    location = f"{PROBE_LOCATION}:{probe_line('sleep')}"
    assert str(excinfo.value) == BLOCKING_CALL.format(primitive="time.sleep", location=location)
    assert blocking_io_gate.take_violations() == [excinfo.value.violation]


async def test_gate_allows_offloaded_blocking_call(blocking_io_gate: BlockingIOGate) -> None:
    await PROBE.offloaded_sleep()
    assert blocking_io_gate is not None
    assert blocking_io_gate.take_violations() == []


async def test_gate_raises_on_exit_when_code_under_test_catches_the_error() -> None:
    with pytest.raises(BlockingCallsCaughtError) as excinfo, detect_blocking_io_strict():
        try:
            PROBE.sleep()
        except BlockingError:
            pass
    assert str(excinfo.value).startswith(CAUGHT_BLOCKING_CALLS.format(count=1))
    assert f"{PROBE_LOCATION}:{probe_line('sleep')}" in str(excinfo.value)


@pytest.mark.allow_blocking_io(reason="proves the opt-out marker switches the gate off")
async def test_allow_blocking_io_marker_disables_gate(
    blocking_io_gate: BlockingIOGate | None,
) -> None:
    assert blocking_io_gate is None
    assert time.sleep is ORIGINAL_SLEEP
    PROBE.sleep()


async def test_gate_restores_patched_functions_after_exception() -> None:
    before = _patchable()
    with pytest.raises(RuntimeError, match="raised inside the gate"), detect_blocking_io_strict():
        inside = _patchable()
        raise RuntimeError("raised inside the gate")
    assert all(inside[name] is not before[name] for name in before), inside
    assert _patchable() == before


@pytest.mark.parametrize("rule", _PROJECT_BLOCKING_RULES, ids=lambda rule: rule.target)
async def test_project_rule_fires_from_scanned_frame(
    rule: runtime.ProjectRule, files: ProbeFiles, blocking_io_gate: BlockingIOGate
) -> None:
    probe = getattr(PROBE, RULE_PROBES[rule.target])
    with pytest.raises(BlockingCallError) as excinfo:
        probe(files)
    assert excinfo.value.violation.primitive == rule.target
    assert excinfo.value.violation.location.startswith(f"{PROBE_LOCATION}:")
    assert blocking_io_gate.take_violations() == [excinfo.value.violation]


def test_every_project_rule_has_a_probe() -> None:
    assert set(RULE_PROBES) == {rule.target for rule in _PROJECT_BLOCKING_RULES}


async def _spawn_subprocess_twin() -> None:
    assert await PROBE.spawn_offloaded_subprocess() == 0


async def _format_traceback_twin() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("tests.blocking_io.traceback_twin")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        # Forget the cached source so formatting the traceback reads json's files again.
        linecache.cache.pop(json.decoder.__file__, None)
        linecache.cache.pop(json.__file__, None)
        PROBE.log_exception(logger)
    finally:
        logger.removeHandler(handler)
    assert "JSONDecodeError" in stream.getvalue()


async def _log_to_null_device_twin() -> None:
    logger = logging.getLogger("tests.blocking_io.null_device_twin")
    logger.propagate = False
    handler = logging.FileHandler(os.devnull, encoding="utf-8")
    logger.addHandler(handler)
    try:
        PROBE.log_warning(logger)
    finally:
        logger.removeHandler(handler)
        handler.close()


# (target, file suffix or predicate name) of every allowance in the tables -> code that must
# pass because of that allowance alone.
NEGATIVE_TWINS: dict[tuple[str, str], Callable[[], Awaitable[None]]] = {
    ("subprocess.Popen.__init__", "asyncio/base_events.py"): _spawn_subprocess_twin,
    ("io.BufferedReader.readline", "linecache.py"): _format_traceback_twin,
    ("builtins.open", "linecache.py"): _format_traceback_twin,
    ("io.TextIOWrapper.write", "_writes_to_null_device"): _log_to_null_device_twin,
    ("io.BufferedWriter.write", "_writes_to_null_device"): _log_to_null_device_twin,
    ("io.FileIO.write", "_writes_to_null_device"): _log_to_null_device_twin,
    ("io.TextIOWrapper.readlines", "linecache.py"): _format_traceback_twin,
}


def test_every_exemption_has_a_negative_twin() -> None:
    allowances = {(e.target, e.file_suffix) for e in EXEMPTIONS}
    allowances |= {(e.target, e.predicate.__name__) for e in ARGUMENT_EXEMPTIONS}
    assert set(NEGATIVE_TWINS) == allowances


@pytest.mark.parametrize("allowance", NEGATIVE_TWINS, ids="|".join)
async def test_negative_twin_is_not_flagged(
    allowance: tuple[str, str], blocking_io_gate: BlockingIOGate
) -> None:
    await NEGATIVE_TWINS[allowance]()
    assert blocking_io_gate.take_violations() == []


@pytest.mark.parametrize("allowance", NEGATIVE_TWINS, ids="|".join)
async def test_negative_twin_is_flagged_without_its_allowance(
    allowance: tuple[str, str],
) -> None:
    target, _ = allowance
    exemptions = tuple(e for e in EXEMPTIONS if (e.target, e.file_suffix) != allowance)
    argument_exemptions = tuple(
        e for e in ARGUMENT_EXEMPTIONS if (e.target, e.predicate.__name__) != allowance
    )
    rules = replace(
        runtime.GATE_RULES, exemptions=exemptions, argument_exemptions=argument_exemptions
    )
    with pytest.raises(BlockingCallError) as excinfo, BlockingIOGate(rules):
        await NEGATIVE_TWINS[allowance]()
    assert excinfo.value.violation.primitive == target


async def test_gate_fails_blocking_write_inside_logging_handler(
    tmp_path: Path, blocking_io_gate: BlockingIOGate
) -> None:
    logger = logging.getLogger("tests.blocking_io.file_handler")
    logger.propagate = False
    handler = logging.FileHandler(tmp_path / "probe.log", encoding="utf-8")
    logger.addHandler(handler)
    try:
        with pytest.raises(BlockingCallError) as excinfo:
            PROBE.log_warning(logger)
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert excinfo.value.violation.location == f"{PROBE_LOCATION}:{probe_line('log')}"
    assert blocking_io_gate.take_violations() == [excinfo.value.violation]


@pytest.mark.parametrize(
    ("package", "sibling"), [("deerflow", "deerflow_extra"), ("app", "application")]
)
async def test_gate_ignores_sibling_package_outside_scope(
    package: str, sibling: str, blocking_io_gate: BlockingIOGate
) -> None:
    path = sibling_probe_path(package, sibling)
    # A raw prefix match on the package directory would scan this path: the scope must not.
    assert path.startswith(os.path.dirname(scanned_probe_path(package)))
    load_probe(path).sleep()
    assert blocking_io_gate.take_violations() == []


INNER_GATED_TESTS = """
import logging
import pytest
from tests.support.detectors.blocking_io_probes import load_probe, scanned_probe_path

PROBE = load_probe(scanned_probe_path())


@pytest.fixture
async def blocking_fixture():
    PROBE.sleep()
    yield


async def test_blocking():
    PROBE.sleep()


async def test_offloaded():
    await PROBE.offloaded_sleep()


async def test_caught():
    try:
        PROBE.sleep()
    except Exception:
        pass


async def test_logging_handler(tmp_path):
    logger = logging.getLogger("inner.file_handler")
    logger.propagate = False
    logger.addHandler(logging.FileHandler(tmp_path / "inner.log"))
    PROBE.log_warning(logger)


async def test_async_fixture(blocking_fixture):
    pass


@pytest.mark.allow_blocking_io(reason="inner opt-out")
async def test_opted_out():
    PROBE.sleep()


@pytest.mark.allow_blocking_io
async def test_marker_without_reason():
    pass


@pytest.mark.allow_blocking_io(reason=" ")
async def test_marker_with_blank_reason():
    pass


@pytest.mark.allow_blocking_io("positional", reason="x")
async def test_marker_with_extra_args():
    pass
"""

INNER_OUTSIDE_TESTS = """
from tests.support.detectors.blocking_io_probes import load_probe, scanned_probe_path

PROBE = load_probe(scanned_probe_path())


async def test_blocking_outside():
    PROBE.sleep()
"""

INNER_INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
filterwarnings = error
"""


def test_gate_applies_only_under_tests_blocking_io(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    gated = pytester.mkdir("tests") / "blocking_io"
    gated.mkdir()
    (gated / "conftest.py").write_text(
        Path(__file__).with_name("conftest.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (gated / "test_inner_gated.py").write_text(INNER_GATED_TESTS, encoding="utf-8")
    outside = pytester.path / "tests" / "other"
    outside.mkdir()
    (outside / "test_inner_outside.py").write_text(INNER_OUTSIDE_TESTS, encoding="utf-8")
    pytester.makeini(INNER_INI)
    monkeypatch.setenv("PYTHONPATH", str(BACKEND_DIR))
    result = pytester.runpytest_subprocess("-rA", "-p", "no:cacheprovider", "--tb=short")
    outcomes = dict(
        (m["node"].rsplit("::", 1)[1], m["outcome"])
        for m in re.finditer(
            r"^(?P<outcome>PASSED|FAILED|ERROR) (?P<node>\S+)", result.stdout.str(), re.M
        )
    )
    assert outcomes == {
        "test_blocking": "FAILED",
        "test_offloaded": "PASSED",
        "test_caught": "FAILED",
        "test_logging_handler": "FAILED",
        "test_async_fixture": "ERROR",
        "test_opted_out": "PASSED",
        "test_marker_without_reason": "ERROR",
        "test_marker_with_blank_reason": "ERROR",
        "test_marker_with_extra_args": "ERROR",
        "test_blocking_outside": "PASSED",
    }, result.stdout.str()
    output = result.stdout.str()
    sleep_call = BLOCKING_CALL.format(
        primitive="time.sleep", location=f"{PROBE_LOCATION}:{probe_line('sleep')}"
    )
    assert f"BlockingCallError: {sleep_call}" in output
    assert CAUGHT_BLOCKING_CALLS.format(count=1) in output
    node = "tests/blocking_io/test_inner_gated.py::"
    assert (
        MARKER_MISSING_REASON.format(nodeid=f"{node}test_marker_without_reason", got="no reason")
        in output
    )
    assert (
        MARKER_MISSING_REASON.format(
            nodeid=f"{node}test_marker_with_blank_reason", got="reason=' '"
        )
        in output
    )
    assert (
        MARKER_UNEXPECTED_ARGS.format(
            nodeid=f"{node}test_marker_with_extra_args", unexpected="'positional'"
        )
        in output
    )
