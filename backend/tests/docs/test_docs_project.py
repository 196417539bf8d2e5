"""The real docs project: conf.py settings and the docs CI workflow's triggers and permissions."""

from __future__ import annotations

import runpy
from importlib import metadata

import pytest
import yaml

from tests.support.paths import REPO_ROOT

DOCS_DIR = REPO_ROOT / "docs"
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "docs.yml"


@pytest.fixture(scope="module")
def conf() -> dict[str, object]:
    """Execute docs/conf.py and return its namespace."""
    return runpy.run_path(str(DOCS_DIR / "conf.py"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    """Load the docs workflow; PyYAML reads the `on:` key as the boolean True."""
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_conf_takes_release_from_installed_package(conf: dict[str, object]) -> None:
    assert conf["release"] == metadata.version("deer-flow-backend")


def test_conf_is_nitpicky_with_furo_myst_and_local_extension(conf: dict[str, object]) -> None:
    assert conf["nitpicky"] is True
    assert conf["html_theme"] == "furo"
    assert conf["extensions"] == ["myst_parser", "blocking_io_docs"]
    assert (DOCS_DIR / "_ext" / "blocking_io_docs" / "__init__.py").is_file()


def test_conf_paths_point_at_existing_backend_sources(conf: dict[str, object]) -> None:
    backend = (DOCS_DIR / str(conf["deerflow_backend_root"])).resolve()
    assert backend == REPO_ROOT / "backend"
    for name in (
        "deerflow_runtime_rules_file",
        "deerflow_static_primitives_file",
        "deerflow_static_rules_file",
    ):
        assert (backend / str(conf[name])).is_file(), name
    assert (backend / str(conf["deerflow_anchor_dir"])).is_dir()


def test_conf_static_path_exists(conf: dict[str, object]) -> None:
    for entry in conf["html_static_path"]:  # type: ignore[attr-defined]
        assert (DOCS_DIR / entry).is_dir(), entry


def test_docs_workflow_triggers_on_docs_anchor_and_detector_changes(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))
    paths = triggers["pull_request"]["paths"]
    for required in (
        "docs/**",
        "backend/tests/blocking_io/**",
        "backend/tests/support/detectors/**",
        ".github/workflows/docs.yml",
    ):
        assert required in paths, required


def test_docs_workflow_is_read_only_and_cancels_superseded_runs(workflow: dict) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True


def test_docs_workflow_sets_up_the_backend_and_runs_make_docs(workflow: dict) -> None:
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "") for step in steps]
    runs = [step.get("run", "") for step in steps]
    # The shared action installs Python, uv and the locked env (see tests/ci).
    assert "./.github/actions/setup-backend" in uses
    assert "make docs" in runs
