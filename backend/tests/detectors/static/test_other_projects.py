"""The console script on another project: reports land in that project, never in this repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from blocking_io.layout import (
    DEFAULT_DATA_DIR,
    FINDINGS_FILE,
    ROOT_MARKERS,
    ProjectRootError,
    find_project_root,
    find_upward,
)
from blocking_io.usage import USAGE_ERROR
from tests.support.paths import PROJECT

BLOCKING = "import time\n\n\nasync def tick():\n    time.sleep(1)\n"


def _data_snapshot() -> dict[str, int]:
    """Return every file under this repository's data directory with its modification time."""
    data_dir = PROJECT.data_dir
    if not data_dir.exists():
        return {}
    return {
        path.relative_to(data_dir).as_posix(): path.stat().st_mtime_ns
        for path in data_dir.rglob("*")
        if path.is_file()
    }


def _blocking_io(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "blocking_io", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Return a scratch directory that no project root lies above."""
    assert find_upward(tmp_path, ROOT_MARKERS) is None, "the temp directory lies inside a project"
    return tmp_path


@pytest.mark.parametrize("marker", ROOT_MARKERS)
def test_other_project_report_goes_to_its_own_data_dir(outside: Path, marker: str) -> None:
    project = outside / "other-async-app"
    project.mkdir()
    if marker == ".git":
        (project / ".git").mkdir()
    else:
        (project / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    (project / "app.py").write_text(BLOCKING, encoding="utf-8")
    before = _data_snapshot()

    result = _blocking_io(project)

    assert result.returncode == 0, result.stderr
    report_file = project / DEFAULT_DATA_DIR / FINDINGS_FILE
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [(f["path"], f["line"], f["call"]) for f in report["findings"]] == [
        ("app.py", 5, "time.sleep")
    ]
    assert str(report_file) in result.stdout
    assert _data_snapshot() == before, "the scan wrote into this repository's data directory"


def test_no_project_root_and_no_paths_is_usage_error(outside: Path) -> None:
    (outside / "app.py").write_text(BLOCKING, encoding="utf-8")
    with pytest.raises(ProjectRootError) as expected:
        find_project_root(outside)

    result = _blocking_io(outside)

    assert result.returncode == 2
    message = USAGE_ERROR.format(prog="blocking-io", message=expected.value)
    assert result.stderr == message + "\n"
    assert not (outside / DEFAULT_DATA_DIR).exists()


def test_no_project_root_with_paths_scans_them(outside: Path) -> None:
    (outside / "app.py").write_text(BLOCKING, encoding="utf-8")

    result = _blocking_io(outside, "app.py", "--format", "json", "--output", "-")

    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["call"]) for f in findings] == [("app.py", "time.sleep")]
