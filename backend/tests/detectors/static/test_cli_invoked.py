"""Paths written from another directory: ``--invoked-from``, which `make` passes.

`make detect-blocking-io` runs the command in backend/; the paths a person writes in ``ARGS`` are
relative to where they ran make. Every option naming a file or directory is read from the
``--invoked-from`` directory and rewritten to name the same file from the working directory;
stdout (``-``), empty values and absolute paths stay as written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blocking_io.static import main
from blocking_io.static.cli import PATH_OPTIONS, UsageError, _parse, _parser, _python

SLEEPY = "import time\n\n\nasync def handler():\n    time.sleep(1)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a project whose commands run from its `backend/` directory."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(SLEEPY, encoding="utf-8")
    (tmp_path / "backend").mkdir()
    monkeypatch.chdir(tmp_path / "backend")
    return tmp_path


def test_every_option_taking_a_path_is_read_from_the_invoking_directory() -> None:
    takes_paths = {
        action.dest
        for action in _parser()._actions
        if action.type in (Path, _python) or action.dest == "output"
    }
    assert takes_paths - {"invoked_from"} == set(PATH_OPTIONS)


@pytest.mark.parametrize(
    ("option", "written", "read"),
    [
        ("--output", "out/report.json", "../out/report.json"),
        ("--baseline", "base.json", Path("../base.json")),
        ("--write-baseline", "sub/../base.json", Path("../base.json")),
        ("--python", ".venv", Path("../.venv")),
        ("--call-graph", "graph.json", Path("../graph.json")),
        ("--cache-dir", ".cache", Path("../.cache")),
        ("--output", "-", "-"),
    ],
)
def test_a_path_option_names_from_here_what_was_written_from_there(
    project: Path, option: str, written: str, read: object
) -> None:
    args = _parse(["src", option, written, "--invoked-from", str(project)])
    assert getattr(args, option.lstrip("-").replace("-", "_")) == read
    assert args.paths == [Path("../src")]


def test_an_absolute_path_stays_as_written(project: Path) -> None:
    absolute = str(project / "src")
    args = _parse([absolute, "--baseline", "/tmp/base.json", "--invoked-from", str(project)])
    assert args.paths == [Path(absolute)] and args.baseline == Path("/tmp/base.json")


def test_without_it_paths_are_read_from_the_working_directory(project: Path) -> None:
    args = _parse(["../src", "--baseline", "base.json"])
    assert args.paths == [Path("../src")] and args.baseline == Path("base.json")


def test_a_scan_written_from_the_root_reports_into_the_root(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["src", "--output", "out.json", "--invoked-from", str(project), "--no-cache"])
    assert status == 0
    report = json.loads((project / "out.json").read_text(encoding="utf-8"))
    assert [f["call"] for f in report["findings"]] == ["time.sleep"]
    assert not (project / "backend" / "out.json").exists()
    assert "../out.json" in capsys.readouterr().out  # named from where the command ran


def test_an_empty_path_is_refused_as_written(project: Path) -> None:
    with pytest.raises(UsageError, match="Invalid --output '' "):
        _parse(["src", "--output", "", "--invoked-from", str(project)])


def test_a_missing_invoking_directory_exits_2_naming_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["src", "--invoked-from", str(project / "nope")]) == 2
    err = capsys.readouterr().err
    assert f"--invoked-from '{project / 'nope'}'" in err and "existing directory" in err
