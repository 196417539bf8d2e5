"""The teeth check reverts each production offload in its own copy and reports unguarded ones.

The anchor runner is faked here (the real check takes minutes): the fake looks at the mutant
copy it is given, so these tests also prove that exactly one site is reverted per copy and that
the original tree is never touched.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from blocking_io.runtime.messages import BLOCKING_CALL, CAUGHT_BLOCKING_CALLS
from blocking_io.teeth import Site, mutants
from blocking_io.teeth.messages import (
    BASELINE_FAILED,
    IMPORT_ORIGIN_MISMATCH,
    INVALID_JOBS,
    LEFT_UNCHANGED,
    NO_GATE_ERROR,
    NOT_FOUND_BY_CODEMOD,
    PARSE_FAILED,
    REASON_NOT_AWAITED,
)
from blocking_io.teeth.mutants import (
    AnchorRun,
    failed_tests,
    run_anchors,
    verify_import_origins,
)
from blocking_io.teeth.outcomes import (
    CAUGHT,
    ERROR,
    NOT_REVERTED,
    SURVIVED,
    classify,
)
from blocking_io.teeth.teeth import PROG, enumerate_sites, main
from blocking_io.usage import USAGE_ERROR
from tests.detectors.offload_revert.trees import write_project_config

ROUTER = """import asyncio


async def list_skills(config):
    storage = await asyncio.to_thread(load_storage, config)
    return await asyncio.to_thread(storage.load_skills)
"""
STORE = """import asyncio


async def put(path, line):
    pending = asyncio.to_thread(append, path, line)
    await pending
    await asyncio.to_thread(flush, path)
"""
SITE_A = "app/gateway/routers/skills.py:5"
SITE_B = "app/gateway/routers/skills.py:6"
SITE_C = "packages/harness/deerflow/store.py:5"
SITE_D = "packages/harness/deerflow/store.py:7"
ANCHOR = "tests/blocking_io/test_skills.py::test_list_skills_offloads_storage"
GATE_ERROR = BLOCKING_CALL.format(primitive="os.stat", location="deerflow/skills/storage.py:9")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def backend(tmp_path: Path) -> Path:
    """Return a small backend tree with four offload sites, caches and a venv to skip."""
    root = tmp_path / "backend"
    write_project_config(root)
    _write(root / "app" / "gateway" / "routers" / "skills.py", ROUTER)
    _write(root / "packages" / "harness" / "deerflow" / "store.py", STORE)
    _write(root / "tests" / "offloads.py", "import asyncio\nawait_it = asyncio.to_thread\n")
    _write(root / "tests" / "blocking_io" / "test_skills.py", "def test_x():\n    pass\n")
    _write(root / ".venv" / "lib" / "big.py", "")
    _write(root / "app" / "__pycache__" / "skills.cpython-311.pyc", "")
    return root


class FakeAnchors:
    """Stand in for pytest: an anchor fails when the skills router's first offload is gone."""

    def __init__(self, original: Path) -> None:
        self.original = original
        self.copies: list[Path] = []

    def __call__(self, copy: Path) -> AnchorRun:
        self.copies.append(copy)
        assert copy != self.original
        assert not (copy / ".venv").exists()
        assert not (copy / "app" / "__pycache__").exists()
        assert (self.original / "app/gateway/routers/skills.py").read_text() == ROUTER
        router = (copy / "app/gateway/routers/skills.py").read_text()
        store = (copy / "packages/harness/deerflow/store.py").read_text()
        reverted = (router != ROUTER) + (store != STORE)
        assert reverted <= 1, "a mutant must revert exactly one site"
        if "= load_storage(config)" in router:
            return AnchorRun(1, (ANCHOR,), f"BlockingCallError: {GATE_ERROR}\n1 failed")
        return AnchorRun(0, (), "1 passed")


def _run(backend: Path, *argv: str, anchors: FakeAnchors | None = None) -> int:
    return main(list(argv), backend=backend, run=anchors or FakeAnchors(backend), verify=_noop)


def _noop(copy: Path) -> None:
    assert copy.is_dir()


