"""Internals of the runtime gate: scope, activation and restore, nesting, tables, logging."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import replace
from pathlib import Path

import pytest
from blockbuster import BlockingError

from blocking_io.runtime.gate import (
    BlockingCallError,
    Exemption,
    GateRules,
    ProjectRule,
    build_functions,
    scanned_prefixes,
    scope_modules,
)
from blocking_io.runtime.messages import (
    CAUGHT_BLOCKING_CALLS,
    GATE_NOT_NESTED,
    UNKNOWN_EXEMPTION_TARGET,
)
from tests.support.detectors import blocking_io_runtime as runtime
from tests.support.detectors.blocking_io_probes import load_probe, scanned_probe_path
from tests.support.detectors.blocking_io_runtime import detect_blocking_io_strict

PROBE = load_probe(scanned_probe_path())
RUNTIME_SOURCE = Path(runtime.__file__)


def _functions(rules: GateRules = runtime.GATE_RULES) -> list:
    """Return the patched functions the gate would build for `rules`."""
    return build_functions(scope_modules(scanned_prefixes(rules.packages)), rules)


def _current_objects() -> dict[str, object]:
    """Return what each name the gate patches is bound to right now."""
    functions = _functions()
    # getattr, not __dict__: a method inherited from a C base (`socket.socket.connect`) is not in
    # the class dict until a patch has been set and restored on it.
    current = {f.full_name: getattr(f.module, f.func_name) for f in functions}
    current["logging.Handler.handleError"] = logging.Handler.handleError
    return current


def test_scanned_prefixes_name_package_directories_with_trailing_separator() -> None:
    prefixes = scanned_prefixes(runtime.SCANNED_PACKAGES)
    assert os.path.join(os.path.dirname(scanned_probe_path()), "") in prefixes
    assert all(prefix.endswith(os.sep) for prefix in prefixes)
    assert len(prefixes) == len(runtime.SCANNED_PACKAGES)


async def test_gate_restores_every_patched_function_after_exception() -> None:
    before = _current_objects()
    with pytest.raises(KeyError, match="inside"), detect_blocking_io_strict():
        inside = _current_objects()
        raise KeyError("inside")
    changed = {name for name in before if inside[name] is not before[name]}
    assert changed == set(before)
    assert _current_objects() == before


async def test_gate_nests_and_restores_outer_patches_first() -> None:
    before = _current_objects()
    with detect_blocking_io_strict() as outer_gate:
        outer = _current_objects()
        with pytest.raises(BlockingCallError), detect_blocking_io_strict():
            PROBE.sleep()
        assert _current_objects() == outer
        assert outer_gate.take_violations() == []
        with pytest.raises(BlockingCallError):
            PROBE.sleep()
        assert len(outer_gate.take_violations()) == 1
    assert _current_objects() == before


async def test_gate_rejects_end_out_of_order() -> None:
    before = _current_objects()
    outer, inner = detect_blocking_io_strict(), detect_blocking_io_strict()
    outer.__enter__()
    inner.__enter__()
    with pytest.raises(RuntimeError) as excinfo:
        outer.__exit__(None, None, None)
    assert str(excinfo.value) == GATE_NOT_NESTED
    inner.__exit__(None, None, None)
    outer.__exit__(None, None, None)
    assert _current_objects() == before


async def test_gate_activates_once() -> None:
    gate = detect_blocking_io_strict()
    with gate:
        pass
    with pytest.raises(RuntimeError, match="activates once"), gate:
        pass


def test_gate_ignores_blocking_call_without_running_loop() -> None:
    with detect_blocking_io_strict() as gate:
        PROBE.sleep()
    assert gate.take_violations() == []


async def test_gate_ignores_blocking_call_in_worker_thread() -> None:
    with detect_blocking_io_strict() as gate:
        await asyncio.to_thread(PROBE.sleep)
    assert gate.take_violations() == []


async def test_gate_notes_caught_calls_on_propagating_exception() -> None:
    with pytest.raises(ValueError, match="unrelated") as excinfo, detect_blocking_io_strict():
        try:
            PROBE.sleep()
        except BlockingError:
            pass
        raise ValueError("unrelated")
    assert excinfo.value.__notes__[0].startswith(CAUGHT_BLOCKING_CALLS.format(count=1))


async def test_gate_keeps_non_blocking_logging_errors_with_handle_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    class BrokenHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                raise ValueError("not a blocking call")
            except ValueError:
                self.handleError(record)

    logger = logging.getLogger("tests.detectors.runtime.broken")
    logger.propagate = False
    logger.addHandler(BrokenHandler())
    with detect_blocking_io_strict():
        PROBE.log_warning(logger)
    assert "--- Logging error ---" in capsys.readouterr().err


async def test_unknown_exemption_target_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = Exemption(target="os.nothing", file_suffix="x.py", functions=("f",), reason="r.")
    with pytest.raises(ValueError) as excinfo:
        _functions(replace(runtime.GATE_RULES, exemptions=(bogus,)))
    template = UNKNOWN_EXEMPTION_TARGET.format(
        target="os.nothing", table="exemptions", choices="{choices}"
    )
    assert str(excinfo.value).startswith(template.split("{choices}")[0])
    assert "os.stat" in str(excinfo.value)


@pytest.mark.parametrize(
    ("target", "problem"),
    [("time.sleep", "duplicates a Blockbuster default"), ("os.nothing", "does not exist")],
)
def test_bad_project_rule_is_rejected(
    target: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = replace(runtime.GATE_RULES, rules=(ProjectRule(target=target, reason="r."),))
    with pytest.raises(ValueError, match=problem) as excinfo:
        _functions(rules)
    assert f"`{target}`" in str(excinfo.value)


@pytest.mark.parametrize(
    "entry",
    [*runtime._PROJECT_BLOCKING_RULES, *runtime.EXEMPTIONS, *runtime.ARGUMENT_EXEMPTIONS],
    ids=lambda entry: f"{type(entry).__name__}:{entry.target}",
)
def test_table_entry_reason_is_one_sentence_line(entry: object) -> None:
    reason = entry.reason  # type: ignore[attr-defined]
    assert reason.strip() == reason
    assert "\n" not in reason
    assert reason.endswith(".")
