"""Command line exit codes: a bad --output is refused before scanning; crashes are not gates."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from blocking_io.static import cli, main
from blocking_io.static.cli import EXIT_CODES, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from blocking_io.static.messages import CANNOT_WRITE, OUTPUT_INVALID

BLOCKING = "import time\n\n\nasync def tick():\n    time.sleep(1)\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    root.mkdir()
    (root / "tick.py").write_text(BLOCKING, encoding="utf-8")
    return root


@pytest.fixture
def no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the scan must not run")

    monkeypatch.setattr(cli, "scan", refuse)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_exit_codes_are_distinct_and_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    codes = [code for code, _ in EXIT_CODES]
    assert codes == [EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_ERROR] == [0, 1, 2, 3]
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for code, meaning in EXIT_CODES:
        assert f"  {code}  {meaning}" in out


@pytest.mark.parametrize("kind", ["directory", "empty", "under-a-file"])
def test_cli_bad_output_is_a_usage_error_before_scanning(
    tree: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str], no_scan: None
) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    output = {"directory": str(tmp_path), "empty": "", "under-a-file": str(tmp_path / "plain/r")}
    status, _, err = _run(capsys, str(tree), "--no-cache", "--output", output[kind])
    assert status == EXIT_USAGE
    assert OUTPUT_INVALID.format(output=output[kind], expected="")[:-1] in err


def test_cli_write_failure_exits_3_with_a_message(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    target = tmp_path / "report.json"
    status, _, err = _run(capsys, str(tree), "--no-cache", "--output", str(target))
    assert status == EXIT_ERROR
    problem = "No space left on device"
    assert CANNOT_WRITE.format(what="report", path=target, problem=problem) in err


def test_cli_internal_error_exits_3_not_1(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(cli, "scan", broken)
    status, _, err = _run(capsys, str(tree), "--no-cache", "--fail-on", "low", "--output", "-")
    assert status == EXIT_ERROR
    assert "internal error" in err


def test_cli_fail_on_errors_fails_only_when_inputs_were_not_analysed(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = (str(tree), "--no-cache", "--output", "-", "--fail-on-errors")
    clean = tree / "tick.py"
    clean.write_text("async def tick():\n    pass\n", encoding="utf-8")
    assert _run(capsys, *argv)[0] == EXIT_OK
    (tree / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    status, out, _ = _run(capsys, *argv)
    assert status == EXIT_ERROR
    assert [Path(e["path"]).name for e in json.loads(out)["errors"]] == ["broken.py"]
    assert _run(capsys, *argv[:-1])[0] == EXIT_OK


def test_cli_bad_max_file_size_is_a_usage_error(
    tree: Path, capsys: pytest.CaptureFixture[str], no_scan: None
) -> None:
    status, _, err = _run(capsys, str(tree), "--max-file-size", "lots")
    assert status == EXIT_USAGE
    assert "--max-file-size 'lots'" in err
