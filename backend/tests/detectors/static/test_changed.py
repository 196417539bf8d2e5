"""Changed-lines mode: findings on added lines plus findings new against the merge base."""

from __future__ import annotations

import gc
import importlib
import json
import subprocess
from pathlib import Path

import pytest

from blocking_io.static import main
from blocking_io.static.changed import added_lines
from blocking_io.static.messages import MERGE_BASE_NOT_A_COMMIT, NOT_A_REPOSITORY
from blocking_io.static.project import Project

# The package's `scan` and `cli` attributes are functions; these are the modules.
scan_module = importlib.import_module("blocking_io.static.scan")
cli_module = importlib.import_module("blocking_io.static.cli")

HELPER = "import os\n\n\ndef purge(p):\n    os.remove(p)\n"
OLD = "import time\n\n\nasync def old():\n    time.sleep(1)\n"
CALLER = "from helper import purge\n\n\nasync def handler(p):\n    purge(p)\n"


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    (root / "old.py").write_text(OLD, encoding="utf-8")
    (root / "helper.py").write_text(HELPER, encoding="utf-8")
    _commit(root, "base")
    return root


def _run(
    capsys: pytest.CaptureFixture[str], root: Path, monkeypatch: pytest.MonkeyPatch, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    status = main([*argv, "--no-cache", "--format", "concise"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_changed_since_reports_added_lines_and_new_exposures_only(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "old.py").write_text(OLD + "\n\nasync def fresh():\n    time.sleep(2)\n", "utf-8")
    (repo / "caller.py").write_text(CALLER, encoding="utf-8")
    _commit(repo, "change")
    status, out, err = _run(
        capsys, repo, monkeypatch, "--changed-since", "HEAD~1", "--fail-on", "low"
    )
    assert status == 1, err
    lines = out.splitlines()
    # The sleep on an added line, and the old helper that a new caller put on the loop.
    assert [line.split(": ")[0] for line in lines] == ["helper.py:5:5", "old.py:9:5"]
    assert "1 known" in err


def test_changed_since_counts_uncommitted_edits(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "new.py").write_text(OLD, encoding="utf-8")
    assert added_lines(repo, "HEAD") == {"new.py": {1, 2, 3, 4, 5}}
    status, out, _ = _run(capsys, repo, monkeypatch, "--changed-since", "HEAD")
    assert status == 0
    assert out.startswith("new.py:5:5: BIO101")


def test_changed_since_clean_change_exits_0_and_removes_its_worktree(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "docs.py").write_text('"""Nothing blocking."""\n', encoding="utf-8")
    _commit(repo, "docs")
    status, out, _ = _run(
        capsys, repo, monkeypatch, "--changed-since", "HEAD~1", "--fail-on", "low"
    )
    assert (status, out) == (0, "")
    assert _git(repo, "worktree", "list").count("\n") == 1


def test_changed_since_keeps_the_working_trees_stored_report(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge base is scanned with the same cache, but its report does not replace the
    working tree's: the next plain scan is still answered from the stored report."""
    (repo / "caller.py").write_text(CALLER, encoding="utf-8")
    _commit(repo, "change")
    # The base's checkout is younger than the racy window, which alone would keep its report
    # from being stored; a large project's base scan outlasts the window.
    monkeypatch.setattr(scan_module, "RACY_SECONDS", 0.0)
    cache = repo.parent / "cache"
    monkeypatch.chdir(repo)
    common = ["--cache-dir", str(cache), "--format", "json", "--output", str(repo.parent / "r")]
    assert main([*common, "--quiet"]) in (0, 1)
    main([*common, "--quiet", "--changed-since", "HEAD~1"])
    capsys.readouterr()
    main([*common, "--quiet"])
    report = json.loads((repo.parent / "r").read_text(encoding="utf-8"))
    assert report["scan"]["reused_report"] is True
    assert {finding["call"] for finding in report["findings"]} == {"os.remove", "time.sleep"}


def test_changed_since_keeps_only_the_last_scans_data_to_the_exit(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the command (`cli.run`), what a scan loaded is kept to the exit; the working
    tree's scan is followed by the merge base's, so it frees its data first: two projects are
    never held at once."""
    (repo / "caller.py").write_text(CALLER, encoding="utf-8")
    _commit(repo, "change")
    retained: list[object] = []
    monkeypatch.setattr(cli_module, "_RETAINED", retained)
    try:
        status, _, err = _run(capsys, repo, monkeypatch, "--changed-since", "HEAD~1")
    finally:
        gc.unfreeze()
    assert status == 0, err
    projects = [item for item in retained if isinstance(item, Project)]
    assert len(projects) == 1
    assert projects[0].files[0].path.is_relative_to(repo) is False  # the merge base's checkout


def test_changed_since_unknown_revision_exits_2_naming_it(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, _, err = _run(capsys, repo, monkeypatch, "--changed-since", "origin/main")
    assert status == 2
    message = MERGE_BASE_NOT_A_COMMIT.format(rev="origin/main", root=repo.resolve())
    assert err == f"blocking-io: error: {message}\n"


def test_changed_since_shallow_clone_without_the_base_exits_2(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "more.py").write_text("X = 1\n", encoding="utf-8")
    _commit(repo, "more")
    base = _git(repo, "rev-parse", "HEAD~1").strip()
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    status, _, err = _run(capsys, shallow, monkeypatch, "--changed-since", base)
    assert status == 2
    assert MERGE_BASE_NOT_A_COMMIT.format(rev=base, root=shallow.resolve()) in err


def test_changed_since_outside_a_repository_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "plain"
    project.mkdir()
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    status, _, err = _run(capsys, project, monkeypatch, "--changed-since", "main")
    assert status == 2
    assert NOT_A_REPOSITORY.format(rev="main", root=project.resolve()) in err
