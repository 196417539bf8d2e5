"""The audit-hook layer closes blind spots of patching: Blockbuster alone passes, the gate fails.

Each probe in `AUDIT_PROBE_SOURCE` makes a blocking call through an object bound before the gate
activated: a prebound name (`from os import mkdir`), a default argument, a C constructor that
cannot be patched (`io.FileIO`), or a stdlib module's own import-time binding (`tokenize.open`,
`sqlite3.dbapi2.connect`). Blockbuster's defaults miss each one, the gate's patch layer with the
project rules misses it too, and the full gate raises once, naming the probe's line. The layers
never both report one call, the hook stays inert with no gate active, and the import system,
file-descriptor opens and asyncio's non-blocking connects are left alone.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from blocking_io import audit
from blocking_io.audit import AUDIT_RULES, match_rule
from blocking_io.monitor import LoopMonitor
from blocking_io.runtime.layers import LAYERS, PRIMITIVE_COVERAGE, STATUSES
from blocking_io.runtime.messages import BLOCKING_CALL
from tests.detectors.runtime.test_default_coverage import blockbuster_defaults_only
from tests.support.detectors import blocking_io_runtime as runtime
from tests.support.detectors.blocking_io_probes import (
    AUDIT_PROBE_SOURCE,
    AUDIT_PROBES,
    load_probe,
    probe_line,
    scanned_probe_path,
)
from tests.support.detectors.blocking_io_runtime import (
    BlockingCallError,
    BlockingIOGate,
    detect_blocking_io_strict,
)
from tests.support.paths import BACKEND_DIR

PROBE_PATH = scanned_probe_path(name="_audit_probe.py")
PROBE = load_probe(PROBE_PATH, AUDIT_PROBE_SOURCE)
PROBE_LOCATION = Path(PROBE_PATH).relative_to(BACKEND_DIR).as_posix()
PATCH_LAYER_ONLY = replace(runtime.GATE_RULES, audit_rules=())


def _scratch(directory: Path) -> Path:
    """Fill `directory` with what every probe needs: a file and an empty subdirectory."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "a.txt").write_text("a\n", encoding="utf-8")
    (directory / "empty").mkdir(exist_ok=True)
    return directory


@pytest.mark.parametrize("name", AUDIT_PROBES)
async def test_blind_spot_missed_by_blockbuster_and_patch_layer(name: str, tmp_path: Path) -> None:
    probe = getattr(PROBE, name)
    with blockbuster_defaults_only():
        probe(str(_scratch(tmp_path / "defaults")))
    with BlockingIOGate(PATCH_LAYER_ONLY):
        probe(str(_scratch(tmp_path / "patch-layer")))


@pytest.mark.parametrize("name", AUDIT_PROBES)
async def test_blind_spot_caught_by_gate_naming_project_frame(name: str, tmp_path: Path) -> None:
    probe = getattr(PROBE, name)
    directory = str(_scratch(tmp_path))
    with pytest.raises(BlockingCallError) as excinfo, detect_blocking_io_strict() as gate:
        probe(directory)
    location = f"{PROBE_LOCATION}:{probe_line(name, AUDIT_PROBE_SOURCE)}"
    primitive = AUDIT_PROBES[name]
    assert str(excinfo.value) == BLOCKING_CALL.format(primitive=primitive, location=location)
    assert excinfo.value.violation.layer == "audit"
    assert gate.seen == [excinfo.value.violation]


async def test_patched_call_reported_once_by_patch_layer(tmp_path: Path) -> None:
    with pytest.raises(BlockingCallError) as excinfo, detect_blocking_io_strict() as gate:
        load_probe(scanned_probe_path()).call(os.listdir, str(tmp_path))
    assert excinfo.value.violation.layer == "patch"
    assert gate.seen == [excinfo.value.violation]


async def test_hook_inert_without_active_gate(tmp_path: Path) -> None:
    with detect_blocking_io_strict():
        assert audit._LISTENERS
    assert audit._LISTENERS == ()
    PROBE.prebound_listdir(str(tmp_path))


