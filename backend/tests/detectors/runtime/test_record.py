"""The runtime record lists each catch with its test and static key, and the functions that ran.

Unit tests build records directly; an inner pytest run on two xdist workers proves the workers'
parts are merged into one `blocking-io-runtime.json` by the controller.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from blocking_io.runtime.record import (
    NOT_FOUND_STATICALLY,
    RECORD_FILE,
    FunctionTracer,
    RuntimeRecord,
    merge_parts,
)
from blocking_io.runtime.violations import Violation
from tests.support.paths import BACKEND_DIR


def _violation(location: str, primitive: str = "time.sleep") -> Violation:
    return Violation(primitive=primitive, location=location, message="m", layer="audit")


def _findings(path: Path, findings: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    return path


def test_catch_maps_to_static_finding_by_path_and_line(tmp_path: Path) -> None:
    record = RuntimeRecord(root=tmp_path)
    base = os.path.join(str(tmp_path / "backend"), "")
    violations = [_violation("pkg/a.py:7"), _violation("pkg/a.py:9")]
    record.add_test("tests/t.py::test_a", violations, base, (), ())
    findings = _findings(
        tmp_path / "f.json", [{"path": "backend/pkg/a.py", "line": 7, "id": "0123456789abcdef"}]
    )
    data = record.to_json(findings)
    assert data["catches"] == [
        {
            "primitive": "time.sleep",
            "layer": "audit",
            "path": "backend/pkg/a.py",
            "line": 7,
            "test": "tests/t.py::test_a",
            "finding": "0123456789abcdef",
        },
        {
            "primitive": "time.sleep",
            "layer": "audit",
            "path": "backend/pkg/a.py",
            "line": 9,
            "test": "tests/t.py::test_a",
            "finding": NOT_FOUND_STATICALLY,
        },
    ]


def test_catch_without_static_report_is_not_found_statically(tmp_path: Path) -> None:
    record = RuntimeRecord(root=tmp_path)
    record.add_test("t::x", [_violation("a.py:1")], os.path.join(str(tmp_path), ""), (), ())
    assert record.to_json(tmp_path / "missing.json")["catches"][0]["finding"] == (
        NOT_FOUND_STATICALLY
    )


def _traced() -> int:
    return 1


def test_tracer_records_called_functions_under_scanned_prefixes() -> None:
    with FunctionTracer() as tracer:
        _traced()
    record = RuntimeRecord(root=BACKEND_DIR.parent)
    record.add_codes(tracer.codes, (os.path.join(str(Path(__file__).parent), ""),))
    functions = {f.function for f in record.executed}
    assert "_traced" in functions
    assert all(f.path.startswith("backend/tests/detectors/runtime/") for f in record.executed)


def test_merge_parts_combines_tests_catches_and_functions(tmp_path: Path) -> None:
    base = os.path.join(str(tmp_path), "")
    first, second = RuntimeRecord(root=tmp_path), RuntimeRecord(root=tmp_path)
    first.add_test("t::a", [_violation("a.py:1")], base, (), ())
    second.add_test("t::b", [_violation("b.py:2")], base, (), ())
    first.write(tmp_path / "parts" / "gw0.json", None)
    second.write(tmp_path / "parts" / "gw1.json", None)
    merged = merge_parts((tmp_path / "parts").glob("*.json"), tmp_path)
    assert merged.tests == 2
    assert [(c.path, c.test) for c in merged.catches] == [("a.py", "t::a"), ("b.py", "t::b")]


INNER_ROOT_CONFTEST = """
from pathlib import Path

from blocking_io.runtime.recording import RECORD_PLUGIN_NAME, RecordPlugin


def pytest_configure(config):
    if not config.pluginmanager.has_plugin(RECORD_PLUGIN_NAME):
        root = Path(__file__).parent
        plugin = RecordPlugin(root, root / "data", None)
        config.pluginmanager.register(plugin, RECORD_PLUGIN_NAME)
"""

INNER_TESTS = """
import pytest
from tests.support.detectors.blocking_io_probes import load_probe, scanned_probe_path

PROBE = load_probe(scanned_probe_path())


@pytest.mark.parametrize("n", range(4))
async def test_blocking(n):
    PROBE.sleep()


async def test_clean():
    await PROBE.offloaded_sleep()
"""


def test_xdist_workers_parts_merge_into_one_record(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    gated = pytester.mkdir("tests") / "blocking_io"
    gated.mkdir()
    conftest = BACKEND_DIR / "tests" / "blocking_io" / "conftest.py"
    (gated / "conftest.py").write_text(conftest.read_text(encoding="utf-8"), encoding="utf-8")
    (gated / "test_inner.py").write_text(INNER_TESTS, encoding="utf-8")
    (pytester.path / "conftest.py").write_text(INNER_ROOT_CONFTEST, encoding="utf-8")
    pytester.makeini(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(BACKEND_DIR))
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=1, failed=4)
    record = json.loads((pytester.path / "data" / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["tests"] == 5
    assert sorted(c["test"].rsplit("::", 1)[1] for c in record["catches"]) == [
        f"test_blocking[{n}]" for n in range(4)
    ]
    assert {c["primitive"] for c in record["catches"]} == {"time.sleep"}
    assert "offloaded_sleep" in {f["function"] for f in record["executed"]}
    assert not (pytester.path / "data" / "runtime-parts").exists()
