"""Isolate config tests from the developer's environment and any real `backend/config.yaml`."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.config import loader


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data home at a temp dir, clear `DEER_FLOW_CONFIG`, hide `backend/config.yaml`."""
    home = tmp_path / "home"
    monkeypatch.setenv("DEER_FLOW_HOME", str(home))
    monkeypatch.delenv("DEER_FLOW_CONFIG", raising=False)
    monkeypatch.setattr(loader, "DEFAULT_CONFIG_PATH", tmp_path / "absent" / "config.yaml")
    return home


@pytest.fixture
def write_config(tmp_path: Path):
    """Return a function writing YAML text to a config file and returning its path."""

    def write(text: str, name: str = "config.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