def test_hook_ignores_calls_off_the_loop(tmp_path: Path) -> None:
    with detect_blocking_io_strict() as gate:
        PROBE.prebound_listdir(str(tmp_path))
    assert gate.seen == []


async def test_worker_thread_is_not_checked(tmp_path: Path) -> None:
    with detect_blocking_io_strict() as gate:
        await asyncio.to_thread(PROBE.prebound_listdir, str(tmp_path))
    assert gate.seen == []


def _fresh_module(directory: Path) -> str:
    """Write a module under `directory`, put it on sys.path, and return its unique name."""
    name = f"audit_fresh_{abs(hash(directory))}"
    (directory / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
    return name


async def test_import_from_project_frame_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    name = _fresh_module(tmp_path)
    with detect_blocking_io_strict() as gate:
        assert PROBE.import_fresh_module(name).VALUE == 1
    assert gate.seen == []
    sys.modules.pop(name, None)


async def test_import_is_flagged_without_import_frame_allowance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(audit, "_IMPORT_PREFIXES", ())
    name = _fresh_module(tmp_path)
    with pytest.raises(BlockingCallError), detect_blocking_io_strict():
        PROBE.import_fresh_module(name)
    sys.modules.pop(name, None)


async def test_open_of_file_descriptor_is_allowed() -> None:
    read_end, write_end = os.pipe()
    os.close(write_end)
    with detect_blocking_io_strict() as gate:
        PROBE.open_file_descriptor(read_end).close()
    assert gate.seen == []


async def test_blocking_connect_through_prebound_method_is_caught() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server, socket.socket() as client:
        port = server.getsockname()[1]
        with BlockingIOGate(PATCH_LAYER_ONLY):
            PROBE.prebound_connect(client, port)
    with socket.create_server(("127.0.0.1", 0)) as server, socket.socket() as client:
        port = server.getsockname()[1]
        with pytest.raises(BlockingCallError) as excinfo, detect_blocking_io_strict():
            PROBE.prebound_connect(client, port)
    location = f"{PROBE_LOCATION}:{probe_line('prebound_connect', AUDIT_PROBE_SOURCE)}"
    assert excinfo.value.violation.primitive == "socket.socket.connect"
    assert excinfo.value.violation.location == location


async def test_non_blocking_connect_is_allowed() -> None:
    server = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        with detect_blocking_io_strict() as gate:
            await PROBE.open_loopback_connection(port)
    finally:
        server.close()
        await server.wait_closed()
    assert gate.seen == []


def test_open_rules_tell_low_level_and_descriptor_opens_apart() -> None:
    assert match_rule("open", ("/tmp/x", None, 0)).primitive == "os.open"
    assert match_rule("open", ("/tmp/x", "rb", 0)).primitive == "builtins.open"
    assert match_rule("open", (3, "rb", 0)) is None
    assert match_rule("compile", (b"", "<string>")) is None


def test_every_audit_rule_has_a_reason() -> None:
    assert all(rule.reason.strip() for rule in AUDIT_RULES)


def test_coverage_table_lists_every_audited_primitive_with_audit_layer() -> None:
    audited = {
        name.strip()
        for entry in PRIMITIVE_COVERAGE
        if "audit" in entry.layers
        for name in entry.primitive.split(",")
    }
    assert {rule.primitive for rule in AUDIT_RULES} <= audited


def test_coverage_table_uses_known_layers_and_statuses() -> None:
    for entry in PRIMITIVE_COVERAGE:
        layers = {name.strip() for name in entry.layers.split(",")}
        assert layers <= {*LAYERS, "none"}, entry
        assert entry.status in STATUSES, entry
        assert (entry.status == "blind") == (layers == {"none"}), entry
        assert entry.reason.strip(), entry


async def test_loop_monitor_listener_removed_when_it_stops() -> None:
    async with LoopMonitor(("deerflow",)).running():
        assert len(audit._LISTENERS) == 1
    assert audit._LISTENERS == ()
