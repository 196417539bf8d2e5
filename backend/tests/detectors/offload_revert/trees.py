"""The project configuration that fake backend trees of the teeth-check tests carry."""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_project_config"]

# The same shape as backend/pyproject.toml: two packages under protection.
PROJECT_CONFIG = '[tool.blocking-io]\nroots = ["app", "packages/harness/deerflow"]\n'


def write_project_config(backend: Path) -> None:
    """Make `backend` a project whose packages are `app` and `deerflow`."""
    backend.mkdir(parents=True, exist_ok=True)
    (backend / "pyproject.toml").write_text(PROJECT_CONFIG, encoding="utf-8")
    for package in ("app", "packages/harness/deerflow"):
        (backend / package).mkdir(parents=True, exist_ok=True)
        (backend / package / "__init__.py").touch()
