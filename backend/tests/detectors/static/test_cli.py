"""Command line: exit codes, formats, output files and the listing of files that fail to parse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from blocking_io.static import main
from blocking_io.static.messages import PARSE_REASON
from blocking_io.static.rules import RULES_BY_CODE
from blocking_io.static.source import PYTHON_VERSION
from tests.support.paths import BACKEND_DIR

BLOCKING = "import time\n\n\nasync def tick():\n    time.sleep(1)\n"
CLEAN = "import asyncio\n\n\nasync def tick():\n    await asyncio.sleep(1)\n"
STAT_ONLY = "import os\n\n\nasync def tick(p):\n    os.stat(p)\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    root.mkdir()
    (root / "tick.py").write_text(BLOCKING, encoding="utf-8")
    return root


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_json_to_stdout_is_the_report(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, str(tree), "--format", "json", "--output", "-", "--no-cache")
    report = json.loads(out)
    assert status == 0
    assert [f["call"] for f in report["findings"]] == ["time.sleep"]
    assert report["findings"][0]["code"] in RULES_BY_CODE
    assert "1 finding(s)" in err


def test_cli_writes_output_file_and_prints_summary(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "report.json"
    status, out, _ = _run(capsys, str(tree), "--output", str(target), "--no-cache")
    assert status == 0
    assert json.loads(target.read_text(encoding="utf-8"))["counts"]["total"] == 1
    assert "by priority: high 1" in out
    assert f"Report written to {target}" in out
    assert "top files:" in out


def test_cli_text_format_groups_findings_under_their_file(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "a_first.py").write_text(BLOCKING + BLOCKING.replace("tick", "tock"), encoding="utf-8")
    status, out, _ = _run(capsys, str(tree), "--format", "text", "--no-cache")
    assert status == 0
    assert out.splitlines() == [
        "a_first.py",
        "  5:5   BIO101  Blocking call `time.sleep` in async function `tick`; "
        "use `await asyncio.sleep(...)`",
        "  10:5  BIO101  Blocking call `time.sleep` in async function `tock`; "
        "use `await asyncio.sleep(...)`",
        "tick.py",
        "  5:5  BIO101  Blocking call `time.sleep` in async function `tick`; "
        "use `await asyncio.sleep(...)`",
    ]


def test_cli_text_format_to_output_file(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "findings.txt"
    status, out, _ = _run(
        capsys, str(tree), "--format", "text", "--output", str(target), "--no-cache"
    )
    assert status == 0
    assert target.read_text(encoding="utf-8").count(" BIO101 ") == 1
    assert f"Report written to {target}" in out


def test_cli_sarif_format_lists_rules_and_results(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, str(tree), "--format", "sarif", "--output", "-", "--no-cache")
    sarif = json.loads(out)
    run = sarif["runs"][0]
    assert status == 0
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == set(RULES_BY_CODE)
    assert [result["ruleId"] for result in run["results"]] == ["BIO101"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5


@pytest.mark.parametrize(
    ("source", "fail_on", "expected"),
    [
        (BLOCKING, "high", 1),
        (BLOCKING, "low", 1),
        (STAT_ONLY, "medium", 0),
        (STAT_ONLY, "low", 1),
        (CLEAN, "low", 0),
    ],
)
def test_cli_fail_on_sets_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, fail_on: str, expected: int
) -> None:
    (tmp_path / "mod.py").write_text(source, encoding="utf-8")
    args = (str(tmp_path), "--fail-on", fail_on, "--output", "-", "--no-cache")
    assert _run(capsys, *args)[0] == expected


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--format", "sarf"],
            "Invalid --format 'sarf' from the command line; expected one of: json, sarif, text",
        ),
        (
            ["--fail-on", "urgent"],
            "Invalid --fail-on 'urgent' from the command line; expected one of: high, medium, low",
        ),
        (
            ["--bogus"],
            "Unknown argument '--bogus' from the command line; expected paths and the options:",
        ),
        (
            ["--select", "BIO101,bio201"],
            "Invalid --select 'bio201' from the command line; expected one of: BIO101, BIO201",
        ),
        (
            ["--explain", "BIO999"],
            "Invalid --explain 'BIO999' from the command line; expected one of: BIO101, BIO201",
        ),
    ],
)
def test_cli_usage_errors_exit_2_naming_the_argument(
    tree: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = _run(capsys, str(tree), *argv)
    assert status == 2
    assert out == ""
    assert message in err


def test_cli_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope"
    status, _, err = _run(capsys, str(missing), "--no-cache")
    assert status == 2
    assert f"Invalid path '{missing}' from the command line" in err


def test_cli_lists_unparsable_and_non_utf8_files_and_goes_on(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "broken.py").write_text("def broken(:\n    pass\n", encoding="utf-8")
    (tree / "latin.py").write_bytes(b"# caf\xe9\nx = 1\n")
    status, out, _ = _run(capsys, str(tree), "--output", "-", "--no-cache")
    report = json.loads(out)
    errors = {Path(e["path"]).name: e for e in report["errors"]}
    assert status == 0
    assert set(errors) == {"broken.py", "latin.py"}
    assert errors["broken.py"]["line"] == 1
    assert errors["broken.py"]["reason"] == PARSE_REASON.format(
        python=PYTHON_VERSION, error="invalid syntax"
    )
    assert errors["latin.py"]["line"] == 1
    assert "not valid UTF-8" in errors["latin.py"]["reason"]
    assert report["counts"]["total"] == 1


def test_cli_parses_files_with_invalid_escapes_and_deep_chains(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chain = " + ".join(['"x"'] * 2500)
    source = f'import os\n\n\nasync def f():\n    os.remove("\\d" + {chain})\n'
    (tree / "noisy.py").write_text(source, encoding="utf-8")
    status, out, _ = _run(capsys, str(tree), "--output", "-", "--no-cache")
    report = json.loads(out)
    assert status == 0
    assert report["errors"] == []
    assert sorted(f["call"] for f in report["findings"]) == ["os.remove", "time.sleep"]


def test_cli_lists_unreadable_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "dangling.py").symlink_to(tree / "missing-target.py")
    status, out, _ = _run(capsys, str(tree), "--output", "-", "--no-cache")
    errors = json.loads(out)["errors"]
    assert status == 0
    assert [Path(e["path"]).name for e in errors] == ["dangling.py"]
    assert errors[0]["reason"].startswith("cannot be read")
    assert errors[0]["line"] is None


def test_cli_script_runs_as_a_subprocess(tree: Path) -> None:
    script = BACKEND_DIR / "scripts" / "detect_blocking_io_static.py"
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            str(tree),
            "--output",
            "-",
            "--no-cache",
            "--fail-on",
            "high",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["counts"]["by_code"]["BIO101"] == 1
