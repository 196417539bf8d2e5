"""Backend and repository location (a walk up, no parent counting), and the data home."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.config import BACKEND_DIR, REPO_ROOT, get_data_home
from deerflow.config.paths import (
    HARNESS_DISTRIBUTION,
    BackendNotFoundError,
    find_backend_dir,
    find_repo_root,
)
from tests.support.paths import BACKEND_DIR as BACKEND_DIR_OF_TESTS

_BACKEND = BACKEND_DIR_OF_TESTS


def test_backend_dir_points_at_the_backend_project() -> None:
    assert BACKEND_DIR.resolve() == _BACKEND
    assert REPO_ROOT.resolve() == _BACKEND.parent


def _project(directory: Path, name: str, *dependencies: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    deps = ", ".join(f'"{dep}"' for dep in dependencies)
    text = f'[project]\nname = "{name}"\ndependencies = [{deps}]\n'
    (directory / "pyproject.toml").write_text(text, encoding="utf-8")
    return directory


def test_find_backend_dir_skips_the_harness_and_unrelated_projects(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    backend = _project(tmp_path / "svc", "svc", f"{HARNESS_DISTRIBUTION}>=0.1", "fastapi")
    harness = _project(backend / "libs" / "harness", HARNESS_DISTRIBUTION, "pyyaml")
    _project(harness / "deerflow", "unrelated", "httpx")
    start = harness / "deerflow" / "config"
    start.mkdir(parents=True)
    assert find_backend_dir(start) == backend.resolve()
    assert find_repo_root(backend) == tmp_path


def test_find_backend_dir_stops_at_the_repository_root(tmp_path: Path) -> None:
    _project(tmp_path, "outer", HARNESS_DISTRIBUTION)
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    start = _project(checkout / "harness", HARNESS_DISTRIBUTION)
    with pytest.raises(BackendNotFoundError) as excinfo:
        find_backend_dir(start)
    assert f"`{start}`" in str(excinfo.value)
    assert HARNESS_DISTRIBUTION in str(excinfo.value)


def test_find_repo_root_without_git_is_the_directory_holding_the_backend(tmp_path: Path) -> None:
    # The teeth check runs the anchors in a copy of backend/ that has no .git above it.
    backend = tmp_path / "export" / "backend"
    backend.mkdir(parents=True)
    assert find_repo_root(backend) == tmp_path / "export"


def test_get_data_home_defaults_to_repo_dot_deer_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEER_FLOW_HOME", raising=False)
    assert get_data_home().resolve() == _BACKEND.parent / ".deer-flow"


def test_get_data_home_empty_env_means_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEER_FLOW_HOME", "  ")
    assert get_data_home().resolve() == _BACKEND.parent / ".deer-flow"


def test_get_data_home_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEER_FLOW_HOME", str(tmp_path / "elsewhere"))
    assert get_data_home() == tmp_path / "elsewhere"


def test_get_data_home_relative_env_is_relative_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEER_FLOW_HOME", "rel/home")
    assert get_data_home() == tmp_path / "rel" / "home"


def test_get_data_home_does_not_create_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEER_FLOW_HOME", str(tmp_path / "missing"))
    get_data_home()
    assert not (tmp_path / "missing").exists()
