"""Data home location: the default beside `backend/`, and the `DEER_FLOW_HOME` override."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.config import BACKEND_DIR, REPO_ROOT, get_data_home
from tests.support.paths import BACKEND_DIR as BACKEND_DIR_OF_TESTS

_BACKEND = BACKEND_DIR_OF_TESTS


def test_backend_dir_points_at_the_backend_project() -> None:
    assert BACKEND_DIR.resolve() == _BACKEND
    assert REPO_ROOT.resolve() == _BACKEND.parent


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