def test_enumerate_sites_covers_production_roots_only(backend: Path) -> None:
    sites = enumerate_sites(backend)
    assert [s.location for s in sites] == [SITE_A, SITE_B, SITE_C, SITE_D]
    assert [s.callable for s in sites] == ["load_storage", "storage.load_skills", "append", "flush"]
    assert sites[2].problem == LEFT_UNCHANGED.format(
        offloader="asyncio.to_thread", line=5, reason=REASON_NOT_AWAITED
    )


def test_teeth_table_reports_caught_survived_and_not_reverted(
    backend: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchors = FakeAnchors(backend)
    assert _run(backend, anchors=anchors) == 1
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line}
    assert rows[SITE_A].endswith(ANCHOR)
    assert rows[SITE_B].endswith("SURVIVED")
    assert (
        "NOT REVERTED: "
        + LEFT_UNCHANGED.format(offloader="asyncio.to_thread", line=5, reason=REASON_NOT_AWAITED)
        in rows[SITE_C]
    )
    assert rows[SITE_D].endswith("SURVIVED")
    # One baseline copy plus one copy per revertible site, each a fresh directory.
    assert len(anchors.copies) == 4
    assert len(set(anchors.copies)) == 4


def test_teeth_exit_code_is_zero_when_every_site_is_caught(
    backend: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(backend, "--site", SITE_A) == 0
    out = capsys.readouterr().out
    assert SITE_A in out
    assert SITE_B not in out


def test_teeth_json_lists_outcomes_and_summary(
    backend: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(backend, "--json", "--jobs", "2") == 1
    document = json.loads(capsys.readouterr().out)
    outcomes = {f"{s['path']}:{s['line']}": s["outcome"] for s in document["sites"]}
    assert outcomes == {SITE_A: CAUGHT, SITE_B: SURVIVED, SITE_C: NOT_REVERTED, SITE_D: SURVIVED}
    assert document["sites"][0]["failing_anchors"] == [ANCHOR]
    summary = document["summary"]
    assert (summary["sites"], summary[CAUGHT], summary[SURVIVED]) == (4, 1, 2)
    assert (summary[NOT_REVERTED], summary[ERROR], summary["passed"]) == (1, 0, False)


def test_teeth_list_runs_no_anchors(backend: Path, capsys: pytest.CaptureFixture[str]) -> None:
    anchors = FakeAnchors(backend)
    assert _run(backend, "--list", "--json", anchors=anchors) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [f"{s['path']}:{s['line']}" for s in listed] == [SITE_A, SITE_B, SITE_C, SITE_D]
    assert anchors.copies == []


def test_teeth_stops_when_anchors_fail_on_the_unmodified_copy(
    backend: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(copy: Path) -> AnchorRun:
        return AnchorRun(1, (ANCHOR,), "1 failed")

    assert main([], backend=backend, run=broken, verify=_noop) == 1
    assert capsys.readouterr().out.strip() == BASELINE_FAILED.format(returncode=1, failed=ANCHOR)


def test_teeth_stops_when_the_copy_would_not_be_imported(
    backend: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def wrong_origin(copy: Path) -> None:
        raise RuntimeError(IMPORT_ORIGIN_MISMATCH.format(package="deerflow", origin="x", copy=copy))

    anchors = FakeAnchors(backend)
    assert main([], backend=backend, run=anchors, verify=wrong_origin) == 1
    head = IMPORT_ORIGIN_MISMATCH.split("{copy}")[0].format(package="deerflow", origin="x")
    assert capsys.readouterr().err.startswith(head)
    assert anchors.copies == []


def test_teeth_reports_an_unparsable_production_file(
    backend: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(backend / "app" / "broken.py", "async def broken(:\n")
    assert _run(backend) == 1
    prefix = PARSE_FAILED.split("{error}")[0].format(path="app/broken.py")
    assert capsys.readouterr().err.startswith(prefix)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--jobs", "0"], INVALID_JOBS.format(value="0")),
        (["--jobs", "two"], INVALID_JOBS.format(value="two")),
        (["--site", "app/missing.py:1"], "Invalid --site 'app/missing.py:1' from the command line"),
    ],
)
def test_teeth_usage_errors_exit_2(
    backend: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert _run(backend, *argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(USAGE_ERROR.format(prog=PROG, message=expected))
    assert "usage:" not in err


def test_teeth_unknown_option_exits_2(backend: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        _run(backend, "--bogus")
    assert excinfo.value.code == 2
    message = "unrecognized arguments: --bogus"
    assert capsys.readouterr().err == USAGE_ERROR.format(prog=PROG, message=message) + "\n"


@pytest.mark.parametrize(
    ("run", "outcome"),
    [
        (AnchorRun(0, (), "5 passed"), SURVIVED),
        (AnchorRun(5, (), "no tests ran"), SURVIVED),
        (AnchorRun(1, (ANCHOR,), f"E   {GATE_ERROR}\n1 failed"), CAUGHT),
        (AnchorRun(1, (ANCHOR,), CAUGHT_BLOCKING_CALLS.format(count=2)), CAUGHT),
        (AnchorRun(1, (ANCHOR,), "E   AssertionError: assert 1 == 2\n1 failed"), ERROR),
        (AnchorRun(1, (), "1 failed"), ERROR),
        (AnchorRun(2, (), "Interrupted: 1 error during collection"), ERROR),
    ],
)
def test_classify_maps_pytest_exit_codes(run: AnchorRun, outcome: str) -> None:
    site = Site("app/x.py", 3, 5, "asyncio.to_thread", "f")
    assert classify(site, run).outcome == outcome


def test_classify_names_an_anchor_failing_without_the_gate() -> None:
    site = Site("app/x.py", 3, 5, "asyncio.to_thread", "f")
    result = classify(site, AnchorRun(1, (ANCHOR,), "E   KeyError: 'x'\n1 failed"))
    assert result.detail == NO_GATE_ERROR.format(anchor=ANCHOR)


def test_failed_tests_reads_only_the_outer_summary() -> None:
    inner = "=== short test summary info ===\nFAILED tests/inner.py::test_inner - boom\n"
    stdout = (
        f"F\n___ test_outer ___\n{inner}\n"
        "=========== short test summary info ===========\n"
        "FAILED tests/blocking_io/test_a.py::test_one[a b] - AssertionError: x\n"
        "ERROR tests/blocking_io/test_b.py::test_two\n"
        "!!!!!! stopping after 1 failures !!!!!!\n"
    )
    assert failed_tests(stdout) == (
        "tests/blocking_io/test_a.py::test_one[a b]",
        "tests/blocking_io/test_b.py::test_two",
    )
    assert failed_tests("3 passed in 0.1s\n") == ()


def test_run_anchors_runs_pytest_in_the_copy(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    write_project_config(copy)
    _write(copy / "tests" / "blocking_io" / "test_a.py", "def test_ok():\n    pass\n")
    _write(copy / "tests" / "blocking_io" / "test_b.py", "def test_bad():\n    assert 0\n")
    _write(copy / "tests" / "blocking_io" / "test_gate_health.py", "def test_h():\n    assert 0\n")
    _write(copy / "pytest.ini", "[pytest]\naddopts = -ra\n")
    run = run_anchors(copy, sys.executable)
    assert run.returncode == 1
    assert run.failed == ("tests/blocking_io/test_b.py::test_bad",)


def test_verify_import_origins_accepts_copy_and_rejects_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy"
    write_project_config(copy)
    verify_import_origins(copy, sys.executable)
    # Without the copy on the path, the venv's editable installs are imported instead.
    monkeypatch.setattr(mutants, "mutant_env", lambda copy: dict(os.environ))
    with pytest.raises(RuntimeError) as excinfo:
        verify_import_origins(copy, sys.executable)
    head = IMPORT_ORIGIN_MISMATCH.split("`{origin}`")[0].format(package="deerflow")
    assert str(excinfo.value).startswith(head)


def test_enumerate_sites_reports_an_inventory_offload_the_codemod_cannot_find(
    tmp_path: Path,
) -> None:
    backend = tmp_path / "backend"
    write_project_config(backend)
    _write(
        backend / "app" / "jobs.py",
        "import asyncio\nimport threading\n\n\ndef work():\n    pass\n\n\n"
        "async def start():\n    threading.Thread(target=work).start()\n"
        "    await asyncio.to_thread(work)\n",
    )
    sites = {(site.line, site.problem) for site in enumerate_sites(backend)}
    assert sites == {(10, NOT_FOUND_BY_CODEMOD), (11, None)}
