"""Baselines: only findings absent from the baseline count; fixed ones are reported; bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blocking_io.static import main
from blocking_io.static.baseline import BASELINE_VERSION, BaselineError, compare, read_baseline
from blocking_io.static.messages import (
    BASELINE_INVALID,
    BASELINE_MISSING,
    CANNOT_WRITE,
    COMPARED,
    SHRINK_BASELINE,
)

OLD = "import time\n\n\nasync def old():\n    time.sleep(1)\n"
NEW = "import os\n\n\nasync def new(p):\n    os.remove(p)\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main([*argv, "--no-cache"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "old.py").write_text(OLD, encoding="utf-8")
    return tmp_path


def test_baseline_counts_only_new_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = project / "baseline.json"
    src = str(project / "src")
    assert _run(capsys, src, "--write-baseline", str(baseline))[0] == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == BASELINE_VERSION
    assert [item["path"] for item in data["findings"]] == ["src/old.py"]
    status, out, _ = _run(capsys, src, "--baseline", str(baseline), "--fail-on", "low")
    against = f"baseline {baseline}"
    assert status == 0
    assert COMPARED.format(against=against, new=0, known=1, fixed=0) in out
    (project / "src" / "new.py").write_text(NEW, encoding="utf-8")
    status, out, err = _run(
        capsys, src, "--baseline", str(baseline), "--fail-on", "medium", "--format", "text"
    )
    assert status == 1
    assert COMPARED.format(against=against, new=1, known=1, fixed=0) in err
    assert out.splitlines()[0] == "src/new.py"
    assert "src/old.py" not in out


def test_baseline_reports_fixed_items(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = project / "baseline.json"
    src = str(project / "src")
    _run(capsys, src, "--write-baseline", str(baseline))
    (project / "src" / "old.py").write_text(OLD.replace("time.sleep(1)", "pass"), encoding="utf-8")
    status, out, _ = _run(capsys, src, "--baseline", str(baseline), "--fail-on", "low")
    assert status == 0
    assert COMPARED.format(against=f"baseline {baseline}", new=0, known=0, fixed=1) in out
    assert SHRINK_BASELINE.format(path=baseline) in out


def test_baseline_new_entry_to_a_known_finding_counts_when_entries_are_listed() -> None:
    finding = {"id": "a" * 16, "entries": [{"entry": "pkg.new", "kind": "direct", "chain": []}]}
    known = compare([finding], [{"id": "a" * 16, "entries": ["pkg.old"]}])
    assert known.new == [finding]
    listed = compare([finding], [{"id": "a" * 16, "entries": ["pkg.new", "pkg.old"]}])
    assert listed.known == [finding]
    # Without entries on either side, the id alone decides.
    assert compare([{"id": "a" * 16}], [{"id": "a" * 16, "entries": ["x"]}]).known


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{", "not JSON (Expecting property name enclosed in double quotes at line 1)"),
        ('{"tool": "other", "version": 1, "findings": []}', "not a blocking-io baseline"),
        ('{"tool": "blocking-io", "version": 99, "findings": []}', "version 99 is not supported"),
        ('{"tool": "blocking-io", "version": 1, "findings": {}}', "`findings` is not a list"),
        (
            '{"tool": "blocking-io", "version": 1, "findings": [{}]}',
            "item 0 of `findings` has no string `id`",
        ),
    ],
)
def test_baseline_bad_file_is_a_clear_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as caught:
        read_baseline(path)
    expected = BASELINE_INVALID.format(path=path, problem=problem, version=BASELINE_VERSION)
    assert str(caught.value) == expected


def test_baseline_missing_file_exits_2_naming_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = project / "nope.json"
    status, _, err = _run(capsys, str(project / "src"), "--baseline", str(missing))
    assert status == 2
    assert f"error: {BASELINE_MISSING.format(path=missing)}" in err


def test_baseline_unwritable_path_exits_2_naming_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = project / "taken"
    blocker.write_text("a file, not a directory", encoding="utf-8")
    target = blocker / "baseline.json"
    status, _, err = _run(capsys, str(project / "src"), "--write-baseline", str(target))
    assert status == 2
    # The problem text comes from the operating system; the rest is the template.
    prefix = CANNOT_WRITE.split("{problem}")[0].format(what="baseline", path=target)
    assert f"blocking-io: error: {prefix}" in err


def test_baseline_paths_written_from_the_invoking_directory_are_compared(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make` runs the command in backend/ but passes the directory it was run in: a baseline
    written and compared from there is the same file, and the report names it from here."""
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    invoked = ("--invoked-from", str(project))
    assert _run(capsys, "src", "--write-baseline", "base.json", *invoked)[0] == 0
    assert (project / "base.json").is_file() and not (elsewhere / "base.json").exists()
    (project / "src" / "new.py").write_text(NEW, encoding="utf-8")
    status, out, _ = _run(capsys, "src", "--baseline", "base.json", "--fail-on", "medium", *invoked)
    assert status == 1
    assert COMPARED.format(against="baseline ../base.json", new=1, known=1, fixed=0) in out
